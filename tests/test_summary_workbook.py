"""The summary workbook: matrix with status colours, every indicator with autofilter and frozen panes,
the native chart of percent met per commune, catalog totals, skipped workbooks, stable bytes."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from build_helpers import KT, QA, XH, D, commune_data, indicator, two_communes
from nqreport.aggregate import CommuneReport, StatusCounts, evaluate_commune
from nqreport.config.catalog import load_catalog
from nqreport.config.settings import EvalSettings
from nqreport.render.workbook import (
    SHEET_CHART,
    SHEET_INDICATORS,
    SHEET_MATRIX,
    SHEET_SKIPPED,
    SHEET_TOTALS,
    summary_workbook_bytes,
)
from nqreport.schema import Kind, Status

RED, GREEN, DARK_GREEN, GREY, AMBER = "FFFFC7CE", "FFC6EFCE", "FFA9D08E", "FFD9D9D9", "FFFFEB9C"


def _reports() -> list[CommuneReport]:
    return [evaluate_commune(data) for data in two_communes()]


def _book(reports: list[CommuneReport], skipped: Sequence[tuple[str, str]] = (),
          settings: EvalSettings = EvalSettings()) -> bytes:  # noqa: B008 - frozen
    return summary_workbook_bytes(reports, load_catalog(), skipped, settings)


@pytest.fixture(scope="module")
def book_bytes() -> bytes:
    return _book(_reports(), [("inputs/hong.xlsx", "2 lỗi")])


@pytest.fixture(scope="module")
def book(book_bytes: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(book_bytes))


def _fill(cell: object) -> str:
    return str(cell.fill.fgColor.rgb)  # type: ignore[attr-defined]


def test_sheets(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [SHEET_MATRIX, SHEET_CHART, SHEET_INDICATORS, SHEET_TOTALS, SHEET_SKIPPED]


def test_matrix_cells_counts_and_colours(book: openpyxl.Workbook) -> None:
    ws = book[SHEET_MATRIX]
    header = [c.value for c in ws[4]]
    assert header == ["STT", "Mã xã", "Tên xã", "Tỉnh", KT, XH, QA, "Tổng số chỉ tiêu", "Đạt và vượt",
                      "Trong đó vượt", "Không đạt", "Đang thực hiện", "Chưa có số liệu", "Tỷ lệ đạt và vượt"]
    qk = [c.value for c in ws[5]]
    bm = [c.value for c in ws[6]]
    # Quốc Khánh: Kinh tế 1420 > 1306 exceeded, 150 < 200 not met; Văn hóa: 50 = 50 met.
    assert qk[:13] == [1, "06004", "Quốc Khánh", "Lạng Sơn", "1/2", "1/1", None, 3, 2, 1, 1, 0, 0]
    # Bằng Mạc: both Kinh tế exceeded; the qualitative one has no status typed: no data.
    assert bm[:13] == [2, "06475", "Bằng Mạc", "Lạng Sơn", "2/2", None, "0/1", 3, 2, 2, 0, 0, 1]
    assert qk[13] == pytest.approx(2 / 3) and bm[13] == pytest.approx(2 / 3)
    assert ws["N5"].number_format == "0.0%"
    assert _fill(ws["E5"]) == RED  # one not met among two: the worst shows
    assert _fill(ws["F5"]) == GREEN
    assert _fill(ws["E6"]) == DARK_GREEN  # all exceeded
    assert _fill(ws["G6"]) == GREY  # no data
    assert ws["F6"].fill.fill_type is None
    total = [c.value for c in ws[7]]
    assert total[2:13] == ["Tổng cộng", None, "3/4", "1/1", "0/1", 6, 4, 3, 1, 0, 1]
    assert total[13] == pytest.approx(4 / 6)
    assert _fill(ws["E7"]) == RED


def test_matrix_frozen_and_filtered(book: openpyxl.Workbook) -> None:
    ws = book[SHEET_MATRIX]
    assert ws.freeze_panes == "D5"
    assert ws.auto_filter.ref == "A4:N6"


def test_indicator_sheet(book: openpyxl.Workbook) -> None:
    ws = book[SHEET_INDICATORS]
    assert ws.freeze_panes == "D2"
    assert ws.auto_filter.ref == "A1:U7"
    assert ws.max_row == 7  # header + 6 indicators
    first = {ws.cell(1, col).value: ws.cell(2, col) for col in range(1, ws.max_column + 1)}
    assert first["Mã xã"].value == "06004"
    assert first["Tên chỉ tiêu"].value == "Thu ngân sách"
    assert first["Kế hoạch"].value == 1306
    assert first["Thực hiện kỳ báo cáo"].value == 1420
    assert first["% kế hoạch"].value == pytest.approx(1420 / 1306)
    assert first["% kế hoạch"].number_format == "0.0%"
    assert first["Đánh giá"].value == "Vượt"
    assert _fill(first["Đánh giá"]) == DARK_GREEN
    assert first["Tệp"].value == "inputs/x.xlsx" and first["Dòng"].value == 4
    statuses = [ws.cell(r, 18).value for r in range(2, 8)]
    assert statuses == ["Vượt", "Không đạt", "Đạt", "Vượt", "Vượt", "Chưa có số liệu"]
    assert _fill(ws.cell(3, 18)) == RED


def test_native_chart_of_percent_met(book_bytes: bytes, book: openpyxl.Workbook) -> None:
    ws = book[SHEET_CHART]
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["Quốc Khánh (06004)", "Bằng Mạc (06475)"]
    assert ws["B2"].value == pytest.approx(2 / 3)
    with zipfile.ZipFile(io.BytesIO(book_bytes)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert charts == ["xl/charts/chart1.xml"]
        xml = archive.read(charts[0]).decode("utf-8")
    assert "<c:barChart>" in xml
    assert "'Biểu đồ'!$B$2:$B$3" in xml and "'Biểu đồ'!$A$2:$A$3" in xml


def test_catalog_totals_sheet(book: openpyxl.Workbook) -> None:
    ws = book[SHEET_TOTALS]
    rows = {ws.cell(r, 1).value: [c.value for c in ws[r]] for r in range(2, ws.max_row + 1)}
    # A year report: the results column is "Thực hiện", the estimates (none given here) a column apart.
    assert [c.value for c in ws[1]][5:8] == ["Thực hiện", "Ước cả năm", "Tổng kế hoạch"]
    # KT01 sums: 1420 + 1000 = 2420 against 1306 + 900 = 2206; KT05: 150 + 120 = 270 against 300.
    assert rows["KT01"][5:8] == [2420, None, 2206]
    assert rows["KT05"][5:8] == [270, None, 300]
    assert rows["KT01"][10:13] == ["Vượt", "thực hiện", 2]
    assert rows["KT01"][15:17] == ["2.206", ""]  # the plan as written; nothing to explain
    assert ws.freeze_panes == "C2"


def test_a_recomputed_rate_shows_one_decimal() -> None:
    water = [indicator(XH, "Nước sạch", target="44", result="45", unit="%", code="XH02", numerator=D(8896),
                       denominator=D(19900))]
    reports = [evaluate_commune(commune_data("06004", "Quốc Khánh", water))]
    ws = openpyxl.load_workbook(io.BytesIO(_book(reports)))[SHEET_TOTALS]
    assert ws["F2"].value == pytest.approx(8896 / 19900 * 100)  # 44,7035…: the cell keeps it all
    assert (ws["F2"].number_format, ws["H2"].number_format) == ("0.0", "0.0")
    assert ws["G2"].value is None  # a rate has no estimate for the year

    # 22.499 / 25.000 = 89,996% against 90%: "90.0" would stand next to Không đạt
    water = [indicator(XH, "Nước sạch", target="90", result="90", unit="%", code="XH02", numerator=D(22499),
                       denominator=D(25000))]
    reports = [evaluate_commune(commune_data("06004", "Quốc Khánh", water))]
    ws = openpyxl.load_workbook(io.BytesIO(_book(reports)))[SHEET_TOTALS]
    assert (ws["F2"].number_format, ws["K2"].value) == ("0.000", "Không đạt")
    assert ws["P2"].value == "90"  # the weighted target: a whole number needs no decimals


def test_percentages_follow_the_percent_places_setting() -> None:
    raw = _book(_reports(), settings=EvalSettings(percent_places=2))
    book = openpyxl.load_workbook(io.BytesIO(raw))
    # 1420 / 1306 = 108,73%: "% kế hoạch" of the indicator sheet with two decimals
    assert book[SHEET_INDICATORS]["Q2"].number_format == "0.00%"


def test_totals_no_commune_contributes_to_are_listed_under_the_table() -> None:
    poor = indicator(XH, "Tỷ lệ hộ nghèo", Kind.AT_MOST, "5", "4", unit="%", code="XH07")  # no parts
    forest = indicator(KT, "Trồng rừng", target="200", result="150", unit="ha", code="KT05")
    reports = [evaluate_commune(commune_data("06004", "Quốc Khánh", [forest, poor]))]
    ws = openpyxl.load_workbook(io.BytesIO(_book(reports)))[SHEET_TOTALS]
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == ["KT05", None, None, "XH07"]
    assert ws.auto_filter.ref == "A1:Q2"  # the table is KT05 alone
    assert ws["B4"].value == "Chưa tổng hợp được (chưa xã nào đủ số liệu):"
    assert [c.value for c in ws[5]][:5] == ["XH07", "Tỷ lệ hộ nghèo", "%", "Văn hóa - Xã hội",
                                            "Các xã chưa nhập tử số, mẫu số: xã Quốc Khánh"]


def test_skipped_sheet(book: openpyxl.Workbook) -> None:
    ws = book[SHEET_SKIPPED]
    assert [c.value for c in ws[2]] == ["inputs/hong.xlsx", "2 lỗi"]


def test_no_skipped_sheet_when_nothing_skipped() -> None:
    book = openpyxl.load_workbook(io.BytesIO(_book(_reports())))
    assert SHEET_SKIPPED not in book.sheetnames


def test_same_inputs_same_bytes_with_a_fixed_date(book_bytes: bytes) -> None:
    again = _book(_reports(), [("inputs/hong.xlsx", "2 lỗi")])
    assert again == book_bytes
    with zipfile.ZipFile(io.BytesIO(book_bytes)) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
        stamps = {info.date_time for info in archive.infolist()}
    # The latest cut-off date of the communes (15/12/2026), not the clock.
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]+)<", core) == ["2026-12-15T00:00:00Z"] * 2
    assert stamps == {(1980, 1, 1, 0, 0, 0)}


def test_text_that_looks_like_a_formula_stays_text() -> None:
    data = commune_data("06004", "=HYPERLINK(\"http://x\")", [indicator(KT, "=1+1", target="1", result="1")])
    raw = _book([evaluate_commune(data)])
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in xml for xml in sheets)
    ws = openpyxl.load_workbook(io.BytesIO(raw))[SHEET_INDICATORS]
    assert ws["F2"].value == "=1+1" and ws["F2"].data_type == "s"


@pytest.mark.parametrize(("counts", "expected"), [
    (StatusCounts(), None),
    (StatusCounts(exceeded=2), Status.EXCEEDED),
    (StatusCounts(exceeded=1, met=1), Status.MET),
    (StatusCounts(met=3, in_progress=1), Status.IN_PROGRESS),
    (StatusCounts(met=3, in_progress=1, no_data=1), Status.NO_DATA),
    (StatusCounts(exceeded=5, no_data=1, not_met=1), Status.NOT_MET),
])
def test_cell_status_shows_the_worst(counts: StatusCounts, expected: Status | None) -> None:
    assert counts.worst() == expected


def test_empty_cross_commune_still_writes_a_workbook() -> None:
    raw = _book([])
    book = openpyxl.load_workbook(io.BytesIO(raw))
    assert book[SHEET_MATRIX]["C5"].value == "Tổng cộng"


def test_written_file_opens(tmp_path: Path) -> None:
    path = tmp_path / "tong-hop.xlsx"
    path.write_bytes(_book(_reports()))
    assert openpyxl.load_workbook(path).sheetnames[0] == SHEET_MATRIX


def test_an_in_year_totals_sheet_keeps_the_period_and_the_year_apart() -> None:
    from test_context import six_months_reports

    ws = openpyxl.load_workbook(io.BytesIO(_book(six_months_reports())))[SHEET_TOTALS]
    assert [c.value for c in ws[1]][5:13] == ["Thực hiện kỳ báo cáo", "Ước cả năm", "Tổng kế hoạch", "Tổng tử số",
                                              "Tổng mẫu số", "Đánh giá", "Đánh giá trên", "Số xã có số liệu"]
    budget, water = ([c.value for c in ws[r]] for r in (2, 3))
    # KT01: 702 + 1.240 = 1.942 for the period, 1.420 + 2.430 = 3.850 for the year (judged, against 3.506)
    assert budget[5:13] == [1942, 3850, 3506, None, None, "Vượt", "ước cả năm", 2]
    assert budget[16] == ""  # the judged figure has its column; no commune left out
    # XH02: 700 / 1000 for the period; no estimate
    assert water[5:13] == [70, None, 80, 700, 1000, "Đang thực hiện", "thực hiện", 2]
