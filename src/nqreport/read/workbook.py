"""Reading one indicator workbook: from the file to model records, and every problem found on the way.

The layout is :mod:`nqreport.schema`'s; the cells come from :mod:`nqreport.read.book`. Reading never stops
at the first problem: each workbook yields all of its problems in one pass, each naming the sheet and cell
(A1) and saying in Vietnamese what is wrong and what to type instead. A file that cannot be opened at all
gives one problem and no data; it never raises. What a cell says is read here; whether the cells of a row,
a workbook or a workspace agree is :mod:`nqreport.validate`'s.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from nqreport.config.catalog import Catalog
from nqreport.errors import Problem, Severity, WorkbookError
from nqreport.model import Assessment, CommuneData, Indicator, ReadResult
from nqreport.read.assessments import read_assessments
from nqreport.read.book import load_book, load_book_bytes
from nqreport.read.cells import Reading, SheetView, quoted
from nqreport.read.commune import commune_values, read_commune
from nqreport.read.grid import RawBook, RawCell, RawSheet, cell_ref
from nqreport.read.indicators import read_indicators
from nqreport.schema import SHEET_ASSESSMENT, SHEET_COMMUNE, SHEET_INDICATORS, Period
from nqreport.text import match_key, strip_accents
from nqreport.wording.numbers import format_number

logger = logging.getLogger(__name__)


def read_workbook(path: Path, catalog: Catalog, *, name: str | None = None) -> ReadResult:
    """Read one workbook; never raises for bad input.

    ``name`` is how the file is named in problems (default: the file name). A file that cannot be read
    gives ``ReadResult(data=None)`` with one error. Otherwise ``data`` is built whenever the commune sheet
    gives a code, name, province, year and period, even when rows have errors (``ReadResult.ok`` tells);
    rows whose field, name or kind cannot be read are left out of it.
    """
    label = name or path.name

    def failed(message: str) -> ReadResult:
        return ReadResult(str(path), None, [Problem(label, "", "", Severity.ERROR, message)], name=label)

    try:
        return read_book(load_book(path, _is_wanted_sheet), catalog, label=label, path=str(path))
    except WorkbookError as exc:
        if path.name.startswith(("~$", ".~lock.")):
            original = path.name.removeprefix("~$").removeprefix(".~lock.").removesuffix("#")
            return failed(f"đây là tệp khóa tạm mà Excel/LibreOffice tạo ra khi đang mở sổ {original}, không phải "
                          f"sổ chỉ tiêu; hãy dùng chính sổ {original} (tệp khóa tự mất khi đóng sổ)")
        return failed(exc.message)
    except (MemoryError, RecursionError):
        return failed(TOO_LARGE)
    except Exception as exc:  # a failure reading one file is that file's error: the others are still read
        logger.debug("%s", label, exc_info=True)
        return failed(unreadable(exc))


#: A file that took more memory or depth than a workbook can.
TOO_LARGE = ("tệp quá lớn hoặc lồng nhau quá sâu so với một sổ chỉ tiêu, không đọc được; hãy mở bằng Excel, chép "
             "bảng sang sổ mới rồi lưu lại")


def unreadable(exc: Exception) -> str:
    """What a reader's unforeseen failure says of the file, naming what went wrong for the developers."""
    return (f"không đọc được nội dung tệp (mã lỗi kỹ thuật: {type(exc).__name__}); tệp có thể được tạo bởi phần mềm lạ hoặc đã bị "
            "sửa tay. Hãy mở bằng Excel, chép bảng sang sổ mới rồi lưu lại; nếu vẫn lỗi, hãy gửi tệp cho người "
            "phát triển")


def read_book(book: RawBook, catalog: Catalog, *, label: str, path: str) -> ReadResult:
    """The records of a workbook already loaded as raw cell grids; problems name the file ``label``."""
    reading = Reading(label, catalog)
    found = {standard: _plain_text(reading, sheet)
             for standard, sheet in _standard_sheets(reading, book.sheet_names, book.sheets).items()}
    commune = read_commune(reading, SheetView.of(found[SHEET_COMMUNE])) if SHEET_COMMUNE in found else None
    indicators: list[Indicator] = []
    rows: list[Indicator] = []
    if SHEET_INDICATORS in found:
        indicators, rows = read_indicators(reading, found[SHEET_INDICATORS])
    assessments: list[Assessment] = []
    if SHEET_ASSESSMENT in found:
        assessments = read_assessments(reading, found[SHEET_ASSESSMENT], indicators)
    data = None
    if commune is not None and SHEET_INDICATORS in found:
        data = CommuneData(commune, tuple(indicators), tuple(assessments), path=path, label=label)
    return ReadResult(path, data, reading.problems, rows=tuple(rows), name=label)


@dataclass(frozen=True)
class Identity:
    """Who a workbook says it is, from its commune sheet alone: what ``nqreport collect`` files it by. Any
    part may be missing (None or ""): the workbook's own errors are for ``nqreport validate`` to list."""

    code: str | None
    name: str
    province: str
    year: int | None
    period: Period | None
    cutoff: date | None
    unit_type: str = "Xã"
    #: The commune sheet as the file names it, and its code cell ("B2"), for messages.
    sheet: str = ""
    code_cell: str = ""


def read_identity(data: bytes, catalog: Catalog, *, label: str) -> Identity:
    """The commune sheet of a workbook in memory; raises :class:`WorkbookError` (one Vietnamese sentence)
    when the bytes are not a workbook or it has no commune sheet."""
    book = load_book_bytes(data, _is_commune_sheet)
    reading = Reading(label, catalog)
    sheet = _standard_sheets(reading, book.sheet_names, book.sheets).get(SHEET_COMMUNE)
    if sheet is None:
        existing = quoted(book.sheet_names) if book.sheet_names else "(không có trang nào)"
        raise WorkbookError(f'không có trang "{SHEET_COMMUNE}" (mã xã, tên xã, tỉnh); tệp có các trang: {existing}. '
                            "Đây không phải sổ chỉ tiêu theo mẫu chuẩn, hoặc trang đã bị đổi tên")
    view = SheetView.of(sheet)
    values, refs = commune_values(reading, view)

    def text(key: str) -> str:
        value = values.get(key)
        return value if isinstance(value, str) else ""

    code, year, period, cutoff = values.get("code"), values.get("year"), values.get("period"), values.get("cutoff")
    return Identity(code=code if isinstance(code, str) else None, name=text("name"), province=text("province"),
                    year=year if isinstance(year, int) else None,
                    period=period if isinstance(period, Period) else None,
                    cutoff=cutoff if isinstance(cutoff, date) else None, unit_type=text("unit_type") or "Xã",
                    sheet=view.name, code_cell=refs.get("code", ""))


@functools.lru_cache(maxsize=512)
def _sheet_key(name: str) -> str:
    return strip_accents(match_key(name)).casefold()


_WANTED = {_sheet_key(s): s for s in (SHEET_COMMUNE, SHEET_INDICATORS, SHEET_ASSESSMENT)}


def _is_wanted_sheet(name: str) -> bool:
    return _sheet_key(name) in _WANTED or _near_standard(name) is not None


def _is_commune_sheet(name: str) -> bool:
    return _WANTED.get(_sheet_key(name)) == SHEET_COMMUNE or _near_standard(name) == SHEET_COMMUNE


def _near_standard(name: str) -> str | None:
    """The standard sheet a renamed one still starts with ("Chỉ tiêu 2026", "Chi tieu (2)")."""
    key = _sheet_key(name)
    for wanted, standard in _WANTED.items():
        if key.startswith(wanted) and not key[len(wanted):len(wanted) + 1].isalnum():
            return standard
    return None


#: Excel's own limit for a cell's text; longer is not a workbook Excel wrote.
MAX_TEXT = 32_767
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain_text(reading: Reading, sheet: RawSheet) -> RawSheet:
    """The sheet with control characters taken out of its texts (a warning at each cell: \\x07 became a
    paragraph break in the report) and texts longer than Excel allows refused at their cell."""
    changed: dict[tuple[int, int], RawCell] = {}
    for (row, col), cell in sheet.cells.items():
        value = cell.value
        if not isinstance(value, str):
            continue  # every column: the standard's are found by their headers, wherever they stand
        if len(value) > MAX_TEXT:
            reading.error(sheet.name, cell_ref(row, col),
                          f"ô dài {format_number(Decimal(len(value)))} ký tự, quá giới hạn "
                          f"{format_number(Decimal(MAX_TEXT))} ký tự của một ô Excel; hãy kiểm tra lại nội dung ô")
            changed[(row, col)] = cell._replace(value=value[:200])
        elif _CONTROL.search(value):
            reading.warn(sheet.name, cell_ref(row, col),
                         "ô có ký tự điều khiển không in được (thường do chép từ phần mềm khác); chương trình đã "
                         "bỏ các ký tự đó, hãy kiểm tra lại nội dung ô")
            changed[(row, col)] = cell._replace(value=_CONTROL.sub("", value))
    if not changed:
        return sheet
    return replace(sheet, cells={**sheet.cells, **changed})


def _standard_sheets(reading: Reading, names: Sequence[str], sheets: Mapping[str, RawSheet]) -> dict[str, RawSheet]:
    """The standard sheets by their standard name; a missing one is an error naming the sheets there are."""
    found: dict[str, RawSheet] = {}
    first: dict[str, str] = {}
    for name in names:
        standard = _WANTED.get(_sheet_key(name))
        if standard is None or name not in sheets:
            continue
        if standard in found:
            # two sheets that both read as one standard sheet: which one holds the figures is the official's
            # to say (the last one was read, without a word)
            reading.error("", "", f'có hai trang cùng là trang "{standard}": "{first[standard]}" và "{name}"; '
                                  "hãy xóa hoặc đổi tên trang thừa rồi lưu lại")
            continue
        found[standard] = sheets[name]
        first[standard] = name
    # A standard sheet renamed with something after its name ("Chỉ tiêu 2026") is read when it is the
    # only such sheet; two of them ("Chỉ tiêu 2025", "Chỉ tiêu 2026") are for the official to choose.
    near: dict[str, list[str]] = {}
    for name in names:
        standard = _near_standard(name)
        if standard is not None and standard not in found and name in sheets:
            near.setdefault(standard, []).append(name)
    for standard, candidates in near.items():
        if len(candidates) == 1:
            found[standard] = sheets[candidates[0]]
        elif standard != SHEET_ASSESSMENT:
            reading.error("", "", f'không có trang "{standard}" mà có {len(candidates)} trang giống: '
                                  f'{quoted(candidates)}; hãy đổi tên trang cần đọc thành đúng "{standard}"')
    existing = quoted(names) if names else "(không có trang nào)"
    for standard in (SHEET_COMMUNE, SHEET_INDICATORS):
        if standard not in found and standard not in near:
            reading.error("", "", f'không có trang "{standard}"; tệp có các trang: {existing}. Hãy đổi tên trang '
                                  f'tương ứng thành "{standard}", hoặc tạo sổ theo mẫu chuẩn bằng lệnh: nqreport blank')
    return found
