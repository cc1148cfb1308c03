"""Counting statuses per field, commune and across communes; catalog totals by the catalog's rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from nqreport.aggregate import CommuneReport, StatusCounts, aggregate_communes, evaluate_commune
from nqreport.config.catalog import Aggregation, Catalog, CatalogEntry
from nqreport.model import Commune, CommuneData, Indicator
from nqreport.schema import Kind, Period, Status
from nqreport.summary import counts_json
from nqreport.totals import CatalogTotal, rate
from nqreport.wording.counts import counts_sentence
from nqreport.wording.totals import LACK_WORDS, judged_on, total_notes, total_reason, unjudged_text

D = Decimal
KT, XH, QA = "Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh"

CATALOG = Catalog(
    {
        "KT05": CatalogEntry("KT05", "Diện tích trồng rừng mới", "ha", KT, Aggregation.SUM, Kind.AT_LEAST),
        "KT02": CatalogEntry("KT02", "Tốc độ tăng thu ngân sách", "%", KT, Aggregation.NONE),
        "XH02": CatalogEntry("XH02", "Tỷ lệ hộ dùng nước sạch", "%", XH, Aggregation.RATIO),
        "XH08": CatalogEntry("XH08", "Số hộ nghèo", "hộ", XH, Aggregation.SUM),
        "KT01": CatalogEntry("KT01", "Thu ngân sách", "triệu đồng", KT, Aggregation.SUM),
    }
)


def ind(kind: Kind = Kind.AT_LEAST, field: str = KT, name: str = "Chỉ tiêu", **values: Any) -> Indicator:
    return Indicator(field=field, name=name, kind=kind, **values)


def commune(
    code: str,
    name: str,
    *indicators: Indicator,
    period: Period = Period.YEAR,
    province: str = "Lạng Sơn",
    cutoff: date | None = None,
) -> CommuneData:
    return CommuneData(
        Commune(code=code, name=name, province=province, year=2026, period=period, cutoff=cutoff),
        tuple(indicators),
    )


def report(data: CommuneData, period: Period | None = None) -> CommuneReport:
    return evaluate_commune(data, period)


# --------------------------------------------------------------------------- counts and sentences


def test_the_officials_sentence() -> None:
    counts = StatusCounts(exceeded=2, met=3, not_met=1, no_data=1)
    assert counts_sentence(counts) == (
        "5/7 chỉ tiêu đạt và vượt kế hoạch, trong đó 2 chỉ tiêu vượt; "
        "1 chỉ tiêu không đạt; 1 chỉ tiêu chưa có số liệu"
    )


@pytest.mark.parametrize(
    ("counts", "sentence"),
    [
        (
            StatusCounts(exceeded=1, met=1, not_met=1, in_progress=2, no_data=1),
            "2/6 chỉ tiêu đạt và vượt kế hoạch, trong đó 1 chỉ tiêu vượt; 1 chỉ tiêu không đạt; "
            "2 chỉ tiêu đang thực hiện; 1 chỉ tiêu chưa có số liệu",
        ),
        (StatusCounts(met=3, in_progress=1), "3/4 chỉ tiêu đạt kế hoạch; 1 chỉ tiêu đang thực hiện"),
        (StatusCounts(exceeded=4), "4/4 chỉ tiêu đạt và vượt kế hoạch, trong đó 4 chỉ tiêu vượt"),
        (
            StatusCounts(in_progress=3),
            "Chưa có chỉ tiêu nào đạt kế hoạch (0/3 chỉ tiêu); 3 chỉ tiêu đang thực hiện",
        ),
        (StatusCounts(), "Không có chỉ tiêu nào"),
    ],
)
def test_sentence_wording(counts: StatusCounts, sentence: str) -> None:
    assert counts_sentence(counts) == sentence


def test_counts_of_add_and_json() -> None:
    counts = StatusCounts.of([Status.MET, Status.EXCEEDED, Status.MET, Status.NO_DATA])
    assert counts == StatusCounts(exceeded=1, met=2, no_data=1)
    assert (counts.total, counts.met_or_exceeded) == (4, 3)
    assert counts + StatusCounts(not_met=2, met=1) == StatusCounts(exceeded=1, met=3, not_met=2, no_data=1)
    assert counts_json(counts) == {
        "exceeded": 1,
        "met": 2,
        "not_met": 0,
        "in_progress": 0,
        "no_data": 1,
        "total": 4,
        "met_or_exceeded": 3,
        "sentence": "3/4 chỉ tiêu đạt và vượt kế hoạch, trong đó 1 chỉ tiêu vượt; 1 chỉ tiêu chưa có số liệu",
    }


# --------------------------------------------------------------------------- one commune


def test_evaluate_commune_groups_fields_in_order_of_first_appearance() -> None:
    data = commune(
        "06004",
        "Quốc Khánh",
        ind(field=XH, target=D(10), result=D(11)),
        ind(field=KT, target=D(10), result=D(9)),
        ind(field=XH, target=D(10), result=D(10)),
        ind(Kind.QUALITATIVE, field=QA),
    )
    result = report(data)
    assert [f.field for f in result.fields] == [XH, KT, QA]
    assert [f.counts for f in result.fields] == [
        StatusCounts(exceeded=1, met=1),
        StatusCounts(not_met=1),
        StatusCounts(no_data=1),
    ]
    assert result.counts == StatusCounts(exceeded=1, met=1, not_met=1, no_data=1)
    assert [i.indicator for i in result.indicators] == [
        data.indicators[0],
        data.indicators[2],
        data.indicators[1],
        data.indicators[3],
    ]
    assert result.period is Period.YEAR


def test_evaluate_commune_period_defaults_to_the_workbooks_and_can_be_overridden() -> None:
    data = commune(
        "06004", "Quốc Khánh", ind(target=D(200), result=D(120), estimate=D(210)), period=Period.SIX_MONTHS
    )
    assert report(data).indicators[0].evaluation.status is Status.EXCEEDED  # on the estimate
    overridden = report(data, Period.YEAR)
    assert overridden.period is Period.YEAR
    assert overridden.indicators[0].evaluation.status is Status.NOT_MET  # on the result 120


def test_evaluate_commune_uses_the_cutoff_date() -> None:
    due = ind(Kind.DEADLINE, deadline=date(2026, 7, 15))
    late = commune("06004", "Quốc Khánh", due, cutoff=date(2026, 8, 1))
    assert report(late).indicators[0].evaluation.status is Status.NOT_MET
    early = commune("06004", "Quốc Khánh", due, cutoff=date(2026, 6, 30))
    assert report(early).indicators[0].evaluation.status is Status.IN_PROGRESS


# --------------------------------------------------------------------------- across communes


def test_matrix_puts_standard_fields_first_and_fills_every_cell() -> None:
    a = report(
        commune(
            "00001",
            "A",
            ind(field="Lĩnh vực riêng", target=D(1), result=D(1)),
            ind(field=QA, target=D(1), result=D(0)),
        )
    )
    b = report(commune("00002", "B", ind(field=KT, target=D(1), result=D(2))))
    cross = aggregate_communes([a, b], CATALOG)
    assert cross.fields == (KT, QA, "Lĩnh vực riêng")
    assert cross.matrix == {
        ("00001", KT): StatusCounts(),
        ("00001", QA): StatusCounts(not_met=1),
        ("00001", "Lĩnh vực riêng"): StatusCounts(met=1),
        ("00002", KT): StatusCounts(exceeded=1),
        ("00002", QA): StatusCounts(),
        ("00002", "Lĩnh vực riêng"): StatusCounts(),
    }
    assert cross.counts == StatusCounts(exceeded=1, met=1, not_met=1)
    assert cross.names == {"00001": "xã A", "00002": "xã B"}


def test_matrix_keeps_a_workbooks_own_spelling_of_a_standard_field() -> None:
    a = report(
        commune(
            "00001",
            "A",
            ind(field="Văn hoá - xã hội", target=D(1), result=D(1)),
            ind(field=KT, target=D(1), result=D(1)),
        )
    )
    assert aggregate_communes([a], CATALOG).fields == (KT, "Văn hoá - xã hội")


def test_names_that_clash_get_their_province() -> None:
    a = report(commune("22001", "Quảng Ninh", ind(target=D(1), result=D(1)), province="Quảng Bình"))
    b = report(commune("38001", "Quảng Ninh", ind(target=D(1), result=D(1)), province="Thanh Hóa"))
    assert aggregate_communes([a, b], CATALOG).names == {
        "22001": "xã Quảng Ninh (Quảng Bình)",
        "38001": "xã Quảng Ninh (Thanh Hóa)",
    }


def total(cross_totals: tuple[CatalogTotal, ...], code: str) -> CatalogTotal:
    return next(t for t in cross_totals if t.entry.code == code)


def test_sum_total_names_the_commune_missing_a_figure() -> None:
    reports = [
        report(commune("00001", "A", ind(code="KT05", unit="ha", target=D(200), result=D(210)))),
        report(commune("00002", "B", ind(code="kt05", unit="ha", target=D(50), result=D(40)))),
        report(commune("00003", "C", ind(code="KT05", unit="ha", target=D(30)))),
        report(commune("00004", "D", ind(code="XX99", unit="ha", target=D(30), result=D(1)))),
    ]
    t = total(aggregate_communes(reports, CATALOG).totals, "KT05")
    # 210 + 40 = 250 against 200 + 50 = 250: met; C has the indicator but no figure
    assert (t.value, t.target, t.status) == (D(250), D(250), Status.MET)
    assert (t.communes, t.codes) == (("xã A", "xã B"), ("00001", "00002"))
    assert (t.missing, t.missing_codes) == (("xã C",), ("00003",))
    assert (t.numerator, t.denominator) == (None, None)
    assert t.evaluation is not None
    assert total_reason(t) == "Thực hiện đạt 250 ha, bằng 100,0% kế hoạch (250 ha)"


def test_totals_only_for_catalog_codes_reported_and_aggregated() -> None:
    reports = [
        report(
            commune(
                "00001",
                "A",
                ind(code="KT02", unit="%", target=D(10), result=D(12)),
                ind(code="KT05", unit="ha", target=D(1), result=D(1)),
            )
        )
    ]
    assert [t.entry.code for t in aggregate_communes(reports, CATALOG).totals] == ["KT05"]


def test_in_year_sum_is_judged_on_estimates_and_shows_the_period_result() -> None:
    reports = [
        report(
            commune(
                "00001",
                "A",
                ind(code="KT05", unit="ha", target=D(200), result=D(120), estimate=D(210)),
                period=Period.SIX_MONTHS,
            )
        ),
        report(
            commune(
                "00002",
                "B",
                ind(code="KT05", unit="ha", target=D(50), result=D(32)),
                period=Period.SIX_MONTHS,
            )
        ),
    ]
    t = total(aggregate_communes(reports, CATALOG).totals, "KT05")
    assert (t.value, t.target, t.status, t.missing) == (D(210), D(200), Status.EXCEEDED, ("xã B",))
    # the period's result over the same communes as the plan and the estimate (A's 120, not A's and B's
    # 152 beside A's plan of 200); B, left out for lack of an estimate, is named
    assert (t.period_result, t.period_missing, t.estimate) == (D(120), (), D(210))
    assert "Thiếu ước cả năm: xã B" in total_notes(t, "Thực hiện kỳ báo cáo")
    assert t.evaluation is not None
    assert total_reason(t) == "Ước cả năm đạt 210 ha, bằng 105,0% kế hoạch (200 ha)"


def test_sum_with_different_kinds_has_no_status() -> None:
    reports = [
        report(commune("00001", "A", ind(code="KT01", unit="triệu đồng", target=D(1306), result=D(1420)))),
        report(
            commune(
                "00002",
                "B",
                ind(
                    Kind.INCREASE_PCT,
                    code="KT01",
                    unit="triệu đồng",
                    target=D(10),
                    baseline=D(2150),
                    result=D(2430),
                ),
            )
        ),
    ]
    t = total(aggregate_communes(reports, CATALOG).totals, "KT01")
    assert (t.value, t.target, t.status, t.evaluation) == (D(3850), None, None, None)
    assert unjudged_text(t) == "các xã giao chỉ tiêu theo cách đánh giá khác nhau"


def test_a_sum_without_a_common_yardstick_says_why() -> None:
    def grain(code: str, kind: Kind, target: Decimal | None, baseline: Decimal | None = None) -> CommuneReport:
        return report(commune(code, code, ind(kind, code="KT01", unit="triệu đồng", target=target,
                                              baseline=baseline, result=D(100))))

    def why(*reports: CommuneReport) -> str:
        return unjudged_text(total(aggregate_communes(reports, CATALOG).totals, "KT01"))

    assert why(grain("1", Kind.AT_LEAST, D(90)), grain("2", Kind.AT_LEAST, None)) == "có xã chưa có chỉ tiêu kế hoạch"
    assert why(grain("1", Kind.INCREASE_PCT, D(5), D(90)), grain("2", Kind.INCREASE_PCT, D(8), D(90))) == (
        "các xã giao mức tăng, giảm khác nhau")
    assert why(grain("1", Kind.INCREASE_PCT, D(5), D(90)), grain("2", Kind.INCREASE_PCT, D(5))) == (
        "có xã thiếu kết quả năm trước")
    assert why(grain("1", Kind.AT_LEAST, D(90)), grain("2", Kind.AT_LEAST, D(90))) == ""


def test_sum_leaves_out_a_commune_in_another_unit() -> None:
    reports = [
        report(commune("00001", "A", ind(code="KT01", unit="triệu đồng", target=D(1306), result=D(1420)))),
        report(commune("00002", "B", ind(code="KT01", unit="tỷ đồng", target=D(2), result=D(3)))),
    ]
    t = total(aggregate_communes(reports, CATALOG).totals, "KT01")
    assert (t.value, t.communes, t.unit_mismatch) == (D(1420), ("xã A",), ("xã B",))


def test_decrease_points_sum_compares_total_reduction_to_total_target() -> None:
    reports = [
        report(
            commune(
                "00001",
                "A",
                ind(Kind.DECREASE_POINTS, code="XH08", unit="hộ", target=D(11), baseline=D(48), result=D(36)),
            )
        ),
        report(
            commune(
                "00002",
                "B",
                ind(Kind.DECREASE_POINTS, code="XH08", unit="hộ", target=D(5), baseline=D(20), result=D(16)),
            )
        ),
    ]
    t = total(aggregate_communes(reports, CATALOG).totals, "XH08")
    # 68 → 52: a reduction of 16 households against 11 + 5 = 16 planned
    assert (t.value, t.target, t.status) == (D(52), D(16), Status.MET)
    assert t.evaluation is not None
    assert total_reason(t) == (
        "Thực hiện 52 hộ, giảm 16 hộ so với năm trước (68 hộ); kế hoạch giảm 16 hộ, đạt 100,0% mức kế hoạch"
    )


@pytest.mark.parametrize(("second_target", "expected"), [(D(10), Status.EXCEEDED), (D(12), None)])
def test_increase_pct_sum_needs_one_common_target(second_target: Decimal, expected: Status | None) -> None:
    reports = [
        report(
            commune(
                "00001",
                "A",
                ind(
                    Kind.INCREASE_PCT,
                    code="KT01",
                    unit="triệu đồng",
                    target=D(10),
                    baseline=D(100),
                    result=D(110),
                ),
            )
        ),
        report(
            commune(
                "00002",
                "B",
                ind(
                    Kind.INCREASE_PCT,
                    code="KT01",
                    unit="triệu đồng",
                    target=second_target,
                    baseline=D(200),
                    result=D(230),
                ),
            )
        ),
    ]
    t = total(aggregate_communes(reports, CATALOG).totals, "KT01")
    # 300 → 340: +13,3% against a common 10%
    assert (t.value, t.status) == (D(340), expected)


def _water(code: str, name: str, target: int, result: int, parts: tuple[int, int] | None = None,
           period: Period = Period.YEAR) -> CommuneReport:
    """A commune reporting the household water rate (XH02), with its numerator and denominator if given."""
    numerator, denominator = (D(parts[0]), D(parts[1])) if parts else (None, None)
    return report(commune(code, name, ind(code="XH02", field=XH, unit="%", target=D(target), result=D(result),
                                          numerator=numerator, denominator=denominator), period=period))


def test_ratio_is_recomputed_never_averaged() -> None:
    reports = [_water("00001", "A", 60, 50, (10, 20)), _water("00002", "B", 90, 90, (90, 100)),
               _water("00003", "C", 90, 95)]
    t = total(aggregate_communes(reports, CATALOG).totals, "XH02")
    # 100 / 120 = 83,33% (the average of 50% and 90% would be 70%);
    # target weighted by households: (60·20 + 90·100) / 120 = 85
    assert (t.numerator, t.denominator) == (D(100), D(120))
    assert t.value == D(100) / D(120) * 100
    assert (t.target, t.status, t.missing) == (D(85), Status.NOT_MET, ("xã C",))
    assert t.evaluation is not None
    assert total_reason(t) == "Thực hiện đạt 83,3%, bằng 98,0% kế hoạch (85%)"
    assert t.evaluation.percent_of_plan == t.value / D(85) * 100


def test_ratio_in_an_in_year_report_is_progress_only() -> None:
    reports = [_water("00001", "A", 60, 50, (10, 20), Period.SIX_MONTHS)]
    t = total(aggregate_communes(reports, CATALOG).totals, "XH02")
    assert (t.value, t.status) == (D(50), Status.IN_PROGRESS)


def test_ratio_with_communes_on_different_periods_has_no_status() -> None:
    reports = [_water("00001", "A", 60, 50, (10, 20), Period.SIX_MONTHS), _water("00002", "B", 60, 50, (10, 20))]
    t = total(aggregate_communes(reports, CATALOG).totals, "XH02")
    assert (t.value, t.status) == (D(50), None)
    assert unjudged_text(t) == "các xã báo cáo khác kỳ"


def test_ratio_with_no_parts_anywhere() -> None:
    t = total(aggregate_communes([_water("00001", "A", 60, 50)], CATALOG).totals, "XH02")
    assert (t.value, t.numerator, t.denominator, t.status, t.missing) == (None, None, None, None, ("xã A",))
    assert (t.counted, LACK_WORDS[t.lack]) == (False, "tử số, mẫu số")


def test_a_rate_just_under_its_target_is_not_worded_as_reaching_it() -> None:
    # 22.499 / 25.000 = 89,996%: rounded to one place it would read "đạt 90%" next to Không đạt
    t = total(aggregate_communes([_water("00001", "A", 90, 90, (22499, 25000))], CATALOG).totals, "XH02")
    assert t.status is Status.NOT_MET
    assert t.evaluation is not None
    assert total_reason(t) == "Thực hiện đạt 89,996%, chưa đạt kế hoạch (90%)"
    assert t.places == 3
    # 22.400 / 25.000 = 89,6%: one place is enough
    t = total(aggregate_communes([_water("00001", "A", 90, 90, (22400, 25000))], CATALOG).totals, "XH02")
    assert t.evaluation is not None
    assert total_reason(t) == "Thực hiện đạt 89,6%, bằng 99,6% kế hoạch (90%)"


def test_a_commune_without_parts_does_not_stop_the_rate_being_judged() -> None:
    # C reports another period but gives no numerator: the rate is A's and B's, all of one period
    reports = [_water("00001", "A", 90, 95, (95, 100)), _water("00002", "B", 90, 95, (190, 200)),
               _water("00003", "C", 90, 95, period=Period.SIX_MONTHS)]
    t = total(aggregate_communes(reports, CATALOG).totals, "XH02")
    assert (t.value, t.status, t.missing) == (D(95), Status.EXCEEDED, ("xã C",))


def test_rate() -> None:
    assert rate(D(1), D(4)) == D(25)
    assert rate(D(0), D(0)) is None


# --------------------------------------------------------------------------- the period's results apart from the year's estimates


def _six_months_kt01() -> list[CommuneReport]:
    """The two seed communes' KT01 in a 6-month report: results 702 and 1.240, estimates 1.420 and 2.430."""
    return [
        report(commune("06004", "Quốc Khánh", ind(code="KT01", unit="triệu đồng", target=D(1306), result=D(702),
                                                  estimate=D(1420)), period=Period.SIX_MONTHS)),
        report(commune("06475", "Bằng Mạc", ind(code="KT01", unit="triệu đồng", target=D(2200), result=D(1240),
                                                estimate=D(2430)), period=Period.SIX_MONTHS)),
    ]


def test_in_year_sum_keeps_the_period_results_and_the_year_estimates_apart() -> None:
    t = total(aggregate_communes(_six_months_kt01(), CATALOG).totals, "KT01")
    # 702 + 1.240 = 1.942 for the period; 1.420 + 2.430 = 3.850 for the year, judged against 1.306 + 2.200
    assert (t.period_result, t.period_missing) == (D(1942), ())
    assert (t.estimate, t.estimate_missing) == (D(3850), ())
    assert (t.value, t.target, t.status) == (D(3850), D(3506), Status.EXCEEDED)
    assert (t.value_basis, judged_on(t), t.estimated) == ("estimate", "ước cả năm", ("xã Quốc Khánh", "xã Bằng Mạc"))
    assert total_notes(t, "Thực hiện kỳ báo cáo") == ["Đánh giá trên ước cả năm"]


def test_a_year_sum_of_results_and_of_an_estimate_says_so() -> None:
    reports = [
        report(commune("00001", "A", ind(code="KT01", unit="triệu đồng", target=D(1306), estimate=D(1420)))),
        report(commune("00002", "B", ind(code="KT01", unit="triệu đồng", target=D(900), result=D(1000)))),
    ]
    t = total(aggregate_communes(reports, CATALOG).totals, "KT01")
    # judged on 1.000 (B's result) + 1.420 (A's estimate, no result yet) = 2.420, in neither column alone
    assert (t.value, t.period_result, t.estimate, t.status) == (D(2420), D(1000), D(1420), Status.EXCEEDED)
    assert (t.value_basis, judged_on(t)) == ("mixed", "thực hiện, riêng xã A lấy ước cả năm")
    assert total_notes(t, "Thực hiện") == [
        "Đánh giá trên tổng 2.420: thực hiện, riêng xã A lấy ước cả năm",
        "Thiếu ước cả năm: xã B",
    ]
    assert total_notes(t, "Thực hiện", gaps=False, judged=False) == ["Thiếu ước cả năm: xã B"]


def test_a_rate_is_judged_on_the_period_and_has_no_estimate() -> None:
    reports = [
        report(commune("00001", "A", ind(code="XH02", unit="%", target=D(80), result=D(80), numerator=D(400),
                                         denominator=D(500)), period=Period.SIX_MONTHS)),
        report(commune("00002", "B", ind(code="XH02", unit="%", target=D(80), result=D(60), numerator=D(300),
                                         denominator=D(500)), period=Period.SIX_MONTHS)),
    ]
    t = total(aggregate_communes(reports, CATALOG).totals, "XH02")
    assert (t.value, t.estimate, t.value_basis, judged_on(t)) == (D(70), None, "result", "thực hiện")
    assert t.status is Status.IN_PROGRESS
    assert total_notes(t, "Thực hiện kỳ báo cáo") == []


def test_a_total_over_one_commune_has_that_communes_verdict() -> None:
    """One verdict everywhere: a catalog total of a single commune is that commune's indicator, so it must
    be judged the same (the 6-month clean-water rate of Quốc Khánh is Vượt in its report, on its estimate
    for the year; its total once said Đang thực hiện)."""
    from nqreport.config.catalog import load_catalog
    from nqreport.read.workbook import read_workbook

    catalog = load_catalog()
    root = Path(__file__).resolve().parent.parent
    compared = 0
    for path in sorted((root / "inputs").glob("*.xlsx")):
        data = read_workbook(path, catalog).data
        assert data is not None
        report = evaluate_commune(data)
        by_code = {item.indicator.code: item for item in report.indicators if item.indicator.code}
        for t in aggregate_communes([report], catalog).totals:
            if t.status is None:
                continue
            item = next(i for c, i in by_code.items() if catalog.get(c) is t.entry)
            assert t.status is item.evaluation.status, (path.name, t.entry.code)
            compared += 1
    assert compared >= 30  # both example communes' judged totals, not a vacuous loop
