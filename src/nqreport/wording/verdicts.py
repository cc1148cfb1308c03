"""Why an indicator has its status, in the sentence officials read beside it.

:func:`reason_text` turns an :class:`~nqreport.evaluate.Evaluation` (a status, the figures behind it and a
reason code) into Vietnamese: "Ước cả năm đạt 1.420 triệu đồng, bằng 108,7% kế hoạch (1.306 triệu đồng)".
One sentence per :class:`~nqreport.evaluate.Reason`; change a sentence here and it changes in the report,
the appendix, the summary workbook and ``nqreport summary`` alike.
"""

from __future__ import annotations

from decimal import Decimal

from nqreport.config.settings import EvalSettings
from nqreport.evaluate import Basis, Evaluation, Reason, exact_only, lower_is_better, maintained_level
from nqreport.model import Indicator
from nqreport.schema import KINDS_NEEDING_BASELINE, PERIOD_LABELS, Kind, Period, Status, column
from nqreport.wording.figures import (
    amount,
    change_words,
    moved_words,
    percent_agrees,
    percent_of_plan,
    praised,
    target_text,
)
from nqreport.wording.numbers import format_date, format_number, format_percent, format_status


def _header(key: str) -> str:
    return f"(cột \"{column(key).header}\")"


#: What a plan lacks, as a clause of the report's sentence ("chưa đánh giá được do …") and as the start of
#: the reason, which also names the column to fill.
_LACKING: dict[Reason, str] = {
    Reason.NO_DEADLINE: "chưa có hạn hoàn thành",
    Reason.NO_TARGET: "chưa có chỉ tiêu kế hoạch",
    Reason.NO_TARGET_OR_BASELINE: "chưa có chỉ tiêu kế hoạch hay kết quả năm trước",
    Reason.NO_UPPER_BOUND: "chưa có cận trên của khoảng kế hoạch",
    Reason.NO_BASELINE: "chưa có kết quả năm trước",
    Reason.ZERO_BASELINE: "kết quả năm trước bằng 0",
}


def lacking(ev: Evaluation) -> str:
    """What keeps an indicator "Chưa có số liệu" though figures were given, in a few words ("" otherwise),
    so that the report does not print "3 vụ (chưa có số liệu)"."""
    return _LACKING.get(ev.reason, "")


def period_words(period: Period) -> str:
    """"6 tháng", "quý I", "tháng 3": the period inside a sentence."""
    label = PERIOD_LABELS[period]
    return label[:1].lower() + label[1:]


def verb(ind: Indicator, value: Decimal) -> str:
    """" đạt" before a figure, except where it would read wrong: "đạt 4 vụ tai nạn" reads as praise of
    figures where lower is better, and "đạt 0 km" or "đạt -2%" is nothing achieved."""
    return " đạt" if praised(ind, value) else ""


def reason_text(ind: Indicator, ev: Evaluation, settings: EvalSettings = EvalSettings()) -> str:  # noqa: B008
    """The sentence that says why ``ind`` has the status ``ev`` gives it."""
    reason = ev.reason
    done, due = format_date(ind.completed_on), format_date(ind.deadline)
    when = f"số liệu tính đến ngày {format_date(ev.cutoff)}"
    fixed = {
        Reason.NOT_ASSESSED: f"Chưa tự đánh giá {_header('manual_status')}",
        Reason.MANUAL: f"Tự đánh giá: {format_status(ev.status)}",
        Reason.DONE: f"Đã hoàn thành ngày {done}",
        Reason.NO_DEADLINE: f"Chưa có hạn hoàn thành {_header('deadline')}",
        Reason.DONE_EARLY: f"Hoàn thành ngày {done}, trước hạn {due}",
        Reason.DONE_ON_TIME: f"Hoàn thành ngày {done}, đúng hạn",
        Reason.DONE_LATE: f"Hoàn thành ngày {done}, chậm so với hạn {due}",
        Reason.PENDING_NO_CUTOFF: f"Chưa hoàn thành; hạn {due} (chưa có ngày chốt số liệu để biết đã quá hạn hay "
                                  "chưa)",
        Reason.PENDING: f"Chưa hoàn thành; hạn {due} ({when})",
        Reason.OVERDUE: f"Chưa hoàn thành, đã quá hạn {due} ({when})",
        Reason.NO_TARGET: f"Chưa có chỉ tiêu kế hoạch {_header('target')}",
        Reason.NO_TARGET_OR_BASELINE: f"Chưa có chỉ tiêu kế hoạch {_header('target')} hay kết quả năm trước "
                                      f"{_header('baseline')} để so sánh",
        Reason.NO_UPPER_BOUND: f"Chưa có cận trên của khoảng kế hoạch {_header('target_max')}",
        Reason.NO_BASELINE: f"Thiếu kết quả năm trước {_header('baseline')}, cần để tính mức "
                            f"{'tăng' if ind.kind is Kind.INCREASE_PCT else 'giảm'} so với năm trước",
        Reason.ZERO_BASELINE: "Kết quả năm trước bằng 0 nên không tính được tỷ lệ % tăng, giảm; hãy kiểm tra cột "
                              f"\"{column('baseline').header}\"",
    }
    if reason in fixed:
        return fixed[reason]
    places = settings.percent_places
    if reason is Reason.NO_FIGURES:
        where = "" if ev.period.is_year else f" {period_words(ev.period)}"
        return f"Chưa có số liệu thực hiện{where} và ước thực hiện cả năm"
    if reason is Reason.PROGRESS_ONLY:
        return f"{_progress_sentence(ind, ev, places)}; chưa có ước thực hiện cả năm để đánh giá"
    value = ev.value
    assert value is not None
    lead = f"{'Ước cả năm' if ev.basis is Basis.ESTIMATE else 'Thực hiện'}{verb(ind, value)} {amount(value, ind)}"
    if ind.kind in KINDS_NEEDING_BASELINE:
        text = _relative_clause(ind, ev, places)
    else:
        text = _level_clause(ind, ev, value, settings)
    if not ev.period.is_year and ind.result is not None:
        text += f"; thực hiện {period_words(ev.period)}{verb(ind, ind.result)} {amount(ind.result, ind)}"
    return lead + text


def _progress_sentence(ind: Indicator, ev: Evaluation, places: int) -> str:
    assert ind.result is not None
    text = f"Thực hiện {period_words(ev.period)}{verb(ind, ind.result)} {amount(ind.result, ind)}"
    if ev.progress_pct is not None and ind.target is not None:
        text += f", bằng {format_percent(ev.progress_pct, places)} kế hoạch ({target_text(ind, units=True)})"
    if ev.change_vs_same_period is not None:
        text += f", {change_words(ev.change_vs_same_period, places, 'cùng kỳ năm trước', ind)}"
    return text


def _relative_clause(ind: Indicator, ev: Evaluation, places: int) -> str:
    achieved, pct, baseline = ev.achieved_change, ev.percent_of_plan, ind.baseline
    assert achieved is not None and baseline is not None
    text = (f", {moved_words(ind, achieved, places)} so với năm trước ({amount(baseline, ind)}); kế hoạch "
            f"{target_text(ind, units=True)}")
    if pct is not None and not percent_agrees(pct, ev.status, places):
        text += f", {'vượt' if ev.status is Status.EXCEEDED else 'chưa đạt'} mức kế hoạch"
    elif pct is not None:
        text += f", đạt {format_percent(pct, places)} mức kế hoạch"
    return text


def _level_clause(ind: Indicator, ev: Evaluation, value: Decimal, settings: EvalSettings) -> str:
    places = settings.percent_places
    if ind.kind is Kind.MAINTAIN:
        level = maintained_level(ind)
        assert level is not None
        wording = (f"duy trì {amount(level, ind)}" if ind.target is not None
                   else f"duy trì mức năm trước {amount(level, ind)}")
        return plan_clause(ev, wording, places)
    if ind.kind is Kind.RANGE:
        bounds = target_text(ind, units=True)
        if ev.status is Status.MET:
            return f", trong khoảng kế hoạch ({bounds})"
        assert ind.target is not None and ind.target_max is not None
        above = value > max(ind.target, ind.target_max)
        return f", {'cao hơn' if above else 'thấp hơn'} khoảng kế hoạch ({bounds})"
    wording = target_text(ind, units=True)
    if ind.kind is Kind.APPROX:
        wording += f", dung sai ±{format_number(settings.approx_tolerance_pct)}%"
    return plan_clause(ev, wording, places, lower=lower_is_better(ind), exact=exact_only(ind))


def plan_clause(ev: Evaluation, wording: str, places: int, *, lower: bool = False, exact: bool = False) -> str:
    """", bằng 94,2% kế hoạch (1.306 triệu đồng)"; in words where the rounded percentage would
    contradict the status (:func:`nqreport.wording.figures.percent_agrees`)."""
    if ev.percent_of_plan is None:
        return f"; kế hoạch {wording}"
    shown = percent_of_plan(ev.percent_of_plan, ev.status, places, lower=lower)
    if shown is None:
        judged = "vượt" if ev.status is Status.EXCEEDED else ("không bằng" if exact else "chưa đạt")
        return f", {judged} kế hoạch ({wording})"
    return f", {shown} ({wording})"
