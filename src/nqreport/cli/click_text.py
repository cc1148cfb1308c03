"""Click's own words in Vietnamese: usage errors, help headings and the parameter types' complaints.

Click writes its usage errors and help in English ("Error: No such option '--bogus'.", "Usage:",
"[default: .]", "Directory 'x' is a file."). The people who run nqreport read Vietnamese only, so
the command line uses parameter types that complain in Vietnamese, help sections with Vietnamese
headings, and turns every usage error click raises into one Vietnamese line that names the option
and says what to type, followed by where to find the help. Exit code 2 stays (click's convention).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchOption, UsageError

USAGE_PREFIX = "Cách dùng: "
OPTIONS_METAVAR = "[TÙY-CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [ĐỐI-SỐ]..."
SECTION_OPTIONS = "Tùy chọn"
SECTION_COMMANDS = "Lệnh"
INTERRUPTED = "Đã dừng theo yêu cầu."


# --------------------------------------------------------------------------- parameter types


class Choice(click.Choice):  # type: ignore[type-arg]
    """One of a few words; a wrong one is named with the list of right ones."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.choices:
            return value
        choices = ", ".join(str(c) for c in self.choices)
        self.fail(f'"{value}" không hợp lệ; hãy dùng một trong: {choices}', param, ctx)
        return None  # not reached: fail() raises


class Integer(click.ParamType):  # type: ignore[type-arg]
    """A whole number, at least ``minimum`` when given."""

    name = "số"

    def __init__(self, minimum: int | None = None) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(f'"{value}" không phải số nguyên; hãy ghi một số, ví dụ 2', param, ctx)
        if self.minimum is not None and number < self.minimum:
            self.fail(f"{number} nhỏ hơn {self.minimum}; hãy ghi số từ {self.minimum} trở lên", param, ctx)
        return number


class Folder(click.ParamType):  # type: ignore[type-arg]
    """A folder that may not exist yet; an existing file is refused (a common slip: naming the workbook
    where the workspace is expected)."""

    name = "thư mục"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(value)
        if path.is_file():
            self.fail(f"{path} là một tệp, không phải thư mục; hãy ghi đường dẫn tới thư mục", param, ctx)
        return path


class NewFile(click.ParamType):  # type: ignore[type-arg]
    """A file to write; an existing folder is refused."""

    name = "tệp"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(value)
        if path.is_dir():
            self.fail(
                f"{path} là một thư mục; hãy ghi tên tệp cần tạo, ví dụ {path / 'ten-xa.xlsx'}", param, ctx
            )
        return path


class AnyPath(click.ParamType):  # type: ignore[type-arg]
    """A file or folder, checked by the library (which says what is wrong with it)."""

    name = "đường dẫn"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        return Path(value)


# --------------------------------------------------------------------------- help


_EXTRAS = {"required": "bắt buộc"}


class Option(click.Option):
    """An option whose help extras ("[default: .]", "[required]") are in Vietnamese."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        names, text = record
        return names, re.sub(r"\[([^\[\]]*)\]$", lambda m: f"[{_extras(m.group(1))}]", text)


def _extras(text: str) -> str:
    items = []
    for item in text.split("; "):
        if item.startswith("default: "):
            item = "mặc định: " + item.removeprefix("default: ")
        items.append(_EXTRAS.get(item, item))
    return "; ".join(items)


class HelpMixin:
    """Vietnamese headings for a command's help page."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx)) is not None]  # type: ignore[attr-defined]
        if records:
            with formatter.section(SECTION_OPTIONS):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        assert isinstance(self, click.Group)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section(SECTION_COMMANDS):
                formatter.write_dl(rows)


# --------------------------------------------------------------------------- usage errors


def _param_name(param: click.Parameter | None, hint: Any = None) -> str:
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    if isinstance(param, click.Argument):
        return param.human_readable_name.strip("[].")
    if isinstance(hint, str):
        return hint.strip("'\"")
    if isinstance(hint, Sequence):
        return "/".join(str(h).strip("'\"") for h in hint)
    return ""


_EXTRA_ARGS = re.compile(r"Got unexpected extra arguments? \((.*)\)")
_NO_COMMAND = re.compile(r"No such command '(.*)'")
_ARG_NEEDED = re.compile(r"Option '(.*)' requires (?:an argument|\d+ arguments)")
_NO_VALUE = re.compile(r"Option '(.*)' does not take a value")


def usage_message(exc: click.ClickException) -> str:
    """The Vietnamese sentence for a usage error: what is wrong and what to type instead."""
    ctx = exc.ctx if isinstance(exc, UsageError) else None
    command = ctx.command_path if ctx is not None else "nqreport"
    if isinstance(exc, NoSuchOption):
        message = f'không có tùy chọn "{exc.option_name}"'
        if exc.possibilities:
            message += f"; có phải ý bạn là {', '.join(exc.possibilities)}?"
        return message
    if isinstance(exc, MissingParameter):
        name = _param_name(exc.param, exc.param_hint)
        if isinstance(exc.param, click.Option):
            return f"thiếu tùy chọn {name}; hãy ghi thêm {exc.param.opts[-1]} và giá trị của nó"
        return f"thiếu {name}; hãy ghi thêm {name} sau {command}"
    if isinstance(exc, BadParameter):
        name = _param_name(exc.param, exc.param_hint)
        return f"{name}: {exc.message}" if name else exc.message
    text = exc.format_message() if not isinstance(exc, BadOptionUsage) else exc.message
    if match := _ARG_NEEDED.match(text):
        return f"tùy chọn {match.group(1)} cần một giá trị; hãy ghi giá trị ngay sau nó"
    if match := _NO_VALUE.match(text):
        return f"tùy chọn {match.group(1)} không nhận giá trị; hãy chỉ ghi {match.group(1)}"
    if match := _EXTRA_ARGS.match(text):
        return f"thừa {match.group(1)}: lệnh {command} không nhận thêm đối số này"
    if match := _NO_COMMAND.match(text):
        group = ctx.command if ctx is not None else None
        names = ", ".join(group.list_commands(ctx)) if isinstance(group, click.Group) and ctx is not None else ""
        return f'không có lệnh "{match.group(1)}"' + (f"; các lệnh: {names}" if names else "")
    if text.startswith("Missing command"):
        return "thiếu tên lệnh"
    return text


#: Click (8.2 on) raises this for a bare ``nqreport``: its message is the help page itself.
_NO_ARGS_IS_HELP: tuple[type[Exception], ...] = tuple(
    t for t in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if isinstance(t, type)
)


def error_lines(exc: click.ClickException) -> list[str]:
    """What the terminal shows for a usage error: the sentence, then where the help is."""
    if isinstance(exc, _NO_ARGS_IS_HELP):
        return [exc.format_message()]
    ctx = exc.ctx if isinstance(exc, UsageError) else None
    return [f"Lỗi: {usage_message(exc)}", f"Xem hướng dẫn: {ctx.command_path if ctx else 'nqreport'} --help"]
