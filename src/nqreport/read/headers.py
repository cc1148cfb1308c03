"""Finding a sheet's header row and its columns by their headers, and what an unknown header was meant to be.

Columns are recognised by their headers, not their place: exact headers first, then aliases, then headers
without their hint in brackets. A header the reader does not know is matched against what its words
suggest, so that a renamed column ("Thực hiện 6 tháng") is pointed at instead of dropped without a word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nqreport.read.cells import Reading
from nqreport.read.grid import RawCell, RawSheet, cell_column, cell_ref, column_letter
from nqreport.schema import ASSESSMENT_COLUMNS, COMMUNE_ROWS, HEADER_SEARCH_ROWS, INDICATOR_COLUMNS, Column
from nqreport.text import clean, match_key, strip_accents

#: How far down the indicator sheet's header row is looked for when it is not among the first rows.
FAR_HEADER_ROWS = 60


@dataclass
class Header:
    """A header row and the column of each standard key found in it."""

    row: int
    columns: dict[str, int]

    def refs(self, row: int) -> tuple[tuple[str, str], ...]:
        """Column key → the A1 reference of its cell in ``row``."""
        return tuple((key, f"{cell_column(col)}{row}") for key, col in self.columns.items())


def find_header(reading: Reading, sheet: RawSheet, words: Vocabulary, limit: int = HEADER_SEARCH_ROWS) -> Header | None:
    """The row, among the first ``limit`` ones, whose cells match most headers (at least two)."""
    by_row: dict[int, list[Label]] = {}
    for (row, col), raw in sheet.cells.items():
        if row <= limit and (label := label_of(col, raw)) is not None:
            by_row.setdefault(row, []).append(label)
    best: tuple[int, dict[str, int], list[tuple[str, int, int]]] | None = None
    for row in sorted(by_row):
        labels = by_row[row]
        if sum(match_label(label, words) is not None for label in labels) < 2:
            continue
        mapping, duplicates = map_headers(sorted(labels, key=lambda label: label.col), words)
        if best is None or len(mapping) > len(best[1]):
            best = (row, mapping, duplicates)
    if best is None:
        return None
    row, mapping, duplicates = best
    for key, first, again in duplicates:
        reading.warn(sheet.name, cell_ref(row, again),
                     f'cột "{words.header(key)}" có hai lần (ô {cell_ref(row, first)} và ô {cell_ref(row, again)}); '
                     f"chương trình đọc cột {column_letter(first)} và bỏ qua cột {column_letter(again)}")
    return Header(row, mapping)


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


def suggest_rows(unknown: Sequence[tuple[int, str]], rows: Mapping[str, int]) -> dict[str, tuple[int, str]]:
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


def suggest_columns(sheet: RawSheet, header: Header, year: int | None) -> dict[str, tuple[int, str]]:
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
class Vocabulary:
    """The headers (or labels) of a set of columns as match keys, computed once."""

    columns: tuple[Column, ...]
    exact: dict[str, Column]
    aliases: dict[str, tuple[Column, ...]]
    shorts: dict[str, tuple[Column, ...]]

    @classmethod
    def of(cls, columns: tuple[Column, ...]) -> Vocabulary:
        aliases: dict[str, list[Column]] = {}
        shorts: dict[str, list[Column]] = {}
        for column in columns:
            for alias in column.aliases:
                aliases.setdefault(match_key(alias), []).append(column)
            for text in (column.header, *column.aliases):
                if short := short_label(text):
                    shorts.setdefault(short, []).append(column)
        return cls(columns, {match_key(c.header): c for c in columns},
                   {k: tuple(v) for k, v in aliases.items()}, {k: tuple(v) for k, v in shorts.items()})

    def header(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)


def short_label(text: str) -> str:
    """A label without its parenthesised hint: "Mã đơn vị hành chính (5 chữ số)" → "mã đơn vị hành chính"."""
    return match_key(text.split("(")[0])


COMMUNE_WORDS = Vocabulary.of(COMMUNE_ROWS)
INDICATOR_WORDS = Vocabulary.of(INDICATOR_COLUMNS)
ASSESSMENT_WORDS = Vocabulary.of(ASSESSMENT_COLUMNS)


@dataclass(frozen=True)
class Label:
    """A cell's text as match keys."""

    col: int
    key: str
    short: str


def label_of(col: int, raw: RawCell) -> Label | None:
    """Only short texts can be headers or labels (titles, notes and figures are not)."""
    if not isinstance(raw.value, str) or len(raw.value) > 80:
        return None
    text = clean(raw.value)
    key = match_key(text)
    return Label(col, key, short_label(text) if "(" in text else key) if key else None


def match_label(label: Label, words: Vocabulary) -> Column | None:
    found = words.exact.get(label.key)
    if found is not None:
        return found
    for candidates in (words.aliases.get(label.key), words.shorts.get(label.short)):
        if candidates:
            return candidates[0]
    return None


def map_headers(
    labels: Sequence[Label], words: Vocabulary
) -> tuple[dict[str, int], list[tuple[str, int, int]]]:
    """Header cells → column keys: exact headers first, then aliases, then headers without their hint.

    "Chỉ tiêu" is an alias of both the name and the target column: it goes to whichever is still free,
    so a sheet with "Tên chỉ tiêu" and "Chỉ tiêu" reads the second as the target.
    """
    mapping: dict[str, int] = {}
    duplicates: list[tuple[str, int, int]] = []
    pending: list[Label] = []
    for label in labels:
        exact = words.exact.get(label.key)
        if exact is None:
            pending.append(label)
        elif exact.key in mapping:
            duplicates.append((exact.key, mapping[exact.key], label.col))
        else:
            mapping[exact.key] = label.col
    for by_alias in (True, False):
        still: list[Label] = []
        for label in pending:
            candidates = words.aliases.get(label.key, ()) if by_alias else words.shorts.get(label.short, ())
            chosen = next((c for c in candidates if c.key not in mapping), None)
            if chosen is None:
                still.append(label)
            else:
                mapping[chosen.key] = label.col
        pending = still
    return mapping, duplicates


