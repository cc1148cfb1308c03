"""The command line: parse options, call one library function, turn known errors into messages.

Every command is a thin layer: the work lives in the library so that it can be called from Python.
Expected failures are :class:`~nqreport.errors.NqError`: one Vietnamese line on stderr, exit 1
(a traceback only with ``--debug``). Usage errors exit 2 (click's convention).
"""

from __future__ import annotations

import codecs
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from nqreport import __version__
from nqreport.cli.click_text import (
    INTERRUPTED,
    OPTIONS_METAVAR,
    SUBCOMMAND_METAVAR,
    AnyPath,
    Choice,
    Folder,
    HelpMixin,
    Integer,
    NewFile,
    Option,
    error_lines,
)
from nqreport.errors import NqError, Problem, Severity, os_reason

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

def option(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """click.option with Vietnamese help extras ("[mặc định: …]", "[bắt buộc]")."""
    return click.option(*decls, cls=Option, **attrs)


workspace_option = option(
    "-w",
    "--workspace",
    type=Folder(),
    default=Path(),
    metavar="THƯ-MỤC",
    help="Thư mục làm việc (chứa nqreport.toml, inputs/, templates/); mặc định: thư mục hiện tại.",
)


HELP_TEXT = "Hiện hướng dẫn này rồi thoát."


class _VietnameseHelp(HelpMixin):
    """The help option and the usage line of every command in Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option: click.Option | None = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class _Command(_VietnameseHelp, click.Command):
    pass


class _Group(_VietnameseHelp, click.Group):
    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's usage errors in Vietnamese: click prints its own in English in standalone mode, so
        the command runs in non-standalone mode and its errors are shown here."""
        _utf8_streams()
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.ClickException as exc:
            for line in error_lines(exc):
                click.echo(line, err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo(INTERRUPTED, err=True)
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else 0)


def _utf8_streams() -> None:
    """Vietnamese on any terminal or file: on Windows, output redirected to a file (``nqreport validate >
    loi.txt``) is in the ANSI code page, which has no "ệ", and the first message crashed the run. UTF-8
    is what Notepad and Word open."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and codecs.lookup(encoding).name != "utf-8":
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):  # a stream already written to in another encoding
                reconfigure(errors="replace")


class State:
    def __init__(self, debug: bool, verbosity: int) -> None:
        self.debug = debug
        self.verbosity = verbosity


@click.group(cls=_Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(
    __version__, "-V", "--version", message="nqreport %(version)s", help="Hiện phiên bản rồi thoát."
)
@option("--debug", is_flag=True, help="Hiện chi tiết kỹ thuật (traceback) khi có lỗi.")
@option("-v", "--verbose", count=True, help="In thêm thông tin (có thể lặp: -vv).")
@option("-q", "--quiet", is_flag=True, help="Chỉ in lỗi.")
@click.pass_context
def main(ctx: click.Context, debug: bool, verbose: int, quiet: bool) -> None:
    """nqreport: lập báo cáo kết quả thực hiện Nghị quyết HĐND cấp xã từ sổ chỉ tiêu Excel.

    Quy trình: đọc sổ chỉ tiêu (inputs/) → kiểm tra → đánh giá từng chỉ tiêu → tổng hợp theo lĩnh vực,
    theo xã → điền mẫu Word (templates/) → ghi báo cáo vào outputs/.
    """
    verbosity = -1 if quiet else verbose
    level = (
        logging.ERROR
        if quiet
        else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    )
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    ctx.obj = State(debug=debug, verbosity=verbosity)


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        state = ctx.find_object(State)
        if state is not None:
            state.verbosity = -1
            logging.getLogger().setLevel(logging.ERROR)


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: int) -> None:
    state = ctx.find_object(State)
    if value and state is not None and state.verbosity >= 0:
        state.verbosity = max(state.verbosity, value)
        logging.getLogger().setLevel(logging.DEBUG if state.verbosity > 1 else logging.INFO)


def verbosity_options(func: F) -> F:
    """-q/-v after the command name too (``nqreport build -q``), not only before it."""
    func = option(
        "-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet, help="Chỉ in lỗi."
    )(func)
    return option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_set_verbose,
        help="In thêm thông tin (có thể lặp: -vv).",
    )(func)


def _state() -> State:
    obj = click.get_current_context().find_object(State)
    return obj if obj is not None else State(debug=False, verbosity=0)


def handle_errors(func: F) -> F:
    """Turn expected errors into one Vietnamese line and exit 1; keep tracebacks for --debug."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NqError as exc:
            if _state().debug:
                raise
            for problem in exc.problems:
                click.echo(problem.format(), err=True)
            click.echo(f"Lỗi: {exc.message}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo(INTERRUPTED, err=True)
            sys.exit(130)
        except OSError as exc:  # a file that vanished or turned unreadable while the command ran
            if _state().debug:
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Lỗi: {where}{os_reason(exc)}", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug: one line, the traceback under --debug
            if _state().debug:
                raise
            command = click.get_current_context().command_path.replace("nqreport", "nqreport --debug", 1)
            click.echo(f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Đây là lỗi của chương trình, không phải "
                       f"của dữ liệu; hãy chạy lại bằng {command} … rồi gửi toàn bộ thông báo cho người phát "
                       "triển", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def print_problems(problems: Sequence[Problem], *, strict: bool = False) -> None:
    """Problems grouped by file, errors first within each file, as ``file › sheet › cell: …``.

    With -q only what fails the run is printed (errors, and warnings under --strict).
    """
    if _state().verbosity < 0 and not strict:
        problems = [p for p in problems if p.is_error]
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    for file, items in by_file.items():
        errors = sum(p.is_error for p in items)
        warnings = len(items) - errors
        parts = [f"{errors} lỗi"] if errors else []
        if warnings:
            parts.append(f"{warnings} cảnh báo" + (" tính là lỗi vì --strict" if strict else ""))
        click.echo(f"{file} ({', '.join(parts)}):", err=True)
        for problem in sorted(
            items, key=lambda p: (p.severity is not Severity.ERROR, p.sheet, _cell_order(p.cell))
        ):
            click.echo(f"  {problem.format()}", err=True)


def _cell_order(cell: str) -> tuple[int, str]:
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits) if digits else 0, cell)


def _load(workspace: Path) -> tuple[Any, Any]:
    from nqreport.config.catalog import load_catalog
    from nqreport.config.settings import load_settings

    settings = load_settings(workspace)
    return settings, load_catalog(settings.catalog_path)


def _paths(settings: Any, paths: Sequence[Path]) -> list[Path]:
    from nqreport.config.workspace import find_workbooks, workspace_workbooks

    if not paths:
        return workspace_workbooks(settings)
    found = find_workbooks(paths)
    if not found:
        where = ", ".join(str(p) for p in paths) if paths else str(settings.inputs_path)
        from nqreport.errors import ConfigError

        raise ConfigError(
            f"{where}: không có sổ chỉ tiêu nào (.xlsx, .xls, .ods); hãy chép sổ vào thư mục "
            "inputs/ hoặc tạo sổ mới bằng: nqreport blank"
        )
    return found


# --------------------------------------------------------------------------- validate


@main.command()
@click.argument("paths", nargs=-1, type=AnyPath(), metavar="[TỆP]...")
@workspace_option
@option("--strict", is_flag=True, help="Coi cảnh báo là lỗi (thoát với mã 1).")
@verbosity_options
@handle_errors
def validate(paths: tuple[Path, ...], workspace: Path, strict: bool) -> None:
    """Kiểm tra sổ chỉ tiêu: liệt kê mọi lỗi của mọi tệp trong một lần chạy.

    Không ghi TỆP thì kiểm tra mọi sổ trong inputs/ của thư mục làm việc. Mã thoát: 0 khi không có lỗi
    (cảnh báo không tính, trừ khi có --strict), 1 khi có lỗi, 2 khi gọi lệnh sai.
    """
    from nqreport.config.workspace import skipped_spreadsheets
    from nqreport.validate import validate_workbooks

    settings, catalog = _load(workspace)
    files = _paths(settings, paths)
    results = validate_workbooks(files, catalog, root=workspace, year=settings.year)
    problems = [p for r in results for p in r.problems]
    problems += skipped_spreadsheets(list(paths) or [settings.inputs_path], workspace)
    print_problems(problems, strict=strict)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (strict and warnings > 0)
    verdict = "KHÔNG ĐẠT" if failed else "ĐẠT"
    if _state().verbosity >= 0 or failed:
        click.echo(
            f"Đã kiểm tra {len(results)} sổ chỉ tiêu: {errors} lỗi, {warnings} cảnh báo. Kết quả: {verdict}.",
            err=failed,
        )
    sys.exit(1 if failed else 0)


# --------------------------------------------------------------------------- summary


@main.command()
@click.argument("paths", nargs=-1, type=AnyPath(), metavar="[TỆP]...")
@workspace_option
@option(
    "--format",
    "fmt",
    type=Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: bảng để đọc; json: dữ liệu cho chương trình khác.",
)
@option("--period", default=None, metavar="KỲ", help="Kỳ báo cáo (mặc định: theo nqreport.toml hoặc sổ chỉ tiêu).")
@option("--color/--no-color", default=None, help="Tô màu bảng (mặc định: khi in ra màn hình).")
@verbosity_options
@handle_errors
def summary(
    paths: tuple[Path, ...], workspace: Path, fmt: str, period: str | None, color: bool | None
) -> None:
    """Tóm tắt những gì đọc được và kết quả đánh giá, theo xã và lĩnh vực."""
    from nqreport.cli.summary_text import summary_text
    from nqreport.config.settings import period_option
    from nqreport.summary import summary_json
    from nqreport.validate import validate_workbooks

    settings, catalog = _load(workspace)
    chosen = period_option(period) if period else settings.period
    results = validate_workbooks(_paths(settings, paths), catalog, root=workspace, year=settings.year)
    if fmt == "json":
        doc = summary_json(results, catalog, settings, period=chosen)
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        # stdout is for the program reading the JSON; the person running the command still needs to see
        # why it exits 1 (the warnings are in the JSON, and in nqreport validate).
        print_problems([p for r in results for p in r.problems if p.is_error])
    else:
        use_color = sys.stdout.isatty() if color is None else color
        click.echo(summary_text(results, catalog, settings, period=chosen, color=use_color), color=use_color)
    sys.exit(1 if any(p.is_error for r in results for p in r.problems) else 0)


# --------------------------------------------------------------------------- blank


@main.command()
@click.argument("output", type=NewFile(), metavar="TỆP.xlsx")
@option("--code", "code", required=True, metavar="MÃ", help="Mã xã, 5 chữ số (ví dụ 06004).")
@option("--name", "name", required=True, metavar="TÊN", help='Tên xã, không kèm chữ "xã" (ví dụ: Quốc Khánh).')
@option("--unit-type", default="Xã", show_default=True, metavar="CẤP", help="Xã, Phường hoặc Đặc khu.")
@option("--province", default="", metavar="TỈNH", help="Tên tỉnh (ví dụ: Lạng Sơn).")
@option("--year", type=Integer(), default=None, metavar="NĂM", help="Năm kế hoạch.")
@option(
    "--catalog/--no-catalog",
    "with_catalog",
    default=False,
    help="Điền sẵn các chỉ tiêu của danh mục chỉ tiêu.",
)
@option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
@workspace_option
@verbosity_options
@handle_errors
def blank(
    output: Path,
    code: str,
    name: str,
    unit_type: str,
    province: str,
    year: int | None,
    with_catalog: bool,
    force: bool,
    workspace: Path,
) -> None:
    """Tạo sổ chỉ tiêu trống theo mẫu chuẩn cho một xã (danh sách chọn, hướng dẫn)."""
    from nqreport.scaffold.blank import BlankSpec, write_blank

    settings, catalog = _load(workspace)
    spec = BlankSpec(
        code=code,
        name=name,
        unit_type=unit_type,
        province=province,
        year=year or settings.year,
        catalog=catalog if with_catalog else None,
    )
    write_blank(output, spec, overwrite=force)
    if _state().verbosity >= 0:
        click.echo(f"Đã tạo sổ chỉ tiêu {output}.")


# --------------------------------------------------------------------------- init


@main.command()
@click.argument("directory", type=Folder(), default=Path(), metavar="[THƯ-MỤC]")
@option("--example", is_flag=True, help="Chép thêm hai sổ chỉ tiêu mẫu (xã Quốc Khánh, xã Bằng Mạc).")
@verbosity_options
@handle_errors
def init(directory: Path, example: bool) -> None:
    """Tạo thư mục làm việc mới: nqreport.toml, inputs/, templates/ (mẫu mặc định), outputs/."""
    from nqreport.scaffold.init import init_workspace

    created = init_workspace(directory, example=example)
    if _state().verbosity >= 0:
        click.echo(
            f"Đã tạo thư mục làm việc {directory} ({len(created)} tệp). Tiếp theo: "
            f"chép sổ chỉ tiêu vào {directory / 'inputs'} rồi chạy: nqreport build -w {directory}"
        )


# --------------------------------------------------------------------------- context


@main.command()
@option(
    "--format",
    "fmt",
    type=Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="text: để đọc trên màn hình; markdown: để đưa vào tài liệu.",
)
def context(fmt: str) -> None:
    """Liệt kê các biến dùng được trong mẫu Word, kèm mô tả và ví dụ."""
    from nqreport.render.contract import contract_markdown, contract_text

    click.echo(contract_markdown() if fmt == "markdown" else contract_text())


# --------------------------------------------------------------------------- check


@main.command()
@click.argument("templates", nargs=-1, type=AnyPath(), metavar="[MẪU]...")
@workspace_option
@option(
    "--scope",
    type=Choice(["xa", "tong_hop"]),
    default=None,
    help="Loại mẫu: xa (báo cáo, phụ lục của một xã) hoặc tong_hop (báo cáo tổng hợp). Mặc định: theo "
    "nqreport.toml, hoặc tự nhận ra.",
)
@option("--fix", is_flag=True, help="Ghi bản đã sửa <tên>.sua.docx bên cạnh mẫu (không bao giờ ghi đè mẫu).")
@option("--force", is_flag=True, help="Cho --fix ghi đè bản .sua.docx đã có.")
@option("--strict", is_flag=True, help="Coi cảnh báo là lỗi (thoát với mã 1).")
@handle_errors
def check(
    templates: tuple[Path, ...], workspace: Path, scope: str | None, fix: bool, force: bool, strict: bool
) -> None:
    """Kiểm tra mẫu Word: liệt kê mọi lỗi của mọi mẫu trong một lần chạy, kèm chỗ và cách sửa.

    Không ghi MẪU thì kiểm tra ba mẫu ghi trong nqreport.toml. Kiểm tra thẻ Jinja (cú pháp, khối
    for/if, tên biến, bộ lọc, thẻ bị Word tách, dấu nháy cong) và thể thức theo Nghị định 30/2020/NĐ-CP
    (cảnh báo). Mã thoát: 0 khi không có lỗi (cảnh báo không tính, trừ khi có --strict), 1 khi có lỗi.
    """
    from nqreport.config.settings import load_settings
    from nqreport.templates.check import check_templates, fix_lines, fix_templates, report_lines, verdict

    settings = load_settings(workspace)
    results = check_templates(list(templates), settings, scope=scope)
    for line in report_lines(results, strict=strict):
        click.echo(line, err=True)
    if fix:
        for line in fix_lines(fix_templates(results, settings, force=force)):
            click.echo(line, err=True)
    failed, closing = verdict(results, strict=strict)
    if _state().verbosity >= 0 or failed:
        click.echo(closing, err=failed)
    sys.exit(1 if failed else 0)


# --------------------------------------------------------------------------- build


@main.command()
@workspace_option
@option("--period", default=None, metavar="KỲ", help="Kỳ báo cáo: Năm, 9 tháng, 6 tháng, Quý I…IV, Tháng 1…12.")
@option("--only", multiple=True, metavar="XÃ", help="Chỉ lập cho xã này (mã hoặc tên); lặp lại để chọn nhiều xã.")
@option(
    "-j",
    "--jobs",
    type=Integer(minimum=1),
    metavar="SỐ",
    default=None,
    help="Số tiến trình song song (mặc định: số lõi CPU).",
)
@option("--pdf", is_flag=True, help="Xuất thêm bản PDF (cần LibreOffice).")
@option("--strict", is_flag=True, help="Coi cảnh báo là lỗi.")
@verbosity_options
@handle_errors
def build(
    workspace: Path, period: str | None, only: tuple[str, ...], jobs: int | None, pdf: bool, strict: bool
) -> None:
    """Lập báo cáo: đọc, đánh giá, tổng hợp và ghi mọi báo cáo vào outputs/."""
    from nqreport.build import BuildOptions
    from nqreport.build import build as run_build
    from nqreport.config.settings import load_settings, period_option

    settings = load_settings(workspace)
    state = _state()
    options = BuildOptions(
        period=period_option(period) if period else None,
        only=only,
        jobs=jobs,
        pdf=pdf,
        strict=strict,
        progress=state.verbosity >= 0,
    )
    result = run_build(
        settings, options, log=(lambda line: click.echo(line, err=True)) if state.verbosity >= 0 else None
    )
    print_problems(result.problems, strict=strict)
    if state.verbosity >= 0 or result.exit_code != 0:
        click.echo(result.closing_line(), err=result.exit_code != 0)
    sys.exit(result.exit_code)
