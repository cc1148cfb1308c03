"""Reading indicator workbooks: from raw cells to model records, and every problem found on the way.

The layout is :mod:`nqreport.schema`'s; the cells come from :mod:`nqreport.read.book`. Reading never stops
at the first problem: each workbook yields all of its problems in one pass, each naming the sheet and cell
(A1) and saying in Vietnamese what is wrong and what to type instead. A file that cannot be opened at all
gives one problem and no data; it never raises.

What officials type is read where it is unambiguous: Vietnamese numbers as text, units stuck on, a
comparison sign before a target, percent-formatted cells (a fraction: ×100 when the figure is in percent,
decided by the format, never by the size), leading apostrophes, non-breaking spaces, NFD text, dates as
dates or text, merged cells (a vertical merge applies to every row it covers), blank, heading and hidden
rows, extra columns. A formula whose result the file does not hold is an error, never 0.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from nqreport.config.catalog import Aggregation, Catalog, CatalogEntry, normalize_code
from nqreport.config.workspace import display_name
from nqreport.errors import Problem, Severity, WorkbookError
from nqreport.model import Assessment, Commune, CommuneData, Indicator, ReadResult, Source
from nqreport.read.book import load_book
from nqreport.read.grid import RawCell, RawSheet, cell_ref, column_letter
from nqreport.read.values import ParseError, parse_date, parse_number_text, to_decimal
from nqreport.schema import (
    ASSESSMENT_COLUMNS,
    COMMUNE_CODE_LENGTH,
    COMMUNE_ROWS,
    DIRECTION_LABELS,
    HEADER_SEARCH_ROWS,
    INDICATOR_COLUMNS,
    KIND_DIRECTION,
    KIND_LABELS,
    KINDS_NEEDING_BASELINE,
    KINDS_WITH_PERCENT_TARGET,
    MANUAL_STATUSES,
    NUMBER_KEYS,
    PERCENT_UNITS,
    PERIOD_LABELS,
    SHEET_ASSESSMENT,
    SHEET_COMMUNE,
    SHEET_INDICATORS,
    STANDARD_FIELDS,
    STATUS_LABELS,
    Column,
    Direction,
    Kind,
    Period,
    Status,
    ValueType,
    parse_direction,
    parse_kind,
    parse_period,
    parse_status,
)
from nqreport.text import clean, clean_lines, match_key, strip_accents
from nqreport.wording.numbers import format_number

log = logging.getLogger(__name__)

MSG_STALE_FORMULA = (
    "ô có công thức nhưng chưa có kết quả tính: hãy mở tệp bằng Excel/LibreOffice, lưu lại rồi chạy lại"
)

#: Kinds judged without a numeric target (maintain falls back to the baseline).
_KINDS_TARGET_OPTIONAL = frozenset({Kind.DEADLINE, Kind.QUALITATIVE, Kind.MAINTAIN})

_CHANGE_KINDS = frozenset({Kind.INCREASE_PCT, Kind.DECREASE_PCT, Kind.DECREASE_POINTS})
#: Signs typed before a target, and the kinds they agree with ("đạt 95%" agrees with any).
_SIGN_KINDS: dict[str, frozenset[Kind]] = {
    sign: frozenset(kinds)
    for signs, kinds in (
        (("≥", ">=", "từ", "trở lên"), {Kind.AT_LEAST, Kind.MAINTAIN, *_CHANGE_KINDS}),
        ((">", "trên", "hơn"), {Kind.MORE_THAN, *_CHANGE_KINDS}),
        (("≤", "<=", "không quá", "trở xuống"), {Kind.AT_MOST}),
        (("<", "dưới"), {Kind.LESS_THAN}),
        (("≈", "~", "khoảng"), {Kind.APPROX}),
        (("=",), {Kind.EXACT, Kind.MAINTAIN}),
    )
    for sign in signs
}
#: Words after a number that are a comparison, not a unit ("5% trở lên").
_SIGN_TAILS = frozenset({"trở lên", "trở xuống"})

#: Figures that are levels of the indicator (in its unit), as opposed to targets of change or counts.
_LEVEL_KEYS = ("baseline", "same_period_last_year", "result", "estimate")
#: Everything that makes a row an indicator rather than a heading.
_SUBSTANCE_KEYS = frozenset(
    {
        "code",
        "unit",
        "kind",
        "deadline",
        "direction",
        "completed_on",
        "manual_status",
        "responsible",
        *NUMBER_KEYS,
    }
)
#: How far down the indicator sheet's header row is looked for when it is not among the first rows.
_FAR_HEADER_ROWS = 60
_ROMAN = re.compile(r"^[IVXLC]+[.)]?$")
#: A date typed without its year: "30/6", "30-6", "30.6".
_DAY_MONTH = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})$")
_LETTER = re.compile(r"^[A-ZĐ][.)]?$")
_HEADING_PREFIX = re.compile(r"^([IVXLC]+|[A-ZĐ])(\.|\)|\s+[-–:])\s*")
#: Words in a "tỷ lệ" name that make it something else than a share of a whole (which cannot pass 100%).
_NOT_A_RATE = ("so với", "tốc độ", "tăng trưởng", "vượt")
_NEGATIVE_OK = ("tốc độ", "tăng trưởng", "chênh lệch", "biến động")


# The schema's lenient parsers recompute their keys on every call; the same few labels fill every row.
_parse_kind = functools.lru_cache(maxsize=256)(parse_kind)
_parse_status = functools.lru_cache(maxsize=256)(parse_status)
_parse_direction = functools.lru_cache(maxsize=256)(parse_direction)


@functools.lru_cache(maxsize=256)
def _is_percent_unit(unit: str) -> bool:
    return match_key(unit) in PERCENT_UNITS


def _labels(labels: Iterable[str]) -> str:
    return ", ".join(f'"{label}"' for label in labels)


def _show(value: Decimal) -> str:
    """A figure as an official would type it, for messages (1.306; 2,52)."""
    return format_number(value)


# --------------------------------------------------------------------------- entry points


def read_workbook(path: Path, catalog: Catalog, *, name: str | None = None, year: int | None = None) -> ReadResult:
    """Read one workbook; never raises for bad input.

    ``name`` is how the file is named in problems (default: the file name). A file that cannot be read
    gives ``ReadResult(data=None)`` with one error. Otherwise ``data`` is built whenever the commune sheet
    gives a code, name, province, year and period, even when rows have errors (``ReadResult.ok`` tells);
    rows whose field, name or kind cannot be read are left out of it.
    """
    label = name or path.name
    try:
        book = load_book(path, _is_wanted_sheet)
    except WorkbookError as exc:
        message = exc.message
        if path.name.startswith(("~$", ".~lock.")):
            original = path.name.removeprefix("~$").removeprefix(".~lock.").removesuffix("#")
            message = (f"đây là tệp khóa tạm mà Excel/LibreOffice tạo ra khi đang mở sổ {original}, không phải "
                       f"sổ chỉ tiêu; hãy dùng chính sổ {original} (tệp khóa tự mất khi đóng sổ)")
        return ReadResult(str(path), None, [Problem(label, "", "", Severity.ERROR, message)])
    reader = _WorkbookReader(label, catalog, year)
    data = reader.read(book.sheet_names, book.sheets, str(path))
    return ReadResult(str(path), data, reader.problems)


def read_workbooks(
    paths: Sequence[Path], catalog: Catalog, *, root: Path | None = None, year: int | None = None
) -> list[ReadResult]:
    """Read every workbook, in order; files are named relative to ``root`` when given.

    Beyond each file's own problems, two workbooks for the same commune, year and period are an error on
    the later one: both would make the same report.
    """
    labels = [display_name(p, root) if root is not None else p.name for p in paths]
    results = [read_workbook(p, catalog, name=label, year=year) for p, label in zip(paths, labels, strict=True)]
    seen: dict[tuple[str, int, Period], str] = {}
    for label, result in zip(labels, results, strict=True):
        if result.data is None:
            continue
        commune = result.data.commune
        key = (commune.code, commune.year, commune.period)
        if key not in seen:
            seen[key] = label
            continue
        result.problems.append(
            Problem(
                label,
                "",
                "",
                Severity.ERROR,
                f"sổ này trùng với sổ {seen[key]} (cùng mã xã {commune.code}, năm {commune.year}, kỳ "
                f"{PERIOD_LABELS[commune.period]}) nên hai sổ sẽ cho cùng một báo cáo; hãy bỏ một sổ ra khỏi thư "
                "mục, hoặc sửa mã xã, năm, kỳ báo cáo cho đúng",
            )
        )
    return results


@functools.lru_cache(maxsize=512)
def _sheet_key(name: str) -> str:
    return strip_accents(match_key(name)).casefold()


_WANTED = {_sheet_key(s): s for s in (SHEET_COMMUNE, SHEET_INDICATORS, SHEET_ASSESSMENT)}


def _is_wanted_sheet(name: str) -> bool:
    return _sheet_key(name) in _WANTED or _near_standard(name) is not None


def _near_standard(name: str) -> str | None:
    """The standard sheet a renamed one still starts with ("Chỉ tiêu 2026", "Chi tieu (2)")."""
    key = _sheet_key(name)
    for wanted, standard in _WANTED.items():
        if key.startswith(wanted) and not key[len(wanted):len(wanted) + 1].isalnum():
            return standard
    return None


# --------------------------------------------------------------------------- cell values


def _unusable(raw: RawCell | None, fix: str) -> str:
    """Why a cell holds nothing to read ("" when it does): a formula never computed, or a cell showing an
    error such as #DIV/0!; ``fix`` says what to do in the latter case."""
    if raw is None:
        return ""
    if raw.stale_formula:
        return MSG_STALE_FORMULA
    if raw.error:
        return f"ô báo lỗi {raw.error}; {fix}"
    return ""


def _text_of(raw: RawCell | None) -> str:
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


def _lines_of(raw: RawCell | None) -> str:
    """Free text keeping its line breaks (paragraphs of an assessment)."""
    if raw is not None and isinstance(raw.value, str):
        return "\n".join(clean_lines(raw.value))
    return _text_of(raw)


@dataclass
class _Header:
    row: int
    columns: dict[str, int]


@dataclass
class _Sheet:
    """A sheet with its vertical merges spread over the rows they cover."""

    raw: RawSheet
    filled: dict[tuple[int, int], RawCell] = field(default_factory=dict)

    @classmethod
    def of(cls, raw: RawSheet, below: int = 0) -> _Sheet:
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


# --------------------------------------------------------------------------- the reader


class _WorkbookReader:
    def __init__(self, label: str, catalog: Catalog, year: int | None = None) -> None:
        self.label = label
        self.catalog = catalog
        #: The workspace's plan year (nqreport.toml), when it sets one.
        self.workspace_year = year
        self.problems: list[Problem] = []
        #: The plan year once read, for examples in messages ("30/6" → "30/6/2026").
        self.plan_year: int | None = None

    # ---------------------------------------------------------------- problems

    def error(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Problem(self.label, sheet, cell, Severity.ERROR, message))

    def warn(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Problem(self.label, sheet, cell, Severity.WARNING, message))

    # ---------------------------------------------------------------- whole workbook

    def read(self, names: Sequence[str], sheets: Mapping[str, RawSheet], path: str) -> CommuneData | None:
        found: dict[str, RawSheet] = {}
        for name in names:
            standard = _WANTED.get(_sheet_key(name))
            if standard is not None and standard not in found and name in sheets:
                found[standard] = sheets[name]
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
                self.error("", "", f'không có trang "{standard}" mà có {len(candidates)} trang giống: '
                                   f'{_labels(candidates)}; hãy đổi tên trang cần đọc thành đúng "{standard}"')
        existing = _labels(names) if names else "(không có trang nào)"
        for standard in (SHEET_COMMUNE, SHEET_INDICATORS):
            if standard not in found and standard not in near:
                self.error(
                    "",
                    "",
                    f'không có trang "{standard}"; tệp có các trang: {existing}. Hãy đổi '
                    f'tên trang tương ứng thành "{standard}", hoặc tạo sổ theo mẫu chuẩn '
                    "bằng lệnh: nqreport blank",
                )
        commune = self.read_commune(_Sheet.of(found[SHEET_COMMUNE])) if SHEET_COMMUNE in found else None
        indicators: list[Indicator] = []
        if SHEET_INDICATORS in found:
            indicators = self.read_indicators(found[SHEET_INDICATORS])
        assessments: list[Assessment] = []
        if SHEET_ASSESSMENT in found:
            assessments = self.read_assessments(found[SHEET_ASSESSMENT], indicators)
        if commune is None or SHEET_INDICATORS not in found:
            return None
        return CommuneData(commune, tuple(indicators), tuple(assessments), path=path)

    # ---------------------------------------------------------------- commune sheet

    def read_commune(self, sheet: _Sheet) -> Commune | None:
        rows: dict[str, int] = {}
        unknown: list[tuple[int, str]] = []
        for (label_row, label_col), label in sorted(sheet.raw.cells.items()):
            if label_col != 1:
                continue
            found = _label(label_col, label)
            matched = _match_label(found, _COMMUNE_WORDS) if found is not None else None
            if matched is not None and matched.key not in rows:
                rows[matched.key] = label_row
            elif matched is None and isinstance(label.value, str):
                unknown.append((label_row, clean(label.value)))
        hints = _suggest_rows(unknown, rows)
        values: dict[str, object] = {}
        for column in COMMUNE_ROWS:
            row = rows.get(column.key)
            if row is None:
                if column.required and column.key in hints:
                    hint_row, text = hints[column.key]
                    self.error(
                        sheet.name,
                        cell_ref(hint_row, 1),
                        f'thiếu dòng "{column.header}"; nhãn "{text}" ở ô {cell_ref(hint_row, 1)} có phải dòng '
                        f'này? Nếu phải, hãy đổi nhãn thành đúng "{column.header}" (giá trị ở cột B)',
                    )
                elif column.required:
                    self.error(
                        sheet.name,
                        "",
                        f'thiếu dòng "{column.header}" (nhãn ở cột A, giá trị ở cột '
                        f"B); hãy thêm dòng này. {column.help}".strip(),
                    )
                continue
            ref = cell_ref(row, 2)
            raw = sheet.get(row, 2)
            unusable = _unusable(raw, f"hãy sửa công thức hoặc gõ giá trị. {column.help}")
            if unusable:
                self.error(sheet.name, ref, unusable)
                continue
            if raw is None or not _text_of(raw):
                if column.required:
                    self.error(sheet.name, ref, f'chưa điền "{column.header}". {column.help}')
                continue
            value = self.commune_value(sheet.name, ref, column, raw)
            if value is not None:
                values[column.key] = value
        return self.build_commune(values)

    def commune_value(self, sheet: str, ref: str, column: Column, raw: RawCell) -> object | None:
        key = column.key
        if key == "code":
            return self.commune_code(sheet, ref, raw)
        if key == "year":
            return self.year(sheet, ref, raw)
        if key == "period":
            period = parse_period(_text_of(raw))
            if period is None:
                self.error(
                    sheet,
                    ref,
                    f'không hiểu kỳ báo cáo "{_text_of(raw)}"; hãy chọn một trong: '
                    f"{_labels(PERIOD_LABELS.values())}",
                )
            return period
        if column.type is ValueType.DATE:
            return self.date_value(sheet, ref, raw)
        if column.type is ValueType.LINES:
            return tuple(clean_lines(raw.value)) if isinstance(raw.value, str) else (_text_of(raw),)
        if key == "unit_type":
            text = _text_of(raw)
            for known in ("Xã", "Phường", "Đặc khu"):
                if match_key(text) == match_key(known):
                    return known
            self.warn(
                sheet, ref, f'cấp hành chính "{text}" không phải Xã, Phường hay Đặc khu; hãy kiểm tra lại'
            )
            return text
        return _text_of(raw)

    def commune_code(self, sheet: str, ref: str, raw: RawCell) -> str | None:
        value = raw.value
        if isinstance(value, float | int) and not isinstance(value, bool):
            number = to_decimal(value)
            digits = f"{number:f}"
            if number == number.to_integral_value() and 0 < number < 10 ** (COMMUNE_CODE_LENGTH - 1):
                padded = digits.zfill(COMMUNE_CODE_LENGTH)
                if raw.digits == COMMUNE_CODE_LENGTH:
                    return padded  # shown as 06004 by a "00000" number format: what the official sees
                self.error(
                    sheet,
                    ref,
                    f"mã xã đang là con số {digits} nên đã mất số 0 ở đầu; hãy gõ "
                    f"'{padded} (có dấu nháy đơn ở đầu) hoặc định dạng ô kiểu Văn bản rồi "
                    f"gõ {padded}",
                )
                return None
            if number == number.to_integral_value() and len(digits) == COMMUNE_CODE_LENGTH:
                return digits
            self.error(
                sheet,
                ref,
                f'mã xã "{digits}" phải gồm đúng {COMMUNE_CODE_LENGTH} chữ số, ví dụ '
                "06004 (Quyết định 19/2025/QĐ-TTg)",
            )
            return None
        text = _text_of(raw)
        if text.isdigit() and len(text) == COMMUNE_CODE_LENGTH and text.isascii():
            return text
        self.error(
            sheet,
            ref,
            f'mã xã "{text}" phải gồm đúng {COMMUNE_CODE_LENGTH} chữ số, ví dụ 06004 '
            "(Quyết định 19/2025/QĐ-TTg)",
        )
        return None

    def year(self, sheet: str, ref: str, raw: RawCell) -> int | None:
        value = raw.value
        number: Decimal | None = None
        try:
            if isinstance(value, float | int) and not isinstance(value, bool):
                number = to_decimal(value)
            elif isinstance(value, str):
                # "năm 2026", as the year is written in the resolution's title
                text = re.sub(r"^\s*năm\s+", "", clean(value), flags=re.IGNORECASE)
                parsed = parse_number_text(text)
                number = parsed.value if parsed is not None and not parsed.unit else None
        except ParseError:
            number = None
        if number is None or number != number.to_integral_value() or not 2000 <= number <= 2100:
            self.error(sheet, ref, f'"{_text_of(raw)}" không phải năm; hãy gõ năm bằng 4 chữ số, ví dụ 2026')
            return None
        self.plan_year = int(number)
        if self.workspace_year is not None and self.plan_year != self.workspace_year:
            # Last year's workbook left in inputs/ would be reported, and summed with this year's, as if current.
            self.error(sheet, ref, f"năm kế hoạch {self.plan_year} khác năm {self.workspace_year} của thư mục làm "
                                   f"việc (year trong nqreport.toml); nếu đây là sổ năm {self.plan_year}, hãy bỏ nó "
                                   "ra khỏi thư mục inputs, nếu không hãy sửa năm ở ô này (hoặc year trong "
                                   "nqreport.toml)")
        return self.plan_year

    def date_value(self, sheet: str, ref: str, raw: RawCell) -> date | None:
        unusable = _unusable(raw, "hãy gõ ngày dạng 15/7/2026")
        if unusable:
            self.error(sheet, ref, unusable)
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

    def build_commune(self, values: Mapping[str, object]) -> Commune | None:
        """The commune, when its identity (code, name, province, year, period) could be read."""

        def text(key: str) -> str:
            value = values.get(key)
            return value if isinstance(value, str) else ""

        def day(key: str) -> date | None:
            value = values.get(key)
            return value if isinstance(value, date) else None

        code, year, period = values.get("code"), values.get("year"), values.get("period")
        if not (
            isinstance(code, str)
            and isinstance(year, int)
            and isinstance(period, Period)
            and text("name")
            and text("province")
        ):
            return None
        recipients = values.get("recipients")
        return Commune(
            code=code,
            name=text("name"),
            province=text("province"),
            year=year,
            period=period,
            unit_type=text("unit_type") or "Xã",
            province_code=text("province_code"),
            cutoff=day("cutoff"),
            resolution_number=text("resolution_number"),
            resolution_date=day("resolution_date"),
            resolution_session=text("resolution_session"),
            issuing_body=text("issuing_body"),
            report_number=text("report_number"),
            report_date=day("report_date"),
            place=text("place"),
            signer_authority=text("signer_authority"),
            signer_title=text("signer_title"),
            signer=text("signer"),
            recipients=tuple(str(line) for line in recipients) if isinstance(recipients, tuple) else (),
        )

    # ---------------------------------------------------------------- indicator sheet

    def find_header(self, sheet: RawSheet, words: _Vocabulary, limit: int = HEADER_SEARCH_ROWS) -> _Header | None:
        """The row, among the first ``limit`` ones, whose cells match most headers (at least two)."""
        by_row: dict[int, list[_Label]] = {}
        for (row, col), raw in sheet.cells.items():
            if row <= limit and (label := _label(col, raw)) is not None:
                by_row.setdefault(row, []).append(label)
        best: tuple[int, dict[str, int], list[tuple[str, int, int]]] | None = None
        for row in sorted(by_row):
            labels = by_row[row]
            if sum(_match_label(label, words) is not None for label in labels) < 2:
                continue
            mapping, duplicates = _map_headers(sorted(labels, key=lambda label: label.col), words)
            if best is None or len(mapping) > len(best[1]):
                best = (row, mapping, duplicates)
        if best is None:
            return None
        row, mapping, duplicates = best
        for key, first, again in duplicates:
            self.warn(
                sheet.name,
                cell_ref(row, again),
                f'cột "{words.header(key)}" có hai lần (ô {cell_ref(row, first)} và ô {cell_ref(row, again)}); '
                f"chương trình đọc cột {column_letter(first)} và bỏ qua cột {column_letter(again)}",
            )
        return _Header(row, mapping)

    def read_indicators(self, raw: RawSheet) -> list[Indicator]:
        # A letterhead, a title and a few lines of notes can push the header further down: looked for
        # there only when the first rows have none, so that the usual place always wins.
        header = self.find_header(raw, _INDICATOR_WORDS) or self.find_header(raw, _INDICATOR_WORDS, _FAR_HEADER_ROWS)
        required = [c for c in INDICATOR_COLUMNS if c.required]
        if header is None:
            self.error(
                raw.name,
                "",
                f"không tìm thấy hàng tiêu đề trong {_FAR_HEADER_ROWS} hàng đầu; "
                f"hàng tiêu đề phải có các cột {_labels(c.header for c in required)} "
                "(xem sổ mẫu: nqreport blank)",
            )
            return []
        suggestions = _suggest_columns(raw, header, self.plan_year)
        missing = [c for c in required if c.key not in header.columns]
        if missing:
            hints = "".join(
                f'; ô {cell_ref(header.row, col)} "{text}" có phải cột "{_INDICATOR_WORDS.header(key)}"? '
                f'Nếu phải, hãy đổi tiêu đề thành đúng "{_INDICATOR_WORDS.header(key)}"'
                for key, (col, text) in suggestions.items()
                if key in {c.key for c in missing}
            )
            self.error(
                raw.name,
                cell_ref(header.row, 1),
                f"hàng tiêu đề (hàng {header.row}) thiếu cột {_labels(c.header for c in missing)}; "
                f"hãy thêm cột có đúng tiêu đề này (xem sổ mẫu: nqreport blank){hints}",
            )
            return []
        for key, (col, text) in suggestions.items():
            standard = _INDICATOR_WORDS.header(key)
            self.warn(
                raw.name,
                cell_ref(header.row, col),
                f'tiêu đề "{text}" không đúng mẫu nên cột {column_letter(col)} KHÔNG được đọc; nếu đây là cột '
                f'"{standard}", hãy đổi tiêu đề thành đúng "{standard}" (nếu là cột riêng, hãy đặt tên khác)',
            )
        sheet = _Sheet.of(raw, below=header.row)
        rows = _IndicatorRows(self, sheet, header, _FieldNames())
        indicators = rows.read()
        if rows.count == 0:
            self.error(
                sheet.name,
                "",
                f"không có chỉ tiêu nào dưới hàng tiêu đề (hàng {header.row}); hãy "
                "nhập mỗi chỉ tiêu của Nghị quyết một dòng",
            )
        return indicators

    # ---------------------------------------------------------------- assessment sheet

    def read_assessments(self, raw: RawSheet, indicators: Sequence[Indicator]) -> list[Assessment]:
        header = self.find_header(raw, _ASSESSMENT_WORDS)
        if header is None or "field" not in header.columns:
            self.warn(
                raw.name,
                "",
                'không tìm thấy hàng tiêu đề có cột "Lĩnh vực" nên trang đánh giá '
                "bị bỏ qua; hàng tiêu đề cần các cột "
                f"{_labels(c.header for c in ASSESSMENT_COLUMNS)}",
            )
            return []
        sheet = _Sheet.of(raw, below=header.row)
        known = {match_key(ind.field): ind.field for ind in indicators}
        result: dict[str, Assessment] = {}
        first_row: dict[str, int] = {}
        field_col = header.columns["field"]
        for row in range(header.row + 1, sheet.raw.max_row + 1):
            texts: dict[str, str] = {}
            for key, col in header.columns.items():
                cell = sheet.get(row, col)
                if cell is not None and cell.stale_formula:
                    self.error(sheet.name, cell_ref(row, col), MSG_STALE_FORMULA)
                    continue
                texts[key] = _lines_of(cell)
            body = {k: v for k, v in texts.items() if k != "field" and v}
            name = texts.get("field", "")
            ref = cell_ref(row, field_col)
            if not body:
                continue
            if not name:
                self.error(
                    sheet.name,
                    ref,
                    "chưa ghi lĩnh vực cho đoạn đánh giá ở hàng này; hãy ghi lĩnh vực, ví dụ Kinh tế",
                )
                continue
            key = match_key(name)
            if key in result:
                self.warn(
                    sheet.name,
                    ref,
                    f'lĩnh vực "{name}" đã có đánh giá ở hàng {first_row[key]}; '
                    "hàng này bị bỏ qua. Hãy gộp hai đoạn vào một hàng",
                )
                continue
            if indicators and key not in known:
                self.warn(
                    sheet.name,
                    ref,
                    f'lĩnh vực "{name}" không có ở trang "{SHEET_INDICATORS}" nên '
                    "đoạn đánh giá này không được đưa vào báo cáo; hãy ghi đúng tên "
                    f'lĩnh vực như ở trang "{SHEET_INDICATORS}"',
                )
            first_row[key] = row
            result[key] = Assessment(
                field=known.get(key, name),
                overview=body.get("overview", ""),
                shortcomings=body.get("shortcomings", ""),
                tasks=body.get("tasks", ""),
            )
        return list(result.values())


#: What the words of a header the reader does not know suggest it was meant to be, first match wins
#: (accent-free, lower case; "{last}" is the year before the plan year). A header that matches a column
#: the sheet already has is an extra column of the official's own and is left alone.
_COLUMN_HINTS: tuple[tuple[str, str], ...] = (
    ("same_period_last_year", r"\bcung ky\b"),
    ("estimate", r"\buoc\b"),
    ("baseline", r"\bnam truoc\b|\bnam {last}\b"),
    ("numerator", r"\btu so\b"),
    ("denominator", r"\bmau so\b"),
    ("target_max", r"\bcan tren\b"),
    ("target", r"\bke hoach\b|\bkh\b|\bnghi quyet\b|\bnq\b|\bmuc tieu\b|\bchi tieu giao\b"),
    ("completed_on", r"\bngay hoan thanh\b"),
    ("result", r"\bthuc hien\b|\bth\b|\bket qua\b"),
    ("unit", r"\bdon vi\b|\bdvt\b"),
    ("kind", r"\bloai\b"),
    ("field", r"\blinh vuc\b|\bnganh\b"),
    ("name", r"\bten\b|\bnoi dung\b"),
    ("deadline", r"\bthoi han\b|\bhan\b"),
    ("manual_status", r"\bdanh gia\b"),
    ("direction", r"\bchieu\b"),
)


#: The same for the labels of the commune sheet (column A).
_ROW_HINTS: tuple[tuple[str, str], ...] = (
    ("province_code", r"\bma tinh\b"),
    ("code", r"^ma\b"),
    ("resolution_session", r"\bky hop\b|\bkhoa\b"),
    ("resolution_date", r"\bthong qua\b|\bngay\b.*\b(nghi quyet|nq)\b"),
    ("cutoff", r"\bso lieu\b|\bden ngay\b|\bchot\b"),
    ("period", r"^ky\b"),
    ("year", r"^nam\b"),
    ("unit_type", r"\bcap\b|\bloai\b"),
    ("name", r"^ten\b"),
    ("province", r"\btinh\b|\bthanh pho\b"),
    ("signer_title", r"\bchuc vu\b"),
    ("signer", r"\bho ten\b|\bnguoi ky\b"),
    ("issuing_body", r"\bco quan\b"),
)


def _suggest_rows(unknown: Sequence[tuple[int, str]], rows: Mapping[str, int]) -> dict[str, tuple[int, str]]:
    """Labels of the commune sheet the reader does not know that name a required row it lacks ("Năm"
    for "Năm kế hoạch"): by key, (row, label)."""
    found: dict[str, tuple[int, str]] = {}
    for row, text in unknown:
        plain = strip_accents(match_key(text)).lower()
        for key, pattern in _ROW_HINTS:
            if re.search(pattern, plain):
                if key not in rows and key not in found:
                    found[key] = (row, text)
                break
    return found


def _suggest_columns(sheet: RawSheet, header: _Header, year: int | None) -> dict[str, tuple[int, str]]:
    """Header cells the reader does not know whose words name a standard column the sheet lacks
    ("Thực hiện 6 tháng" for "Thực hiện kỳ báo cáo"): by column key, (column, header text).

    Such a column is not read (guessing which figures it holds could put last year's results in this
    year's place), but it must not be dropped without a word either.
    """
    known = set(header.columns.values())
    last = str(year - 1) if year is not None else "(?!)"
    found: dict[str, tuple[int, str]] = {}
    for (row, col), cell in sorted(sheet.cells.items(), key=lambda item: item[0][1]):
        if row != header.row or col in known or not isinstance(cell.value, str):
            continue
        text = clean(cell.value)
        plain = strip_accents(match_key(text)).lower()
        for key, pattern in _COLUMN_HINTS:
            if re.search(pattern.replace("{last}", last), plain):
                if key not in header.columns and key not in found:
                    found[key] = (col, text)
                break
    return found


@dataclass(frozen=True)
class _Vocabulary:
    """The headers (or labels) of a set of columns as match keys, computed once."""

    columns: tuple[Column, ...]
    exact: dict[str, Column]
    aliases: dict[str, tuple[Column, ...]]
    shorts: dict[str, tuple[Column, ...]]

    @classmethod
    def of(cls, columns: tuple[Column, ...]) -> _Vocabulary:
        aliases: dict[str, list[Column]] = {}
        shorts: dict[str, list[Column]] = {}
        for column in columns:
            for alias in column.aliases:
                aliases.setdefault(match_key(alias), []).append(column)
            for text in (column.header, *column.aliases):
                if short := _short(text):
                    shorts.setdefault(short, []).append(column)
        return cls(
            columns,
            {match_key(c.header): c for c in columns},
            {k: tuple(v) for k, v in aliases.items()},
            {k: tuple(v) for k, v in shorts.items()},
        )

    def header(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)


def _short(text: str) -> str:
    """A label without its parenthesised hint: "Mã đơn vị hành chính (5 chữ số)" → "mã đơn vị hành chính"."""
    return match_key(text.split("(")[0])


_COMMUNE_WORDS = _Vocabulary.of(COMMUNE_ROWS)
_INDICATOR_WORDS = _Vocabulary.of(INDICATOR_COLUMNS)
_ASSESSMENT_WORDS = _Vocabulary.of(ASSESSMENT_COLUMNS)


@dataclass(frozen=True)
class _Label:
    """A cell's text as match keys."""

    col: int
    key: str
    short: str


def _label(col: int, raw: RawCell) -> _Label | None:
    """Only short texts can be headers or labels (titles, notes and figures are not)."""
    if not isinstance(raw.value, str) or len(raw.value) > 80:
        return None
    text = clean(raw.value)
    key = match_key(text)
    return _Label(col, key, _short(text) if "(" in text else key) if key else None


def _match_label(label: _Label, words: _Vocabulary) -> Column | None:
    found = words.exact.get(label.key)
    if found is not None:
        return found
    for candidates in (words.aliases.get(label.key), words.shorts.get(label.short)):
        if candidates:
            return candidates[0]
    return None


def _map_headers(
    labels: Sequence[_Label], words: _Vocabulary
) -> tuple[dict[str, int], list[tuple[str, int, int]]]:
    """Header cells → column keys: exact headers first, then aliases, then headers without their hint.

    "Chỉ tiêu" is an alias of both the name and the target column: it goes to whichever is still free,
    so a sheet with "Tên chỉ tiêu" and "Chỉ tiêu" reads the second as the target.
    """
    mapping: dict[str, int] = {}
    duplicates: list[tuple[str, int, int]] = []
    pending: list[_Label] = []
    for label in labels:
        exact = words.exact.get(label.key)
        if exact is None:
            pending.append(label)
        elif exact.key in mapping:
            duplicates.append((exact.key, mapping[exact.key], label.col))
        else:
            mapping[exact.key] = label.col
    for by_alias in (True, False):
        still: list[_Label] = []
        for label in pending:
            candidates = words.aliases.get(label.key, ()) if by_alias else words.shorts.get(label.short, ())
            chosen = next((c for c in candidates if c.key not in mapping), None)
            if chosen is None:
                still.append(label)
            else:
                mapping[chosen.key] = label.col
        pending = still
    return mapping, duplicates


class _FieldNames:
    """One spelling per field: the standard one, else the first one typed."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {match_key(f): f for f in STANDARD_FIELDS}

    def canonical(self, text: str) -> str:
        return self.names.setdefault(match_key(text), text)

    def is_field(self, text: str) -> bool:
        return match_key(text) in self.names


class _IndicatorRows:
    """The rows under the header of the indicator sheet."""

    def __init__(self, reader: _WorkbookReader, sheet: _Sheet, header: _Header, fields: _FieldNames) -> None:
        self.reader = reader
        self.sheet = sheet
        self.header = header
        self.fields = fields
        self.count = 0
        self.codes: dict[str, int] = {}
        #: Cells already reported as unreadable: not to be reported again as missing.
        self.reported: set[tuple[int, str]] = set()
        #: The row being read, its cells by key, and their texts (each row's cells are looked at often).
        self.row = 0
        self.cells: dict[str, RawCell | None] = {}
        self.texts: dict[str, str] = {}

    def ref(self, row: int, key: str) -> str:
        col = self.header.columns.get(key)
        return cell_ref(row, col) if col is not None else ""

    def cell(self, row: int, key: str) -> RawCell | None:
        if row != self.row:
            self.row = row
            self.cells = {k: self.sheet.get(row, col) for k, col in self.header.columns.items()}
            self.texts = {}
        return self.cells.get(key)

    def text(self, row: int, key: str) -> str:
        if row != self.row or key not in self.texts:
            raw = self.cell(row, key)
            self.texts[key] = _text_of(raw)
        return self.texts[key]

    def error(self, row: int, key: str, message: str) -> None:
        self.reported.add((row, key))
        self.reader.error(self.sheet.name, self.ref(row, key) or self.ref(row, "name"), message)

    def warn(self, row: int, key: str, message: str) -> None:
        self.reader.warn(self.sheet.name, self.ref(row, key) or self.ref(row, "name"), message)

    def read(self) -> list[Indicator]:
        indicators: list[Indicator] = []
        # Rows with a cell of their own under a header other than STT: blank rows, rows only covered by
        # merges from above and rows only numbered are skipped.
        columns = {col for key, col in self.header.columns.items() if key != "stt"}
        rows = sorted({r for r, c in self.sheet.raw.cells if r > self.header.row and c in columns})
        for row in rows:
            if self.is_heading(row):
                continue
            self.count += 1
            if row in self.sheet.raw.hidden_rows:
                self.warn(
                    row,
                    "name",
                    f"hàng {row} đang bị ẩn nhưng vẫn được đọc và tính vào báo cáo; nếu "
                    "chỉ tiêu này không còn dùng, hãy xóa hàng thay vì ẩn",
                )
            indicator = self.read_row(row)
            if indicator is not None:
                indicators.append(indicator)
        return indicators

    def is_heading(self, row: int) -> bool:
        """A group title such as "I. KINH TẾ": nothing but a number, a field or a name, and no kind.

        Such rows are skipped silently when they look like titles (Roman numeral or letter in STT, a
        field's name, capitals); a row with nothing but a name that does not look like a title is skipped
        with a warning, in case it was an indicator whose kind was forgotten.
        """
        for key in _SUBSTANCE_KEYS:
            raw = self.cell(row, key)
            if raw is not None and (raw.stale_formula or raw.error or self.text(row, key)):
                return False
        stt = self.text(row, "stt")
        name = self.text(row, "name")
        own_field = _text_of(self.sheet.own(row, self.header.columns["field"]))
        title = name or own_field
        bare = _HEADING_PREFIX.sub("", title)
        if (
            _ROMAN.match(stt)
            or _LETTER.match(stt)
            or not name
            or self.fields.is_field(bare)
            or (title.upper() == title and any(ch.isalpha() for ch in title))
            or bare != title
        ):
            return True
        self.warn(
            row,
            "kind",
            f"hàng {row} chỉ có tên, không có loại chỉ tiêu và số liệu nên được coi là "
            "dòng tiêu đề nhóm và bỏ qua; nếu đây là một chỉ tiêu, hãy chọn loại chỉ "
            f"tiêu ở ô {self.ref(row, 'kind')} và điền số liệu",
        )
        return True

    # ---------------------------------------------------------------- one row

    def read_row(self, row: int) -> Indicator | None:
        for key in (
            "name",
            "field",
            "kind",
            "unit",
            "code",
            "direction",
            "manual_status",
            "note",
            "responsible",
        ):
            raw = self.cell(row, key)
            if raw is not None and raw.stale_formula:
                self.error(row, key, MSG_STALE_FORMULA)
        name = self.text(row, "name")
        if not name and (row, "name") not in self.reported:
            self.error(row, "name", "chưa có tên chỉ tiêu; hãy ghi tên như trong Nghị quyết")
        field_text = self.text(row, "field")
        if not field_text and (row, "field") not in self.reported:
            self.error(
                row,
                "field",
                "chưa ghi lĩnh vực; hãy ghi lĩnh vực, ví dụ Kinh tế (nhiều dòng liền "
                "nhau cùng lĩnh vực thì có thể gộp ô cột Lĩnh vực)",
            )
        sane = bool(name and field_text)
        kind = self.kind(row)
        if kind is None:
            sane = False
        code = self.code(row)
        entry = self.reader.catalog.get(code) if code else None
        unit = self.unit(row, code, entry)
        figures = {key: self.figure(row, key, unit, kind) for key in NUMBER_KEYS}
        deadline = self.day(row, "deadline")
        completed_on = self.day(row, "completed_on")
        direction = self.direction(row, kind)
        status = self.status(row, kind)
        if kind is not None:
            self.check(row, kind, name, unit, entry, figures, deadline)
        if not sane or kind is None:
            return None
        return Indicator(
            field=self.fields.canonical(field_text),
            name=name,
            kind=kind,
            unit=unit,
            code=code,
            target=figures["target"],
            target_max=figures["target_max"],
            deadline=deadline,
            direction=direction,
            baseline=figures["baseline"],
            same_period_last_year=figures["same_period_last_year"],
            result=figures["result"],
            estimate=figures["estimate"],
            completed_on=completed_on,
            manual_status=status,
            numerator=figures["numerator"],
            denominator=figures["denominator"],
            note=self.text(row, "note"),
            responsible=self.text(row, "responsible"),
            source=Source(self.reader.label, self.sheet.name, row),
        )

    def kind(self, row: int) -> Kind | None:
        text = self.text(row, "kind")
        if (row, "kind") in self.reported:
            return None
        if not text:
            self.error(
                row, "kind", f"chưa chọn loại chỉ tiêu; hãy chọn một trong: {_labels(KIND_LABELS.values())}"
            )
            return None
        kind = _parse_kind(text)
        if kind is None:
            self.error(
                row,
                "kind",
                f'không hiểu loại chỉ tiêu "{text}"; hãy chọn một trong: {_labels(KIND_LABELS.values())}',
            )
        return kind

    def code(self, row: int) -> str | None:
        text = self.text(row, "code")
        if not text:
            return None
        code = normalize_code(text)
        if code in self.codes:
            first = self.codes[code]
            self.error(
                row,
                "code",
                f"mã chỉ tiêu {code} đã dùng ở hàng {first} (ô "
                f"{self.ref(first, 'code')}); mỗi mã chỉ dùng một lần trong sổ, hãy sửa "
                "mã hoặc để trống một trong hai",
            )
        else:
            self.codes[code] = row
        if code not in self.reader.catalog:
            self.warn(
                row,
                "code",
                f'mã chỉ tiêu "{code}" không có trong danh mục chỉ tiêu; chỉ tiêu vẫn '
                "được đánh giá nhưng không được cộng dồn giữa các xã. Hãy sửa mã theo "
                "danh mục, hoặc để trống",
            )
        return code

    def unit(self, row: int, code: str | None, entry: CatalogEntry | None) -> str:
        unit = self.text(row, "unit")
        if entry is None:
            return unit
        if not unit:
            return entry.unit
        if match_key(unit) != match_key(entry.unit):
            self.warn(
                row,
                "unit",
                f'đơn vị tính "{unit}" khác đơn vị "{entry.unit}" của mã {code} trong '
                "danh mục; số liệu các xã sẽ không cộng được với nhau. Hãy sửa đơn vị "
                "hoặc mã chỉ tiêu",
            )
        return unit

    @staticmethod
    def in_percent(key: str, unit_is_percent: bool, kind: Kind | None) -> bool:
        if key in ("numerator", "denominator"):
            return False
        if key in ("target", "target_max") and kind in KINDS_WITH_PERCENT_TARGET:
            return True
        return unit_is_percent

    def figure(self, row: int, key: str, unit: str, kind: Kind | None) -> Decimal | None:
        raw = self.cell(row, key)
        if raw is None:
            return None
        unusable = _unusable(raw, "hãy sửa công thức hoặc gõ con số")
        if unusable:
            self.error(row, key, unusable)
            return None
        value = raw.value
        in_percent = self.in_percent(key, _is_percent_unit(unit), kind)
        shown_percent = False
        try:
            if isinstance(value, bool):
                raise ParseError("ô chứa giá trị đúng/sai (TRUE/FALSE), không phải con số; hãy gõ con số")
            if isinstance(value, datetime | date):
                raise ParseError(
                    f"ô chứa ngày {value.day}/{value.month}/{value.year}, không phải con số; "
                    "hãy định dạng ô kiểu Số rồi gõ lại con số, ví dụ 1.306 hoặc 2,52"
                )
            if isinstance(value, float | int):
                number = to_decimal(value)
                if raw.percent:
                    number = to_decimal(number * 100)
                    shown_percent = True
            else:
                parsed = parse_number_text(str(value))
                if parsed is None:
                    return None
                number = parsed.value
                shown_percent = parsed.percent
                self.figure_text(row, key, str(value), parsed.unit, parsed.sign, parsed.note, unit, kind)
        except ParseError as exc:
            hint = ""
            if key == "target" and kind is Kind.RANGE:
                hint = (
                    f'. Với loại "{KIND_LABELS[Kind.RANGE]}", ghi cận dưới ở ô '
                    f"{self.ref(row, 'target')} và cận trên ở ô "
                    f"{self.ref(row, 'target_max') or 'cột Cận trên'}."
                )
            self.error(row, key, f"{exc}{hint}")
            return None
        if shown_percent and not in_percent:
            shown = f"{_show(number)}%"
            if not unit:
                self.warn(
                    row,
                    key,
                    f"ô ghi {shown} nhưng cột Đơn vị tính để trống; đã đọc là "
                    f"{_show(number)}. Nếu chỉ tiêu tính bằng %, hãy ghi % ở ô "
                    f"{self.ref(row, 'unit') or 'cột Đơn vị tính'}",
                )
            else:
                self.warn(
                    row,
                    key,
                    f"ô ghi {shown} (phần trăm) nhưng đơn vị tính của chỉ tiêu là "
                    f'"{unit}"; đã đọc là {_show(number)}. Hãy bỏ định dạng/dấu % hoặc sửa '
                    "đơn vị tính",
                )
        return number

    def figure_text(
        self, row: int, key: str, typed: str, stuck: str, sign: str, note: str, unit: str, kind: Kind | None
    ) -> None:
        typed = clean(typed)
        if note:
            self.warn(row, key, note)
        if stuck and match_key(stuck) in _SIGN_TAILS:
            sign, stuck = sign or match_key(stuck), ""
        if stuck:
            if not unit:
                self.warn(
                    row,
                    key,
                    f'ô ghi "{typed}" có đơn vị "{stuck}" nhưng cột Đơn vị tính để '
                    f'trống; hãy ghi "{stuck}" ở ô '
                    f"{self.ref(row, 'unit') or 'cột Đơn vị tính'} và chỉ gõ con số ở ô này",
                )
            elif match_key(stuck) != match_key(unit):
                self.warn(
                    row,
                    key,
                    f'ô ghi "{typed}": đơn vị "{stuck}" khác đơn vị tính "{unit}" của '
                    "chỉ tiêu; chương trình chỉ đọc con số. Hãy kiểm tra lại và chỉ gõ con "
                    "số ở ô này",
                )
        if not sign:
            return
        if key not in ("target", "target_max"):
            self.warn(
                row,
                key,
                f'ô ghi "{typed}" có dấu so sánh; dấu so sánh chỉ dùng ở cột chỉ tiêu, ở '
                "đây chỉ đọc con số. Hãy chỉ gõ con số",
            )
            return
        agreeing = _SIGN_KINDS.get(match_key(sign))
        if kind is not None and agreeing is not None and kind not in agreeing:
            self.warn(
                row,
                key,
                f'ô ghi "{typed}" nhưng loại chỉ tiêu là "{KIND_LABELS[kind]}"; chỉ tiêu '
                "được đánh giá theo loại chỉ tiêu. Hãy kiểm tra lại loại chỉ tiêu hoặc bỏ "
                "dấu so sánh",
            )

    def day(self, row: int, key: str) -> date | None:
        raw = self.cell(row, key)
        if raw is None:
            return None
        value = self.reader.date_value(self.sheet.name, self.ref(row, key), raw)
        if value is None and (raw.stale_formula or raw.error or _text_of(raw)):
            self.reported.add((row, key))
        return value

    def missing(self, row: int, key: str, value: object) -> bool:
        """Blank (not typed, or typed as "-" or "x"), as opposed to typed but unreadable."""
        return value is None and (row, key) not in self.reported

    def direction(self, row: int, kind: Kind | None) -> Direction | None:
        text = self.text(row, "direction")
        if not text:
            return None
        direction = _parse_direction(text)
        if direction is None:
            self.error(
                row,
                "direction",
                f'không hiểu chiều đánh giá "{text}"; hãy chọn '
                f"{_labels(DIRECTION_LABELS.values())} hoặc để trống",
            )
            return None
        implied = KIND_DIRECTION.get(kind) if kind is not None else None
        if implied is not None and implied is not direction and kind is not None:
            self.warn(
                row,
                "direction",
                f'chiều đánh giá "{DIRECTION_LABELS[direction]}" ngược với loại '
                f'chỉ tiêu "{KIND_LABELS[kind]}"; chỉ tiêu được đánh giá theo loại '
                "chỉ tiêu. Hãy để trống ô này hoặc sửa loại chỉ tiêu",
            )
        return direction

    def status(self, row: int, kind: Kind | None) -> Status | None:
        text = self.text(row, "manual_status")
        choices = _labels(STATUS_LABELS[s] for s in MANUAL_STATUSES)
        if not text:
            if kind is Kind.QUALITATIVE:
                self.warn(
                    row,
                    "manual_status",
                    "chỉ tiêu định tính chưa có tự đánh giá; báo cáo sẽ ghi "
                    f'"{STATUS_LABELS[Status.NO_DATA]}". Hãy chọn một trong: '
                    f"{choices}",
                )
            return None
        status = _parse_status(text)
        if status is None or (status not in MANUAL_STATUSES and status is not Status.NO_DATA):
            self.error(
                row, "manual_status", f'không hiểu tự đánh giá "{text}"; hãy chọn một trong: {choices}'
            )
            return None
        if kind is not None and kind is not Kind.QUALITATIVE:
            self.warn(
                row,
                "manual_status",
                'cột "Tự đánh giá" chỉ dùng cho chỉ tiêu định tính; chỉ tiêu '
                "này được đánh giá tự động theo số liệu nên ô này bị bỏ qua",
            )
            return None
        return None if status is Status.NO_DATA else status

    # ---------------------------------------------------------------- checks across a row

    def check(
        self,
        row: int,
        kind: Kind,
        name: str,
        unit: str,
        entry: CatalogEntry | None,
        figures: dict[str, Decimal | None],
        deadline: date | None,
    ) -> None:
        label = KIND_LABELS[kind]
        target, target_max = figures["target"], figures["target_max"]
        if kind not in _KINDS_TARGET_OPTIONAL and self.missing(row, "target", target):
            where = self.ref(row, "target")
            self.error(
                row,
                "target",
                f'chưa có chỉ tiêu kế hoạch cho loại "{label}"; hãy gõ con số Nghị '
                "quyết giao" + (f" vào ô {where}" if where else ' (thêm cột "Chỉ tiêu kế hoạch")'),
            )
        if kind is Kind.RANGE:
            if self.missing(row, "target_max", target_max):
                self.error(
                    row,
                    "target_max",
                    f'loại "{label}" cần cận trên; ví dụ chỉ tiêu 10-10,5%: ghi '
                    "10 ở cột Chỉ tiêu kế hoạch và 10,5 ở cột Cận trên",
                )
            elif target is not None and target_max is not None and target_max < target:
                self.error(
                    row,
                    "target_max",
                    f"cận trên {_show(target_max)} nhỏ hơn chỉ tiêu (cận dưới) "
                    f"{_show(target)}; hãy đổi chỗ hai số",
                )
        if kind is Kind.DEADLINE and self.missing(row, "deadline", deadline):
            self.error(row, "deadline", f'loại "{label}" cần hạn hoàn thành, ví dụ 15/7/2026')
        if kind in KINDS_NEEDING_BASELINE and self.missing(row, "baseline", figures["baseline"]):
            self.warn(
                row,
                "baseline",
                f'loại "{label}" cần số "Thực hiện năm trước" để đánh giá; khi để '
                "trống, chỉ tiêu được đánh giá là "
                f'"{STATUS_LABELS[Status.NO_DATA]}". Hãy điền kết quả năm trước',
            )
        if (
            kind is Kind.MAINTAIN
            and self.missing(row, "target", target)
            and self.missing(row, "baseline", figures["baseline"])
        ):
            self.warn(
                row,
                "target",
                f'loại "{label}" so với chỉ tiêu, hoặc với "Thực hiện năm trước" khi để trống chỉ tiêu; '
                f'cả hai đang trống nên chỉ tiêu được đánh giá là "{STATUS_LABELS[Status.NO_DATA]}". '
                "Hãy điền một trong hai",
            )
        if (
            kind not in (Kind.DEADLINE, Kind.QUALITATIVE)
            and self.missing(row, "result", figures["result"])
            and self.missing(row, "estimate", figures["estimate"])
        ):
            self.warn(
                row,
                "result",
                f'chưa có số liệu thực hiện hay ước cả năm; báo cáo sẽ ghi "{STATUS_LABELS[Status.NO_DATA]}"',
            )
        self.check_ranges(row, kind, name, unit, entry, figures)

    def check_ranges(
        self,
        row: int,
        kind: Kind,
        name: str,
        unit: str,
        entry: CatalogEntry | None,
        figures: dict[str, Decimal | None],
    ) -> None:
        name_key = match_key(name)
        is_rate = _is_percent_unit(unit) and (
            entry.aggregation is Aggregation.RATIO
            if entry is not None
            else "tỷ lệ" in name_key and not any(w in name_key for w in _NOT_A_RATE)
        )
        if is_rate:
            keys = list(_LEVEL_KEYS)
            if kind not in KINDS_WITH_PERCENT_TARGET:
                keys = ["target", "target_max", *keys]
            for key in keys:
                value = figures[key]
                if value is not None and value > 100:
                    self.warn(
                        row,
                        key,
                        f"{_show(value)}% lớn hơn 100% trong khi chỉ tiêu là một tỷ lệ; hãy "
                        "kiểm tra lại con số (ô định dạng % thì gõ 95%, ô thường thì gõ 95)",
                    )
        if not any(w in name_key for w in _NEGATIVE_OK):
            for key in NUMBER_KEYS:
                value = figures[key]
                if value is not None and value < 0:
                    self.warn(
                        row,
                        key,
                        f"số âm ({_show(value)}) không hợp lý với chỉ tiêu này; hãy kiểm tra dấu trừ",
                    )
        numerator, denominator = figures["numerator"], figures["denominator"]
        if numerator is not None and denominator is not None:
            if denominator == 0:
                self.warn(row, "denominator", "mẫu số bằng 0 nên không tính được tỷ lệ; hãy kiểm tra lại")
            elif numerator > denominator:
                self.warn(
                    row,
                    "numerator",
                    f"tử số {_show(numerator)} lớn hơn mẫu số {_show(denominator)} "
                    f"(ô {self.ref(row, 'denominator')}); tỷ lệ không thể quá 100%, "
                    "hãy kiểm tra lại",
                )
        elif (numerator is None) != (denominator is None):
            present, absent = (
                ("numerator", "denominator") if numerator is not None else ("denominator", "numerator")
            )
            labels = {"numerator": "tử số", "denominator": "mẫu số"}
            self.warn(
                row,
                present,
                f"có {labels[present]} nhưng thiếu {labels[absent]} (ô "
                f"{self.ref(row, absent)}); tỷ lệ chung của các xã chỉ tính được khi có "
                "cả hai",
            )
