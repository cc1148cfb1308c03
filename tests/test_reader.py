"""Reading what officials really type (issue 2, item 6), in each format the reader accepts.

Every workbook is written by the test (tests/wbfactory.py). Cell references in expected messages follow
the default layout documented there (header in row 3, first indicator in row 4, G = target, M = result…).
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from nqreport.config.catalog import Catalog, load_catalog
from nqreport.errors import Severity
from nqreport.model import Indicator, ReadResult
from nqreport.schema import SHEET_ASSESSMENT, SHEET_COMMUNE, SHEET_INDICATORS, Kind, Period, Status
from nqreport.validate import validate_workbook as read_workbook
from nqreport.validate import validate_workbooks as read_workbooks
from wbfactory import (
    COMMUNE,
    Book,
    Fmt,
    Formula,
    Pct,
    row,
    write,
    write_xlsx,
    write_xlsxwriter,
)

FORMATS = ("xlsx", "xls", "ods")
STALE = "ô có công thức nhưng chưa có kết quả tính: hãy mở tệp bằng Excel/LibreOffice, lưu lại rồi chạy lại"
HIDDEN_5 = (
    "hàng 5 đang bị ẩn nhưng vẫn được đọc và tính vào báo cáo; nếu chỉ tiêu này không còn dùng, hãy "
    "xóa hàng thay vì ẩn"
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def read(tmp_path: Path, book: Book, catalog: Catalog, fmt: str = "xlsx") -> ReadResult:
    return read_workbook(write(tmp_path, book, fmt), catalog)


def messages(result: ReadResult) -> list[tuple[str, str, str, str]]:
    return [(p.sheet, p.cell, p.severity.value, p.message) for p in result.problems]


def one(result: ReadResult, name: str) -> Indicator:
    assert result.data is not None, messages(result)
    found = [ind for ind in result.data.indicators if ind.name == name]
    assert len(found) == 1, [ind.name for ind in result.data.indicators]
    return found[0]


# --------------------------------------------------------------------------- the whole workbook


@pytest.mark.parametrize("fmt", FORMATS)
def test_sample_workbook_reads_completely(tmp_path: Path, catalog: Catalog, fmt: str) -> None:
    book = Book(
        assessments=[
            {
                "field": "Kinh tế",
                "overview": "Thu ngân sách đạt khá.\nSản xuất ổn định.",
                "shortcomings": "Giải ngân chậm.",
                "tasks": "Đôn đốc thu.",
            }
        ]
    )
    result = read(tmp_path, book, catalog, fmt)
    assert result.problems == []
    assert result.ok
    data = result.data
    assert data is not None
    commune = data.commune
    assert (commune.code, commune.name, commune.province, commune.province_code) == (
        "06004",
        "Quốc Khánh",
        "Lạng Sơn",
        "20",
    )
    assert (commune.year, commune.period, commune.unit_type) == (2026, Period.SIX_MONTHS, "Xã")
    assert commune.cutoff == date(2026, 6, 15)
    assert commune.resolution_date == date(2025, 12, 18)
    assert commune.resolution_number == "45/NQ-HĐND"
    assert commune.recipients == ("- Thường trực HĐND xã;", "- Lưu: VT.")
    assert commune.signer == "Hoàng Anh Dũng"
    assert [i.name for i in data.indicators] == [
        "Thu ngân sách nhà nước trên địa bàn",
        "Trồng rừng",
        "Tỷ lệ người tham gia bảo hiểm y tế",
    ]
    budget = data.indicators[0]
    assert (budget.code, budget.field, budget.unit, budget.kind) == (
        "KT01",
        "Kinh tế",
        "triệu đồng",
        Kind.AT_LEAST,
    )
    assert (budget.target, budget.baseline, budget.result, budget.estimate) == (
        Decimal(2500),
        Decimal(2300),
        Decimal(1306),
        Decimal(2600),
    )
    assert budget.source is not None
    assert (budget.source.file, budget.source.sheet, budget.source.row) == (
        f"so-chi-tieu.{fmt}",
        "Chỉ tiêu",
        4,
    )
    assert data.indicators[2].result == Decimal("93.5")
    assert data.assessments[0].overview == "Thu ngân sách đạt khá.\nSản xuất ổn định."
    assert data.assessments[0].tasks == "Đôn đốc thu."
    assert data.fields() == ["Kinh tế", "Văn hóa - Xã hội"]


def test_name_given_is_used_in_problems(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(rows=[row("Trồng rừng", target="abc", result=1)])
    result = read_workbook(write(tmp_path, book), catalog, name="inputs/xa-a.xlsx")
    assert [p.location() for p in result.problems] == ["inputs/xa-a.xlsx › Chỉ tiêu › G4"]


def test_read_workbooks_names_files_relative_to_the_workspace(tmp_path: Path, catalog: Catalog) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    first = write(inputs, Book(), name="a")
    second = write(inputs, Book(), name="b")  # the same commune again: neither can be built
    results = read_workbooks([first, second], catalog, root=tmp_path)
    assert [r.path for r in results] == [str(first), str(second)]
    assert [(p.file, p.sheet, p.cell, p.severity, p.message) for r in results for p in r.problems] == [
        ("inputs/a.xlsx", "Thông tin chung", "B2", Severity.ERROR,
         "mã xã 06004 trùng với sổ inputs/b.xlsx; không lập báo cáo cho sổ nào để không ghi đè nhau. Hãy sửa mã "
         "xã cho đúng hoặc bỏ sổ thừa khỏi thư mục inputs"),
        ("inputs/b.xlsx", "Thông tin chung", "B2", Severity.ERROR,
         "mã xã 06004 trùng với sổ inputs/a.xlsx; không lập báo cáo cho sổ nào để không ghi đè nhau. Hãy sửa mã "
         "xã cho đúng hoặc bỏ sổ thừa khỏi thư mục inputs"),
    ]


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("fmt", FORMATS)
def test_vietnamese_numbers_typed_as_text(tmp_path: Path, catalog: Catalog, fmt: str) -> None:
    # Figures that agree with each other in each row: a row of 1.306 and 2,52 triệu đồng is the plausibility
    # checks' business (tests/test_plausibility.py), not the reader's.
    book = Book(
        rows=[
            row("Thu ngân sách", unit="triệu đồng", target="1.306", estimate="1.420"),
            row("Tổng vốn đầu tư", unit="triệu đồng", target="1.973.949", estimate="2.000.000"),
            row("Đường ngõ xóm được cứng hóa", unit="km", target="57,96", result="2,52", estimate="57,96"),
        ]
    )
    result = read(tmp_path, book, catalog, fmt)
    assert result.problems == []
    revenue, investment, roads = (one(result, name) for name in ("Thu ngân sách", "Tổng vốn đầu tư",
                                                                  "Đường ngõ xóm được cứng hóa"))
    assert (revenue.target, revenue.estimate, investment.target, investment.estimate) == (
        Decimal(1306), Decimal(1420), Decimal(1973949), Decimal(2000000))
    assert (roads.target, roads.result, roads.estimate) == (Decimal("57.96"), Decimal("2.52"), Decimal("57.96"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_numbers_stored_as_text_and_as_numbers_read_the_same(
    tmp_path: Path, catalog: Catalog, fmt: str
) -> None:
    book = Book(rows=[row("Trồng rừng", target="200", result=120.0, estimate=62.0, baseline="185")])
    ind = one(read(tmp_path, book, catalog, fmt), "Trồng rừng")
    assert (ind.target, ind.result, ind.estimate, ind.baseline) == (
        Decimal(200),
        Decimal(120),
        Decimal(62),
        Decimal(185),
    )
    assert str(ind.estimate) == "62"  # a float 62.0 carries no ".0" into the reports


def test_unit_stuck_on_the_number(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        rows=[
            row("Trồng rừng", unit="ha", target="200ha", result="120 ha"),
            row("Sản lượng lương thực", unit="tấn", target="13.900 tấn", result="200ha"),
        ]
    )
    result = read(tmp_path, book, catalog)
    assert one(result, "Trồng rừng").target == Decimal(200)
    assert one(result, "Trồng rừng").result == Decimal(120)
    assert one(result, "Sản lượng lương thực").result == Decimal(200)
    assert messages(result) == [
        (
            "Chỉ tiêu",
            "M5",
            "warning",
            'ô ghi "200ha": đơn vị "ha" khác đơn vị tính "tấn" của chỉ tiêu; chương trình chỉ đọc con số. Hãy '
            "kiểm tra lại và chỉ gõ con số ở ô này",
        )
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_percent_formatted_cells_in_a_percent_row(tmp_path: Path, catalog: Catalog, fmt: str) -> None:
    book = Book(
        rows=[
            row(
                "Tỷ lệ bảo hiểm y tế", unit="%", target=Pct(0.95), result=Pct(0.9325, "0.00%"), estimate="95%"
            ),
            row(
                "Tỷ lệ hộ nghèo",
                Kind.DECREASE_POINTS,
                unit="%",
                target=2,
                baseline=Pct(0.0274, "0.00%"),
                result=Pct(0.0074, "0.00%"),
            ),
        ]
    )
    result = read(tmp_path, book, catalog, fmt)
    assert result.problems == []
    insured = one(result, "Tỷ lệ bảo hiểm y tế")
    assert (insured.target, insured.result, insured.estimate) == (Decimal(95), Decimal("93.25"), Decimal(95))
    poor = one(result, "Tỷ lệ hộ nghèo")
    # 0.74% is a real, small rate: the format decides, not the size.
    assert (poor.baseline, poor.result) == (Decimal("2.74"), Decimal("0.74"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_percent_formatted_target_of_an_increase(tmp_path: Path, catalog: Catalog, fmt: str) -> None:
    book = Book(
        rows=[
            row(
                "Thu nhập bình quân đầu người",
                Kind.INCREASE_PCT,
                unit="triệu đồng/người",
                target=Pct(0.1),
                baseline=42.5,
                estimate=46.3,
            )
        ]
    )
    result = read(tmp_path, book, catalog, fmt)
    assert result.problems == []
    ind = one(result, "Thu nhập bình quân đầu người")
    assert (ind.target, ind.baseline, ind.estimate) == (Decimal(10), Decimal("42.5"), Decimal("46.3"))


def test_percent_in_a_row_whose_unit_is_not_percent(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        rows=[
            row("Trồng rừng", unit="ha", target=Pct(0.95), result=120),
            row("Tỷ lệ che phủ", unit="", target="42%", result=41),
        ]
    )
    result = read(tmp_path, book, catalog)
    assert one(result, "Trồng rừng").target == Decimal(95)
    assert one(result, "Tỷ lệ che phủ").target == Decimal(42)
    assert messages(result) == [
        (
            "Chỉ tiêu",
            "G4",
            "warning",
            'ô ghi 95% (phần trăm) nhưng đơn vị tính của chỉ tiêu là "ha"; đã đọc là 95. '
            "Hãy bỏ định dạng/dấu % hoặc sửa đơn vị tính",
        ),
        (
            "Chỉ tiêu",
            "G5",
            "warning",
            "ô ghi 42% nhưng cột Đơn vị tính để trống; đã đọc là 42. Nếu chỉ tiêu tính bằng "
            "%, hãy ghi % ở ô E5",
        ),
    ]


def test_literal_percent_sign_in_a_number_format_is_not_a_fraction(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        rows=[row("Tỷ lệ che phủ rừng", unit="%", target=Fmt(42, '0.0"%"'), result=Fmt(41.8, "0.0\\%"))]
    )
    ind = one(read(tmp_path, book, catalog), "Tỷ lệ che phủ rừng")
    assert (ind.target, ind.result) == (Decimal(42), Decimal("41.8"))


def test_english_decimal_point_is_read_with_a_warning(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(rows=[row("Trồng rừng", target=200, result="2.5")])
    result = read(tmp_path, book, catalog)
    assert one(result, "Trồng rừng").result == Decimal("2.5")
    assert messages(result) == [
        (
            "Chỉ tiêu",
            "M4",
            "warning",
            'đã hiểu "2.5" là 2,5 (dấu chấm là dấu thập phân); theo kiểu Việt Nam nên gõ dấu phẩy',
        )
    ]


def test_comparison_sign_before_a_target(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        rows=[
            row("Tỷ lệ thu gom rác", Kind.MORE_THAN, unit="%", target="trên 90%", result=91),
            row("Đào tạo nghề", Kind.AT_LEAST, unit="học viên", target="≥ 50", result=35),
            row(
                "Tai nạn giao thông",
                Kind.DECREASE_PCT,
                unit="vụ",
                target="từ 5% trở lên",
                baseline=20,
                result=18,
            ),
            row("Hộ nghèo phát sinh", Kind.AT_LEAST, unit="hộ", target="≤ 3", result=2),
        ]
    )
    result = read(tmp_path, book, catalog)
    assert [i.target for i in result.data.indicators] == [Decimal(90), Decimal(50), Decimal(5), Decimal(3)]
    assert messages(result) == [
        (
            "Chỉ tiêu",
            "G7",
            "warning",
            'ô ghi "≤ 3" nhưng loại chỉ tiêu là "Từ … trở lên, đạt (≥)"; chỉ tiêu được đánh giá theo loại chỉ tiêu. '
            "Hãy kiểm tra lại loại chỉ tiêu hoặc bỏ dấu so sánh",
        )
    ]


# --------------------------------------------------------------------------- text


def test_leading_apostrophe_and_non_breaking_spaces(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        commune={**COMMUNE, "code": "'06004", "name": "Quốc\u00a0Khánh\u00a0"},
        rows=[row("'Trồng\u00a0rừng", unit="\u00a0ha", target="'1.306", result="\u00a0120\u00a0")],
    )
    result = read(tmp_path, book, catalog)
    assert result.problems == []
    assert result.data.commune.code == "06004"
    assert result.data.commune.name == "Quốc Khánh"
    ind = one(result, "Trồng rừng")
    assert (ind.unit, ind.target, ind.result) == ("ha", Decimal(1306), Decimal(120))


@pytest.mark.parametrize("fmt", FORMATS)
def test_nfd_text_is_normalised_to_nfc(tmp_path: Path, catalog: Catalog, fmt: str) -> None:
    def nfd(text: str) -> str:
        return unicodedata.normalize("NFD", text)

    book = Book(
        commune={**COMMUNE, "name": nfd("Quốc Khánh"), "period": nfd("6 tháng")},
        rows=[
            row(
                nfd("Tỷ lệ hộ nghèo"),
                Kind.DECREASE_POINTS,
                field=nfd("Văn hóa - Xã hội"),
                unit="%",
                target=2,
                baseline=3,
                result=2,
            ),
            row("Tỷ lệ trẻ em đi học", field="Văn hóa - Xã hội", unit="%", target=99, result=99),
        ],
    )
    book.rows[0]["kind"] = nfd(book.rows[0]["kind"])  # type: ignore[arg-type]
    assert not unicodedata.is_normalized("NFC", book.rows[0]["name"])  # type: ignore[arg-type]
    result = read(tmp_path, book, catalog, fmt)
    assert result.problems == []
    ind = result.data.indicators[0]
    assert ind.name == "Tỷ lệ hộ nghèo"
    assert unicodedata.is_normalized("NFC", ind.name)
    assert unicodedata.is_normalized("NFC", ind.field)
    assert ind.kind is Kind.DECREASE_POINTS
    assert result.data.commune.name == "Quốc Khánh"
    assert result.data.fields() == ["Văn hóa - Xã hội"]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("fmt", FORMATS)
def test_dates_as_dates_and_as_text(tmp_path: Path, catalog: Catalog, fmt: str) -> None:
    book = Book(
        commune={**COMMUNE, "cutoff": "15/7/2026", "resolution_date": datetime(2025, 12, 18)},
        rows=[
            row(
                "Xây trường nội trú",
                Kind.DEADLINE,
                unit="công trình",
                deadline=datetime(2026, 7, 15),
                completed_on="10/7/2026",
            ),
            row(
                "Xây nhà văn hóa",
                Kind.DEADLINE,
                unit="công trình",
                deadline="15/7/2026",
                completed_on=date(2026, 8, 1),
            ),
        ],
    )
    result = read(tmp_path, book, catalog, fmt)
    assert result.problems == []
    assert result.data.commune.cutoff == date(2026, 7, 15)
    assert result.data.commune.resolution_date == date(2025, 12, 18)
    school, house = result.data.indicators
    assert (school.deadline, school.completed_on) == (date(2026, 7, 15), date(2026, 7, 10))
    assert (house.deadline, house.completed_on) == (date(2026, 7, 15), date(2026, 8, 1))


def test_a_date_that_is_not_a_date(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        rows=[
            row("Xây trường", Kind.DEADLINE, unit="công trình", deadline="31/2/2026"),
            row("Xây chợ", Kind.DEADLINE, unit="công trình", deadline="sớm"),
        ]
    )
    result = read(tmp_path, book, catalog)
    assert messages(result) == [
        ("Chỉ tiêu", "I4", "error", '"31/2/2026" không phải ngày có thật; hãy kiểm tra ngày và tháng'),
        ("Chỉ tiêu", "I5", "error", '"sớm" không phải ngày; hãy gõ ngày dạng 15/7/2026'),
    ]


def test_a_date_where_a_figure_belongs(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(rows=[row("Trồng rừng", target=200, result=datetime(2026, 2, 5))])
    assert messages(read(tmp_path, book, catalog)) == [
        (
            "Chỉ tiêu",
            "M4",
            "error",
            "ô chứa ngày 5/2/2026, không phải con số; hãy định dạng ô kiểu Số rồi gõ lại con số, ví dụ 1.306 hoặc 2,52",
        )
    ]


# --------------------------------------------------------------------------- layout


@pytest.mark.parametrize("fmt", FORMATS)
def test_merged_field_cells_apply_to_every_row(tmp_path: Path, catalog: Catalog, fmt: str) -> None:
    rows = [
        row("Trồng rừng", target=200, result=1),
        row("Trồng cây ăn quả", target=50, result=1),
        row("Làm đường", unit="km", target=2, result=1),
    ]
    rows[1].pop("field")
    rows[2].pop("field")
    result = read(tmp_path, Book(rows=rows, merges=["C4:C6"]), catalog, fmt)
    assert result.problems == []
    assert [i.field for i in result.data.indicators] == ["Kinh tế", "Kinh tế", "Kinh tế"]


def test_blank_field_without_merge_is_an_error(tmp_path: Path, catalog: Catalog) -> None:
    rows = [row("Trồng rừng", target=200, result=1), row("Trồng cây ăn quả", target=50, result=1)]
    rows[1].pop("field")
    result = read(tmp_path, Book(rows=rows), catalog)
    assert messages(result) == [
        (
            "Chỉ tiêu",
            "C5",
            "error",
            "chưa ghi lĩnh vực; hãy ghi lĩnh vực, ví dụ Kinh tế (nhiều dòng liền nhau cùng lĩnh vực thì có thể gộp ô cột "
            "Lĩnh vực)",
        )
    ]
    assert [i.name for i in result.data.indicators] == ["Trồng rừng"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_blank_rows_and_hidden_rows(tmp_path: Path, catalog: Catalog, fmt: str) -> None:
    rows = [
        row("Trồng rừng", target=200, result=1),
        {},
        row("Trồng cây", target=50, result=1),
        {},
        {},
        row("Làm đường", unit="km", target=2, result=1),
    ]
    result = read(tmp_path, Book(rows=rows, hidden_rows=[5, 6]), catalog, fmt)
    assert [i.name for i in result.data.indicators] == ["Trồng rừng", "Trồng cây", "Làm đường"]
    assert [i.source.row for i in result.data.indicators if i.source] == [4, 6, 9]
    # Row 5 is blank and hidden: nothing to say. Row 6 is hidden and counted.
    assert messages(result) == [("Chỉ tiêu", "D6", "warning", HIDDEN_5.replace("hàng 5", "hàng 6"))]


def test_extra_columns_any_order_and_aliases(tmp_path: Path, catalog: Catalog) -> None:
    columns = ["stt", "name", "ghi_chu_noi_bo", "unit", "field", "kind", "result", "target", "code"]
    headers = {
        "ghi_chu_noi_bo": "Ghi chú nội bộ",
        "unit": "ĐVT",
        "target": "Kế hoạch",
        "result": "Thực hiện",
        "name": "Tên chỉ tiêu *",
    }
    rows = [row("Trồng rừng", code="KT05", target=200, result=120, ghi_chu_noi_bo="không đọc", stt=1)]
    result = read(tmp_path, Book(rows=rows, columns=columns, headers=headers, header_row=5), catalog)
    assert result.problems == []
    ind = one(result, "Trồng rừng")
    assert (ind.code, ind.unit, ind.target, ind.result, ind.note) == (
        "KT05",
        "ha",
        Decimal(200),
        Decimal(120),
        "",
    )
    assert ind.source is not None and ind.source.row == 6


def test_chi_tieu_header_goes_to_whichever_column_is_free(tmp_path: Path, catalog: Catalog) -> None:
    headers = {"name": "Chỉ tiêu"}
    columns = ["field", "name", "unit", "kind", "result"]
    result = read(
        tmp_path,
        Book(rows=[row("Trồng rừng", Kind.MAINTAIN, result=5)], columns=columns, headers=headers),
        catalog,
    )
    assert one(result, "Trồng rừng").result == Decimal(5)
    columns = ["field", "name", "unit", "kind", "target", "result"]
    headers = {"target": "Chỉ tiêu"}
    result = read(
        tmp_path,
        Book(rows=[row("Trồng rừng", target=200, result=5)], columns=columns, headers=headers),
        catalog,
    )
    assert one(result, "Trồng rừng").target == Decimal(200)


def test_section_headings_are_skipped(tmp_path: Path, catalog: Catalog) -> None:
    rows = [
        {"stt": "I", "name": "KINH TẾ"},
        row("Trồng rừng", target=200, result=1, stt=1),
        {"name": "II. Văn hóa - Xã hội"},
        {"field": "Quốc phòng - An ninh"},
        {"name": "Văn hóa - Xã hội"},
        {"stt": 5, "name": "Chỉ tiêu về môi trường"},
        row("Tỷ lệ trẻ em đi học", field="Văn hóa - Xã hội", unit="%", target=99, result=99),
    ]
    result = read(tmp_path, Book(rows=rows), catalog)
    assert [i.name for i in result.data.indicators] == ["Trồng rừng", "Tỷ lệ trẻ em đi học"]
    assert messages(result) == [
        (
            "Chỉ tiêu",
            "F9",
            "warning",
            "hàng 9 chỉ có tên, không có loại chỉ tiêu và số liệu nên được coi là dòng tiêu đề nhóm và bỏ qua; nếu đây "
            "là một chỉ tiêu, hãy chọn loại chỉ tiêu ở ô F9 và điền số liệu",
        )
    ]


def test_sheet_names_are_matched_leniently(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(sheet_names={SHEET_COMMUNE: "THONG TIN CHUNG", SHEET_INDICATORS: " chỉ tiêu "})
    result = read(tmp_path, book, catalog)
    assert result.problems == []
    assert result.data is not None
    assert result.data.indicators[0].source.sheet == " chỉ tiêu "  # type: ignore[union-attr]


def test_assessment_fields_follow_the_indicator_sheet(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        assessments=[
            {"field": "kinh tế", "overview": "Tốt."},
            {"field": "Văn hóa - Xã hội"},  # nothing written: skipped, as a blank workbook lists every field
            {"field": "Đối ngoại", "overview": "Không có chỉ tiêu."},
        ]
    )
    result = read(tmp_path, book, catalog)
    assert [(a.field, a.overview) for a in result.data.assessments] == [
        ("Kinh tế", "Tốt."),
        ("Đối ngoại", "Không có chỉ tiêu."),
    ]
    assert messages(result) == [
        (
            SHEET_ASSESSMENT,
            "A4",
            "warning",
            'lĩnh vực "Đối ngoại" không có ở trang "Chỉ tiêu" nên đoạn đánh giá này không được đưa vào báo cáo; hãy '
            'ghi đúng tên lĩnh vực như ở trang "Chỉ tiêu"',
        )
    ]


def test_qualitative_indicator_with_its_own_status(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        rows=[
            row(
                "Xây dựng lực lượng dân quân vững mạnh",
                Kind.QUALITATIVE,
                field="Quốc phòng - An ninh",
                unit="",
                manual_status="Đạt",
            )
        ]
    )
    result = read(tmp_path, book, catalog)
    assert result.problems == []
    assert result.data.indicators[0].manual_status is Status.MET


def test_unit_taken_from_the_catalog_when_blank(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        rows=[row("Tỷ lệ người tham gia bảo hiểm y tế", code="xh04", unit="", target=Pct(0.95), result=96)]
    )
    result = read(tmp_path, book, catalog)
    assert result.problems == []
    ind = result.data.indicators[0]
    assert (ind.code, ind.unit, ind.target) == ("XH04", "%", Decimal(95))


# --------------------------------------------------------------------------- formulas


def test_formulas_written_by_xlsxwriter_are_errors_not_zero(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        rows=[
            row(
                "Trồng rừng",
                target=200,
                result=Formula("=100+20"),
                estimate=Formula("=M4*2"),
                note=Formula('=IF(M4>0,"Đạt","Không đạt")'),
            )
        ]
    )
    result = read_workbook(write_xlsxwriter(tmp_path / "xlsxwriter.xlsx", book), catalog)
    assert messages(result) == [
        ("Chỉ tiêu", "S4", "error", STALE),
        ("Chỉ tiêu", "M4", "error", STALE),
        ("Chỉ tiêu", "N4", "error", STALE),
    ]
    ind = one(result, "Trồng rừng")
    assert (ind.result, ind.estimate, ind.note) == (None, None, "")


def test_formulas_written_by_openpyxl_are_errors_not_zero(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        commune={**COMMUNE, "year": Formula("=2025+1")},
        rows=[row("Trồng rừng", target=Formula("=SUM(1,2)"), result=120)],
    )
    result = read(tmp_path, book, catalog)
    assert messages(result) == [("Thông tin chung", "B7", "error", STALE), ("Chỉ tiêu", "G4", "error", STALE)]
    assert result.data is None  # no year: no commune


def test_formula_with_a_stored_result_is_read(tmp_path: Path, catalog: Catalog) -> None:
    """As Excel and LibreOffice save: the result stored beside the formula, no recalculation flag."""
    book = Book(rows=[row("Trồng rừng", target=200, result=Formula("=100+20"), estimate=Formula("=M4*2"))])
    path = write(tmp_path, book)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet2.xml"].decode()
    assert "<f>100+20</f><v></v>" in sheet
    sheet = sheet.replace("<f>100+20</f><v></v>", "<f>100+20</f><v>120</v>")
    sheet = sheet.replace("<f>M4*2</f><v></v>", "<f>M4*2</f><v>240</v>")
    parts["xl/worksheets/sheet2.xml"] = sheet.encode()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    saved = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    result = read_workbook(saved, catalog)
    assert result.problems == []
    ind = one(result, "Trồng rừng")
    assert (ind.result, ind.estimate) == (Decimal(120), Decimal(240))


def test_spreadsheet_error_values(tmp_path: Path, catalog: Catalog) -> None:
    def edit(wb: object) -> None:
        ws = wb["Chỉ tiêu"]  # type: ignore[index]
        ws["M4"].value = "#DIV/0!"
        ws["M4"].data_type = "e"

    path = write_xlsx(tmp_path / "err.xlsx", Book(rows=[row("Trồng rừng", target=200)]), edit=edit)
    result = read_workbook(path, catalog)
    assert messages(result) == [
        ("Chỉ tiêu", "M4", "error", "ô báo lỗi #DIV/0!; hãy sửa công thức hoặc gõ con số")
    ]


# --------------------------------------------------------------------------- the input is left alone


@pytest.mark.parametrize("fmt", FORMATS)
def test_reading_never_modifies_the_file(tmp_path: Path, catalog: Catalog, fmt: str) -> None:
    path = write(tmp_path, Book(), fmt)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_workbook(path, catalog)
    read_workbook(path, catalog)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_header_typed_twice_is_read_once(tmp_path: Path, catalog: Catalog) -> None:
    columns = ["field", "name", "unit", "kind", "target", "result", "result_again"]
    headers = {"result_again": "Thực hiện kỳ báo cáo"}
    rows = [row("Trồng rừng", target=200, result=120, result_again=999)]
    result = read(tmp_path, Book(rows=rows, columns=columns, headers=headers), catalog)
    assert one(result, "Trồng rừng").result == Decimal(120)
    assert messages(result) == [
        (
            "Chỉ tiêu",
            "G3",
            "warning",
            'cột "Thực hiện kỳ báo cáo" có hai lần (ô F3 và ô G3); chương trình đọc cột F và bỏ qua cột G',
        )
    ]


def test_reading_does_not_load_openpyxl(tmp_path: Path) -> None:
    """openpyxl (and numpy, which it imports when installed) cost start-up time that reading does not need."""
    path = write(tmp_path, Book(), "xlsx")
    code = (
        "import sys; from pathlib import Path; from nqreport.config.catalog import load_catalog; "
        "from nqreport.read.workbook import read_workbook; "
        f"r = read_workbook(Path({str(path)!r}), load_catalog()); assert r.ok, r.problems; "
        "print(sorted(m for m in ('openpyxl', 'numpy', 'python_calamine') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
