"""Properties of evaluation that must hold for every figure, not just the examples (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from nqreport.config.settings import EvalSettings
from nqreport.evaluate import evaluate
from nqreport.model import Indicator
from nqreport.schema import Direction, Kind, Period, Status

D = Decimal
RANK = {Status.NOT_MET: 0, Status.MET: 1, Status.EXCEEDED: 2}

figures = st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=D("0.001"), max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
tolerances = st.decimals(min_value=0, max_value=50, places=2, allow_nan=False, allow_infinity=False)


FIVE = D(5)


def judged(kind: Kind, result: Decimal, tolerance: Decimal = FIVE, **values: Any) -> Status:
    indicator = Indicator(field="Kinh tế", name="x", kind=kind, result=result, **values)
    return evaluate(indicator, Period.YEAR, None, EvalSettings(approx_tolerance_pct=tolerance)).status


#: Kinds (with what they need) for which a higher result is never worse.
HIGHER_IS_BETTER: list[tuple[Kind, dict[str, Any]]] = [
    (Kind.AT_LEAST, {}),
    (Kind.MORE_THAN, {}),
    (Kind.MAINTAIN, {}),
    (Kind.EXACT, {"direction": Direction.HIGHER}),
    (Kind.APPROX, {}),
    (Kind.APPROX, {"direction": Direction.HIGHER}),
    (Kind.RANGE, {"direction": Direction.HIGHER}),
    (Kind.INCREASE_PCT, {"baseline": D(80)}),
]


@settings(max_examples=200, deadline=None)
@given(case=st.sampled_from(HIGHER_IS_BETTER), target=figures, a=figures, b=figures, tolerance=tolerances)
def test_higher_is_better_never_gets_worse_as_the_result_grows(
    case: tuple[Kind, dict[str, Any]], target: Decimal, a: Decimal, b: Decimal, tolerance: Decimal
) -> None:
    kind, extra = case
    low, high = sorted((a, b))
    values = {"target": target, **extra}
    if kind is Kind.RANGE:
        values["target_max"] = target + 5
    assert RANK[judged(kind, low, tolerance, **values)] <= RANK[judged(kind, high, tolerance, **values)]


@settings(max_examples=200, deadline=None)
@given(target=figures, a=figures, b=figures)
def test_lower_is_better_never_gets_worse_as_the_result_falls(
    target: Decimal, a: Decimal, b: Decimal
) -> None:
    low, high = sorted((a, b))
    for kind in (Kind.AT_MOST, Kind.LESS_THAN):
        assert RANK[judged(kind, high, target=target)] <= RANK[judged(kind, low, target=target)]


def met(status: Status) -> bool:
    return status in (Status.MET, Status.EXCEEDED)


@settings(max_examples=200, deadline=None)
@given(v=figures, a=figures, w=figures, tolerance=tolerances)
def test_met_exactly_when_the_table_says(v: Decimal, a: Decimal, w: Decimal, tolerance: Decimal) -> None:
    """docs/danh-gia.md's table, written out independently of the code."""
    assert met(judged(Kind.AT_LEAST, a, target=v)) == (a >= v)
    assert met(judged(Kind.MORE_THAN, a, target=v)) == (a > v)
    assert met(judged(Kind.AT_MOST, a, target=v)) == (a <= v)
    assert met(judged(Kind.LESS_THAN, a, target=v)) == (a < v)
    assert met(judged(Kind.EXACT, a, target=v)) == (a == v)
    assert met(judged(Kind.EXACT, a, target=v, direction=Direction.HIGHER)) == (a >= v)
    assert met(judged(Kind.APPROX, a, tolerance, target=v)) == (
        abs(a - v) <= abs(v) * tolerance / 100 or a > v
    )
    assert met(judged(Kind.MAINTAIN, a, target=v)) == (a >= v)
    assert met(judged(Kind.MAINTAIN, a, baseline=v)) == (a >= v)
    low, high = sorted((v, w))
    assert met(judged(Kind.RANGE, a, target=v, target_max=w)) == (low <= a <= high)


@settings(max_examples=200, deadline=None)
@given(x=figures, a=figures, b=figures)
def test_relative_kinds_met_exactly_when_the_table_says(x: Decimal, a: Decimal, b: Decimal) -> None:
    assert met(judged(Kind.DECREASE_POINTS, a, target=x, baseline=b)) == (b - a >= x)
    if b > 0:
        # (A − B)/B ≥ X%  ⇔  A − B ≥ X·B/100 for a positive baseline
        assert met(judged(Kind.INCREASE_PCT, a, target=x, baseline=b)) == ((a - b) * 100 >= x * b)
        assert met(judged(Kind.DECREASE_PCT, a, target=x, baseline=b)) == ((b - a) * 100 >= x * b)


@settings(max_examples=200, deadline=None)
@given(v=figures, a=figures)
def test_exceeded_means_strictly_better(v: Decimal, a: Decimal) -> None:
    assert (judged(Kind.AT_LEAST, a, target=v) is Status.EXCEEDED) == (a > v)
    assert (judged(Kind.AT_MOST, a, target=v) is Status.EXCEEDED) == (a < v)
    assert judged(Kind.EXACT, a, target=v) is not Status.EXCEEDED


@settings(max_examples=200, deadline=None)
@given(v=positive, a=figures)
def test_percent_of_plan_is_a_over_v_or_v_over_a(v: Decimal, a: Decimal) -> None:
    higher = evaluate(
        Indicator(field="f", name="x", kind=Kind.AT_LEAST, target=v, result=a), Period.YEAR, None
    )
    assert higher.percent_of_plan == (a / v * 100 if a >= 0 else None)
    lower = evaluate(Indicator(field="f", name="x", kind=Kind.AT_MOST, target=v, result=a), Period.YEAR, None)
    assert lower.percent_of_plan == (v / a * 100 if a > 0 else None)


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(list(Kind)),
    target=st.none() | figures,
    result=st.none() | figures,
    estimate=st.none() | figures,
    baseline=st.none() | figures,
    period=st.sampled_from(list(Period)),
)
def test_every_indicator_gets_a_status_and_a_reason(
    kind: Kind,
    target: Decimal | None,
    result: Decimal | None,
    estimate: Decimal | None,
    baseline: Decimal | None,
    period: Period,
) -> None:
    indicator = Indicator(
        field="f",
        name="x",
        kind=kind,
        target=target,
        result=result,
        estimate=estimate,
        baseline=baseline,
        target_max=None if target is None else target + 1,
    )
    evaluation = evaluate(indicator, period, None)
    assert evaluation.status in Status
    assert evaluation.reason
    if not period.is_year and estimate is None and kind not in (Kind.DEADLINE, Kind.QUALITATIVE):
        assert evaluation.status in (Status.IN_PROGRESS, Status.NO_DATA)
