"""Whatever the cells hold, or whatever bytes the file holds, reading gives problems, never a traceback."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nqreport.config.catalog import load_catalog
from nqreport.read.grid import CellRange, RawBook, RawCell, RawSheet
from nqreport.read.workbook import read_book
from nqreport.schema import (
    COMMUNE_ROWS,
    INDICATOR_COLUMNS,
    INDICATOR_HEADER_ROW,
    KIND_LABELS,
    SHEET_COMMUNE,
    SHEET_INDICATORS,
    STATUS_LABELS,
)
from nqreport.validate import check_read
from nqreport.validate import validate_workbook as read_workbook
from wbfactory import COMMUNE, COMMUNE_ROW, Book, write

CATALOG = load_catalog()
A1 = re.compile(r"^([A-Z]{1,3})([0-9]+)$")

TYPED = st.sampled_from(
    [
        "1.306",
        "2,52",
        "1.973.949",
        "57,96",
        "200ha",
        "95%",
        "≥ 90",
        "trên 90%",
        "x",
        "-",
        "'06004",
        "\u00a012\u00a0",
        "1,234.5",
        "10-10,5",
        "abc",
        "15/7/2026",
        "31/2/2026",
        "KT01",
        "kt05",
        "ZZ99",
        "%",
        "ha",
        "Càng cao càng tốt",
        *KIND_LABELS.values(),
        *STATUS_LABELS.values(),
    ]
)
VALUES = st.one_of(
    st.none(),
    TYPED,
    st.text(max_size=15),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1)),
)
CELLS = st.builds(
    RawCell,
    value=VALUES,
    percent=st.booleans(),
    stale_formula=st.sampled_from([False, False, False, True]),
    error=st.sampled_from(["", "", "", "#DIV/0!"]),
)


def commune_sheet() -> RawSheet:
    cells = {}
    for column in COMMUNE_ROWS:
        cells[(COMMUNE_ROW[column.key], 1)] = RawCell(column.header)
        if COMMUNE.get(column.key) is not None:
            cells[(COMMUNE_ROW[column.key], 2)] = RawCell(COMMUNE[column.key])  # type: ignore[arg-type]
    return RawSheet(SHEET_COMMUNE, cells)


@st.composite
def indicator_sheets(draw: st.DrawFn) -> RawSheet:
    header = INDICATOR_HEADER_ROW
    cells: dict[tuple[int, int], RawCell] = {
        (header, col): RawCell(c.header) for col, c in enumerate(INDICATOR_COLUMNS, start=1)
    }
    rows = draw(st.integers(min_value=0, max_value=5))
    for r in range(header + 1, header + 1 + rows):
        for col in range(1, len(INDICATOR_COLUMNS) + 3):
            cell = draw(st.one_of(st.none(), CELLS))
            if cell is not None:
                cells[(r, col)] = cell
    merged = draw(
        st.lists(
            st.builds(
                lambda r, c, h, w: CellRange(r, c, r + h, c + w),
                st.integers(header, header + 6),
                st.integers(1, 22),
                st.integers(0, 3),
                st.integers(0, 2),
            ),
            max_size=3,
        )
    )
    hidden = draw(st.frozensets(st.integers(1, header + 6), max_size=3))
    return RawSheet(SHEET_INDICATORS, cells, tuple(merged), hidden)


def column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


@settings(max_examples=60, deadline=None)
@given(indicator_sheets())
def test_any_cells_give_problems_not_exceptions(sheet: RawSheet) -> None:
    sheets = {SHEET_COMMUNE: commune_sheet(), SHEET_INDICATORS: sheet}
    book = RawBook("xlsx", (SHEET_COMMUNE, SHEET_INDICATORS), sheets)
    result = check_read(read_book(book, CATALOG, label="x.xlsx", path="x.xlsx"), CATALOG, None)
    assert result.data is not None  # the commune sheet is valid
    for problem in result.problems:
        assert problem.file == "x.xlsx"
        assert problem.sheet == SHEET_INDICATORS
        assert problem.message.strip() == problem.message != ""
        if problem.cell:
            match = A1.match(problem.cell)
            assert match, problem
            assert int(match.group(2)) > INDICATOR_HEADER_ROW
            # right of the standard columns only a text's control characters are told (the columns are found
            # by their headers, so a table with extra columns reads there too)
            assert column_number(match.group(1)) <= len(INDICATOR_COLUMNS) or "ký tự điều khiển" in problem.message
    for ind in result.data.indicators:
        for figure in (
            ind.target,
            ind.target_max,
            ind.baseline,
            ind.same_period_last_year,
            ind.result,
            ind.estimate,
            ind.numerator,
            ind.denominator,
        ):
            assert figure is None or isinstance(figure, Decimal)
        assert ind.name and ind.field


PREFIXES = st.sampled_from(
    [b"", b"PK\x03\x04", b"PK\x05\x06", bytes.fromhex("D0CF11E0A1B11AE1"), b"<?xml", b"<html"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=PREFIXES, body=st.binary(max_size=3000))
def test_any_bytes_give_one_problem(tmp_path: Path, prefix: bytes, body: bytes) -> None:
    path = tmp_path / "ngau-nhien.xlsx"
    path.write_bytes(prefix + body)
    result = read_workbook(path, CATALOG)
    assert result.data is None
    assert len(result.problems) == 1
    assert (result.problems[0].sheet, result.problems[0].cell) == ("", "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=10_000), flip=st.integers(min_value=0, max_value=10_000))
def test_damaged_real_workbooks_never_raise(tmp_path: Path, cut: int, flip: int) -> None:
    source = tmp_path / "good.xlsx"
    if not source.exists():
        write(tmp_path, Book(), name="good")
    data = bytearray(source.read_bytes())
    data[flip % len(data)] ^= 0xFF
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data[: max(1, len(data) - cut % len(data))]))
    result = read_workbook(path, CATALOG)
    assert all(p.message for p in result.problems)
    if result.data is None:
        assert result.problems
    assert zipfile.is_zipfile(source)
