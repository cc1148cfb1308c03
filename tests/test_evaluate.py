"""Evaluation of one indicator: every kind below, at and above its target, as docs/danh-gia.md's table says.

Expected figures are worked out by hand in the comments; reasons are compared word for word because
officials read them in the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from nqreport.config.settings import EvalSettings
from nqreport.evaluate import Basis, Evaluation, evaluate
from nqreport.model import Indicator
from nqreport.schema import Direction, Kind, Period, Status
from nqreport.wording.numbers import format_status
from nqreport.wording.verdicts import lacking, reason_text

D = Decimal
YEAR = Period.YEAR
EXCEEDED, MET, NOT_MET = Status.EXCEEDED, Status.MET, Status.NOT_MET
IN_PROGRESS, NO_DATA = Status.IN_PROGRESS, Status.NO_DATA


def ind(kind: Kind, **values: Any) -> Indicator:
    values.setdefault("unit", "")
    return Indicator(field="Kinh tế", name="Chỉ tiêu thử", kind=kind, **values)


@dataclass(frozen=True)
class Worded:
    """An evaluation with what the report prints for it: the reason sentence, what the plan lacks, the
    status label. Evaluation returns data; the words come from nqreport.wording, tested here together."""

    evaluation: Evaluation
    reason: str
    lacking: str
    label: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.evaluation, name)


def ev(
    indicator: Indicator,
    period: Period = YEAR,
    cutoff: date | None = None,
    settings: EvalSettings | None = None,
) -> Worded:
    chosen = settings or EvalSettings()
    e = evaluate(indicator, period, cutoff, chosen)
    return Worded(e, reason_text(indicator, e, chosen), lacking(e), format_status(e.status))


def status(kind: Kind, result: str, **values: Any) -> Status:
    return ev(ind(kind, result=D(result), **values)).status


# --------------------------------------------------------------------------- level kinds


@pytest.mark.parametrize(
    ("result", "expected", "pct"),
    [
        ("49", NOT_MET, D(98)),
        ("50", MET, D(100)),
        ("51", EXCEEDED, D(102)),
        ("0", NOT_MET, D(0)),
    ],
)
def test_at_least(result: str, expected: Status, pct: Decimal) -> None:
    e = ev(ind(Kind.AT_LEAST, target=D(50), result=D(result), unit="học viên"))
    assert (e.status, e.percent_of_plan, e.basis, e.value) == (expected, pct, Basis.RESULT, D(result))


def test_at_least_reason_on_an_estimate() -> None:
    # 1420 / 1306 = 1,08729… → 108,7%
    e = ev(ind(Kind.AT_LEAST, target=D(1306), estimate=D(1420), unit="triệu đồng"))
    assert e.status is EXCEEDED
    assert e.basis is Basis.ESTIMATE
    assert e.reason == "Ước cả năm đạt 1.420 triệu đồng, bằng 108,7% kế hoạch (1.306 triệu đồng)"


def test_year_report_prefers_the_result_to_the_estimate() -> None:
    e = ev(ind(Kind.AT_LEAST, target=D(200), result=D(190), estimate=D(210), unit="ha"))
    assert (e.status, e.basis, e.value) == (NOT_MET, Basis.RESULT, D(190))
    assert e.reason == "Thực hiện đạt 190 ha, bằng 95,0% kế hoạch (200 ha)"


@pytest.mark.parametrize(("result", "expected"), [("89", NOT_MET), ("90", NOT_MET), ("90.1", EXCEEDED)])
def test_more_than_is_met_only_strictly_above_and_that_is_exceeding(result: str, expected: Status) -> None:
    assert status(Kind.MORE_THAN, result, target=D(90), unit="%") is expected


def test_more_than_reason_at_the_target_says_why_it_is_not_met() -> None:
    e = ev(ind(Kind.MORE_THAN, target=D(90), result=D(90), unit="%"))
    assert e.reason == "Thực hiện đạt 90%, chưa đạt kế hoạch (trên 90%)"
    e = ev(ind(Kind.LESS_THAN, target=D(1), result=D(1), unit="%"))
    assert (e.status, e.reason) == (NOT_MET, "Thực hiện 1%, chưa đạt kế hoạch (dưới 1%)")


@pytest.mark.parametrize(("kind", "result", "expected", "reason"), [
    # 89,96 / 90 = 99,955…% prints as 100,0%: the words say what the figure cannot
    (Kind.AT_LEAST, "89.96", NOT_MET, "Thực hiện đạt 89,96%, chưa đạt kế hoạch (90%)"),
    # 90,04 / 90 = 100,044…% prints as 100,0% too, for an indicator beyond its target
    (Kind.AT_LEAST, "90.04", EXCEEDED, "Thực hiện đạt 90,04%, vượt kế hoạch (90%)"),
    # 89,5 / 90 = 99,4%: far enough to print
    (Kind.AT_LEAST, "89.5", NOT_MET, "Thực hiện đạt 89,5%, bằng 99,4% kế hoạch (90%)"),
    # "Bằng" with no better side: 105 is not 100, and 105,0% must not be read as success
    (Kind.EXACT, "105", NOT_MET, "Thực hiện đạt 105%, không bằng kế hoạch (100%)"),
    (Kind.EXACT, "95", NOT_MET, "Thực hiện đạt 95%, bằng 95,0% kế hoạch (100%)"),
])
def test_a_percent_of_plan_that_would_contradict_the_status_is_put_in_words(
        kind: Kind, result: str, expected: Status, reason: str) -> None:
    target = D(100) if kind is Kind.EXACT else D(90)
    e = ev(ind(kind, target=target, result=D(result), unit="%"))
    assert (e.status, e.reason) == (expected, reason)


def test_a_change_that_rounds_onto_the_planned_change_is_put_in_words() -> None:
    # (109,996 − 100) / 100 = 9,996% prints as 10,0%, short of the 10% planned
    e = ev(ind(Kind.INCREASE_PCT, target=D(10), baseline=D(100), result=D("109.996")))
    assert e.status is NOT_MET
    assert e.reason == ("Thực hiện đạt 109,996, tăng 10,0% so với năm trước (100); kế hoạch tăng 10%, "
                        "chưa đạt mức kế hoạch")


@pytest.mark.parametrize(
    ("result", "expected", "pct"),
    [
        # lower is better: percent of plan is V/A (5/6 = 83,33…; 5/4 = 125)
        ("6", NOT_MET, D(5) / D(6) * 100),
        ("5", MET, D(100)),
        ("4", EXCEEDED, D(125)),
        ("0", EXCEEDED, None),
    ],
)
def test_at_most(result: str, expected: Status, pct: Decimal | None) -> None:
    e = ev(ind(Kind.AT_MOST, target=D(5), result=D(result), unit="vụ"))
    assert (e.status, e.percent_of_plan) == (expected, pct)


def test_at_most_reason_does_not_praise_a_count_of_accidents() -> None:
    e = ev(ind(Kind.AT_MOST, target=D(5), result=D(4), unit="vụ"))
    assert e.reason == "Thực hiện 4 vụ, đạt 125,0% kế hoạch (không quá 5 vụ)"


@pytest.mark.parametrize(("result", "expected"), [("1.2", NOT_MET), ("1", NOT_MET), ("0.74", EXCEEDED)])
def test_less_than(result: str, expected: Status) -> None:
    assert status(Kind.LESS_THAN, result, target=D(1), unit="%") is expected


def test_less_than_reason() -> None:
    # 1 / 0,74 = 1,35135… → 135,1%
    e = ev(ind(Kind.LESS_THAN, target=D(1), result=D("0.74"), unit="%"))
    assert e.reason == "Thực hiện 0,74%, đạt 135,1% kế hoạch (dưới 1%)"


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        # V = 13.900, tolerance 5% = 695: met from 13.205 to 14.595
        ("13204", NOT_MET),
        ("13205", MET),
        ("13900", MET),
        ("14595", MET),
        ("14596", EXCEEDED),
    ],
)
def test_approx_default_tolerance_higher_is_better(result: str, expected: Status) -> None:
    assert status(Kind.APPROX, result, target=D(13900), unit="tấn") is expected


@pytest.mark.parametrize(("result", "expected"), [("13204", EXCEEDED), ("13205", MET), ("14596", NOT_MET)])
def test_approx_lower_is_better(result: str, expected: Status) -> None:
    assert status(Kind.APPROX, result, target=D(13900), direction=Direction.LOWER) is expected


@pytest.mark.parametrize(("result", "expected"), [("12509", NOT_MET), ("12510", MET), ("15290", MET)])
def test_approx_tolerance_from_settings(result: str, expected: Status) -> None:
    # 10% of 13.900 = 1.390: met from 12.510 to 15.290
    e = ev(
        ind(Kind.APPROX, target=D(13900), result=D(result), unit="tấn"),
        settings=EvalSettings(approx_tolerance_pct=D(10)),
    )
    assert e.status is expected


def test_approx_reason_names_the_tolerance() -> None:
    # 13.300 / 13.900 = 0,95683… → 95,7%
    e = ev(ind(Kind.APPROX, target=D(13900), result=D(13300), unit="tấn"))
    assert e.reason == "Thực hiện đạt 13.300 tấn, bằng 95,7% kế hoạch (khoảng 13.900 tấn, dung sai ±5%)"


def test_approx_zero_target_has_no_band_and_no_percent() -> None:
    assert ev(ind(Kind.APPROX, target=D(0), result=D(0))).status is MET
    e = ev(ind(Kind.APPROX, target=D(0), result=D("0.1")))
    assert (e.status, e.percent_of_plan) == (EXCEEDED, None)


@pytest.mark.parametrize(
    ("direction", "result", "expected"),
    [
        (None, "100", MET),
        (None, "99", NOT_MET),
        (None, "101", NOT_MET),
        (Direction.HIGHER, "101", EXCEEDED),
        (Direction.HIGHER, "100", MET),
        (Direction.HIGHER, "99", NOT_MET),
        (Direction.LOWER, "99", EXCEEDED),
        (Direction.LOWER, "100", MET),
        (Direction.LOWER, "101", NOT_MET),
    ],
)
def test_exact(direction: Direction | None, result: str, expected: Status) -> None:
    assert status(Kind.EXACT, result, target=D(100), unit="%", direction=direction) is expected


def test_exact_quota_reason() -> None:
    e = ev(ind(Kind.EXACT, target=D(100), result=D(100), unit="%", direction=Direction.HIGHER))
    assert e.reason == "Thực hiện đạt 100%, bằng 100,0% kế hoạch (100%)"


@pytest.mark.parametrize(
    ("direction", "result", "expected"),
    [
        (None, "9.9", NOT_MET),
        (None, "10", MET),
        (None, "10.5", MET),
        (None, "10.6", NOT_MET),
        (Direction.HIGHER, "10.6", EXCEEDED),
        (Direction.HIGHER, "9.9", NOT_MET),
        (Direction.LOWER, "9.9", EXCEEDED),
        (Direction.LOWER, "10.6", NOT_MET),
    ],
)
def test_range(direction: Direction | None, result: str, expected: Status) -> None:
    e = ev(
        ind(Kind.RANGE, target=D(10), target_max=D("10.5"), result=D(result), unit="%", direction=direction)
    )
    assert (e.status, e.percent_of_plan) == (expected, None)


def test_range_bounds_typed_the_wrong_way_round() -> None:
    assert status(Kind.RANGE, "10.2", target=D("10.5"), target_max=D(10)) is MET


def test_range_reason() -> None:
    e = ev(ind(Kind.RANGE, target=D(10), target_max=D("10.5"), result=D(11), unit="%"))
    assert e.reason == "Thực hiện đạt 11%, cao hơn khoảng kế hoạch (từ 10% đến 10,5%)"


def test_range_without_upper_bound_is_no_data() -> None:
    e = ev(ind(Kind.RANGE, target=D(10), result=D(10)))
    assert e.status is NO_DATA
    assert e.reason == 'Chưa có cận trên của khoảng kế hoạch (cột "Cận trên (loại trong khoảng)")'


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"target": D(7), "result": D(6)}, NOT_MET),
        ({"target": D(7), "result": D(7)}, MET),
        ({"target": D(7), "result": D(8)}, EXCEEDED),
        ({"baseline": D(47), "result": D("46.9")}, NOT_MET),
        ({"baseline": D(47), "result": D(47)}, MET),
        ({"baseline": D(47), "result": D("47.2")}, EXCEEDED),
    ],
)
def test_maintain(values: dict[str, Decimal], expected: Status) -> None:
    assert ev(ind(Kind.MAINTAIN, **values)).status is expected


def test_maintain_reasons() -> None:
    e = ev(ind(Kind.MAINTAIN, target=D(7), result=D(7), unit="thôn"))
    assert e.reason == "Thực hiện đạt 7 thôn, bằng 100,0% kế hoạch (duy trì 7 thôn)"
    e = ev(ind(Kind.MAINTAIN, baseline=D(47), result=D(47), unit="%"))
    assert e.reason == "Thực hiện đạt 47%, bằng 100,0% kế hoạch (duy trì mức năm trước 47%)"


def test_maintain_without_target_nor_baseline_is_no_data() -> None:
    e = ev(ind(Kind.MAINTAIN, result=D(7)))
    assert e.status is NO_DATA
    assert e.reason == (
        'Chưa có chỉ tiêu kế hoạch (cột "Chỉ tiêu kế hoạch") hay kết quả năm trước '
        '(cột "Thực hiện năm trước") để so sánh'
    )


@pytest.mark.parametrize(
    "kind",
    [
        Kind.AT_LEAST,
        Kind.MORE_THAN,
        Kind.AT_MOST,
        Kind.LESS_THAN,
        Kind.APPROX,
        Kind.EXACT,
        Kind.RANGE,
        Kind.INCREASE_PCT,
        Kind.DECREASE_PCT,
        Kind.DECREASE_POINTS,
    ],
)
def test_missing_target_is_no_data(kind: Kind) -> None:
    e = ev(ind(kind, result=D(5), baseline=D(4)))
    assert e.status is NO_DATA
    assert e.reason == 'Chưa có chỉ tiêu kế hoạch (cột "Chỉ tiêu kế hoạch")'


# --------------------------------------------------------------------------- relative kinds


@pytest.mark.parametrize(
    ("result", "expected", "achieved", "pct"),
    [
        # B = 50, X = 10%: (54,9 − 50)/50 = 9,8%; 55 → 10%; 56 → 12%
        ("54.9", NOT_MET, D("9.8"), D(98)),
        ("55", MET, D(10), D(100)),
        ("56", EXCEEDED, D(12), D(120)),
        ("45", NOT_MET, D(-10), None),
    ],
)
def test_increase_pct(result: str, expected: Status, achieved: Decimal, pct: Decimal | None) -> None:
    e = ev(ind(Kind.INCREASE_PCT, target=D(10), baseline=D(50), result=D(result)))
    assert (e.status, e.achieved_change, e.percent_of_plan) == (expected, achieved, pct)


def test_increase_pct_reasons() -> None:
    e = ev(ind(Kind.INCREASE_PCT, target=D(10), baseline=D(50), estimate=D(55), unit="triệu đồng/người"))
    assert e.reason == (
        "Ước cả năm đạt 55 triệu đồng/người, tăng 10,0% so với năm trước (50 triệu đồng/người); "
        "kế hoạch tăng 10%, đạt 100,0% mức kế hoạch"
    )
    e = ev(ind(Kind.INCREASE_PCT, target=D(10), baseline=D(50), result=D(45), unit="triệu đồng"))
    assert e.reason == (
        "Thực hiện đạt 45 triệu đồng, giảm 10,0% so với năm trước (50 triệu đồng); kế hoạch tăng 10%"
    )


def test_increase_from_a_negative_baseline_measures_against_its_size() -> None:
    # a loss of 10 cut to a loss of 5: (−5 − (−10)) / |−10| = +50%
    e = ev(ind(Kind.INCREASE_PCT, target=D(10), baseline=D(-10), result=D(-5)))
    assert (e.status, e.achieved_change) == (EXCEEDED, D(50))


@pytest.mark.parametrize(
    ("result", "expected", "achieved"),
    [
        # B = 20 vụ, X = 5%: 19,5 → 2,5%; 19 → 5%; 18 → 10%; 21 → −5% (a rise)
        ("19.5", NOT_MET, D("2.5")),
        ("19", MET, D(5)),
        ("18", EXCEEDED, D(10)),
        ("21", NOT_MET, D(-5)),
    ],
)
def test_decrease_pct(result: str, expected: Status, achieved: Decimal) -> None:
    e = ev(ind(Kind.DECREASE_PCT, target=D(5), baseline=D(20), result=D(result), unit="vụ"))
    assert (e.status, e.achieved_change) == (expected, achieved)


def test_decrease_pct_reason_when_it_rose() -> None:
    e = ev(ind(Kind.DECREASE_PCT, target=D(5), baseline=D(20), result=D(21), unit="vụ"))
    assert e.reason == "Thực hiện 21 vụ, tăng 5,0% so với năm trước (20 vụ); kế hoạch giảm 5%"


@pytest.mark.parametrize(
    ("result", "expected", "pct"),
    [
        # B = 4,5%, X = 2 points: 2,6 → 1,9; 2,5 → 2; 2,4 → 2,1
        ("2.6", NOT_MET, D(95)),
        ("2.5", MET, D(100)),
        ("2.4", EXCEEDED, D(105)),
    ],
)
def test_decrease_points(result: str, expected: Status, pct: Decimal) -> None:
    e = ev(ind(Kind.DECREASE_POINTS, target=D(2), baseline=D("4.5"), result=D(result), unit="%"))
    assert (e.status, e.percent_of_plan) == (expected, pct)


def test_decrease_points_reason_speaks_of_points() -> None:
    e = ev(ind(Kind.DECREASE_POINTS, target=D(2), baseline=D("4.5"), result=D("2.5"), unit="%"))
    assert e.reason == (
        "Thực hiện 2,5%, giảm 2 điểm % so với năm trước (4,5%); kế hoạch giảm 2 điểm %, "
        "đạt 100,0% mức kế hoạch"
    )
    e = ev(ind(Kind.DECREASE_POINTS, target=D(11), baseline=D(48), result=D(36), unit="hộ"))
    assert e.reason == (
        "Thực hiện 36 hộ, giảm 12 hộ so với năm trước (48 hộ); kế hoạch giảm 11 hộ, đạt 109,1% mức kế hoạch"
    )


def test_no_change_is_said_plainly() -> None:
    e = ev(ind(Kind.DECREASE_POINTS, target=D(1), baseline=D(5), result=D(5), unit="hộ"))
    assert e.status is NOT_MET
    assert (
        e.reason
        == "Thực hiện 5 hộ, không đổi so với năm trước (5 hộ); kế hoạch giảm 1 hộ, đạt 0,0% mức kế hoạch"
    )


@pytest.mark.parametrize("kind", [Kind.INCREASE_PCT, Kind.DECREASE_PCT, Kind.DECREASE_POINTS])
@pytest.mark.parametrize("period", [Period.YEAR, Period.SIX_MONTHS])
def test_relative_kinds_without_baseline_are_no_data(kind: Kind, period: Period) -> None:
    e = ev(ind(kind, target=D(10), result=D(55), estimate=D(56)), period)
    word = "tăng" if kind is Kind.INCREASE_PCT else "giảm"
    assert e.status is NO_DATA
    assert (
        e.reason
        == f'Thiếu kết quả năm trước (cột "Thực hiện năm trước"), cần để tính mức {word} so với năm trước'
    )
    assert e.percent_of_plan is None


@pytest.mark.parametrize("kind", [Kind.INCREASE_PCT, Kind.DECREASE_PCT])
def test_percent_change_from_zero_is_no_data(kind: Kind) -> None:
    e = ev(ind(kind, target=D(10), baseline=D(0), result=D(5)))
    assert e.status is NO_DATA
    assert e.reason == (
        "Kết quả năm trước bằng 0 nên không tính được tỷ lệ % tăng, giảm; hãy kiểm tra cột "
        '"Thực hiện năm trước"'
    )


def test_decrease_points_from_zero_is_fine() -> None:
    assert status(Kind.DECREASE_POINTS, "0", target=D(0), baseline=D(0)) is MET


def test_relative_percent_of_plan_needs_a_positive_target() -> None:
    e = ev(ind(Kind.DECREASE_POINTS, target=D(0), baseline=D(5), result=D(4)))
    assert (e.status, e.percent_of_plan) == (EXCEEDED, None)


# --------------------------------------------------------------------------- deadline


DUE = date(2026, 7, 15)


@pytest.mark.parametrize(
    ("completed", "cutoff", "expected", "reason"),
    [
        (date(2026, 7, 14), None, MET, "Hoàn thành ngày 14/07/2026, trước hạn 15/07/2026"),
        (DUE, date(2026, 12, 1), MET, "Hoàn thành ngày 15/07/2026, đúng hạn"),
        (date(2026, 7, 16), None, NOT_MET, "Hoàn thành ngày 16/07/2026, chậm so với hạn 15/07/2026"),
        (
            None,
            date(2026, 7, 15),
            IN_PROGRESS,
            "Chưa hoàn thành; hạn 15/07/2026 (số liệu tính đến ngày 15/07/2026)",
        ),
        (
            None,
            date(2026, 7, 16),
            NOT_MET,
            "Chưa hoàn thành, đã quá hạn 15/07/2026 (số liệu tính đến ngày 16/07/2026)",
        ),
        (
            None,
            None,
            IN_PROGRESS,
            "Chưa hoàn thành; hạn 15/07/2026 (chưa có ngày chốt số liệu để biết đã quá hạn hay chưa)",
        ),
    ],
)
@pytest.mark.parametrize("period", [Period.YEAR, Period.SIX_MONTHS])
def test_deadline(
    completed: date | None, cutoff: date | None, expected: Status, reason: str, period: Period
) -> None:
    e = ev(ind(Kind.DEADLINE, deadline=DUE, completed_on=completed), period, cutoff)
    assert (e.status, e.reason, e.basis) == (expected, reason, Basis.DATE)
    assert (e.value, e.percent_of_plan, e.progress_pct) == (None, None, None)


def test_deadline_ignores_figures() -> None:
    e = ev(
        ind(Kind.DEADLINE, deadline=DUE, result=D(100), estimate=D(100), target=D(100)),
        YEAR,
        date(2026, 8, 1),
    )
    assert (e.status, e.percent_of_plan) == (NOT_MET, None)


def test_deadline_missing() -> None:
    e = ev(ind(Kind.DEADLINE))
    assert (e.status, e.reason) == (NO_DATA, 'Chưa có hạn hoàn thành (cột "Hạn hoàn thành")')
    e = ev(ind(Kind.DEADLINE, completed_on=date(2026, 3, 2)))
    assert (e.status, e.reason) == (MET, "Đã hoàn thành ngày 02/03/2026")


# --------------------------------------------------------------------------- qualitative


@pytest.mark.parametrize("manual", [EXCEEDED, MET, NOT_MET, IN_PROGRESS])
@pytest.mark.parametrize("period", [Period.YEAR, Period.NINE_MONTHS])
def test_qualitative_takes_the_officials_status(manual: Status, period: Period) -> None:
    e = ev(ind(Kind.QUALITATIVE, manual_status=manual, result=D(1), target=D(2)), period)
    assert (e.status, e.basis, e.percent_of_plan, e.value) == (manual, Basis.MANUAL, None, None)


def test_qualitative_reasons() -> None:
    assert ev(ind(Kind.QUALITATIVE, manual_status=MET)).reason == "Tự đánh giá: Đạt"
    e = ev(ind(Kind.QUALITATIVE))
    assert (e.status, e.reason) == (NO_DATA, 'Chưa tự đánh giá (cột "Tự đánh giá")')


# --------------------------------------------------------------------------- periods


def test_in_year_without_estimate_is_in_progress_with_progress() -> None:
    e = ev(ind(Kind.AT_LEAST, target=D(200), result=D(120), unit="ha"), Period.SIX_MONTHS)
    assert (e.status, e.basis, e.value, e.percent_of_plan, e.progress_pct) == (
        IN_PROGRESS,
        Basis.NONE,
        None,
        None,
        D(60),
    )
    assert e.reason == (
        "Thực hiện 6 tháng đạt 120 ha, bằng 60,0% kế hoạch (200 ha); chưa có ước thực hiện cả năm để đánh giá"
    )


def test_in_year_with_estimate_is_judged_on_it() -> None:
    e = ev(ind(Kind.AT_LEAST, target=D(200), result=D(120), estimate=D(210), unit="ha"), Period.SIX_MONTHS)
    assert (e.status, e.basis, e.value, e.percent_of_plan, e.progress_pct) == (
        EXCEEDED,
        Basis.ESTIMATE,
        D(210),
        D(105),
        D(60),
    )
    assert e.reason == "Ước cả năm đạt 210 ha, bằng 105,0% kế hoạch (200 ha); thực hiện 6 tháng đạt 120 ha"


def test_in_year_estimate_below_target_is_not_met() -> None:
    e = ev(ind(Kind.AT_LEAST, target=D(200), result=D(150), estimate=D(190)), Period.NINE_MONTHS)
    assert e.status is NOT_MET


def test_in_year_with_nothing_is_no_data() -> None:
    e = ev(ind(Kind.AT_LEAST, target=D(200), unit="ha"), Period.QUARTER_2)
    assert (e.status, e.basis) == (NO_DATA, Basis.NONE)
    assert e.reason == "Chưa có số liệu thực hiện quý II và ước thực hiện cả năm"


def test_year_with_nothing_is_no_data() -> None:
    e = ev(ind(Kind.AT_LEAST, target=D(200)))
    assert (e.status, e.reason) == (NO_DATA, "Chưa có số liệu thực hiện và ước thực hiện cả năm")


def test_in_year_progress_shows_change_against_same_period() -> None:
    e = ev(
        ind(Kind.AT_LEAST, target=D(200), result=D(120), same_period_last_year=D(96), unit="ha"),
        Period.MONTH_3,
    )
    # (120 − 96) / 96 = 25%
    assert e.change_vs_same_period == D(25)
    assert e.reason == (
        "Thực hiện tháng 3 đạt 120 ha, bằng 60,0% kế hoạch (200 ha), tăng 25,0% so với cùng kỳ "
        "năm trước; chưa có ước thực hiện cả năm để đánh giá"
    )


def test_in_year_lower_is_better_has_no_progress_percent() -> None:
    e = ev(ind(Kind.AT_MOST, target=D(5), result=D(2), unit="vụ"), Period.SIX_MONTHS)
    assert (e.status, e.progress_pct) == (IN_PROGRESS, None)
    assert e.reason == "Thực hiện 6 tháng 2 vụ; chưa có ước thực hiện cả năm để đánh giá"


def test_progress_names_the_target_as_the_resolution_writes_it() -> None:
    e = ev(ind(Kind.APPROX, target=D(13900), result=D(7050), unit="tấn"), Period.SIX_MONTHS)
    assert e.reason == ("Thực hiện 6 tháng đạt 7.050 tấn, bằng 50,7% kế hoạch (khoảng 13.900 tấn); chưa có ước "
                        "thực hiện cả năm để đánh giá")


def test_a_rates_change_vs_same_period_is_in_points() -> None:
    # 98,9% against 98,2%: up 0,7 percentage points (a relative change would be 0,71…%)
    e = ev(ind(Kind.AT_LEAST, target=D(100), result=D("98.9"), same_period_last_year=D("98.2"), unit="%"),
           Period.SIX_MONTHS)
    assert e.change_vs_same_period == D("0.7")
    assert e.reason == ("Thực hiện 6 tháng đạt 98,9%, bằng 98,9% kế hoạch (100%), tăng 0,7 điểm % so với cùng kỳ "
                        "năm trước; chưa có ước thực hiện cả năm để đánh giá")
    # a rate may start from 0%: points still mean something
    e = ev(ind(Kind.AT_LEAST, target=D(50), result=D(20), same_period_last_year=D(0), unit="%"), Period.SIX_MONTHS)
    assert e.change_vs_same_period == D(20)


def test_change_vs_same_period_in_a_year_report_uses_last_years_result() -> None:
    # (1.420 − 1.250) / 1.250 = 13,6%
    e = ev(ind(Kind.AT_LEAST, target=D(1306), baseline=D(1250), estimate=D(1420)))
    assert e.change_vs_same_period == D("13.6")
    e = ev(ind(Kind.AT_LEAST, target=D(1306), baseline=D(0), estimate=D(1420)))
    assert e.change_vs_same_period is None


# --------------------------------------------------------------------------- zero, negative, rounding


def test_zero_target_has_no_percent_of_plan() -> None:
    e = ev(ind(Kind.AT_LEAST, target=D(0), result=D(0)))
    assert (e.status, e.percent_of_plan) == (MET, None)
    assert e.reason == "Thực hiện 0; kế hoạch 0"  # not "đạt 0": nothing was achieved


def test_negative_result_has_no_percent_of_plan() -> None:
    # a growth rate that turned negative
    e = ev(ind(Kind.AT_LEAST, target=D(5), result=D(-2), unit="%"))
    assert (e.status, e.percent_of_plan) == (NOT_MET, None)
    assert e.reason == "Thực hiện -2%; kế hoạch 5%"  # a fall is not "đạt"


def test_percent_places_setting_and_half_up() -> None:
    # 1.420 / 1.306 = 108,7289… ; 2 places → 108,73
    e = ev(ind(Kind.AT_LEAST, target=D(1306), result=D(1420)), settings=EvalSettings(percent_places=2))
    assert e.reason == "Thực hiện đạt 1.420, bằng 108,73% kế hoạch (1.306)"
    # 8,25 / 10 → 82,5% exactly: one place keeps it; zero places rounds half up to 83%
    e = ev(ind(Kind.AT_LEAST, target=D(10), result=D("8.25")), settings=EvalSettings(percent_places=0))
    assert e.reason == "Thực hiện đạt 8,25, bằng 83% kế hoạch (10)"


def test_percent_of_plan_is_unrounded_decimal() -> None:
    e = ev(ind(Kind.AT_LEAST, target=D(3), result=D(1)))
    assert e.percent_of_plan == D(1) / D(3) * 100
    assert isinstance(e.percent_of_plan, Decimal)


def test_label() -> None:
    assert ev(ind(Kind.AT_LEAST, target=D(1), result=D(1))).label == "Đạt"


def test_a_change_that_rounds_to_nothing_is_worded_as_none() -> None:
    # (100,01 − 100) / 100 = 0,01% → 0,0% at one decimal
    e = ev(ind(Kind.INCREASE_PCT, target=D(1), baseline=D(100), result=D("100.01")))
    assert (
        e.reason
        == "Thực hiện đạt 100,01, không đổi so với năm trước (100); kế hoạch tăng 1%, đạt 1,0% mức kế hoạch"
    )
    e = ev(
        ind(Kind.AT_LEAST, target=D(200), result=D("100.01"), same_period_last_year=D(100)), Period.SIX_MONTHS
    )
    assert e.reason == (
        "Thực hiện 6 tháng đạt 100,01, bằng 50,0% kế hoạch (200), bằng cùng kỳ năm trước; "
        "chưa có ước thực hiện cả năm để đánh giá"
    )
