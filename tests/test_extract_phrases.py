"""Reading one target phrase (docs/trich-chi-tieu.md, rules 1–10), splitting an item into rows, and the
numbers and units of a phrase. Pure functions: no file is read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nqreport.extract.figures import figures
from nqreport.extract.phrase import read_phrase
from nqreport.extract.rows import item_targets
from nqreport.extract.section import Item
from nqreport.extract.units import normalise, unit_after
from nqreport.schema import Kind
from nqreport.wording.numbers import format_number

D = Decimal
K = Kind


@pytest.mark.parametrize(("phrase", "kind", "target", "target_max", "unit"), [
    # 2. ranges, even inside a growth phrase
    ("Tăng trưởng kinh tế 10-10,5%", K.RANGE, "10", "10.5", "%"),
    ("Giá trị sản xuất tăng từ 9-10% so với năm 2025", K.RANGE, "9", "10", "%"),
    ("Tốc độ tăng giá trị sản xuất từ 10% đến 11%", K.RANGE, "10", "11", "%"),
    ("Tạo việc làm mới cho từ 200 đến 250 lao động", K.RANGE, "200", "250", "lao động"),
    # 3. increase in percent
    ("Thu nhập bình quân đầu người tăng 10%", K.INCREASE_PCT, "10", None, "triệu đồng"),
    ("Phấn đấu tăng thu ngân sách bình quân hằng năm từ 10% trở lên", K.INCREASE_PCT, "10", None, "triệu đồng"),
    ("Thu ngân sách vượt 5% so với dự toán tỉnh giao", K.INCREASE_PCT, "5", None, "triệu đồng"),
    # 4. decrease in percent of a count
    ("Giảm tai nạn giao thông cả 3 tiêu chí từ 5% trở lên", K.DECREASE_PCT, "5", None, "vụ"),
    ("Giảm số vụ phạm tội về trật tự xã hội hằng năm đạt trên 5%", K.DECREASE_PCT, "5", None, "vụ"),
    ("Giảm ít nhất 5% số vụ phạm pháp hình sự", K.DECREASE_PCT, "5", None, "vụ"),
    # 5. decrease in points (a rate) or units (a count)
    ("Giảm tỷ lệ hộ nghèo 02%", K.DECREASE_POINTS, "2", None, "%"),
    ("Tỷ lệ hộ nghèo giảm 1,2%", K.DECREASE_POINTS, "1.2", None, "%"),
    ("Giảm 11 hộ nghèo", K.DECREASE_POINTS, "11", None, "hộ"),
    # 6. maintain
    ("Duy trì 07 thôn đạt thôn không ma túy", K.MAINTAIN, "7", None, "thôn"),
    ("Tỉ lệ che phủ rừng duy trì mức 47%", K.MAINTAIN, "47", None, "%"),
    ("Duy trì các tiêu chí nông thôn mới theo bộ tiêu chí 2021-2025", K.MAINTAIN, None, None, ""),
    ("Giữ vững an ninh chính trị, trật tự an toàn xã hội", K.MAINTAIN, None, None, ""),
    # 7. bounds: more than wins over "từ" and "trở lên"
    ("Tỷ lệ chất thải rắn được thu gom đạt trên 90%", K.MORE_THAN, "90", None, "%"),
    ("Tỷ lệ doanh nghiệp sử dụng nền tảng số đạt trên 70% trở lên", K.MORE_THAN, "70", None, "%"),
    ("Tỷ lệ hồ sơ xử lý trực tuyến toàn trình đạt từ trên 90%", K.MORE_THAN, "90", None, "%"),
    ("Tổng thu đạt hơn 4.000 tỷ đồng", K.MORE_THAN, "4000", None, "tỷ đồng"),
    ("Đào tạo nghề cho lao động nông thôn từ 50 học viên trở lên", K.AT_LEAST, "50", None, "học viên"),
    ("Tỷ lệ tham gia bảo hiểm y tế không dưới 94%", K.AT_LEAST, "94", None, "%"),
    ("Giải quyết việc làm cho ít nhất 120 lao động", K.AT_LEAST, "120", None, "lao động"),
    ("Tỷ lệ thất nghiệp dưới 3%", K.LESS_THAN, "3", None, "%"),
    ("Tỷ lệ hộ nghèo giảm còn dưới 14%", K.LESS_THAN, "14", None, "%"),
    ("Tỷ lệ hộ nghèo giảm còn 2,5%", K.AT_MOST, "2.5", None, "%"),
    ("Số vụ cháy, nổ không vượt quá 3 vụ", K.AT_MOST, "3", None, "vụ"),
    ("Tỷ lệ hồ sơ trễ hạn: ≤ 2%", K.AT_MOST, "2", None, "%"),
    # 8. about
    ("Tổng sản lượng lương thực bình quân năm khoảng 13.900 tấn", K.APPROX, "13900", None, "tấn"),
    # 9. plain figures are at least; 100% of a quota is exact
    ("Thu ngân sách nhà nước trên địa bàn là 1.306 triệu đồng", K.AT_LEAST, "1306", None, "triệu đồng"),
    ("Trồng rừng 200ha", K.AT_LEAST, "200", None, "ha"),
    ("Tỷ lệ người tham gia Bảo hiểm y tế đạt 100%", K.AT_LEAST, "100", None, "%"),
    ("Hoàn thành 100% chỉ tiêu tuyển quân cấp trên giao", K.EXACT, "100", None, "%"),
    ("Hoàn thành 100% kế hoạch vốn đầu tư công được giao", K.EXACT, "100", None, "%"),
    ("Chỉ tiêu tuyển quân hằng năm đạt 100%", K.EXACT, "100", None, "%"),
    # 10. no target figure
    ("Xây dựng lực lượng dân quân vững mạnh, rộng khắp", K.QUALITATIVE, None, None, ""),
    ("Kiềm chế, làm giảm tai nạn giao thông trên cả 3 tiêu chí", K.QUALITATIVE, None, None, ""),
])
def test_rules(phrase: str, kind: Kind, target: str | None, target_max: str | None, unit: str) -> None:
    reading = read_phrase(phrase, 2026)
    assert (reading.kind, reading.target, reading.target_max, reading.unit) == (
        kind, D(target) if target else None, D(target_max) if target_max else None, unit)


@pytest.mark.parametrize(("phrase", "deadline", "target"), [
    ("Phối hợp hoàn thành xây dựng Trường Phổ thông nội trú trước 15/7/2026", date(2026, 7, 15), None),
    ("Hoàn thành nâng cấp chợ trung tâm xã trước ngày 30/9/2026", date(2026, 9, 30), None),
    ("Hoàn thành chỉnh trang vỉa hè dài 1,2 km trong quý III/2026", date(2026, 9, 30), "1.2"),
    ("Nạo vét 12 tuyến kênh, hoàn thành trong quý II", date(2026, 6, 30), "12"),
    ("Hoàn thành xây dựng nhà văn hóa trung tâm xã trong năm 2026", date(2026, 12, 31), None),
    ("Hoàn thành cứng hóa 3,2 km đường trong tháng 6/2026", date(2026, 6, 30), "3.2"),
])
def test_rule_1_deadline_keeps_the_amount(phrase: str, deadline: date, target: str | None) -> None:
    reading = read_phrase(phrase, 2026)
    assert (reading.kind, reading.deadline, reading.target) == (Kind.DEADLINE, deadline, D(target) if target else None)


@pytest.mark.parametrize("phrase", [
    "Thu nhập bình quân đầu người trên địa bàn năm 2026 tăng 10% so với năm 2025",  # years
    "Hoàn thành 100% chỉ tiêu giao quân năm 2026",  # a year after a quota is no deadline
])
def test_years_are_not_targets_nor_deadlines(phrase: str) -> None:
    reading = read_phrase(phrase, 2026)
    assert reading.deadline is None
    assert reading.target in (D(10), D(100))


@pytest.mark.parametrize(("phrase", "value"), [
    ("100% dịch vụ công trực tuyến đạt mức độ 4", "100"),           # a level names, it does not count
    ("Duy trì 100% trẻ em 6 tuổi vào lớp 1", "100"),               # an age and a class
    ("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng giảm còn 19,5%", "19.5"),
    ("Xây dựng mới 02 sản phẩm OCOP đạt từ 3 sao trở lên", "2"),    # a rating
    ("Đạt 8 bác sĩ trên 1 vạn dân", "8"),                          # the base of a ratio
    ("Giá trị sản xuất trên 1 ha đất trồng trọt đạt 135 triệu đồng", "135"),
    ("Giảm tỷ lệ sinh con thứ 3 trở lên 0,2%", "0.2"),
    ("Triển khai Nghị quyết số 57-NQ/TW, đạt 90%", "90"),
    ("Nâng cấp Quốc lộ 1A đoạn qua thôn 5 dài 3,5 km", "3.5"),
])
def test_numbers_that_name_something_are_not_targets(phrase: str, value: str) -> None:
    reading = read_phrase(phrase, 2026)
    assert reading.target == D(value)
    assert reading.doubts == ()


def test_two_figures_that_cannot_be_told_apart_are_pointed_out() -> None:
    reading = read_phrase("Sản lượng thịt hơi 1.200 tấn 300 tấn", 2026)
    assert reading.target == D(1200)
    assert reading.doubts and "có nhiều con số trong cùng một ý" in reading.doubts[0]


@pytest.mark.parametrize("phrase", ["Giá trị sản xuất tăng gấp 1,5 lần năm 2025",
                                    "Thu ngân sách bằng 105% dự toán tỉnh giao"])
def test_a_phrase_shape_no_rule_knows_is_pointed_out(phrase: str) -> None:
    reading = read_phrase(phrase, 2026)
    assert reading.target is not None
    assert reading.doubts and reading.doubts[-1].startswith("cách viết chưa gặp")


def rows_of(text: str) -> list[tuple[Kind, Decimal | None, str]]:
    return [(t.kind, t.target, t.unit) for t in item_targets(Item("(1)", text, 1), 2026)]


def test_an_item_with_two_targets_is_two_rows() -> None:
    assert rows_of("Trồng rừng 200ha; trồng cây giá trị kinh tế cao 50ha.") == [
        (K.AT_LEAST, D(200), "ha"), (K.AT_LEAST, D(50), "ha")]
    assert rows_of("Phấn đấu làm mới 01 sản phẩm và duy trì 02 sản phẩm OCOP (Nếp thơm, Na).") == [
        (K.AT_LEAST, D(1), "sản phẩm"), (K.MAINTAIN, D(2), "sản phẩm")]


def test_a_value_with_its_growth_is_two_rows_the_growth_in_the_value_unit() -> None:
    targets = item_targets(Item("-", "Tổng thu ngân sách đạt hơn 4.000 tỷ đồng, tăng 10,66%.", 1), 2026)
    assert [(t.kind, t.target, t.unit) for t in targets] == [
        (K.MORE_THAN, D(4000), "tỷ đồng"), (K.INCREASE_PCT, D("10.66"), "tỷ đồng")]
    assert targets[1].name.startswith("Tổng thu ngân sách")


def test_trong_do_and_plus_sub_targets_are_rows() -> None:
    assert rows_of("Tổng sản lượng thủy sản đạt 32.000 tấn trở lên, trong đó sản lượng tôm 9.800 tấn.") == [
        (K.AT_LEAST, D(32000), "tấn"), (K.AT_LEAST, D(9800), "tấn")]


def test_a_cumulative_form_is_the_years_amount_and_the_total() -> None:
    targets = item_targets(Item("(4)", "Phấn đấu thực hiện 2,52 Km đường ngõ xóm được cứng hóa nâng tổng số km "
                                       "được cứng hóa lên 57,96/61,01km, đạt 95%.", 1), 2026)
    assert [(t.target, t.denominator, t.unit) for t in targets] == [(D("2.52"), None, "km"),
                                                                  (D("57.96"), D("61.01"), "km")]
    assert targets[1].text.endswith("(đạt 95%)")


def test_a_note_in_brackets_is_not_a_row_and_its_figure_is_pointed_out() -> None:
    targets = item_targets(Item("(4)", "Giảm tỷ lệ hộ nghèo 02%, (Giảm 11 hộ).", 1), 2026)
    assert [(t.kind, t.target) for t in targets] == [(K.DECREASE_POINTS, D(2))]
    assert targets[0].uncertain and "Giảm 11 hộ" in targets[0].uncertain


def test_an_item_without_figures_is_one_row() -> None:
    assert rows_of("Giữ vững chủ quyền biên giới; không để xảy ra vượt biên trái phép.") == [
        (K.MAINTAIN, None, "")]
    assert rows_of("Xây dựng lực lượng dân quân vững mạnh; huấn luyện đạt yêu cầu.") == [
        (K.QUALITATIVE, None, "")]


def test_a_qualitative_aim_beside_a_figure_is_a_row_of_its_own() -> None:
    assert rows_of("Hoàn thành 100% chỉ tiêu giao quân; xây dựng lực lượng dân quân đủ số lượng.") == [
        (K.EXACT, D(100), "%"), (K.QUALITATIVE, None, "")]


@pytest.mark.parametrize(("written", "unit"), [
    ("Km", "km"), ("150ha", "ha"), ("triệu đồng/người/năm", "triệu đồng"), ("trường học", "trường"),
    ("m2/người", "m2/người"), ("tỉ đồng", "tỷ đồng"),
])
def test_units_are_normalised(written: str, unit: str) -> None:
    assert normalise(written.removeprefix("150")) == unit


def test_an_unknown_unit_is_taken_and_marked_as_guessed() -> None:
    assert unit_after(" chòi canh lửa") == ("chòi", 5, False)
    reading = read_phrase("Xây dựng 5 chòi canh lửa", 2026)
    assert reading.unit == "chòi" and "đoán" in reading.doubts[0]


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_a_vietnamese_number_reads_back(value: Decimal) -> None:
    written = format_number(value)
    found = figures(f"Sản lượng đạt {written} tấn")
    assert [f.value for f in found] == [value.normalize()] or (value == 0 and found[0].value == 0)
