"""Judging one indicator against its target (docs/danh-gia.md explains the rules to officials).

A pure function of the indicator's figures, the reporting period and the data cut-off date: no I/O, no
clock, no globals, and no words: the verdict is a status, the figures behind it and a :class:`Reason`
code; :mod:`nqreport.wording.verdicts` says it in Vietnamese. Figures stay ``Decimal`` and are never
rounded here.

Which figure is judged (A):

- a year report judges the result, or the estimate for the year where no result is given yet (the
  year-end session meets before the year closes);
- an in-year report judges the estimate for the year where one is given; otherwise the indicator is
  "Đang thực hiện" and the result for the period is shown as progress against the target.

Deadline and qualitative indicators follow their own rules whatever the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from nqreport.config.settings import EvalSettings
from nqreport.model import Indicator
from nqreport.schema import KINDS_NEEDING_BASELINE, KINDS_WITH_PERCENT_TARGET, Direction, Kind, Period, Status

HUNDRED = Decimal(100)


class Basis(StrEnum):
    """Which figure a status was judged on, so that the report can say "ước đạt" or "thực hiện"."""

    RESULT = "result"
    ESTIMATE = "estimate"
    MANUAL = "manual"
    DATE = "date"
    NONE = "none"


class Reason(StrEnum):
    """Why an indicator has its status; each has one sentence in :mod:`nqreport.wording.verdicts`."""

    #: Qualitative: the official's own status, or none given.
    MANUAL = "manual"
    NOT_ASSESSED = "not_assessed"
    #: Deadlines: done (with no deadline, early, on time, late), or not done (no cut-off date to tell,
    #: still in time, overdue), or no deadline given.
    DONE = "done"
    DONE_EARLY = "done_early"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    PENDING_NO_CUTOFF = "pending_no_cutoff"
    PENDING = "pending"
    OVERDUE = "overdue"
    NO_DEADLINE = "no_deadline"
    #: What the indicator lacks to be judged whatever its figures.
    NO_TARGET = "no_target"
    NO_TARGET_OR_BASELINE = "no_target_or_baseline"
    NO_UPPER_BOUND = "no_upper_bound"
    NO_BASELINE = "no_baseline"
    ZERO_BASELINE = "zero_baseline"
    #: Figures: none at all; in-year, the period's result but no estimate yet; judged on the figure A.
    NO_FIGURES = "no_figures"
    PROGRESS_ONLY = "progress_only"
    JUDGED = "judged"


#: Reasons that leave an indicator "Chưa có số liệu" though figures may have been given: something the
#: plan lacks, not a figure of the period.
LACKING = frozenset({Reason.NO_DEADLINE, Reason.NO_TARGET, Reason.NO_TARGET_OR_BASELINE, Reason.NO_UPPER_BOUND,
                     Reason.NO_BASELINE, Reason.ZERO_BASELINE})


@dataclass(frozen=True)
class Evaluation:
    """The verdict on one indicator, with every figure a report needs to explain it."""

    status: Status
    reason: Reason
    #: Which figure the status was judged on.
    basis: Basis
    #: The figure judged (A): the result or the estimate for the year.
    value: Decimal | None
    #: Percent points, unrounded; None where it would mislead (qualitative, deadline, zero target…).
    percent_of_plan: Decimal | None
    #: Change of the period's figure against the same period last year, unrounded: in % of last year's
    #: figure, and for a rate (unit %) in percentage points (98,9% against 98,2% is +0,7, not +0,71%).
    change_vs_same_period: Decimal | None
    #: In-year reports: the result for the period as % of the target (120 of 200 ha → 60).
    progress_pct: Decimal | None
    #: Relative kinds: the change achieved against last year (% for "tăng/giảm X%", units for "giảm X").
    achieved_change: Decimal | None = None
    #: The period judged for, and the cut-off date of the figures (deadlines are judged against it).
    period: Period = Period.YEAR
    cutoff: date | None = None


@dataclass(frozen=True)
class EvaluatedIndicator:
    """An indicator with its verdict."""

    indicator: Indicator
    evaluation: Evaluation


#: Level kinds whose percent of plan is A/V (higher is better).
_HIGHER_LEVEL = frozenset({Kind.AT_LEAST, Kind.MORE_THAN, Kind.MAINTAIN})
#: Level kinds whose percent of plan is V/A (lower is better).
_LOWER_LEVEL = frozenset({Kind.AT_MOST, Kind.LESS_THAN})
#: Kinds whose direction is typed by the official (none given: "Khoảng" counts higher as better,
#: "Bằng" and "Trong khoảng" have no better side).
_DIRECTED = frozenset({Kind.EXACT, Kind.APPROX, Kind.RANGE})


def evaluate(
    indicator: Indicator,
    period: Period,
    cutoff: date | None,
    settings: EvalSettings = EvalSettings(),  # noqa: B008 - frozen, never mutated
) -> Evaluation:
    """Judge one indicator for a report of ``period`` whose figures run to ``cutoff``."""
    if indicator.kind is Kind.QUALITATIVE:
        if indicator.manual_status is None:
            return _verdict(Status.NO_DATA, Reason.NOT_ASSESSED, Basis.NONE, period, cutoff)
        return _verdict(indicator.manual_status, Reason.MANUAL, Basis.MANUAL, period, cutoff)
    if indicator.kind is Kind.DEADLINE:
        status, reason = _deadline(indicator, cutoff)
        return _verdict(status, reason, Basis.DATE, period, cutoff)
    return _numeric(indicator, period, cutoff, settings)


def lower_is_better(ind: Indicator) -> bool:
    """Whether the plan is met by staying under it: percent of plan is then V/A ("đạt 125% kế hoạch")."""
    return ind.kind in _LOWER_LEVEL or ind.effective_direction is Direction.LOWER


def exact_only(ind: Indicator) -> bool:
    """"Bằng" with no better side: anything but the target itself is not met."""
    return ind.kind is Kind.EXACT and ind.effective_direction is None


def maintained_level(ind: Indicator) -> Decimal | None:
    """What "Duy trì" compares with: the target, or last year's result where no target is given."""
    return ind.target if ind.target is not None else ind.baseline


def _verdict(status: Status, reason: Reason, basis: Basis, period: Period, cutoff: date | None) -> Evaluation:
    return Evaluation(status, reason, basis, None, None, None, None, period=period, cutoff=cutoff)


def _deadline(ind: Indicator, cutoff: date | None) -> tuple[Status, Reason]:
    done, due = ind.completed_on, ind.deadline
    if due is None:
        return (Status.MET, Reason.DONE) if done is not None else (Status.NO_DATA, Reason.NO_DEADLINE)
    if done is not None:
        if done < due:
            return Status.MET, Reason.DONE_EARLY
        return (Status.MET, Reason.DONE_ON_TIME) if done == due else (Status.NOT_MET, Reason.DONE_LATE)
    # Not done: only the cut-off date says whether the deadline has passed (the period's end is not
    # enough: a 6-month report may be drawn up on 20 June).
    if cutoff is None:
        return Status.IN_PROGRESS, Reason.PENDING_NO_CUTOFF
    return (Status.NOT_MET, Reason.OVERDUE) if cutoff > due else (Status.IN_PROGRESS, Reason.PENDING)


# --------------------------------------------------------------------------- figures


def _numeric(ind: Indicator, period: Period, cutoff: date | None, settings: EvalSettings) -> Evaluation:
    basis, value = judged_figure(ind, period)
    progress = None if period.is_year else _progress(ind)
    change = _change_vs_same_period(ind, period, value)

    def verdict(status: Status, reason: Reason, basis: Basis, value: Decimal | None, pct: Decimal | None = None,
                achieved: Decimal | None = None) -> Evaluation:
        return Evaluation(status, reason, basis, value, pct, change, progress, achieved, period, cutoff)

    missing = _missing_input(ind)
    if missing is not None:
        return verdict(Status.NO_DATA, missing, basis, value)
    if value is None:
        if period.is_year or ind.result is None:
            return verdict(Status.NO_DATA, Reason.NO_FIGURES, Basis.NONE, None)
        return verdict(Status.IN_PROGRESS, Reason.PROGRESS_ONLY, Basis.NONE, None)
    if ind.kind in KINDS_NEEDING_BASELINE:
        status, pct, achieved = _relative(ind, value)
        return verdict(status, Reason.JUDGED, basis, value, pct, achieved)
    status, pct = _level(ind, value, settings)
    return verdict(status, Reason.JUDGED, basis, value, pct)


def judged_figure(ind: Indicator, period: Period) -> tuple[Basis, Decimal | None]:
    """The figure A a report of ``period`` judges, and which one it is."""
    if period.is_year and ind.result is not None:
        return Basis.RESULT, ind.result
    if ind.estimate is not None:
        return Basis.ESTIMATE, ind.estimate
    return Basis.NONE, None


def _missing_input(ind: Indicator) -> Reason | None:
    """What the indicator lacks to be judged whatever its figures (a target or last year's result)."""
    if ind.kind is Kind.MAINTAIN:
        return Reason.NO_TARGET_OR_BASELINE if maintained_level(ind) is None else None
    if ind.target is None:
        return Reason.NO_TARGET
    if ind.kind is Kind.RANGE and ind.target_max is None:
        return Reason.NO_UPPER_BOUND
    if ind.kind in KINDS_NEEDING_BASELINE:
        if ind.baseline is None:
            return Reason.NO_BASELINE
        if ind.kind in KINDS_WITH_PERCENT_TARGET and ind.baseline == 0:
            return Reason.ZERO_BASELINE
    return None


def _at_least(value: Decimal, reference: Decimal) -> Status:
    if value > reference:
        return Status.EXCEEDED
    return Status.MET if value == reference else Status.NOT_MET


def _level(ind: Indicator, a: Decimal, settings: EvalSettings) -> tuple[Status, Decimal | None]:
    """Status and percent of plan for kinds judged on the figure itself."""
    kind, direction = ind.kind, ind.effective_direction
    if kind is Kind.MAINTAIN:
        reference = maintained_level(ind)
        assert reference is not None  # _missing_input guarantees it
        return _at_least(a, reference), ratio(a, reference)
    v = ind.target
    assert v is not None
    if kind is Kind.RANGE:
        assert ind.target_max is not None
        low, high = sorted((v, ind.target_max))
        if low <= a <= high:
            return Status.MET, None
        better = direction is (Direction.HIGHER if a > high else Direction.LOWER)
        return (Status.EXCEEDED if better else Status.NOT_MET), None
    if kind is Kind.APPROX:
        tolerance = abs(v) * settings.approx_tolerance_pct / HUNDRED
        if abs(a - v) <= tolerance:
            status = Status.MET
        elif (a < v) if direction is Direction.LOWER else (a > v):
            status = Status.EXCEEDED
        else:
            status = Status.NOT_MET
    elif exact_only(ind):
        status = Status.MET if a == v else Status.NOT_MET
    elif kind in _HIGHER_LEVEL or (kind is Kind.EXACT and direction is Direction.HIGHER):
        status = Status.NOT_MET if kind is Kind.MORE_THAN and a <= v else _at_least(a, v)
    else:  # lower is better: AT_MOST, LESS_THAN, EXACT lowering
        status = Status.NOT_MET if kind is Kind.LESS_THAN and a >= v else _at_least(-a, -v)
    return status, ratio(v, a) if lower_is_better(ind) else ratio(a, v)


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator in percent, only where both are meaningful (no zero or negative plan)."""
    if denominator <= 0 or numerator < 0:
        return None
    return numerator / denominator * HUNDRED


def _relative(ind: Indicator, a: Decimal) -> tuple[Status, Decimal | None, Decimal]:
    """Kinds whose target is a change against last year's result (B): compare the change achieved to X."""
    b, x = ind.baseline, ind.target
    assert b is not None and x is not None
    if ind.kind is Kind.INCREASE_PCT:
        achieved = (a - b) / abs(b) * HUNDRED
    elif ind.kind is Kind.DECREASE_PCT:
        achieved = (b - a) / abs(b) * HUNDRED
    else:
        achieved = b - a
    return _at_least(achieved, x), ratio(achieved, x) if x > 0 else None, achieved


def _progress(ind: Indicator) -> Decimal | None:
    """The period's result against the target, for kinds where "120 of 200 ha" means something."""
    if ind.result is None:
        return None
    directed_higher = ind.kind in _DIRECTED and ind.effective_direction is not Direction.LOWER
    if not (ind.kind in _HIGHER_LEVEL or directed_higher) or ind.kind is Kind.RANGE:
        return None
    reference = ind.target if ind.target is not None or ind.kind is not Kind.MAINTAIN else ind.baseline
    return None if reference is None else ratio(ind.result, reference)


def _change_vs_same_period(ind: Indicator, period: Period, value: Decimal | None) -> Decimal | None:
    """Change against the same period last year (for a year report: against last year's result), in %;
    for a rate, in percentage points: a relative change of a rate is read as points and misleads."""
    current = value if period.is_year else ind.result
    previous = ind.same_period_last_year
    if previous is None and period.is_year:
        previous = ind.baseline
    if current is None or previous is None:
        return None
    if ind.is_percent:
        return current - previous
    if previous == 0:
        return None
    return (current - previous) / abs(previous) * HUNDRED
