"""Judging one indicator against its target (DESIGN.md, "Evaluation"; docs/danh-gia.md for officials).

A pure function of the indicator's figures, the reporting period and the data cut-off date: no I/O, no
clock, no globals. Figures stay ``Decimal`` throughout; nothing is rounded here (rounding belongs to
:mod:`nqreport.wording.numbers`, and only the reason sentence is formatted).

Which figure is judged (A):

- a year report judges the result, or the estimate for the year where no result is given yet (the
  year-end session meets before the year closes);
- an in-year report judges the estimate for the year where one is given; otherwise the indicator is
  "Đang thực hiện" and the result for the period is shown as progress against the target.

Deadline and qualitative indicators follow their own rules whatever the period.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from nqreport.config.settings import EvalSettings
from nqreport.model import Indicator
from nqreport.schema import (
    KINDS_NEEDING_BASELINE,
    KINDS_WITH_PERCENT_TARGET,
    PERIOD_LABELS,
    Direction,
    Kind,
    Period,
    Status,
    column,
)
from nqreport.wording.figures import (
    HUNDRED,
    amount,
    change_words,
    moved_words,
    percent_agrees,
    praised,
    target_text,
)
from nqreport.wording.numbers import format_date, format_number, format_percent, format_status


class Basis(StrEnum):
    """Which figure a status was judged on, so that the report can say "ước đạt" or "thực hiện"."""

    RESULT = "result"
    ESTIMATE = "estimate"
    MANUAL = "manual"
    DATE = "date"
    NONE = "none"


@dataclass(frozen=True)
class Evaluation:
    """The verdict on one indicator, with everything a report needs to explain it."""

    status: Status
    #: Vietnamese sentence: why this status ("Ước cả năm đạt 1.420 triệu đồng, bằng 108,7% kế hoạch …").
    reason: str
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
    #: "Chưa có số liệu" though figures were given: what is missing, as a clause for the report's sentence
    #: ("chưa có kết quả năm trước"), so that it does not print "3 vụ (chưa có số liệu)".
    lacking: str = ""

    @property
    def label(self) -> str:
        return format_status(self.status)


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
        return _qualitative(indicator)
    if indicator.kind is Kind.DEADLINE:
        return _deadline(indicator, cutoff)
    return _numeric(indicator, period, settings)


# --------------------------------------------------------------------------- qualitative, deadline


def _qualitative(ind: Indicator) -> Evaluation:
    if ind.manual_status is None:
        header = column("manual_status").header
        return _verdict(Status.NO_DATA, f"Chưa tự đánh giá (cột \"{header}\")", Basis.NONE)
    return _verdict(ind.manual_status, f"Tự đánh giá: {format_status(ind.manual_status)}", Basis.MANUAL)


def _deadline(ind: Indicator, cutoff: date | None) -> Evaluation:
    done, due = ind.completed_on, ind.deadline
    if due is None:
        if done is not None:
            return _verdict(Status.MET, f"Đã hoàn thành ngày {format_date(done)}", Basis.DATE)
        header = column("deadline").header
        reason = f"Chưa có hạn hoàn thành (cột \"{header}\")"
        return replace(_verdict(Status.NO_DATA, reason, Basis.DATE), lacking="chưa có hạn hoàn thành")
    if done is not None:
        finished = f"Hoàn thành ngày {format_date(done)}"
        if done < due:
            return _verdict(Status.MET, f"{finished}, trước hạn {format_date(due)}", Basis.DATE)
        if done == due:
            return _verdict(Status.MET, f"{finished}, đúng hạn", Basis.DATE)
        return _verdict(Status.NOT_MET, f"{finished}, chậm so với hạn {format_date(due)}", Basis.DATE)
    # Not done: only the cut-off date says whether the deadline has passed (the period's end is not
    # enough: a 6-month report may be drawn up on 20 June).
    if cutoff is None:
        when = "chưa có ngày chốt số liệu để biết đã quá hạn hay chưa"
        return _verdict(Status.IN_PROGRESS, f"Chưa hoàn thành; hạn {format_date(due)} ({when})", Basis.DATE)
    when = f"số liệu tính đến ngày {format_date(cutoff)}"
    if cutoff > due:
        late = f"Chưa hoàn thành, đã quá hạn {format_date(due)} ({when})"
        return _verdict(Status.NOT_MET, late, Basis.DATE)
    return _verdict(Status.IN_PROGRESS, f"Chưa hoàn thành; hạn {format_date(due)} ({when})", Basis.DATE)


def _verdict(status: Status, reason: str, basis: Basis) -> Evaluation:
    return Evaluation(status, reason, basis, None, None, None, None)


# --------------------------------------------------------------------------- figures


def _numeric(ind: Indicator, period: Period, settings: EvalSettings) -> Evaluation:
    places = settings.percent_places
    basis, value = _figure(ind, period)
    progress = None if period.is_year else _progress(ind)
    change = _change_vs_same_period(ind, period, value)
    missing = _missing_input(ind)
    if missing is not None:
        reason, lacking = missing
        return Evaluation(Status.NO_DATA, reason, basis, value, None, change, progress, lacking=lacking)
    if value is None:
        if period.is_year or ind.result is None:
            where = "" if period.is_year else f" {_period_words(period)}"
            return Evaluation(Status.NO_DATA, f"Chưa có số liệu thực hiện{where} và ước thực hiện cả năm",
                              Basis.NONE, None, None, change, progress)
        sentence = _progress_sentence(ind, period, progress, change, places)
        reason = f"{sentence}; chưa có ước thực hiện cả năm để đánh giá"
        return Evaluation(Status.IN_PROGRESS, reason, Basis.NONE, None, None, change, progress)
    lead = f"{'Ước cả năm' if basis is Basis.ESTIMATE else 'Thực hiện'}{_verb(ind, value)} {amount(value, ind)}"
    if ind.kind in KINDS_NEEDING_BASELINE:
        status, pct, achieved, text = _relative(ind, value, places)
    else:
        status, pct, text = _level(ind, value, settings)
        achieved = None
    reason = f"{lead}{text}"
    if not period.is_year and ind.result is not None:
        reason += f"; thực hiện {_period_words(period)}{_verb(ind, ind.result)} {amount(ind.result, ind)}"
    return Evaluation(status, reason, basis, value, pct, change, progress, achieved)


def _figure(ind: Indicator, period: Period) -> tuple[Basis, Decimal | None]:
    if period.is_year and ind.result is not None:
        return Basis.RESULT, ind.result
    if ind.estimate is not None:
        return Basis.ESTIMATE, ind.estimate
    return Basis.NONE, None


def _missing_input(ind: Indicator) -> tuple[str, str] | None:
    """Why the indicator cannot be judged whatever its figures (a target or baseline missing): the reason,
    which names the column to fill, and the same in a few words for the report's sentence."""
    target = column("target").header
    baseline = column("baseline").header
    if ind.kind is Kind.MAINTAIN:
        if ind.target is None and ind.baseline is None:
            return (f"Chưa có chỉ tiêu kế hoạch (cột \"{target}\") hay kết quả năm trước (cột \"{baseline}\") "
                    "để so sánh", "chưa có chỉ tiêu kế hoạch hay kết quả năm trước")
        return None
    if ind.target is None:
        return f"Chưa có chỉ tiêu kế hoạch (cột \"{target}\")", "chưa có chỉ tiêu kế hoạch"
    if ind.kind is Kind.RANGE and ind.target_max is None:
        return (f"Chưa có cận trên của khoảng kế hoạch (cột \"{column('target_max').header}\")",
                "chưa có cận trên của khoảng kế hoạch")
    if ind.kind in KINDS_NEEDING_BASELINE:
        if ind.baseline is None:
            return (f"Thiếu kết quả năm trước (cột \"{baseline}\"), cần để tính mức "
                    f"{'tăng' if ind.kind is Kind.INCREASE_PCT else 'giảm'} so với năm trước",
                    "chưa có kết quả năm trước")
        if ind.kind in KINDS_WITH_PERCENT_TARGET and ind.baseline == 0:
            return (f"Kết quả năm trước bằng 0 nên không tính được tỷ lệ % tăng, giảm; hãy kiểm tra cột "
                    f"\"{baseline}\"", "kết quả năm trước bằng 0")
    return None


# --------------------------------------------------------------------------- level kinds


def _at_least(value: Decimal, reference: Decimal) -> Status:
    if value > reference:
        return Status.EXCEEDED
    return Status.MET if value == reference else Status.NOT_MET


def _level(ind: Indicator, a: Decimal, settings: EvalSettings) -> tuple[Status, Decimal | None, str]:
    """Status, percent of plan and the comparison clause for kinds judged on the figure itself."""
    kind, direction = ind.kind, ind.effective_direction
    if kind is Kind.MAINTAIN:
        reference = ind.target if ind.target is not None else ind.baseline
        assert reference is not None  # _missing_input guarantees it
        status = _at_least(a, reference)
        pct = _ratio(a, reference)
        wording = (f"duy trì {amount(reference, ind)}" if ind.target is not None
                   else f"duy trì mức năm trước {amount(reference, ind)}")
        return status, pct, _plan_clause(status, pct, wording, settings.percent_places)
    v = ind.target
    assert v is not None
    if kind is Kind.RANGE:
        assert ind.target_max is not None
        low, high = sorted((v, ind.target_max))
        bounds = target_text(ind, units=True)
        if low <= a <= high:
            return Status.MET, None, f", trong khoảng kế hoạch ({bounds})"
        above = a > high
        better = direction is (Direction.HIGHER if above else Direction.LOWER)
        side = "cao hơn" if above else "thấp hơn"
        return (Status.EXCEEDED if better else Status.NOT_MET), None, f", {side} khoảng kế hoạch ({bounds})"
    if kind is Kind.APPROX:
        tolerance = abs(v) * settings.approx_tolerance_pct / HUNDRED
        if abs(a - v) <= tolerance:
            status = Status.MET
        elif (a < v) if direction is Direction.LOWER else (a > v):
            status = Status.EXCEEDED
        else:
            status = Status.NOT_MET
    elif kind is Kind.EXACT and direction is None:
        status = Status.MET if a == v else Status.NOT_MET
    elif kind in _HIGHER_LEVEL or (kind is Kind.EXACT and direction is Direction.HIGHER):
        status = Status.NOT_MET if kind is Kind.MORE_THAN and a <= v else _at_least(a, v)
    else:  # lower is better: AT_MOST, LESS_THAN, EXACT lowering
        status = Status.NOT_MET if kind is Kind.LESS_THAN and a >= v else _at_least(-a, -v)
    wording = target_text(ind, units=True)
    if kind is Kind.APPROX:
        wording += f", dung sai ±{format_number(settings.approx_tolerance_pct)}%"
    lower = kind in _LOWER_LEVEL or direction is Direction.LOWER
    pct = _ratio(v, a) if lower else _ratio(a, v)
    exact = kind is Kind.EXACT and direction is None
    return status, pct, _plan_clause(status, pct, wording, settings.percent_places, lower, exact)


def _plan_clause(status: Status, pct: Decimal | None, wording: str, places: int, lower: bool = False,
                 exact: bool = False) -> str:
    """", bằng 94,2% kế hoạch (1.306 triệu đồng)"; in words where the rounded percentage would
    contradict the status (:func:`nqreport.wording.figures.percent_agrees`)."""
    if pct is None:
        return f"; kế hoạch {wording}"
    if not percent_agrees(pct, status, places):
        verdict = "vượt" if status is Status.EXCEEDED else ("không bằng" if exact else "chưa đạt")
        return f", {verdict} kế hoạch ({wording})"
    verb = "đạt" if lower else "bằng"
    return f", {verb} {format_percent(pct, places)} kế hoạch ({wording})"


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator in percent, only where both are meaningful (no zero or negative plan)."""
    if denominator <= 0 or numerator < 0:
        return None
    return numerator / denominator * HUNDRED


# --------------------------------------------------------------------------- relative kinds


def _relative(ind: Indicator, a: Decimal, places: int) -> tuple[Status, Decimal | None, Decimal, str]:
    """Kinds whose target is a change against last year's result (B): compare the change achieved to X."""
    b, x = ind.baseline, ind.target
    assert b is not None and x is not None
    if ind.kind is Kind.INCREASE_PCT:
        achieved = (a - b) / abs(b) * HUNDRED
    elif ind.kind is Kind.DECREASE_PCT:
        achieved = (b - a) / abs(b) * HUNDRED
    else:
        achieved = b - a
    status = _at_least(achieved, x)
    pct = _ratio(achieved, x) if x > 0 else None
    moved = moved_words(ind, achieved, places)
    planned = target_text(ind, units=True)
    text = f", {moved} so với năm trước ({amount(b, ind)}); kế hoạch {planned}"
    if pct is not None and not percent_agrees(pct, status, places):
        text += f", {'vượt' if status is Status.EXCEEDED else 'chưa đạt'} mức kế hoạch"
    elif pct is not None:
        text += f", đạt {format_percent(pct, places)} mức kế hoạch"
    return status, pct, achieved, text


# --------------------------------------------------------------------------- progress and change


def _progress(ind: Indicator) -> Decimal | None:
    """The period's result against the target, for kinds where "120 of 200 ha" means something."""
    if ind.result is None:
        return None
    directed_higher = ind.kind in _DIRECTED and ind.effective_direction is not Direction.LOWER
    higher = ind.kind in _HIGHER_LEVEL or directed_higher
    if not higher or ind.kind is Kind.RANGE:
        return None
    reference = ind.target if ind.target is not None or ind.kind is not Kind.MAINTAIN else ind.baseline
    if reference is None:
        return None
    return _ratio(ind.result, reference)


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


def _progress_sentence(ind: Indicator, period: Period, progress: Decimal | None, change: Decimal | None,
                       places: int) -> str:
    assert ind.result is not None
    text = f"Thực hiện {_period_words(period)}{_verb(ind, ind.result)} {amount(ind.result, ind)}"
    if progress is not None and ind.target is not None:
        text += f", bằng {format_percent(progress, places)} kế hoạch ({target_text(ind, units=True)})"
    if change is not None:
        text += f", {change_words(change, places, 'cùng kỳ năm trước', ind)}"
    return text


# --------------------------------------------------------------------------- wording


def _verb(ind: Indicator, value: Decimal) -> str:
    """" đạt" before a figure, except where it would read wrong: "đạt 4 vụ tai nạn" reads as praise of
    figures where lower is better, and "đạt 0 km" or "đạt -2%" is nothing achieved."""
    return " đạt" if praised(ind, value) else ""


def _period_words(period: Period) -> str:
    """"6 tháng", "quý I", "tháng 3": the period inside a sentence."""
    label = PERIOD_LABELS[period]
    return label[:1].lower() + label[1:]
