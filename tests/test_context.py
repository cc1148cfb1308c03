"""context.py: the contract lists exactly what the builders produce; names are safe to type in Word;
the docs and `nqreport context` come from the same source; the wording of each indicator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from docx_helpers import ROOT, commune_report, cross_communes, quoc_khanh, settings
from nqreport.aggregate import CommuneReport, CrossCommune, evaluate_commune
from nqreport.board import Board, Received, make_board
from nqreport.config.communes import load_register
from nqreport.evaluate import evaluate
from nqreport.model import Commune, Indicator
from nqreport.render.context import commune_context, summary_context
from nqreport.render.contract import (
    COMMUNE_VARIABLES,
    SCOPE_COMMUNE,
    SCOPE_SUMMARY,
    SUMMARY_VARIABLES,
    ascii_name,
    context_paths,
    contract_markdown,
    contract_text,
    documented_paths,
)
from nqreport.render.filters import FILTER_DOCS
from nqreport.schema import Kind, Period
from nqreport.wording.documents import body_in_capitals, body_symbol, number_line, period_phrase
from nqreport.wording.figures import target_text
from nqreport.wording.sentences import indicator_sentence

D = Decimal


# --------------------------------------------------------------------------- the contract


def test_commune_context_has_exactly_the_documented_names(tmp_path: Path) -> None:
    context = commune_context(commune_report(), settings(tmp_path))
    assert context_paths(context) == documented_paths(SCOPE_COMMUNE)


def lang_son_board() -> Board:
    """Lạng Sơn's 65 communes expected, Quốc Khánh and Bằng Mạc in."""
    received = [Received(f"inputs/{code}.xlsx", code, "", None, None, 0, 0) for code in ("06004", "06475")]
    return make_board(load_register().in_province("20"), received, "province = 20 trong nqreport.toml")


def test_summary_context_has_exactly_the_documented_names(tmp_path: Path) -> None:
    one = summary_context(cross_communes(), settings(tmp_path), [("x.xlsx", "2 lỗi")], lang_son_board())
    two = summary_context(cross_communes(other_province=True), settings(tmp_path), [("x.xlsx", "2 lỗi")])
    assert context_paths(one) | context_paths(two) == documented_paths(SCOPE_SUMMARY)


def test_a_summary_of_two_provinces_groups_its_communes_by_province(tmp_path: Path) -> None:
    one = summary_context(cross_communes(), settings(tmp_path))
    assert (one["theo_tinh"], one["tinh"]) == (False, [])
    two = summary_context(cross_communes(other_province=True), settings(tmp_path))
    assert two["theo_tinh"] is True
    assert [(t["stt"], t["ten"], t["so_xa"]) for t in two["tinh"]] == [(1, "Lạng Sơn", 1), (2, "Cao Bằng", 1)]
    # each province's row holds exactly its commune's counts, and the rows add up to the whole
    for row, commune in zip(two["tinh"], two["xa"], strict=True):
        assert row["dem"] == commune["dem"]
        assert row["theo_linh_vuc"] == commune["theo_linh_vuc"]
        assert row["so_xa_khong_dat"] == (1 if commune["dem"]["khong_dat"] else 0)
    assert sum(t["dem"]["tong"] for t in two["tinh"]) == two["dem"]["tong"]


def test_the_summary_names_the_communes_that_sent_nothing(tmp_path: Path) -> None:
    context = summary_context(cross_communes(), settings(tmp_path), (), lang_son_board())
    assert (context["so_xa_phai_nop"], context["so_xa_chua_nop"]) == (65, 63)
    assert context["chua_nop"][0] == {"stt": 1, "ma": "05977", "ten": "Đông Kinh", "ten_day_du": "phường Đông Kinh"}
    assert context["cau_chua_nop"].startswith("phường Đông Kinh, phường Lương Văn Tri, phường Tam Thanh, xã Đoàn Kết")
    assert "Quốc Khánh" not in context["cau_chua_nop"]
    assert context["cau_chua_nop"].count(", ") == 61 and context["cau_chua_nop"].count(" và ") == 1
    plain = summary_context(cross_communes(), settings(tmp_path))
    assert (plain["so_xa_phai_nop"], plain["chua_nop"], plain["cau_chua_nop"]) == (0, [], "")


def test_a_name_the_builders_stop_producing_is_caught() -> None:
    """The agreement test above can fail: a missing or extra key changes the set."""
    documented = documented_paths(SCOPE_COMMUNE)
    assert "linh_vuc[].chi_tieu[].cau" in documented
    assert "chi_tieu_khong_dat[].cau" in documented  # a shared group, spelt out
    assert "linh_vuc[].dem.cau" in documented
    assert "linh_vuc[].khong_co" not in documented


def test_names_are_unaccented_snake_case_and_not_dict_methods() -> None:
    shadowed = set(dir(dict))
    for var in (*COMMUNE_VARIABLES, *SUMMARY_VARIABLES):
        assert ascii_name(var.name), var.name
        assert var.name == var.name.lower()
        for part in var.name.replace("[]", "").split("."):
            assert part not in shadowed, f"{var.name}: Jinja would find dict.{part}"
        assert var.description and var.example, var.name
        assert var.scope in (SCOPE_COMMUNE, SCOPE_SUMMARY)


def test_no_name_is_listed_twice_in_a_scope() -> None:
    for variables in (COMMUNE_VARIABLES, SUMMARY_VARIABLES):
        names = [v.name for v in variables]
        assert len(names) == len(set(names))


def test_docs_are_generated_from_the_contract() -> None:
    text = (ROOT / "docs" / "bien-mau.md").read_text(encoding="utf-8")
    assert text == contract_markdown() + "\n", "chạy lại: python tools/make_templates.py"


def test_contract_text_and_markdown_list_every_name_and_filter() -> None:
    text, markdown = contract_text(), contract_markdown()
    for var in (*COMMUNE_VARIABLES, *SUMMARY_VARIABLES):
        assert f"  {var.name} " in text
        assert f"| `{var.name}` |" in markdown
    for flt in FILTER_DOCS:
        assert f"  {flt.name} " in text
        assert f"| `{flt.name}` |" in markdown
    assert text.startswith("Các biến dùng được trong mẫu Word.")


def test_contract_examples_match_what_the_builders_produce(tmp_path: Path) -> None:
    """The examples are written by hand: the ones for the seed commune agree with a real context."""
    context = commune_context(commune_report(), settings(tmp_path))
    examples = {v.name: v.example for v in COMMUNE_VARIABLES}
    for name in ("ma_xa", "ten_xa", "cap_xa", "ten_day_du", "tinh", "nam", "so_nghi_quyet",
                 "co_quan_ban_hanh", "so_bao_cao", "nguoi_ky", "dia_danh", "tham_quyen_ky", "chuc_vu_ky"):
        assert str(context[name]) == examples[name], name
    assert context["nghi_quyet"] == examples["nghi_quyet"]
    first = context["linh_vuc"][0]["chi_tieu"][0]
    assert first["cau"] == examples["linh_vuc[].chi_tieu[].cau"]


# --------------------------------------------------------------------------- values


def test_commune_context_values(tmp_path: Path) -> None:
    context = commune_context(commune_report(), settings(tmp_path))
    assert context["co_quan_in_hoa"] == "ỦY BAN NHÂN DÂN\nXÃ QUỐC KHÁNH"
    assert context["so_ky_hieu"] == "125/BC-UBND"
    assert context["ky_bao_cao"] == "năm 2026"
    assert context["la_bao_cao_nam"] is True
    assert context["noi_nhan"] == ["- Thường trực HĐND xã;", "- Lưu: VT."]
    assert context["tham_quyen_ky"] == "TM. ỦY BAN NHÂN DÂN"
    assert context["chu_so_phan_tram"] == 1
    assert [f["stt"] for f in context["linh_vuc"]] == ["I", "II", "III"]
    assert context["dem"] == {
        "tong": 8, "vuot": 2, "dat": 4, "dat_va_vuot": 6, "khong_dat": 1, "dang_thuc_hien": 0,
        "chua_co_so_lieu": 1,
        "cau": "6/8 chỉ tiêu đạt và vượt kế hoạch, trong đó 2 chỉ tiêu vượt; 1 chỉ tiêu không đạt; 1 chỉ "
               "tiêu chưa có số liệu",
    }
    revenue = context["linh_vuc"][0]["chi_tieu"][0]
    assert revenue["ty_le_ke_hoach"] == D("108.7")  # rounded half-up here, printed "108,7"
    assert (revenue["danh_gia"], revenue["ma_danh_gia"]) == ("Vượt", "vuot")
    assert [c["ten"] for c in context["chi_tieu_khong_dat"]] == ["Trồng rừng"]
    assert [c["ten"] for c in context["chi_tieu_chua_co_so_lieu"]] == ["Đào tạo nghề cho lao động nông thôn"]


def test_defaults_when_the_workbook_leaves_header_cells_blank(tmp_path: Path) -> None:
    data = quoc_khanh()
    bare = Commune(code="06004", name="Quốc Khánh", province="Lạng Sơn", year=2026, period=Period.SIX_MONTHS)
    from dataclasses import replace

    context = commune_context(evaluate_commune(replace(data, commune=bare)), settings(tmp_path))
    assert context["co_quan_ban_hanh"] == "Ủy ban nhân dân xã Quốc Khánh"
    assert context["so_ky_hieu"] == "      /BC-UBND"
    assert context["ngay_bao_cao"] is None
    assert context["dia_danh"] == "Quốc Khánh"
    assert (context["tham_quyen_ky"], context["chuc_vu_ky"], context["nguoi_ky"]) == (
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "")
    assert context["noi_nhan"] == ["- Thường trực HĐND xã Quốc Khánh;", "- Lưu: VT."]
    assert context["nghi_quyet"] == "Nghị quyết của Hội đồng nhân dân xã Quốc Khánh"
    assert context["ky_bao_cao"] == "6 tháng đầu năm 2026"


def test_percent_places_come_from_the_settings(tmp_path: Path) -> None:
    from dataclasses import replace

    from nqreport.config.settings import EvalSettings

    two = replace(settings(tmp_path), evaluation=EvalSettings(percent_places=2))
    context = commune_context(commune_report(), two)
    assert context["chu_so_phan_tram"] == 2
    assert context["linh_vuc"][0]["chi_tieu"][0]["ty_le_ke_hoach"] == D("108.73")


def test_summary_context_values(tmp_path: Path) -> None:
    context = summary_context(cross_communes(), settings(tmp_path))
    assert context["co_quan_ban_hanh"] == "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert context["co_quan_chu_quan"] == ""
    assert context["so_ky_hieu"] == "      /BC-UBND"
    assert [x["ten"] for x in context["xa"]] == ["Quốc Khánh", "Bằng Mạc"]
    assert [x["ten_day_du"] for x in context["xa_khong_dat"]] == ["xã Quốc Khánh", "xã Bằng Mạc"]
    assert [o["ket_qua"] for o in context["xa"][1]["theo_linh_vuc"]] == ["2/2", "-", "0/1"]
    assert context["bo_qua"] == []


def test_summary_of_communes_reporting_different_periods_names_them_all(tmp_path: Path) -> None:
    from nqreport.aggregate import aggregate_communes
    from nqreport.config.catalog import load_catalog

    reports = [evaluate_commune(quoc_khanh(Period.SIX_MONTHS)), evaluate_commune(quoc_khanh(Period.YEAR))]
    context = summary_context(aggregate_communes(reports, load_catalog()), settings(tmp_path))
    # not "6 tháng đầu năm 2026" for a commune that reported the whole year
    assert (context["ky"], context["ky_bao_cao"]) == ("6 tháng và năm", "6 tháng đầu năm 2026 và năm 2026")
    assert context["tieu_de"].endswith("6 tháng đầu năm 2026 và năm 2026 của các xã")


def test_a_rate_a_hair_under_its_target_shows_the_decimals_that_say_so(tmp_path: Path) -> None:
    from dataclasses import replace

    from nqreport.aggregate import aggregate_communes
    from nqreport.config.catalog import load_catalog

    rate = Indicator("Văn hóa - Xã hội", "Nước sạch", Kind.AT_LEAST, "%", "XH02", target=D(90), result=D(90),
                     numerator=D(22499), denominator=D(25000))
    report = evaluate_commune(replace(quoc_khanh(), indicators=(rate,)))
    context = summary_context(aggregate_communes([report], load_catalog()), settings(tmp_path))
    [row] = context["tong_danh_muc"]
    # 89,996% rounded to one place is 90,0: it would read as the target reached, next to Không đạt
    assert (row["thuc_hien"], row["ke_hoach"], row["danh_gia"]) == (D("89.996"), D("90.000"), "Không đạt")


def test_summary_lists_only_totals_some_commune_contributes_to(tmp_path: Path) -> None:
    context = summary_context(cross_communes(), settings(tmp_path))
    # KT07 is a rate whose only commune gave no numerator and denominator: no row of "0 xã" for it
    assert [t["ma"] for t in context["tong_danh_muc"]] == ["KT01", "KT03", "KT05"]
    assert [t["stt"] for t in context["tong_danh_muc"]] == [1, 2, 3]
    assert context["chua_tong_hop"] == [{"ma": "KT07", "ten": "Tỷ lệ che phủ rừng", "dvt": "%",
                                         "ly_do": "các xã chưa nhập tử số, mẫu số", "xa": "xã Bằng Mạc"}]
    assert context["cau_chua_tong_hop"] == "Chưa tổng hợp được do các xã chưa nhập tử số, mẫu số: KT07 Tỷ lệ che phủ rừng"
    # the approximate total's plan reads as the resolution writes it, not as a bare figure
    assert [t["muc_ke_hoach"] for t in context["tong_danh_muc"]] == ["2.206", "khoảng 13.900", "200"]


# --------------------------------------------------------------------------- wording


@pytest.mark.parametrize(("period", "year", "expected"), [
    (Period.YEAR, 2026, "năm 2026"),
    (Period.SIX_MONTHS, 2026, "6 tháng đầu năm 2026"),
    (Period.NINE_MONTHS, 2026, "9 tháng đầu năm 2026"),
    (Period.QUARTER_1, 2026, "quý I năm 2026"),
    (Period.QUARTER_4, 2026, "quý IV năm 2026"),
    (Period.MONTH_5, 2026, "tháng 5 năm 2026"),
])
def test_period_phrase(period: Period, year: int, expected: str) -> None:
    assert period_phrase(period, year) == expected


@pytest.mark.parametrize(("body", "capitals", "symbol"), [
    ("Ủy ban nhân dân xã Quốc Khánh", "ỦY BAN NHÂN DÂN\nXÃ QUỐC KHÁNH", "UBND"),
    ("Uỷ ban nhân dân phường Đông Kinh", "UỶ BAN NHÂN DÂN\nPHƯỜNG ĐÔNG KINH", "UBND"),
    ("Hội đồng nhân dân xã Bằng Mạc", "HỘI ĐỒNG NHÂN DÂN\nXÃ BẰNG MẠC", "HĐND"),
    ("Sở Tài chính", "SỞ TÀI CHÍNH", "STC"),
])
def test_issuing_body_in_the_header(body: str, capitals: str, symbol: str) -> None:
    assert body_in_capitals(body) == capitals
    assert body_symbol(body) == symbol


def test_number_line() -> None:
    assert number_line("125/BC-UBND", "UBND") == "125/BC-UBND"
    assert number_line("125", "UBND") == "125/BC-UBND"
    assert number_line("", "UBND") == "      /BC-UBND"


def _sentence(period: Period, **fields: object) -> str:
    defaults: dict[str, object] = {"field": "Kinh tế", "name": "Trồng rừng", "kind": Kind.AT_LEAST, "unit": "ha"}
    defaults.update(fields)
    ind = Indicator(**defaults)  # type: ignore[arg-type]
    return indicator_sentence(ind, evaluate(ind, period, date(2026, 6, 30)), period, 1)


def test_year_report_with_only_the_estimate_says_uoc_dat() -> None:
    assert _sentence(Period.YEAR, name="Thu ngân sách nhà nước trên địa bàn", unit="triệu đồng", target=D(1306),
                     estimate=D(1420)) == ("Thu ngân sách nhà nước trên địa bàn ước đạt 1.420 triệu đồng, bằng "
                                           "108,7% kế hoạch (vượt chỉ tiêu)")


def test_year_report_with_the_result_says_dat_and_the_change_against_last_year() -> None:
    assert _sentence(Period.YEAR, target=D(200), result=D(210), estimate=D(230), baseline=D(185)) == (
        "Trồng rừng đạt 210 ha, bằng 105,0% kế hoạch, tăng 13,5% so với năm trước (vượt chỉ tiêu)")


def test_in_year_report_gives_progress_then_the_estimate() -> None:
    assert _sentence(Period.SIX_MONTHS, target=D(200), result=D(120), estimate=D(210)) == (
        "Trồng rừng thực hiện được 120 ha/200 ha, đạt 60,0% kế hoạch; ước cả năm đạt 210 ha, bằng 105,0% kế "
        "hoạch (vượt chỉ tiêu)")


def test_in_year_report_with_the_same_period_last_year() -> None:
    assert _sentence(Period.SIX_MONTHS, target=D(200), result=D(120), same_period_last_year=D(96)) == (
        "Trồng rừng thực hiện được 120 ha/200 ha, đạt 60,0% kế hoạch, tăng 25,0% so với cùng kỳ (đang thực hiện)")


def test_nothing_done_is_not_written_as_achieved() -> None:
    assert _sentence(Period.SIX_MONTHS, name="Xây mới nhà văn hóa", unit="công trình", target=D(1), result=D(0),
                     estimate=D(1)) == ("Xây mới nhà văn hóa chưa thực hiện được (kế hoạch 1 công trình); ước cả "
                                        "năm đạt 1 công trình, bằng 100,0% kế hoạch (đạt chỉ tiêu)")
    assert _sentence(Period.YEAR, name="Đường nội đồng", unit="km", target=D(2), result=D(0)) == (
        "Đường nội đồng: 0 km, bằng 0,0% kế hoạch (không đạt chỉ tiêu)")
    assert _sentence(Period.YEAR, name="Tăng trưởng", unit="%", target=D(5), estimate=D(-2)) == (
        "Tăng trưởng: ước -2%, kế hoạch 5% (không đạt chỉ tiêu)")


def test_rates_are_not_written_as_a_fraction_of_the_target() -> None:
    assert _sentence(Period.SIX_MONTHS, name="Tỷ lệ che phủ rừng", unit="%", target=D(42), result=D("41.8"),
                     estimate=D(42)) == ("Tỷ lệ che phủ rừng đạt 41,8%, kế hoạch 42%; ước cả năm đạt 42%, bằng "
                                         "100,0% kế hoạch (đạt chỉ tiêu)")


def test_what_is_brought_down_reads_as_what_is_left_not_as_a_fall() -> None:
    # "Giảm tỷ lệ hộ nghèo: 7,9%" read as a fall of 7,9 points; the level is what is left
    assert _sentence(Period.SIX_MONTHS, name="Giảm tỷ lệ hộ nghèo", unit="%", kind=Kind.DECREASE_POINTS,
                     target=D(2), baseline=D("8.74"), result=D("7.9"), estimate=D("6.5")) == (
        "Tỷ lệ hộ nghèo còn 7,9%; ước cả năm còn 6,5%, giảm 2,24 điểm % so với năm trước, kế hoạch giảm 2 "
        "điểm % (vượt chỉ tiêu)")


def test_a_name_that_says_dat_does_not_get_a_second_one() -> None:
    # not "Tỷ lệ dịch vụ công trực tuyến đạt mức độ 4 đạt 100%"
    assert _sentence(Period.SIX_MONTHS, name="Tỷ lệ dịch vụ công trực tuyến đạt mức độ 4", unit="%",
                     target=D(100), result=D(100), estimate=D(100)) == (
        "Tỷ lệ dịch vụ công trực tuyến đạt mức độ 4: 100%, kế hoạch 100%; ước cả năm đạt 100%, bằng 100,0% "
        "kế hoạch (đạt chỉ tiêu)")
    assert _sentence(Period.YEAR, name="Tỷ lệ nhà văn hóa đạt chuẩn", unit="%", target=D(70),
                     result=D("71.4")).startswith("Tỷ lệ nhà văn hóa đạt chuẩn: 71,4%, ")


def test_lower_is_better_figures_are_not_praised_with_dat() -> None:
    assert _sentence(Period.YEAR, name="Số vụ phạm tội", unit="vụ", kind=Kind.DECREASE_PCT, target=D(5),
                     baseline=D(20), estimate=D(18)) == (
        "Số vụ phạm tội ước còn 18 vụ, giảm 10,0% so với năm trước, kế hoạch giảm 5% (vượt chỉ tiêu)")
    assert _sentence(Period.YEAR, name="Tai nạn giao thông", unit="vụ", kind=Kind.AT_MOST, target=D(5),
                     result=D(4)) == "Tai nạn giao thông: 4 vụ, đạt 125,0% kế hoạch (vượt chỉ tiêu)"


def test_a_rate_on_the_target_of_a_strict_kind_is_not_written_as_100_percent_of_plan() -> None:
    # 90% against "trên 90%" is 100,0% of plan yet not met: the sentence gives the plan instead
    assert _sentence(Period.YEAR, name="Tỷ lệ thu gom rác", unit="%", kind=Kind.MORE_THAN, target=D(90),
                     result=D(90)) == "Tỷ lệ thu gom rác đạt 90%, kế hoạch trên 90% (không đạt chỉ tiêu)"


def test_the_appendix_leaves_blank_a_percent_that_contradicts_the_status(tmp_path: Path) -> None:
    from dataclasses import replace

    data = quoc_khanh()
    waste = Indicator("Kinh tế", "Tỷ lệ thu gom rác", Kind.MORE_THAN, "%", target=D(90), result=D(90))
    forest = Indicator("Kinh tế", "Trồng rừng", Kind.AT_LEAST, "ha", target=D(200), result=D(150))
    context = commune_context(evaluate_commune(replace(data, indicators=(waste, forest))), settings(tmp_path))
    rows = context["linh_vuc"][0]["chi_tieu"]
    # 90 of "trên 90" is 100,0% and Không đạt: no "100,0%" in the table, the reason says why
    assert (rows[0]["ty_le_ke_hoach"], rows[0]["danh_gia"]) == (None, "Không đạt")
    assert rows[0]["ly_do"] == "Thực hiện đạt 90%, chưa đạt kế hoạch (trên 90%)"
    assert (rows[1]["ty_le_ke_hoach"], rows[1]["danh_gia"]) == (D("75.0"), "Không đạt")


def test_increase_against_last_year() -> None:
    assert _sentence(Period.YEAR, name="Thu nhập bình quân đầu người", unit="triệu đồng/người",
                     kind=Kind.INCREASE_PCT, target=D(10), baseline=D("42.5"), estimate=D("46.3")) == (
        "Thu nhập bình quân đầu người ước đạt 46,3 triệu đồng/người, tăng 8,9% so với năm trước, kế hoạch "
        "tăng 10% (không đạt chỉ tiêu)")


def test_range_without_percent_of_plan_names_the_range() -> None:
    assert _sentence(Period.YEAR, name="Tăng trưởng kinh tế", unit="%", kind=Kind.RANGE, target=D(10),
                     target_max=D("10.5"), result=D("10.2")) == (
        "Tăng trưởng kinh tế đạt 10,2%, kế hoạch từ 10% đến 10,5% (đạt chỉ tiêu)")


def test_a_target_is_not_repeated_for_the_estimate() -> None:
    assert _sentence(Period.SIX_MONTHS, name="Tăng trưởng", unit="%", kind=Kind.RANGE, target=D(10),
                     target_max=D("10.5"), result=D(5), estimate=D("10.2")) == (
        "Tăng trưởng đạt 5%, kế hoạch từ 10% đến 10,5%; ước cả năm đạt 10,2% (đạt chỉ tiêu)")


def test_targets_in_sentences_carry_their_unit() -> None:
    # "kế hoạch giảm 11" or "kế hoạch không quá 5" leaves the reader to guess 11 of what
    assert _sentence(Period.SIX_MONTHS, name="Số hộ nghèo", unit="hộ", kind=Kind.DECREASE_POINTS, target=D(11),
                     baseline=D(48), result=D(44), estimate=D(36)) == (
        "Số hộ nghèo còn 44 hộ; ước cả năm còn 36 hộ, giảm 12 hộ so với năm trước, kế hoạch giảm 11 hộ (vượt chỉ tiêu)")
    assert _sentence(Period.SIX_MONTHS, name="Tai nạn giao thông", unit="vụ", kind=Kind.AT_MOST, target=D(5),
                     result=D(2)) == "Tai nạn giao thông: 2 vụ, kế hoạch không quá 5 vụ (đang thực hiện)"


def test_deadline_qualitative_and_missing_figures() -> None:
    assert _sentence(Period.SIX_MONTHS, name="Hoàn thành trường", kind=Kind.DEADLINE, unit="",
                     deadline=date(2026, 7, 15)) == (
        "Hoàn thành trường: chưa hoàn thành, hạn 15/07/2026 (đang thực hiện)")
    assert _sentence(Period.YEAR, name="Dân quân vững mạnh", kind=Kind.QUALITATIVE, unit="") == (
        "Dân quân vững mạnh: chưa tự đánh giá")
    assert _sentence(Period.YEAR, target=D(200)) == "Trồng rừng: chưa có số liệu"
    assert _sentence(Period.YEAR, name="Hoàn thành trường", kind=Kind.DEADLINE, unit="") == (
        "Hoàn thành trường: chưa hoàn thành (chưa đánh giá được do chưa có hạn hoàn thành)")


def test_figures_that_cannot_be_judged_say_what_is_missing() -> None:
    # A figure followed by "(chưa có số liệu)" reads as a contradiction
    assert _sentence(Period.SIX_MONTHS, name="Giảm tai nạn giao thông", unit="vụ", kind=Kind.DECREASE_PCT,
                     target=D(5), result=D(3)) == (
        "Tai nạn giao thông còn 3 vụ, kế hoạch giảm 5% (chưa đánh giá được do chưa có kết quả năm trước)")
    assert _sentence(Period.YEAR, result=D(210)) == (
        "Trồng rừng đạt 210 ha (chưa đánh giá được do chưa có chỉ tiêu kế hoạch)")


@pytest.mark.parametrize(("kind", "fields", "expected"), [
    (Kind.AT_LEAST, {"target": D(1306)}, "1.306"),
    (Kind.MORE_THAN, {"target": D(90)}, "trên 90"),
    (Kind.AT_MOST, {"target": D(5)}, "không quá 5"),
    (Kind.LESS_THAN, {"target": D(5)}, "dưới 5"),
    (Kind.APPROX, {"target": D(13900)}, "khoảng 13.900"),
    (Kind.RANGE, {"target": D(10), "target_max": D("10.5")}, "10 - 10,5"),
    (Kind.INCREASE_PCT, {"target": D(10)}, "tăng 10%"),
    (Kind.DECREASE_PCT, {"target": D(5)}, "giảm 5%"),
    (Kind.DECREASE_POINTS, {"target": D(11)}, "giảm 11"),
    (Kind.MAINTAIN, {}, "duy trì"),
    (Kind.DEADLINE, {"deadline": date(2026, 7, 15)}, "trước 15/07/2026"),
    (Kind.QUALITATIVE, {}, ""),
])
def test_target_text(kind: Kind, fields: dict[str, object], expected: str) -> None:
    ind = Indicator("Kinh tế", "x", kind, "hộ", **fields)  # type: ignore[arg-type]
    assert target_text(ind) == expected


def test_nqreport_context_prints_the_contract() -> None:
    from click.testing import CliRunner

    from nqreport.cli import main

    result = CliRunner().invoke(main, ["context"])
    assert result.exit_code == 0
    assert result.output == contract_text() + "\n"
    markdown = CliRunner().invoke(main, ["context", "--format", "markdown"])
    assert markdown.output == contract_markdown() + "\n"


def six_months_cross() -> CrossCommune:
    """The two seed communes in a 6-month report: KT01 results 702 and 1.240, estimates 1.420 and 2.430;
    the clean-water rate from 400/500 and 300/500."""
    from nqreport.aggregate import aggregate_communes
    from nqreport.config.catalog import load_catalog

    return aggregate_communes(six_months_reports(), load_catalog())


def six_months_reports() -> list[CommuneReport]:
    """The evaluations of :func:`six_months_cross`."""
    from dataclasses import replace

    def water(numerator: int, result: int) -> Indicator:
        return Indicator("Văn hóa - Xã hội", "Nước sạch", Kind.AT_LEAST, "%", "XH02", target=D(80),
                         result=D(result), numerator=D(numerator), denominator=D(500))

    qk, bm = quoc_khanh(Period.SIX_MONTHS), quoc_khanh(Period.SIX_MONTHS)
    qk = replace(qk, indicators=(
        Indicator("Kinh tế", "Thu ngân sách", Kind.AT_LEAST, "triệu đồng", "KT01", target=D(1306), result=D(702),
                  estimate=D(1420)), water(400, 80)))
    bm = replace(bm, commune=replace(bm.commune, code="06475", name="Bằng Mạc"), indicators=(
        Indicator("Kinh tế", "Thu ngân sách", Kind.AT_LEAST, "triệu đồng", "KT01", target=D(2200),
                  result=D(1240), estimate=D(2430)), water(300, 60)))
    return [evaluate_commune(qk), evaluate_commune(bm)]


def test_summary_totals_show_the_period_and_the_year_in_their_own_columns(tmp_path: Path) -> None:
    context = summary_context(six_months_cross(), settings(tmp_path))
    assert context["cot_thuc_hien"] == "Thực hiện kỳ báo cáo"
    budget, water = context["tong_danh_muc"]
    # 702 + 1.240 = 1.942 done in 6 months; 1.420 + 2.430 = 3.850 estimated for the year, which is judged
    # against 1.306 + 2.200 = 3.506
    assert (budget["thuc_hien_ky"], budget["uoc_ca_nam"], budget["ke_hoach"]) == (D(1942), D(3850), D(3506))
    assert (budget["thuc_hien"], budget["danh_gia"], budget["danh_gia_tren"]) == (D(3850), "Vượt", "ước cả năm")
    # in-year, the table says once that totals are judged on the estimates: no note for each row
    assert (context["cot_danh_gia"], budget["ghi_chu"]) == ("Ước cả năm", "")
    # (400 + 300) / (500 + 500) = 70,0% for the period; no commune gave an estimate for the year
    assert (water["thuc_hien_ky"], water["uoc_ca_nam"], water["danh_gia"]) == (D("70.0"), None, "Đang thực hiện")
    assert (water["danh_gia_tren"], water["ghi_chu"]) == ("thực hiện", "")


def test_a_year_summary_heads_the_results_column_thuc_hien(tmp_path: Path) -> None:
    assert summary_context(cross_communes(), settings(tmp_path))["cot_thuc_hien"] == "Thực hiện"
