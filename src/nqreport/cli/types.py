"""Parameter types whose complaints are the project's own Vietnamese sentences (click's own are translated
through :mod:`nqreport.cli.i18n`). A bad value is a usage error: exit code 2."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from nqreport.schema import Period


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


class PeriodType(click.ParamType):  # type: ignore[type-arg]
    """A reporting period by its label ("6 tháng", "Quý I") or key ("6_months")."""

    name = "kỳ"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Period:
        from nqreport.config.settings import PERIOD_CHOICES  # the standard is loaded when a period is given
        from nqreport.schema import Period, parse_period

        if isinstance(value, Period):
            return value
        period = parse_period(str(value))
        if period is None:
            self.fail(f'không hiểu kỳ báo cáo "{value}"; hãy dùng: {PERIOD_CHOICES}', param, ctx)
        return period


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
            self.fail(f"{path} là một thư mục; hãy ghi tên tệp cần tạo, ví dụ {path / 'ten-xa.xlsx'}", param, ctx)
        return path


class AnyPath(click.ParamType):  # type: ignore[type-arg]
    """A file or folder, checked by the library (which says what is wrong with it)."""

    name = "đường dẫn"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        return Path(value)
