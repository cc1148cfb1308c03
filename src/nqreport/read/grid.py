"""Raw cell grids as every format reader returns them: cells, merged ranges, hidden rows, A1 references
and what a number format says about a cell (percent, date, zero-padded digits).

This layer knows file formats, nothing of the indicator standard: :mod:`nqreport.read.workbook` gives the
cells their meaning.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from nqreport.errors import WorkbookError
from nqreport.wording.numbers import format_number

CellValue = str | float | int | bool | date | datetime | None

#: The last row a spreadsheet has (Excel's limit), and its last column.
MAX_ROWS = 1_048_576
MAX_COLS = 16_384


# --------------------------------------------------------------------------- the grid


class RawCell(NamedTuple):
    """One non-blank cell as the file holds it (a named tuple: thousands are made per workbook)."""

    value: CellValue
    #: The cell's number format shows a percentage: a number in it is a fraction (0.95 shown as 95%).
    percent: bool = False
    #: A formula whose result the file does not hold, or holds but marks as to be recalculated
    #: (xlsxwriter and openpyxl write 0 or nothing there): never to be read as a figure.
    stale_formula: bool = False
    #: A spreadsheet error the cell shows, such as ``#DIV/0!``.
    error: str = ""
    #: The number format pads whole numbers with zeros to this many digits ("00000", Excel's zip-code
    #: format): the cell shows 06004 while it holds 6004.
    digits: int = 0


class CellRange(NamedTuple):
    """A merged range, 1-based and inclusive."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass(frozen=True)
class RawSheet:
    name: str
    #: Non-blank cells by 1-based (row, column).
    cells: Mapping[tuple[int, int], RawCell]
    merged: tuple[CellRange, ...] = ()
    hidden_rows: frozenset[int] = frozenset()

    def get(self, row: int, col: int) -> RawCell | None:
        return self.cells.get((row, col))

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)


@dataclass(frozen=True)
class RawBook:
    #: "xlsx", "xls" or "ods".
    format: str
    #: Every sheet, in the file's order, as named in the file.
    sheet_names: tuple[str, ...]
    #: The sheets that were asked for.
    sheets: Mapping[str, RawSheet] = field(default_factory=dict)


SheetFilter = Callable[[str], bool]


# --------------------------------------------------------------------------- references

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def column_letter(col: int) -> str:
    """1 → "A", 28 → "AB"."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@functools.lru_cache(maxsize=1024)
def cell_column(col: int) -> str:
    """column_letter, kept: the same few columns name every cell of a sheet."""
    return column_letter(col)


def cell_ref(row: int, col: int) -> str:
    """The A1 reference of a 1-based cell: (12, 7) → "G12"."""
    return f"{cell_column(col)}{row}"


_COLUMNS: dict[str, int] = {}


_DIGITS = "0123456789"

#: Cells with content in one sheet: a commune's workbook has a few thousand; a sheet with more is a
#: mistake (a whole column filled down) or an attack, and reading it would take minutes and gigabytes.
MAX_CELLS = 200_000


#: The XML of one sheet: a commune's indicator sheet is a few hundred kilobytes; 200,000 cells about 10 MB.
MAX_SHEET_BYTES = 30 * 1024 * 1024


def too_large_sheet(name: str, size: int) -> str:
    return (f"trang \"{name}\" quá lớn ({size // (1024 * 1024)} MB dữ liệu), không phải một trang sổ chỉ tiêu bình "
            "thường (thường dưới 1 MB): có lẽ cả cột đã bị điền kéo xuống hết trang; hãy xóa các dòng thừa rồi lưu "
            "lại")


def sheet_row(text: str) -> int:
    """A row number as a sheet writes it ("12"); a :class:`WorkbookError` for anything else ("²", 5,000
    digits), which only a damaged or forged file holds."""
    if text.isascii() and text.isdigit() and len(text) <= 7 and 1 <= int(text) <= MAX_ROWS:
        return int(text)
    raise WorkbookError(f"tệp bị hỏng: số dòng không hợp lệ (\"{text[:20]}{'…' if len(text) > 20 else ''}\"); hãy "
                        "mở bằng Excel, chép bảng sang sổ mới rồi lưu lại")


def bad_reference(ref: str | None) -> str:
    shown = (ref or "")[:20] + ("…" if len(ref or "") > 20 else "")
    return (f"tệp bị hỏng: địa chỉ ô không hợp lệ (\"{shown}\"); hãy mở bằng Excel, chép bảng sang sổ mới rồi lưu "
            "lại")


def too_many_cells(count: int) -> str:
    return (f"có hơn {format_number(Decimal(MAX_CELLS))} ô có dữ liệu ({format_number(Decimal(count))} ô), quá nhiều "
            "với một sổ chỉ tiêu (thường vài nghìn ô): có lẽ cả cột đã bị điền kéo xuống hết trang; hãy xóa các dòng "
            "thừa rồi lưu lại")


def in_sheet(name: str, message: str) -> str:
    """A message of a sheet's content (:func:`sheet_row`, :func:`bad_reference`, :func:`too_many_cells`) with
    the sheet named."""
    return f'trang "{name}": {message}'


def split_ref(ref: str) -> tuple[int, int]:
    """ "G12" → (12, 7); raises ValueError for anything else."""
    letters = ref.rstrip(_DIGITS)
    col = _COLUMNS.get(letters)
    if col is not None and len(ref) - len(letters) <= 7 and ref[len(letters):].isascii():
        return int(ref[len(letters):]), col  # the common case, a reference as spreadsheets write it
    match = _REF.match(ref.strip())
    if not match:
        raise ValueError(ref)
    letters = match.group(1).upper()
    col = _COLUMNS.get(letters)
    if col is None:
        col = 0
        for ch in letters:
            col = col * 26 + ord(ch) - 64
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = col
    return int(match.group(2)), col


# --------------------------------------------------------------------------- number formats

_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
BUILTIN_PERCENT = frozenset({9, 10})
BUILTIN_DATE = frozenset({*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)})


_ZEROS = re.compile(r"0+")


def format_digits(code: str) -> int:
    """How many digits a format such as ``00000`` pads whole numbers to; 0 for any other format."""
    first = _FORMAT_NOISE.sub("", code).split(";")[0].strip()
    return len(first) if _ZEROS.fullmatch(first) else 0


def format_flags(code: str) -> tuple[bool, bool]:
    """(is percent, is date) for a number format code such as ``0.0%`` or ``[$-42A]dd/mm/yyyy``.

    Quoted text, escaped characters, fill/padding pairs and bracketed parts (colours, locales) are
    dropped first: ``0 "%"`` shows a literal sign and holds no fraction.
    """
    visible = _FORMAT_NOISE.sub("", code)
    first = visible.split(";")[0]
    if first.strip().casefold() == "general":
        return False, False
    return "%" in first, bool(_DATE_TOKENS.search(first))


def iso_datetime(text: str) -> datetime | str:
    try:
        return datetime.fromisoformat(text.strip().rstrip("Z"))
    except ValueError:
        return text
