"""One line of the report per indicator, as an official writes it.

"Thu ngân sách nhà nước trên địa bàn ước đạt 1.420 triệu đồng, bằng 108,7% kế hoạch (vượt chỉ tiêu)": the
figure with its unit, what it is against the plan, and the verdict in words.
"""

from __future__ import annotations

from decimal import Decimal

from nqreport.evaluate import Evaluation, lower_is_better
from nqreport.marks import MarkedText
from nqreport.model import Indicator
from nqreport.schema import Direction, Kind, Period, Status
from nqreport.wording.figures import (
    amount,
    change_words,
    moved_words,
    percent_of_plan,
    praised,
    remaining,
    target_text,
)
from nqreport.wording.numbers import format_date, format_percent
from nqreport.wording.verdicts import lacking

STATUS_PHRASES: dict[Status, str] = {
    Status.EXCEEDED: "vượt chỉ tiêu",
    Status.MET: "đạt chỉ tiêu",
    Status.NOT_MET: "không đạt chỉ tiêu",
    Status.IN_PROGRESS: "đang thực hiện",
    Status.NO_DATA: "chưa có số liệu",
}


def indicator_sentence(ind: Indicator, ev: Evaluation, period: Period, places: int) -> str:
    """One line of the report for an indicator, as an official writes it:
    "Thu ngân sách nhà nước trên địa bàn ước đạt 1.420 triệu đồng, bằng 108,7% kế hoạch (vượt chỉ tiêu)".

    Year reports say "đạt" for a result and "ước đạt" for an estimate; in-year reports give the
    period's result against the target, then the estimate for the year. Percent of plan appears only
    where the evaluation gives one.
    """
    name = ind.name
    # "3 vụ, kế hoạch giảm 5% (chưa có số liệu)" would contradict itself: say what is missing instead.
    missing = lacking(ev)
    suffix = f" (chưa đánh giá được do {missing})" if missing else f" ({STATUS_PHRASES[ev.status]})"
    if ind.kind is Kind.QUALITATIVE:
        return f"{name}: chưa tự đánh giá" if ev.status is Status.NO_DATA else f"{name}{suffix}"
    if ind.kind is Kind.DEADLINE:
        done = f"hoàn thành ngày {format_date(ind.completed_on)}" if ind.completed_on else "chưa hoàn thành"
        due = f", hạn {format_date(ind.deadline)}" if ind.deadline else ""
        return f"{name}: {done}{due}{suffix}"
    if ind.result is None and ind.estimate is None:
        return f"{name}: chưa có số liệu"
    lower = lower_is_better(ind)
    relative = ev.achieved_change is not None
    plan = _plan_clause(ind, ev, places, lower, relative)
    if remaining(ind):
        name = _subject(name)
    if period.is_year:
        value: Decimal | None = ind.result if ind.result is not None else ind.estimate
        assert value is not None
        estimated = "" if ind.result is not None else "ước "
        verb = _verb(ind, value)
        if verb == ":":
            text = f"{name}: {estimated}{amount(value, ind)}"
        else:
            text = f"{name} {estimated}{verb.strip()} {amount(value, ind)}"
        text += plan
        if not relative and ev.change_vs_same_period is not None:
            text += f", {change_words(ev.change_vs_same_period, places, 'năm trước', ind)}"
        return text + suffix
    pieces = []
    if ind.result is not None:
        head = _period_head(name, ind, ev, places, relative)
        if ev.change_vs_same_period is not None:
            head += f", {change_words(ev.change_vs_same_period, places, 'cùng kỳ', ind)}"
        pieces.append(head)
    if ind.estimate is not None:
        verb = _verb(ind, ind.estimate, clause=True)
        estimate = f"ước cả năm {verb}{amount(ind.estimate, ind)}"
        if pieces and plan in pieces[0]:
            plan = ""  # ", kế hoạch từ 10% đến 10,5%" said once, after the period's result
        pieces.append(estimate + plan if pieces else f"{name} {estimate}{plan}")
    return "; ".join(pieces) + suffix


def _period_head(name: str, ind: Indicator, ev: Evaluation, places: int, relative: bool) -> str:
    """The in-year result: "Trồng rừng thực hiện được 120 ha/200 ha, đạt 60,0% kế hoạch"; a rate or a
    figure where lower is better is stated with its target ("Tỷ lệ … đạt 84,1%, kế hoạch 85%")."""
    result = ind.result
    assert result is not None
    plan = target_text(ind, units=True) if ind.target is not None and not relative else ""
    if result == 0 and not ind.is_percent and ind.effective_direction is not Direction.LOWER:
        target = f" (kế hoạch {plan})" if plan else ""
        return f"{name} chưa thực hiện được{target}"  # not "thực hiện được 0 ha/200 ha, đạt 0,0%"
    if ind.is_percent or not praised(ind, result):
        return f"{name}{_verb(ind, result)} {amount(result, ind)}" + (f", kế hoạch {plan}" if plan else "")
    if ind.target is not None and ev.progress_pct is not None:
        return (f"{name} thực hiện được {amount(result, ind)}/{amount(ind.target, ind)}, "
                f"đạt {format_percent(ev.progress_pct, places)} kế hoạch")
    return f"{name} thực hiện được {amount(result, ind)}"


def _subject(name: str) -> str:
    """"Giảm tỷ lệ hộ nghèo" → "Tỷ lệ hộ nghèo": the thing whose level the sentence gives. A traced name
    keeps the marks of its figures ("cả 3 tiêu chí")."""
    words = str(name).split(" ", 1)
    if not (len(words) == 2 and words[0].casefold() == "giảm" and words[1]):
        return name
    if isinstance(name, MarkedText):
        return name.tail(len(words[0]) + 1).cased(str.upper, first=True)
    return words[1][0].upper() + words[1][1:]


def _verb(ind: Indicator, value: Decimal, *, clause: bool = False) -> str:
    """What joins an indicator's name to its figure: " còn" for what is brought down, ":" where "đạt" would
    be praise for nothing (0, a fall) or would come twice ("… đạt mức độ 4 đạt 100%"), else " đạt". In a
    clause after "ước cả năm" (``clause``): "còn ", "đạt " or nothing."""
    if remaining(ind):
        return "còn " if clause else " còn"
    if not praised(ind, value):
        return "" if clause else ":"
    if not clause and _says_dat(ind.name):
        return ":"
    return "đạt " if clause else " đạt"


def _says_dat(name: str) -> bool:
    """Whether a name already holds the word "đạt" ("Tỷ lệ … đạt chuẩn")."""
    return any(word.strip(",.;:()") == "đạt" for word in name.casefold().split())


def _plan_clause(ind: Indicator, ev: Evaluation, places: int, lower: bool, relative: bool) -> str:
    """", bằng 108,7% kế hoạch" for level kinds; ", tăng 8,9% so với năm trước (kế hoạch tăng 10%)"
    for kinds judged on the change against last year."""
    if ev.value is None:
        return ""
    if relative:
        achieved = ev.achieved_change
        assert achieved is not None
        moved = f"{moved_words(ind, achieved, places)} so với năm trước"
        return f", {moved}, kế hoạch {target_text(ind, units=True)}"
    shown = percent_of_plan(ev.percent_of_plan, ev.status, places, lower=lower)
    if shown is not None:
        return f", {shown}"
    plan = target_text(ind, units=True)  # where a percentage would mislead, the status that follows says it
    return f", kế hoạch {plan}" if plan else ""
