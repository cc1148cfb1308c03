"""The command group: global options, Vietnamese help and usage, and one place where errors become messages.

Every command is a thin layer: it parses options, calls one library function and prints. Expected
failures are :class:`~nqreport.errors.NqError`: one Vietnamese line on stderr, exit 1 (a traceback only
with ``--debug``). Usage errors are click's, in Vietnamese through :mod:`nqreport.cli.i18n`, exit 2.
"""

from __future__ import annotations

import codecs
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from nqreport import __version__
from nqreport.cli.i18n import install_translations
from nqreport.cli.types import Folder
from nqreport.launch import STOPPED

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
OPTIONS_METAVAR = "[TÙY-CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [ĐỐI-SỐ]..."
INTERRUPTED = STOPPED


class _Command(click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Vietnamese for click's own words and on every console, before click reads the command line."""
        install_translations()
        _utf8_streams()
        return super().main(*args, **kwargs)


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
@click.version_option(__version__, "-V", "--version", message="nqreport %(version)s", help="Hiện phiên bản rồi thoát.")
@click.option("--debug", is_flag=True, help="Hiện chi tiết kỹ thuật (traceback) khi có lỗi.")
@click.option("-v", "--verbose", count=True, help="In thêm thông tin (có thể lặp: -vv).")
@click.option("-q", "--quiet", is_flag=True, help="Chỉ in lỗi.")
@click.pass_context
def main(ctx: click.Context, debug: bool, verbose: int, quiet: bool) -> None:
    """nqreport: lập báo cáo kết quả thực hiện Nghị quyết HĐND cấp xã từ sổ chỉ tiêu Excel.

    Quy trình: đọc sổ chỉ tiêu (inputs/) → kiểm tra → đánh giá từng chỉ tiêu → tổng hợp theo lĩnh vực,
    theo xã → điền mẫu Word (templates/) → ghi báo cáo vào outputs/.
    """
    import logging

    verbosity = -1 if quiet else verbose
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    ctx.obj = State(debug=debug, verbosity=verbosity)


workspace_option = click.option("-w", "--workspace", type=Folder(), default=Path(), metavar="THƯ-MỤC",
                                help="Thư mục làm việc (chứa nqreport.toml, inputs/, templates/); mặc định: thư mục hiện tại.")


#: --format's help where the text is a table to read.
FORMAT_HELP = "text: bảng để đọc; json: dữ liệu cho chương trình khác."


def format_option(help_text: str = FORMAT_HELP) -> Callable[[F], F]:
    """``--format text|json``: every command that can answer another program."""
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                        help=help_text)


def echo_json(document: Any) -> None:
    """A JSON answer on stdout, Vietnamese letters as they are."""
    import json

    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    import logging

    if value:
        state = ctx.find_object(State)
        if state is not None:
            state.verbosity = -1
            logging.getLogger().setLevel(logging.ERROR)


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: int) -> None:
    import logging

    state = ctx.find_object(State)
    if value and state is not None and state.verbosity >= 0:
        state.verbosity = max(state.verbosity, value)
        logging.getLogger().setLevel(logging.DEBUG if state.verbosity > 1 else logging.INFO)


def verbosity_options(func: F) -> F:
    """-q/-v after the command name too (``nqreport build -q``), not only before it."""
    func = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet,
                        help="Chỉ in lỗi.")(func)
    return click.option("-v", "--verbose", count=True, expose_value=False, callback=_set_verbose,
                        help="In thêm thông tin (có thể lặp: -vv).")(func)


def state() -> State:
    obj = click.get_current_context().find_object(State)
    return obj if obj is not None else State(debug=False, verbosity=0)


def handle_errors(func: F) -> F:
    """Turn expected errors into one Vietnamese line and exit 1; keep tracebacks for --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from nqreport.errors import NqError, os_reason  # loaded with the command, not with --help

        try:
            return func(*args, **kwargs)
        except NqError as exc:
            if state().debug:
                raise
            for problem in exc.problems:
                click.echo(problem.format(), err=True)
            click.echo(f"Lỗi: {exc.message}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo(INTERRUPTED, err=True)
            sys.exit(130)
        except OSError as exc:  # a file that vanished or turned unreadable while the command ran
            if state().debug:
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Lỗi: {where}{os_reason(exc)}", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug: one line, the traceback under --debug
            if state().debug:
                raise
            command = click.get_current_context().command_path.replace("nqreport", "nqreport --debug", 1)
            click.echo(f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Đây là lỗi của chương trình, không phải "
                       f"của dữ liệu; hãy chạy lại bằng {command} … rồi gửi toàn bộ thông báo cho người phát "
                       "triển", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


#: The widths click lays ``nqreport --help`` out in: the terminal's columns less 2, at least 50, at most
#: ``max_content_width`` less 2.
HELP_WIDTHS = range(50, CONTEXT_SETTINGS["max_content_width"] - 1)  # type: ignore[operator]


def help_pages() -> str:
    """``nqreport --help`` as click writes it at every width, for :mod:`nqreport.launch` to print without
    loading click (``data/help.txt``, written by ``tools/make_docs.py``; a test compares it with click's
    output). One block per run of widths with the same text: a line ``@@ <first> <last>``, then the text."""
    from click import formatting

    install_translations()
    blocks: list[tuple[int, int, str]] = []
    forced = formatting.FORCED_WIDTH
    try:
        for width in HELP_WIDTHS:
            formatting.FORCED_WIDTH = width
            with click.Context(main, info_name="nqreport", **CONTEXT_SETTINGS) as ctx:  # type: ignore[arg-type]
                text = main.get_help(ctx) + "\n"
            if blocks and blocks[-1][2] == text:
                blocks[-1] = (blocks[-1][0], width, text)
            else:
                blocks.append((width, width, text))
    finally:
        formatting.FORCED_WIDTH = forced
    return "".join(f"@@ {first} {last}\n{text}" for first, last, text in blocks)
