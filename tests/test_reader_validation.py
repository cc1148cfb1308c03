"""Validation (issue 2, item 7): every problem of a workbook in one pass, each at its cell, in Vietnamese.

Cell references follow the default layout of tests/wbfactory.py: commune values in column B (code B2,
year B7, period B8), indicators from row 4 with B = code, E = unit, F = kind, G = target, H = upper bound,
I = deadline, K = baseline, M = result, N = estimate, P = own status, Q = numerator, R = denominator.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nqreport.config.catalog import Catalog, load_catalog
from nqreport.model import ReadResult
from nqreport.schema import SHEET_ASSESSMENT, SHEET_COMMUNE, SHEET_INDICATORS, Kind
from nqreport.validate import validate_workbook as read_workbook
from wbfactory import COMMUNE, Book, Pct, row, write

KINDS = (
    '"Từ … trở lên, đạt (≥)", "Trên, hơn (>)", "Không quá (≤)", "Dưới (<)", "Khoảng (≈)", '
    '"Bằng (=)", "Trong khoảng (từ X đến Y)", "Tăng X% so với năm trước", "Giảm X% so với năm trước", '
    '"Giảm X (điểm % hoặc đơn vị)", "Duy trì", "Hoàn thành trước ngày", "Định tính"'
)
STATUSES = '"Vượt", "Đạt", "Không đạt", "Đang thực hiện"'


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def read(tmp_path: Path, book: Book, catalog: Catalog) -> ReadResult:
    return read_workbook(write(tmp_path, book), catalog)


def found(result: ReadResult) -> list[tuple[str, str, str, str]]:
    return [(p.sheet, p.cell, p.severity.value, p.message) for p in result.problems]


def indicator_problems(
    tmp_path: Path, catalog: Catalog, *rows: dict[str, object]
) -> list[tuple[str, str, str]]:
    result = read(tmp_path, Book(rows=list(rows)), catalog)
    assert all(p.sheet == SHEET_INDICATORS for p in result.problems), found(result)
    return [(p.cell, p.severity.value, p.message) for p in result.problems]


# --------------------------------------------------------------------------- figures and kinds


def test_figure_that_is_not_a_number(tmp_path: Path, catalog: Catalog) -> None:
    assert indicator_problems(tmp_path, catalog, row("Trồng rừng", target="hai trăm", result="10-12")) == [
        ("G4", "error", '"hai trăm" không phải con số; hãy gõ số theo kiểu Việt Nam, ví dụ 1.306 hoặc 2,52'),
        (
            "M4",
            "error",
            '"10-12" có nhiều hơn một con số; mỗi ô chỉ ghi một số (ghi phần giải thích vào cột Ghi chú)',
        ),
    ]


def test_range_typed_in_one_cell_gets_a_hint(tmp_path: Path, catalog: Catalog) -> None:
    assert indicator_problems(
        tmp_path, catalog, row("Tăng trưởng kinh tế", Kind.RANGE, unit="%", target="10-10,5", result=9)
    ) == [
        (
            "G4",
            "error",
            '"10-10,5" có nhiều hơn một con số; mỗi ô chỉ ghi một số (ghi phần giải thích vào cột Ghi '
            'chú). Với loại "Trong khoảng (từ X đến Y)", ghi cận dưới ở ô G4 và cận trên ở ô H4.',
        ),
        (
            "H4",
            "error",
            'loại "Trong khoảng (từ X đến Y)" cần cận trên; ví dụ chỉ tiêu 10-10,5%: ghi 10 ở cột Chỉ '
            "tiêu kế hoạch và 10,5 ở cột Cận trên",
        ),
    ]


def test_unknown_and_missing_kind(tmp_path: Path, catalog: Catalog) -> None:
    first = row("Trồng rừng", target=200, result=1)
    first["kind"] = "Vượt mức"
    second = row("Trồng cây", target=50, result=1)
    del second["kind"]
    result = read(tmp_path, Book(rows=[first, second]), catalog)
    assert found(result) == [
        (
            SHEET_INDICATORS,
            "F4",
            "error",
            f'không hiểu loại chỉ tiêu "Vượt mức"; hãy chọn một trong: {KINDS}',
        ),
        (SHEET_INDICATORS, "F5", "error", f"chưa chọn loại chỉ tiêu; hãy chọn một trong: {KINDS}"),
    ]
    assert result.data is not None and result.data.indicators == ()
    assert not result.ok


def test_kind_needing_a_baseline_without_one(tmp_path: Path, catalog: Catalog) -> None:
    assert indicator_problems(
        tmp_path,
        catalog,
        row("Thu nhập bình quân", Kind.INCREASE_PCT, unit="triệu đồng/người", target=10, estimate=46),
    ) == [
        (
            "K4",
            "warning",
            'loại "Tăng X% so với năm trước" cần số "Thực hiện năm trước" để đánh giá; khi để '
            'trống, chỉ tiêu được đánh giá là "Chưa có số liệu". Hãy điền kết quả năm trước',
        ),
    ]


def test_target_missing_and_result_missing(tmp_path: Path, catalog: Catalog) -> None:
    assert indicator_problems(
        tmp_path,
        catalog,
        row("Trồng rừng", result=120),
        row("Duy trì thôn không ma túy", Kind.MAINTAIN, unit="thôn", baseline=7),
        row("Sản lượng lương thực", Kind.APPROX, unit="tấn", target="x", result=1),
    ) == [
        (
            "G4",
            "error",
            'chưa có chỉ tiêu kế hoạch cho loại "Từ … trở lên, đạt (≥)"; hãy gõ con số Nghị quyết '
            "giao vào ô G4",
        ),
        ("M5", "warning", 'chưa có số liệu thực hiện hay ước cả năm; báo cáo sẽ ghi "Chưa có số liệu"'),
        (
            "G6",
            "error",
            'chưa có chỉ tiêu kế hoạch cho loại "Khoảng (≈)"; hãy gõ con số Nghị quyết giao vào ô G6',
        ),
    ]


def test_maintain_without_target_nor_baseline(tmp_path: Path, catalog: Catalog) -> None:
    assert indicator_problems(
        tmp_path,
        catalog,
        row("Duy trì thôn không ma túy", Kind.MAINTAIN, unit="thôn", result=7),
        row("Duy trì xã đạt chuẩn", Kind.MAINTAIN, unit="tiêu chí", target=19, result=19),
    ) == [
        (
            "G4",
            "warning",
            'loại "Duy trì" so với chỉ tiêu, hoặc với "Thực hiện năm trước" khi để trống chỉ tiêu; cả hai đang '
            'trống nên chỉ tiêu được đánh giá là "Chưa có số liệu". Hãy điền một trong hai',
        ),
    ]


def test_range_bounds(tmp_path: Path, catalog: Catalog) -> None:
    assert indicator_problems(
        tmp_path,
        catalog,
        row("Tăng trưởng", Kind.RANGE, unit="%", target="10,5", target_max=10, result=10),
        row("Tăng trưởng khác", Kind.RANGE, unit="%", target=10, target_max="10,5", result=10),
    ) == [
        ("H4", "error", "cận trên 10 nhỏ hơn chỉ tiêu (cận dưới) 10,5; hãy đổi chỗ hai số"),
    ]


def test_deadline_kind_without_a_deadline(tmp_path: Path, catalog: Catalog) -> None:
    assert indicator_problems(tmp_path, catalog, row("Xây trường", Kind.DEADLINE, unit="công trình")) == [
        ("I4", "error", 'loại "Hoàn thành trước ngày" cần hạn hoàn thành, ví dụ 15/7/2026'),
    ]


def test_direction_that_is_unknown_or_contradicts_the_kind(tmp_path: Path, catalog: Catalog) -> None:
    assert indicator_problems(
        tmp_path,
        catalog,
        row("Trồng rừng", target=200, result=1, direction="lên"),
        row("Tai nạn", Kind.AT_MOST, unit="vụ", target=3, result=1, direction="Càng cao càng tốt"),
        row("Sản lượng", Kind.APPROX, unit="tấn", target=3, result=1, direction="Càng cao càng tốt"),
    ) == [
        (
            "J4",
            "error",
            'không hiểu chiều đánh giá "lên"; hãy chọn "Càng cao càng tốt", "Càng thấp càng tốt" '
            "hoặc để trống",
        ),
        (
            "J5",
            "warning",
            'chiều đánh giá "Càng cao càng tốt" ngược với loại chỉ tiêu "Không quá (≤)"; chỉ tiêu '
            "được đánh giá theo loại chỉ tiêu. Hãy để trống ô này hoặc sửa loại chỉ tiêu",
        ),
    ]


# --------------------------------------------------------------------------- catalog codes and units


def test_duplicate_unknown_code_and_unit_against_the_catalog(tmp_path: Path, catalog: Catalog) -> None:
    assert indicator_problems(
        tmp_path,
        catalog,
        row("Trồng rừng", code="KT05", target=200, result=1),
        row("Trồng rừng phòng hộ", code="kt05", target=20, result=1),
        row("Chỉ tiêu riêng", code="ZZ99", target=1, result=1),
        row("Sản lượng lương thực", Kind.APPROX, code="KT03", unit="tạ", target=1, result=1),
    ) == [
        (
            "B5",
            "error",
            "mã chỉ tiêu KT05 đã dùng ở hàng 4 (ô B4); mỗi mã chỉ dùng một lần trong sổ, hãy sửa mã "
            "hoặc để trống một trong hai",
        ),
        (
            "B6",
            "warning",
            'mã chỉ tiêu "ZZ99" không có trong danh mục chỉ tiêu; chỉ tiêu vẫn được đánh giá nhưng '
            "không được cộng dồn giữa các xã. Hãy sửa mã theo danh mục, hoặc để trống",
        ),
        (
            "E7",
            "warning",
            'đơn vị tính "tạ" khác đơn vị "tấn" của mã KT03 trong danh mục; số liệu các xã sẽ '
            "không cộng được với nhau. Hãy sửa đơn vị hoặc mã chỉ tiêu",
        ),
    ]


# --------------------------------------------------------------------------- plausibility


def test_percent_over_100_in_a_rate_but_not_in_an_increase_target(tmp_path: Path, catalog: Catalog) -> None:
    assert indicator_problems(
        tmp_path,
        catalog,
        row("Tỷ lệ người tham gia bảo hiểm y tế", code="XH04", unit="%", target=95, result=Pct(1.05)),
        row("Tỷ lệ hộ dùng nước sạch", unit="%", target=110, result=90),
        row("Tăng thu ngân sách", Kind.INCREASE_PCT, unit="%", target=150, baseline=10, result=30),
        row("Tỷ lệ thu ngân sách so với dự toán", unit="%", target=100, result=120),
    ) == [
        (
            "M4",
            "warning",
            "105% lớn hơn 100% trong khi chỉ tiêu là một tỷ lệ; hãy kiểm tra lại con số (ô định dạng "
            "% thì gõ 95%, ô thường thì gõ 95)",
        ),
        (
            "G5",
            "warning",
            "110% lớn hơn 100% trong khi chỉ tiêu là một tỷ lệ; hãy kiểm tra lại con số (ô định dạng "
            "% thì gõ 95%, ô thường thì gõ 95)",
        ),
    ]


def test_numerator_denominator_and_negative_figures(tmp_path: Path, catalog: Catalog) -> None:
    assert indicator_problems(
        tmp_path,
        catalog,
        row("Tỷ lệ hộ dùng nước sạch", unit="%", target=90, result=92, numerator=4800, denominator=4711),
        row("Tỷ lệ hộ có nhà vệ sinh", unit="%", target=90, result=92, numerator=450),
        row("Trồng rừng", target=200, result=-5),
        row("Tốc độ tăng trưởng", unit="%", target=8, result=-1.5),
    ) == [
        (
            "Q4",
            "warning",
            "tử số 4.800 lớn hơn mẫu số 4.711 (ô R4); tỷ lệ không thể quá 100%, hãy kiểm tra lại",
        ),
        (
            "Q5",
            "warning",
            "có tử số nhưng thiếu mẫu số (ô R5); tỷ lệ chung của các xã chỉ tính được khi có cả hai",
        ),
        ("M6", "warning", "số âm (-5) không hợp lý với chỉ tiêu này; hãy kiểm tra dấu trừ"),
    ]


def test_own_status_on_a_measured_indicator_and_a_qualitative_without_one(
    tmp_path: Path, catalog: Catalog
) -> None:
    result = read(
        tmp_path,
        Book(
            rows=[
                row("Trồng rừng", target=200, result=120, manual_status="Vượt"),
                row(
                    "Xây dựng lực lượng dân quân vững mạnh",
                    Kind.QUALITATIVE,
                    field="Quốc phòng - An ninh",
                    unit="",
                ),
                row(
                    "Giữ vững an ninh",
                    Kind.QUALITATIVE,
                    field="Quốc phòng - An ninh",
                    unit="",
                    manual_status="Tốt",
                ),
            ]
        ),
        catalog,
    )
    assert [(p.cell, p.severity.value, p.message) for p in result.problems] == [
        (
            "P4",
            "warning",
            'cột "Tự đánh giá" chỉ dùng cho chỉ tiêu định tính; chỉ tiêu này được đánh giá tự động '
            "theo số liệu nên ô này bị bỏ qua",
        ),
        (
            "P5",
            "warning",
            f'chỉ tiêu định tính chưa có tự đánh giá; báo cáo sẽ ghi "Chưa có số liệu". Hãy chọn '
            f"một trong: {STATUSES}",
        ),
        ("P6", "error", f'không hiểu tự đánh giá "Tốt"; hãy chọn một trong: {STATUSES}'),
    ]
    assert result.data is not None
    assert [i.manual_status for i in result.data.indicators] == [None, None, None]


# --------------------------------------------------------------------------- the commune sheet


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("6004", 'mã xã "6004" phải gồm đúng 5 chữ số, ví dụ 06004 (Quyết định 19/2025/QĐ-TTg)'),
        ("06004a", 'mã xã "06004a" phải gồm đúng 5 chữ số, ví dụ 06004 (Quyết định 19/2025/QĐ-TTg)'),
        (
            6004,
            "mã xã đang là con số 6004 nên đã mất số 0 ở đầu; hãy gõ '06004 (có dấu nháy đơn ở đầu) hoặc định "
            "dạng ô kiểu Văn bản rồi gõ 06004",
        ),
        (123456, 'mã xã "123456" phải gồm đúng 5 chữ số, ví dụ 06004 (Quyết định 19/2025/QĐ-TTg)'),
    ],
)
def test_commune_code_not_five_digits(tmp_path: Path, catalog: Catalog, code: object, message: str) -> None:
    result = read(tmp_path, Book(commune={**COMMUNE, "code": code}), catalog)
    assert found(result) == [(SHEET_COMMUNE, "B2", "error", message)]
    assert result.data is None


def test_numeric_commune_code_with_five_digits_is_accepted(tmp_path: Path, catalog: Catalog) -> None:
    commune = {**COMMUNE, "code": 16540, "name": "Quảng Ninh", "province": "Thanh Hóa"}
    result = read(tmp_path, Book(commune=commune), catalog)
    assert result.problems == []
    assert result.data is not None and result.data.commune.code == "16540"


def test_year_period_and_required_rows(tmp_path: Path, catalog: Catalog) -> None:
    commune = {**COMMUNE, "year": "năm nay", "period": "Nửa năm", "signer": None}
    book = Book(commune=commune, cells={SHEET_COMMUNE: {"A4": "Ghi chú", "B4": None}})  # drop the name row
    result = read(tmp_path, book, catalog)
    assert found(result) == [
        (
            SHEET_COMMUNE,
            "",
            "error",
            'thiếu dòng "Tên xã/phường" (nhãn ở cột A, giá trị ở cột B); hãy thêm dòng '
            'này. Tên không kèm chữ "xã", ví dụ: Quốc Khánh.',
        ),
        (SHEET_COMMUNE, "B7", "error", '"năm nay" không phải năm; hãy gõ năm bằng 4 chữ số, ví dụ 2026'),
        (
            SHEET_COMMUNE,
            "B8",
            "error",
            'không hiểu kỳ báo cáo "Nửa năm"; hãy chọn một trong: "Năm", "9 tháng", '
            '"6 tháng", "Quý I", "Quý II", "Quý III", "Quý IV", "Tháng 1", '
            '"Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", '
            '"Tháng 8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"',
        ),
        (SHEET_COMMUNE, "B19", "error", 'chưa điền "Họ tên người ký". Ví dụ: Hoàng Anh Dũng.'),
    ]
    assert result.data is None


# --------------------------------------------------------------------------- sheets and columns


def test_missing_sheets_name_the_sheets_that_exist(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(sheet_names={SHEET_COMMUNE: "Sheet1", SHEET_INDICATORS: "Bảng 2"})
    result = read(tmp_path, book, catalog)
    assert found(result) == [
        (
            "",
            "",
            "error",
            'không có trang "Thông tin chung"; tệp có các trang: "Sheet1", "Bảng 2". Hãy đổi tên '
            'trang tương ứng thành "Thông tin chung", hoặc tạo sổ theo mẫu chuẩn bằng lệnh: nqreport '
            "blank",
        ),
        (
            "",
            "",
            "error",
            'không có trang "Chỉ tiêu"; tệp có các trang: "Sheet1", "Bảng 2". Hãy đổi tên trang '
            'tương ứng thành "Chỉ tiêu", hoặc tạo sổ theo mẫu chuẩn bằng lệnh: nqreport blank',
        ),
    ]
    assert result.data is None


def test_missing_required_column(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(columns=["stt", "name", "unit", "target", "result"])
    assert found(read(tmp_path, book, catalog)) == [
        (
            SHEET_INDICATORS,
            "A3",
            "error",
            'hàng tiêu đề (hàng 3) thiếu cột "Lĩnh vực", "Loại chỉ tiêu"; hãy thêm '
            "cột có đúng tiêu đề này (xem sổ mẫu: nqreport blank)",
        ),
    ]


def test_no_header_row_and_no_indicator_rows(tmp_path: Path, catalog: Catalog) -> None:
    no_header = Book(header_row=70)
    assert found(read(tmp_path, no_header, catalog)) == [
        (
            SHEET_INDICATORS,
            "",
            "error",
            "không tìm thấy hàng tiêu đề trong 60 hàng đầu; hàng tiêu đề phải có các cột "
            '"Lĩnh vực", "Tên chỉ tiêu", "Loại chỉ tiêu" (xem sổ mẫu: nqreport '
            "blank)",
        ),
    ]
    empty = Book(rows=[{"stt": 1}, {"stt": 2}])
    result = read(tmp_path, empty, catalog)
    assert found(result) == [
        (
            SHEET_INDICATORS,
            "",
            "error",
            "không có chỉ tiêu nào dưới hàng tiêu đề (hàng 3); hãy nhập mỗi chỉ tiêu của Nghị quyết một dòng",
        ),
    ]
    assert result.data is not None and result.data.indicators == ()


def test_assessment_problems(tmp_path: Path, catalog: Catalog) -> None:
    book = Book(
        assessments=[
            {"field": "Kinh tế", "overview": "Tốt."},
            {"overview": "Thiếu lĩnh vực."},
            {"field": "kinh tế", "tasks": "Lặp lại."},
        ]
    )
    assert found(read(tmp_path, book, catalog)) == [
        (
            SHEET_ASSESSMENT,
            "A3",
            "error",
            "chưa ghi lĩnh vực cho đoạn đánh giá ở hàng này; hãy ghi lĩnh vực, ví dụ Kinh tế",
        ),
        (
            SHEET_ASSESSMENT,
            "A4",
            "warning",
            'lĩnh vực "kinh tế" đã có đánh giá ở hàng 2; hàng này bị bỏ qua. Hãy gộp hai đoạn vào một hàng',
        ),
    ]


# --------------------------------------------------------------------------- one pass


def test_every_problem_of_the_workbook_in_one_pass(tmp_path: Path, catalog: Catalog) -> None:
    rows = [
        row("Trồng rừng", target="abc", result=1),
        row("Trồng cây", code="KT05", target=1, result=1),
        row("Trồng cỏ", code="KT05", target=1, result=1),
        row("Thu nhập", Kind.INCREASE_PCT, unit="triệu đồng", target=10, result=1),
    ]
    book = Book(commune={**COMMUNE, "code": "6004", "year": 26}, rows=rows)
    result = read(tmp_path, book, catalog)
    assert [(p.sheet, p.cell, p.severity.value) for p in result.problems] == [
        (SHEET_COMMUNE, "B2", "error"),
        (SHEET_COMMUNE, "B7", "error"),
        (SHEET_INDICATORS, "G4", "error"),
        (SHEET_INDICATORS, "B6", "error"),
        (SHEET_INDICATORS, "K7", "warning"),
    ]
    assert result.data is None


def test_figures_are_decimal_end_to_end(tmp_path: Path, catalog: Catalog) -> None:
    result = read(
        tmp_path, Book(rows=[row("Diện tích", target=0.1, result=Pct(0.003), estimate="0,3")]), catalog
    )
    ind = result.data.indicators[0]  # type: ignore[union-attr]
    assert (ind.target, ind.result, ind.estimate) == (Decimal("0.1"), Decimal("0.3"), Decimal("0.3"))
    assert all(isinstance(v, Decimal) for v in (ind.target, ind.result, ind.estimate))
    assert found(result) == [
        (
            SHEET_INDICATORS,
            "M4",
            "warning",
            'ô ghi 0,3% (phần trăm) nhưng đơn vị tính của chỉ tiêu là "ha"; đã đọc là 0,3. Hãy '
            "bỏ định dạng/dấu % hoặc sửa đơn vị tính",
        )
    ]
