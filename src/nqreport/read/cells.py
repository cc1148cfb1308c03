"""What every sheet reader shares: the problems of one workbook, cells shown as text, merged cells spread.

A :class:`Reading` collects the problems of one workbook as it is read (never stopping at the first), each
naming the sheet and cell (A1) and saying in Vietnamese what is wrong and what to type instead.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from nqreport.config.catalog import Catalog
from nqreport.errors import Problem, Severity
from nqreport.read.grid import RawCell, RawSheet
from nqreport.read.values import ParseError, parse_date, to_decimal
from nqreport.schema import PERCENT_UNITS, parse_direction, parse_kind, parse_status
from nqreport.text import clean, clean_lines, match_key
from nqreport.wording.numbers import format_number

MSG_STALE_FORMULA = (
    "ô có công thức nhưng chưa có kết quả tính: hãy mở tệp bằng Excel/LibreOffice, lưu lại rồi chạy lại"
)
#: A date typed without its year: "30/6", "30-6", "30.6".
_DAY_MONTH = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})$")

# The schema's lenient parsers recompute their keys on every call; the same few labels fill every row.
cached_kind = functools.lru_cache(maxsize=256)(parse_kind)
cached_status = functools.lru_cache(maxsize=256)(parse_status)
cached_direction = functools.lru_cache(maxsize=256)(parse_direction)


@functools.lru_cache(maxsize=256)
def is_percent_unit(unit: str) -> bool:
    return match_key(unit) in PERCENT_UNITS


def quoted(labels: Iterable[str]) -> str:
    """ "a", "b", "c": labels listed for a message."""
    return ", ".join(f'"{label}"' for label in labels)


def show(value: Decimal) -> str:
    """A figure as an official would type it, for messages (1.306; 2,52)."""
    return format_number(value)


@dataclass
class Reading:
    """The problems of one workbook being read, and what later sheets need from earlier ones."""

    label: str
    catalog: Catalog
    problems: list[Problem] = field(default_factory=list)
    #: The plan year once read, for examples in messages ("30/6" → "30/6/2026").
    plan_year: int | None = None

    def error(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Problem(self.label, sheet, cell, Severity.ERROR, message))

    def warn(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Problem(self.label, sheet, cell, Severity.WARNING, message))

    def date_value(self, sheet: str, ref: str, raw: RawCell) -> date | None:
        """A date cell (or a date typed as text); an error at ``ref`` when it is not one."""
        problem = unusable(raw, "hãy gõ ngày dạng 15/7/2026")
        if problem:
            self.error(sheet, ref, problem)
            return None
        value = raw.value
        if isinstance(value, str) and (short := _DAY_MONTH.match(clean(value))):
            day, month = short.groups()
            self.error(sheet, ref, f'"{clean(value)}" thiếu năm; hãy gõ đủ ngày, tháng, năm, ví dụ '
                                   f"{int(day)}/{int(month)}/{self.plan_year or 2026}")
            return None
        try:
            if isinstance(value, float) and not math.isfinite(value):
                raise ParseError("ô chứa giá trị không phải số (lỗi tính toán); hãy gõ ngày dạng 15/7/2026")
            parsed = parse_date(value if not isinstance(value, bool) else str(value))
        except ParseError as exc:
            self.error(sheet, ref, str(exc))
            return None
        if parsed is None:
            return None
        if parsed.note:
            self.warn(sheet, ref, parsed.note)
        return parsed.value


def unusable(raw: RawCell | None, fix: str) -> str:
    """Why a cell holds nothing to read ("" when it does): a formula never computed, or a cell showing an
    error such as #DIV/0!; ``fix`` says what to do in the latter case."""
    if raw is None:
        return ""
    if raw.stale_formula:
        return MSG_STALE_FORMULA
    if raw.error:
        return f"ô báo lỗi {raw.error}; {fix}"
    return ""


def text_of(raw: RawCell | None) -> str:
    """A cell shown as text: numbers without a float's ".0", dates as 15/7/2026."""
    if raw is None or raw.value is None:
        return ""
    value = raw.value
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date):
        return f"{value.day}/{value.month}/{value.year}"
    try:
        number = to_decimal(value)
        if raw.percent:
            number = to_decimal(number * 100)
    except ParseError:
        return str(value)
    return f"{number:f}" + ("%" if raw.percent else "")


def lines_of(raw: RawCell | None) -> str:
    """Free text keeping its line breaks (paragraphs of an assessment)."""
    if raw is not None and isinstance(raw.value, str):
        return "\n".join(clean_lines(raw.value))
    return text_of(raw)


@dataclass
class SheetView:
    """A sheet with its vertical merges spread over the rows they cover."""

    raw: RawSheet
    filled: dict[tuple[int, int], RawCell] = field(default_factory=dict)

    @classmethod
    def of(cls, raw: RawSheet, below: int = 0) -> SheetView:
        """Merges starting at row ``below`` or above (a header merged over two rows) are not spread."""
        filled: dict[tuple[int, int], RawCell] = {}
        last = raw.max_row
        for rng in raw.merged:
            if rng.max_row == rng.min_row or rng.min_row <= below:
                continue
            top = raw.get(rng.min_row, rng.min_col)
            if top is None:
                continue
            for row in range(rng.min_row + 1, min(rng.max_row, last) + 1):
                filled[(row, rng.min_col)] = top
        return cls(raw, filled)

    @property
    def name(self) -> str:
        return self.raw.name

    def get(self, row: int, col: int) -> RawCell | None:
        return self.raw.get(row, col) or self.filled.get((row, col))

    def own(self, row: int, col: int) -> RawCell | None:
        """The cell itself, not a value spread from a merge above."""
        return self.raw.get(row, col)
