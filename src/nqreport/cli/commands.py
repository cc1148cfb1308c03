"""The commands: each parses its options, calls one library function and prints what it returns."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nqreport.cli.app import (
    echo_json,
    format_option,
    handle_errors,
    main,
    state,
    verbosity_options,
    workspace_option,
)
from nqreport.cli.output import ProgressBar, changes_lines, closing_line, print_problems, timings_line
from nqreport.cli.types import AnyPath, Folder, Integer, NewFile, PeriodType

if TYPE_CHECKING:
    from nqreport.config.settings import Settings
    from nqreport.schema import Period


def _load(workspace: Path) -> tuple[Any, Any]:
    from nqreport.config.catalog import load_catalog

    settings = workspace_settings(workspace)
    return settings, load_catalog(settings.catalog_path)


def _paths(settings: Any, paths: Sequence[Path]) -> list[Path]:
    from nqreport.config.workspace import find_workbooks, workspace_workbooks

    if not paths:
        return workspace_workbooks(settings)
    found = find_workbooks(paths)
    if not found:
        where = ", ".join(str(p) for p in paths) if paths else str(settings.inputs_path)
        from nqreport.errors import ConfigError

        raise ConfigError(f"{where}: không có sổ chỉ tiêu nào (.xlsx, .xls, .ods); hãy chép sổ vào thư mục "
                          "inputs/ hoặc tạo sổ mới bằng: nqreport blank")
    return found


# --------------------------------------------------------------------------- validate


def workspace_settings(workspace: Path) -> Settings:
    """The workspace's settings, once outputs/ is whole: a build killed while it moved its files into
    outputs/ is finished first (its journal says how), so every command sees one whole build."""
    from nqreport.config.settings import load_settings
    from nqreport.write.files import recover_outputs

    settings = load_settings(workspace)
    if settings.outputs_path.is_dir() and recover_outputs(settings.outputs_path):
        click.echo("Đã hoàn tất lần lập báo cáo trước bị ngắt giữa chừng: outputs/ là bản mới, đầy đủ.", err=True)
    return settings


@main.command()
@click.argument("paths", nargs=-1, type=AnyPath(), metavar="[TỆP]...")
@workspace_option
@click.option("--strict", is_flag=True, help="Coi cảnh báo là lỗi (thoát với mã 1).")
@verbosity_options
@handle_errors
def validate(paths: tuple[Path, ...], workspace: Path, strict: bool) -> None:
    """Kiểm tra sổ chỉ tiêu: liệt kê mọi lỗi của mọi tệp trong một lần chạy.

    Không ghi TỆP thì kiểm tra mọi sổ trong inputs/ của thư mục làm việc. Mã thoát: 0 khi không có lỗi
    (cảnh báo không tính, trừ khi có --strict), 1 khi có lỗi, 2 khi gọi lệnh sai.
    """
    from nqreport.config.expected import expectation
    from nqreport.config.workspace import skipped_spreadsheets
    from nqreport.validate import validate_workbooks

    settings, catalog = _load(workspace)
    files = _paths(settings, paths)
    results = validate_workbooks(files, catalog, root=workspace, year=settings.year, expect=expectation(settings))
    problems = [p for r in results for p in r.problems]
    problems += skipped_spreadsheets(list(paths) or [settings.inputs_path], workspace)
    print_problems(problems, strict=strict, quiet=state().verbosity < 0)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (strict and warnings > 0)
    verdict = "KHÔNG ĐẠT" if failed else "ĐẠT"
    if state().verbosity >= 0 or failed:
        click.echo(f"Đã kiểm tra {len(results)} sổ chỉ tiêu: {errors} lỗi, {warnings} cảnh báo. Kết quả: {verdict}.",
                   err=failed)
    sys.exit(1 if failed else 0)


# --------------------------------------------------------------------------- summary


@main.command()
@click.argument("paths", nargs=-1, type=AnyPath(), metavar="[TỆP]...")
@workspace_option
@format_option()
@click.option("--period", type=PeriodType(), default=None, metavar="KỲ",
              help="Kỳ báo cáo (mặc định: theo nqreport.toml hoặc sổ chỉ tiêu).")
@click.option("--color/--no-color", default=None, help="Tô màu bảng (mặc định: khi in ra màn hình).")
@verbosity_options
@handle_errors
def summary(
    paths: tuple[Path, ...], workspace: Path, fmt: str, period: Period | None, color: bool | None
) -> None:
    """Tóm tắt những gì đọc được và kết quả đánh giá, theo xã và lĩnh vực."""
    from nqreport.cli.summary_text import summary_text
    from nqreport.config.expected import expectation
    from nqreport.summary import summary_json
    from nqreport.validate import validate_workbooks

    settings, catalog = _load(workspace)
    chosen = period or settings.period
    results = validate_workbooks(_paths(settings, paths), catalog, root=workspace, year=settings.year,
                                 expect=expectation(settings))
    if fmt == "json":
        echo_json(summary_json(results, catalog, settings, period=chosen))
        # stdout is for the program reading the JSON; the person running the command still needs to see
        # why it exits 1 (the warnings are in the JSON, and in nqreport validate).
        print_problems([p for r in results for p in r.problems if p.is_error], quiet=state().verbosity < 0)
    else:
        use_color = sys.stdout.isatty() if color is None else color
        click.echo(summary_text(results, catalog, settings, period=chosen, color=use_color), color=use_color)
    sys.exit(1 if any(p.is_error for r in results for p in r.problems) else 0)


# --------------------------------------------------------------------------- blank


@main.command()
@click.argument("output", type=NewFile(), metavar="TỆP.xlsx")
@click.option("--code", "code", required=True, metavar="MÃ", help="Mã xã, 5 chữ số (ví dụ 06004).")
@click.option("--name", "name", required=True, metavar="TÊN", help='Tên xã, không kèm chữ "xã" (ví dụ: Quốc Khánh).')
@click.option("--unit-type", default="Xã", show_default=True, metavar="CẤP", help="Xã, Phường hoặc Đặc khu.")
@click.option("--province", default="", metavar="TỈNH", help="Tên tỉnh (ví dụ: Lạng Sơn).")
@click.option("--year", type=Integer(), default=None, metavar="NĂM", help="Năm kế hoạch.")
@click.option(
    "--catalog/--no-catalog",
    "with_catalog",
    default=False,
    help="Điền sẵn các chỉ tiêu của danh mục chỉ tiêu.",
)
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
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
    spec = BlankSpec(code=code, name=name, unit_type=unit_type, province=province, year=year or settings.year,
                     catalog=catalog if with_catalog else None)
    write_blank(output, spec, overwrite=force)
    if state().verbosity >= 0:
        click.echo(f"Đã tạo sổ chỉ tiêu {output}.")


# --------------------------------------------------------------------------- extract


@main.command()
@click.argument("resolution", type=AnyPath(), metavar="NGHỊ-QUYẾT")
@click.option("-o", "--output", type=NewFile(), default=None, metavar="SỔ.xlsx",
              help="Sổ chỉ tiêu cần tạo (mặc định: <mã xã>-<tên xã>.xlsx trong inputs/ của thư mục làm việc, "
                   "không có inputs/ thì trong thư mục làm việc).")
@format_option("text: bảng để kiểm tra, và ghi sổ; json: dữ liệu cho chương trình khác (chỉ ghi sổ khi có -o).")
@click.option("--code", default=None, metavar="MÃ",
              help="Mã xã 5 chữ số, khi Nghị quyết không đủ để tìm (không ghi tỉnh, tên trùng).")
@click.option("--period", type=PeriodType(), default=None, metavar="KỲ",
              help="Kỳ báo cáo ghi vào sổ (mặc định: theo nqreport.toml, không có thì Năm).")
@click.option("--signer", default=None, metavar="HỌ-TÊN", help="Họ tên người ký báo cáo của UBND xã.")
@click.option("--force", is_flag=True, help="Ghi đè nếu sổ đã có.")
@workspace_option
@verbosity_options
@handle_errors
def extract(resolution: Path, output: Path | None, fmt: str, code: str | None, period: Period | None,
            signer: str | None, force: bool, workspace: Path) -> None:
    """Đọc Nghị quyết HĐND xã (.docx, .pdf, .txt; .doc, .odt khi có LibreOffice) và ghi các chỉ tiêu thành
    sổ chỉ tiêu chuẩn, để cán bộ kiểm tra rồi điền kết quả.

    In bảng những gì đã đọc; dòng nào chưa chắc có dấu ! kèm lý do (trong sổ: tô vàng, lý do ở ghi chú của ô).
    Không bao giờ ghi đè sổ đã có, trừ khi có --force.
    """
    from nqreport.cli.extract_text import closing_line, extraction_lines
    from nqreport.extract import extract as read_resolution
    from nqreport.extract.jsonview import extraction_json
    from nqreport.extract.workbook import WorkbookOptions, write_workbook

    settings = workspace_settings(workspace)
    result = read_resolution(resolution)
    written = None
    if fmt == "text" or output is not None:
        options = WorkbookOptions(code=code, period=period or settings.period or Period.YEAR, signer=signer)
        folder = settings.inputs_path if settings.inputs_path.is_dir() else workspace
        written = write_workbook(result, options, path=output, folder=folder, overwrite=force)
    if fmt == "json":
        echo_json(extraction_json(result))
    elif state().verbosity >= 0:
        for line in extraction_lines(result):
            click.echo(line)
    print_problems(result.problems, quiet=state().verbosity < 0)
    if written is not None and state().verbosity >= 0:
        click.echo(closing_line(written), err=fmt == "json")


# --------------------------------------------------------------------------- init


@main.command()
@click.argument("directory", type=Folder(), default=Path(), metavar="[THƯ-MỤC]")
@click.option("--example", is_flag=True, help="Chép thêm hai sổ chỉ tiêu mẫu (xã Quốc Khánh, xã Bằng Mạc).")
@verbosity_options
@handle_errors
def init(directory: Path, example: bool) -> None:
    """Tạo thư mục làm việc mới: nqreport.toml, inputs/, templates/ (mẫu mặc định), outputs/."""
    from nqreport.scaffold.init import init_workspace

    created = init_workspace(directory, example=example)
    if state().verbosity >= 0:
        click.echo(f"Đã tạo thư mục làm việc {directory} ({len(created)} tệp). Tiếp theo: "
                   f"chép sổ chỉ tiêu vào {directory / 'inputs'} rồi chạy: nqreport build -w {directory}")


# --------------------------------------------------------------------------- context


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
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
@click.option(
    "--scope",
    type=click.Choice(["xa", "tong_hop"]),
    default=None,
    help="Loại mẫu: xa (báo cáo, phụ lục của một xã) hoặc tong_hop (báo cáo tổng hợp). Mặc định: theo "
    "nqreport.toml, hoặc tự nhận ra.",
)
@click.option("--fix", is_flag=True, help="Ghi bản đã sửa <tên>.sua.docx bên cạnh mẫu (không bao giờ ghi đè mẫu).")
@click.option("--force", is_flag=True, help="Cho --fix ghi đè bản .sua.docx đã có.")
@click.option("--strict", is_flag=True, help="Coi cảnh báo là lỗi (thoát với mã 1).")
@handle_errors
def check(
    templates: tuple[Path, ...], workspace: Path, scope: str | None, fix: bool, force: bool, strict: bool
) -> None:
    """Kiểm tra mẫu Word: liệt kê mọi lỗi của mọi mẫu trong một lần chạy, kèm chỗ và cách sửa.

    Không ghi MẪU thì kiểm tra ba mẫu ghi trong nqreport.toml. Kiểm tra thẻ Jinja (cú pháp, khối
    for/if, tên biến, bộ lọc, thẻ bị Word tách, dấu nháy cong) và thể thức theo Nghị định 30/2020/NĐ-CP
    (cảnh báo). Mã thoát: 0 khi không có lỗi (cảnh báo không tính, trừ khi có --strict), 1 khi có lỗi.
    """
    from dataclasses import replace

    from nqreport.templates.check import check_templates, fix_lines, fix_templates, report_lines, verdict
    from nqreport.trial import tried

    settings = workspace_settings(workspace)
    # the tags read, then each template rendered once on the example communes, under the build's limits
    results = [tried(r, settings) for r in check_templates(list(templates), settings, scope=scope)]
    for line in report_lines(results, strict=strict):
        click.echo(line, err=True)
    if fix:
        fixed = [replace(o, recheck=tried(o.recheck, settings)) if o.recheck is not None else o
                 for o in fix_templates(results, settings, force=force)]
        for line in fix_lines(fixed):
            click.echo(line, err=True)
    failed, closing = verdict(results, strict=strict)
    if state().verbosity >= 0 or failed:
        click.echo(closing, err=failed)
    sys.exit(1 if failed else 0)


# --------------------------------------------------------------------------- build


@main.command()
@workspace_option
@click.option("--period", type=PeriodType(), default=None, metavar="KỲ",
              help="Kỳ báo cáo: Năm, 9 tháng, 6 tháng, Quý I…IV, Tháng 1…12.")
@click.option("--only", multiple=True, metavar="XÃ", help="Chỉ lập cho xã này (mã hoặc tên); lặp lại để chọn nhiều xã.")
@click.option(
    "-j",
    "--jobs",
    type=Integer(minimum=1),
    metavar="SỐ",
    default=None,
    help="Số tiến trình song song (mặc định: số lõi CPU).",
)
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF (cần LibreOffice).")
@click.option("--strict", is_flag=True, help="Coi cảnh báo là lỗi.")
@click.option("--review", is_flag=True,
              help="Ghi thêm bản kiểm tra của mỗi báo cáo (….kiem-tra.docx): mỗi con số có ghi chú nêu ô nguồn.")
@verbosity_options
@handle_errors
def build(
    workspace: Path, period: Period | None, only: tuple[str, ...], jobs: int | None, pdf: bool, strict: bool,
    review: bool,
) -> None:
    """Lập báo cáo: đọc, đánh giá, tổng hợp và ghi mọi báo cáo vào outputs/."""
    from nqreport.build import BuildOptions
    from nqreport.build import build as run_build

    settings = workspace_settings(workspace)
    shown = state()
    options = BuildOptions(period=period, only=only, jobs=jobs, pdf=pdf, strict=strict, review=review)
    talk = shown.verbosity >= 0
    bar = ProgressBar()
    try:
        result = run_build(settings, options, log=(lambda line: click.echo(line, err=True)) if talk else None,
                           progress=bar if talk else None)
    finally:
        bar.close()
    # From here the build is done and in outputs/: Ctrl+C only cuts the printing short, and says so.
    try:
        if result.stopped:
            click.echo(STOPPED_AFTER_COMMIT, err=True)
        print_problems(result.problems, strict=strict, quiet=not talk)
        if shown.verbosity > 1:
            click.echo(timings_line(result), err=True)
        if talk:
            for line in changes_lines(result):
                click.echo(line)
        if talk or result.exit_code != 0:
            click.echo(closing_line(result), err=result.exit_code != 0)
    except KeyboardInterrupt:
        click.echo(STOPPED_AFTER_COMMIT, err=True)
    sys.exit(result.exit_code)


#: Ctrl+C once the build was in outputs/.
STOPPED_AFTER_COMMIT = ("Đã nhận lệnh dừng khi báo cáo đã lập xong: outputs/ đã có đủ báo cáo mới và manifest.json; "
                        "không cần chạy lại.")


# --------------------------------------------------------------------------- collect


@main.command()
@click.argument("sources", nargs=-1, required=True, type=AnyPath(), metavar="NGUỒN...")
@workspace_option
@format_option("text: để đọc; json: dữ liệu cho chương trình khác.")
@verbosity_options
@handle_errors
def collect(sources: tuple[Path, ...], workspace: Path, fmt: str) -> None:
    """Nhận sổ chỉ tiêu các xã gửi về vào inputs/: mỗi xã một sổ, bản mới nhất.

    NGUỒN là tệp, thư mục (đọc cả thư mục con) hoặc tệp nén .zip tệp đính kèm. Mỗi sổ được nhận ra theo mã
    xã (không có mã thì theo tên và tỉnh, nếu chỉ có một xã như vậy) rồi chép vào inputs/ với tên
    MÃ-tên-xã.xlsx; sổ cũ hơn được thay và lưu vào luu-tru/, kèm một dòng trong luu-tru/nhat-ky.csv. Tệp
    nguồn không bao giờ bị sửa. Chạy lại với cùng nguồn không thay đổi gì.
    """
    from nqreport.cli.board_text import collect_closing, collect_json, collect_lines
    from nqreport.collect import collect as run_collect

    result = run_collect(workspace_settings(workspace), list(sources))
    shown = state().verbosity
    if fmt == "json":
        echo_json(collect_json(result))
        return
    if shown >= 0:
        for line in collect_lines(result, verbose=shown > 0):
            click.echo(line)
    click.echo(collect_closing(result))


# --------------------------------------------------------------------------- status


@main.command()
@workspace_option
@format_option()
@verbosity_options
@handle_errors
def status(workspace: Path, fmt: str) -> None:
    """Tình hình nộp sổ: xã nào đã nộp (lúc nào, sổ có lỗi không), xã nào còn thiếu.

    Các xã phải nộp ghi trong nqreport.toml: province (cả tỉnh) hoặc communes (tệp danh sách xã). Mã thoát
    0 khi liệt kê được (kể cả khi còn xã chưa nộp), 1 khi không đọc được thư mục làm việc.
    """
    import time

    from nqreport.cli.board_text import status_closing, status_text
    from nqreport.collect.status import workspace_board

    started = time.perf_counter()
    board = workspace_board(workspace_settings(workspace))
    if fmt == "json":
        echo_json(board.to_json())
        return
    click.echo(status_text(board))
    if state().verbosity >= 0:
        click.echo(status_closing(board, time.perf_counter() - started))
