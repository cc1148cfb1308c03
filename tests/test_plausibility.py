"""Plausibility checks of one row (issue 11): figures a cell can hold but an official hardly meant, each a
warning at its cell saying what looks wrong and what to check.

The workbooks are written with openpyxl (tests/wbfactory.py): a string is a text cell, read the Vietnamese
way ("1.306" is 1306); a number is what Excel stores, so 1.42 is what English (US) Excel stores for a
typed "1.420". Columns: G plan, H upper bound, K last year, L same period last year, M result,
N estimate, Q numerator, R denominator; the first indicator is row 4; the report is for 6 months unless
said otherwise.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_helpers import KT, run_build, simple_rows, write_workbook
from build_helpers import row as blank_row
from nqreport.cli import main
from nqreport.config.catalog import Catalog, load_catalog
from nqreport.errors import Severity
from nqreport.read.workbook import read_workbook
from nqreport.schema import Kind
from nqreport.validate import validate_workbook
from nqreport.validate.plausibility import check_plausibility
from wbfactory import COMMUNE, Book, row, write

ROOT = Path(__file__).resolve().parent.parent
YEAR_REPORT = {**COMMUNE, "period": "Năm", "cutoff": datetime(2026, 12, 10)}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def warnings(tmp_path: Path, catalog: Catalog, *rows: dict[str, object], commune: dict[str, object] | None = None
             ) -> list[str]:
    """What ``nqreport validate`` prints for each problem of a workbook holding these rows."""
    book = Book(rows=list(rows), commune=commune or dict(COMMUNE))
    result = validate_workbook(write(tmp_path, book), catalog, name="so.xlsx")
    assert all(p.severity is Severity.WARNING for p in result.problems), [p.format() for p in result.problems]
    return [p.format() for p in result.problems]


def only(found: list[str], location: str, *words: str) -> None:
    """One warning, at ``location``, saying each of ``words``."""
    assert len(found) == 1, found
    assert found[0].startswith(f"so.xlsx › Chỉ tiêu › {location}: Cảnh báo: "), found[0]
    for word in words:
        assert word in found[0], (word, found[0])


# --------------------------------------------------------------------------- thousands read as decimals


def test_english_excel_estimate_against_a_plan_typed_the_vietnamese_way(tmp_path: Path, catalog: Catalog) -> None:
    # The plan typed as text "1.306" (read 1306); "1.420" typed in English Excel, stored as the number 1.42.
    found = warnings(tmp_path, catalog, row("Thu ngân sách nhà nước trên địa bàn", code="KT01", unit="triệu đồng",
                                            target="1.306", result=702, estimate=1.42))
    only(found, "N4", "ước cả năm 1,42 triệu đồng trong khi chỉ tiêu kế hoạch (1.306 triệu đồng, ô G4)",
         'có thể đã gõ "1.420"', "Excel của máy đặt kiểu số tiếng Anh", "hãy gõ lại 1420",
         "không gõ dấu chấm phân cách hàng nghìn")


def test_english_excel_plan_against_an_estimate_in_thousands(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog, row("Thu ngân sách nhà nước trên địa bàn", code="KT01", unit="triệu đồng",
                                            target=1.306, result=702, estimate="1.420"))
    only(found, "G4", "chỉ tiêu kế hoạch 1,306 triệu đồng trong khi ước cả năm (1.420 triệu đồng, ô N4)",
         'có thể đã gõ "1.306"', "hãy gõ lại 1306")


def test_the_whole_row_typed_in_english_excel_but_the_figures_below_a_thousand(tmp_path: Path,
                                                                              catalog: Catalog) -> None:
    # Quốc Khánh's revenue typed on an English (US) laptop: "1.306", "1.250" and "1.420" became 1,306, 1,25 and
    # 1,42; 610 and 702 have no separator and were read right. The six-month result is 537 times the plan as
    # read: the plan, last year and the estimate are the figures to fix, not the result.
    found = warnings(tmp_path, catalog, row("Thu ngân sách nhà nước trên địa bàn", code="KT01", unit="triệu đồng",
                                            target=1.306, baseline=1.25, same_period_last_year=610, result=702,
                                            estimate=1.42))
    assert [line.split(": Cảnh báo: ")[0] for line in found] == [
        "so.xlsx › Chỉ tiêu › G4", "so.xlsx › Chỉ tiêu › K4", "so.xlsx › Chỉ tiêu › N4"]
    assert "chỉ tiêu kế hoạch 1,306 triệu đồng trong khi thực hiện cùng kỳ năm trước (610 triệu đồng, ô L4): có " \
           'thể đã gõ "1.306"' in found[0]
    assert 'thực hiện năm trước 1,25 triệu đồng trong khi' in found[1] and 'có thể đã gõ "1.250"' in found[1]
    assert 'ước cả năm 1,42 triệu đồng trong khi' in found[2] and "hãy gõ lại 1420" in found[2]


def test_rice_of_1306_tonnes_against_13900(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog, row("Tổng sản lượng lương thực", Kind.APPROX, code="KT03", unit="tấn",
                                            target=13900, result=7050, estimate=1.306))
    only(found, "N4", "ước cả năm 1,306 tấn trong khi chỉ tiêu kế hoạch (13.900 tấn, ô G4)",
         'có thể đã gõ "1.306"', "hãy gõ lại 1306")


def test_numerator_read_as_decimals(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog, row("Tỷ lệ hộ dùng nước sạch", code="XH02", unit="%", target=68, result=67.2,
                                            numerator=1.58, denominator=2350))
    only(found, "Q4", "tử số 1,58 trong khi mẫu số (2.350, ô R4)", 'có thể đã gõ "1.580"', "hãy gõ lại 1580")


def test_decimals_in_a_counted_unit_but_not_in_a_measured_one(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog,
                     row("Đào tạo nghề cho lao động nông thôn", unit="học viên", target=300, result=1.5, estimate=320),
                     row("Đường nội đồng được cứng hóa", unit="km", target=1.173, result=0.5, estimate=1.173),
                     row("Trồng rừng", unit="ha", target=21.45, result=12.375, estimate=21.45))
    only(found, "M4", 'thực hiện kỳ báo cáo 1,5 học viên có phần lẻ, trong khi "học viên" là đơn vị đếm',
         'có thể đã gõ "1.500"', "hãy gõ lại 1500")


# --------------------------------------------------------------------------- out of proportion


def test_a_six_month_result_537_times_the_plan(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog, row("Trồng rừng", code="KT05", unit="ha", target=130, result=69810,
                                            estimate=140))
    # One warning: the estimate is not also called "below the result" of a result already found wrong.
    only(found, "M4", "thực hiện kỳ báo cáo 69.810 ha gấp khoảng 537 lần chỉ tiêu kế hoạch (130 ha, ô G4)",
         'chênh lệch quá 20 lần là bất thường với chỉ tiêu loại "Từ … trở lên, đạt (≥)"',
         "Hãy kiểm tra lại con số và đơn vị tính", "nhầm đơn vị (tỷ đồng với triệu đồng)")


def test_a_year_result_far_below_an_approximate_plan(tmp_path: Path, catalog: Catalog) -> None:
    rice = row("Tổng sản lượng lương thực", Kind.APPROX, code="KT03", unit="tấn", target=13900, result=1306)
    found = warnings(tmp_path, catalog, rice, commune=YEAR_REPORT)
    only(found, "M4", "thực hiện kỳ báo cáo 1.306 tấn thấp hơn khoảng 11 lần so với chỉ tiêu kế hoạch "
         "(13.900 tấn, ô G4)", 'chênh lệch quá 5 lần là bất thường với chỉ tiêu loại "Khoảng (≈)"')
    # Six months into the year, a tenth of the year's plan may be all that is done: no warning.
    assert warnings(tmp_path, catalog, rice) == []


def test_a_plan_out_of_proportion_is_named_once(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog, row("Tổng sản lượng lương thực", Kind.APPROX, code="KT03", unit="tấn",
                                            target=13, baseline=13650, result=7050, estimate=13750))
    only(found, "G4", "chỉ tiêu kế hoạch 13 tấn thấp hơn khoảng 1.050 lần so với ước cả năm (13.750 tấn, ô N4) và "
         "thực hiện năm trước (13.650 tấn, ô K4)")


def test_changes_against_last_year_compare_with_last_year(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog, row("Thu nhập bình quân đầu người", Kind.INCREASE_PCT, code="KT04",
                                            unit="triệu đồng/người", target=10, baseline=42.5, estimate=463))
    only(found, "N4", "ước cả năm 463 triệu đồng/người gấp khoảng 11 lần thực hiện năm trước (42,5 triệu "
         "đồng/người, ô K4)", 'chênh lệch quá 10 lần là bất thường với chỉ tiêu loại "Tăng X% so với năm trước"')


def test_no_warning_where_the_figures_may_really_be_far_apart(tmp_path: Path, catalog: Catalog) -> None:
    assert warnings(
        tmp_path, catalog,
        # Lower is better: an indicator may fall to almost nothing.
        row("Tỷ lệ hộ nghèo", Kind.AT_MOST, field="Văn hóa - Xã hội", unit="%", target=3, baseline=8.5, result=0.3,
            estimate=0.3),
        row("Số vụ tai nạn giao thông", Kind.AT_MOST, field="Quốc phòng - An ninh", unit="vụ", target=5, baseline=12,
            same_period_last_year=7, result=1, estimate=2),
        # A growth rate is not a share: 0,3% against a plan of 10% is possible.
        row("Tốc độ tăng thu ngân sách", unit="%", target=10, result=0.3, estimate=0.3),
        # A small plan overshot several times, below 20.
        row("Tổ chức tuyên truyền cài đặt VNeID", unit="cuộc", target=5, result=40, estimate=60),
        # A real small rate next to figures of a few percent.
        row("Tỷ lệ hộ nghèo đa chiều", Kind.DECREASE_POINTS, field="Văn hóa - Xã hội", unit="%", target=2,
            baseline=2.74, result=0.74, estimate=0.5),
    ) == []


# --------------------------------------------------------------------------- rates


def test_a_share_typed_as_a_fraction(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog, row("Tỷ lệ người tham gia bảo hiểm y tế", code="XH04", unit="%", target=95,
                                            result=93.5, estimate=0.96))
    only(found, "N4", "ước cả năm 0,96% trong khi chỉ tiêu kế hoạch (95%, ô G4)",
         "có vẻ tỷ lệ được gõ dạng số thập phân (0,96 nghĩa là 96%)", "Hãy gõ 96 (hoặc 96%)")


def test_a_rate_against_its_numerator_and_denominator(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog, row("Tỷ lệ người tham gia bảo hiểm y tế", code="XH04", unit="%", target=95,
                                            result=93.2, numerator=4711, denominator=5602))
    only(found, "M4", "tỷ lệ 93,2% khác tỷ lệ tính từ tử số, mẫu số (84,09%, ô Q4, R4) quá 5 điểm %",
         "tỷ lệ chung của các xã được tính lại từ tử số và mẫu số", "Hãy kiểm tra lại tỷ lệ, tử số và mẫu số")
    assert warnings(tmp_path, catalog, row("Tỷ lệ người tham gia bảo hiểm y tế", code="XH04", unit="%", target=95,
                                           result=93.2, numerator=5221, denominator=5602)) == []


# --------------------------------------------------------------------------- flows


def test_an_estimate_below_what_is_already_done(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog, row("Thu ngân sách nhà nước trên địa bàn", code="KT01", unit="triệu đồng",
                                            target=1306, result=702, estimate=650))
    only(found, "N4", "ước cả năm 650 triệu đồng nhỏ hơn số đã thực hiện (thực hiện kỳ báo cáo (702 triệu đồng, "
         "ô M4))", "cộng dồn trong năm nên ước cả năm không thể thấp hơn số đã đạt", "Hãy kiểm tra hai ô")


def test_same_period_above_the_whole_of_last_year(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog, row("Giảm số vụ phạm tội về trật tự xã hội", Kind.DECREASE_PCT, code="AN02",
                                            field="Quốc phòng - An ninh", unit="vụ", target=5, baseline=20,
                                            same_period_last_year=24, result=8, estimate=18))
    only(found, "L4", "thực hiện cùng kỳ năm trước 24 vụ lớn hơn cả năm trước (thực hiện năm trước (20 vụ, ô K4))",
         "cùng kỳ không thể lớn hơn cả năm")


def test_levels_may_fall_during_the_year(tmp_path: Path, catalog: Catalog) -> None:
    assert warnings(
        tmp_path, catalog,
        row("Giảm số hộ nghèo", Kind.DECREASE_POINTS, code="XH08", field="Văn hóa - Xã hội", unit="hộ", target=11,
            baseline=48, result=44, estimate=36),
        row("Duy trì thôn đạt thôn không ma túy", Kind.MAINTAIN, code="AN03", field="Quốc phòng - An ninh",
            unit="thôn", target=7, baseline=7, result=7, estimate=6),
        row("Tỷ lệ che phủ rừng", code="KT07", unit="%", target=42, baseline=41.6, result=42.1, estimate=41.9),
    ) == []


def test_events_add_up_even_where_fewer_is_better(tmp_path: Path, catalog: Catalog) -> None:
    found = warnings(tmp_path, catalog, row("Giảm số vụ phạm tội về trật tự xã hội", Kind.DECREASE_PCT, code="AN02",
                                            field="Quốc phòng - An ninh", unit="vụ", target=5, baseline=20, result=8,
                                            estimate=6))
    only(found, "N4", "ước cả năm 6 vụ nhỏ hơn số đã thực hiện")


# --------------------------------------------------------------------------- the command and the build


def test_validate_prints_the_warning_and_strict_fails(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write(inputs, Book(rows=[row("Thu ngân sách nhà nước trên địa bàn", code="KT01", unit="triệu đồng",
                                 target="1.306", result=702, estimate=1.42)]), name="06004-quoc-khanh")
    plain = CliRunner().invoke(main, ["validate", "-w", str(tmp_path)])
    assert plain.exit_code == 0
    assert plain.stderr.splitlines()[1].startswith(
        "  inputs/06004-quoc-khanh.xlsx › Chỉ tiêu › N4: Cảnh báo: ước cả năm 1,42 triệu đồng trong khi chỉ tiêu")
    assert plain.stdout == "Đã kiểm tra 1 sổ chỉ tiêu: 0 lỗi, 1 cảnh báo. Kết quả: ĐẠT.\n"
    strict = CliRunner().invoke(main, ["validate", "-w", str(tmp_path), "--strict"])
    assert strict.exit_code == 1
    assert "Kết quả: KHÔNG ĐẠT." in strict.stderr


def test_strict_build_skips_a_workbook_with_a_plausibility_warning(tmp_path: Path) -> None:
    from build_helpers import two_commune_workspace

    root = two_commune_workspace(tmp_path / "ws")
    rows = simple_rows()
    rows[0] = blank_row(KT, "Thu ngân sách nhà nước trên địa bàn", target="1.306", result=Decimal("1.42"),
                        unit="triệu đồng", code="KT01")  # a year report: the result is the year's
    path = root / "inputs" / "06004-quoc-khanh.xlsx"
    path.unlink()
    write_workbook(path, "06004", "Quốc Khánh", rows)
    relaxed = run_build(root)
    assert [b.code for b in relaxed.built] == ["06004", "06475"]
    assert [p.cell for p in relaxed.problems if p.file == "inputs/06004-quoc-khanh.xlsx"] == ["M4"]
    strict = run_build(root, strict=True)
    assert [b.code for b in strict.built] == ["06475"]
    assert strict.skipped == (("inputs/06004-quoc-khanh.xlsx", "1 cảnh báo, --strict coi là lỗi"),)
    assert strict.exit_code == 1


# --------------------------------------------------------------------------- no false alarm


def test_the_example_workbooks_raise_no_plausibility_warning(catalog: Catalog) -> None:
    for path in sorted((ROOT / "inputs").glob("*.xlsx")):
        result = read_workbook(path, catalog)
        assert result.data is not None
        assert check_plausibility(result.rows, catalog, result.data.commune.period) == [], path.name


def test_the_example_workspace_validates_as_before(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(ROOT / "inputs", root / "inputs")
    shutil.copy(ROOT / "nqreport.toml", root / "nqreport.toml")
    result = CliRunner().invoke(main, ["validate", "-w", str(root)])
    assert result.exit_code == 0
    assert [line.split(": Cảnh báo:")[0] for line in result.stderr.splitlines() if "Cảnh báo" in line] == [
        "  inputs/06004-quoc-khanh.xlsx › Chỉ tiêu › K31",
        "  inputs/06475-bang-mac.xlsx › Chỉ tiêu › M17",
    ]
    assert result.stdout == "Đã kiểm tra 2 sổ chỉ tiêu: 0 lỗi, 2 cảnh báo. Kết quả: ĐẠT.\n"


# --------------------------------------------------------------------------- the officials' page


def test_the_officials_page_states_the_thresholds_of_the_code() -> None:
    from nqreport.validate import outliers, plausibility

    text = (ROOT / "docs" / "danh-gia.md").read_text(encoding="utf-8")
    section = text[text.index("## Kiểm tra số liệu bất thường"):text.index("## Ví dụ lời văn")]
    rows = {
        "Khoảng (≈), Bằng (=), Trong khoảng, Duy trì": {Kind.APPROX, Kind.EXACT, Kind.RANGE, Kind.MAINTAIN},
        "Từ … trở lên (≥), Trên (>), Không quá (≤), Dưới (<)": {Kind.AT_LEAST, Kind.MORE_THAN, Kind.AT_MOST,
                                                               Kind.LESS_THAN},
        "Tăng X%, Giảm X%, Giảm X (điểm % hoặc đơn vị)": {Kind.INCREASE_PCT, Kind.DECREASE_PCT, Kind.DECREASE_POINTS},
    }
    for label, kinds in rows.items():
        (factor,) = {plausibility.FACTORS[kind] for kind in kinds}
        assert f"| {label} | {factor} lần |" in section, label
    assert set().union(*rows.values()) == set(plausibility.FACTORS)
    for said in (f"trong khoảng {plausibility.NEAR} lần", f"trong khoảng {plausibility.NEAR_FRACTION} lần",
                 f"gấp từ {plausibility.FAR} lần trở lên", f"(trong khoảng {plausibility.CLOSE} lần)",
                 f"quá {plausibility.RATE_GAP} điểm %", f"từ {outliers.MIN_COMMUNES} xã trở lên",
                 f"quá {str(outliers.Z_LIMIT).replace('.', ',')} lần", f"từ {10 ** outliers.LOG_FLOOR:.0f} lần trở lên",
                 f"từ {outliers.PERCENT_FLOOR:.0f} điểm % trở lên"):
        assert said in section, said
