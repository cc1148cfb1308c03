"""Phrases about one indicator's figures, shared by the reason of an evaluation and the report's sentence.

:mod:`nqreport.evaluate` explains a status ("Ước cả năm đạt 1.420 triệu đồng, bằng 108,7% kế hoạch …")
and :mod:`nqreport.render.context` writes the line of the report ("Thu ngân sách … ước đạt 1.420 triệu đồng …").
Both print a figure with its unit, a change against last year or the same period, a target: written
here once, so that the two never word the same figure two ways. Pure functions; rounding only through
:mod:`nqreport.wording.numbers`.
"""

from __future__ import annotations

from decimal import Decimal

from nqreport.model import Indicator
from nqreport.schema import KINDS_WITH_PERCENT_TARGET, Direction, Kind, Status
from nqreport.wording.numbers import format_date, format_number, format_percent, round_half_up

HUNDRED = Decimal(100)


def amount(value: Decimal, ind: Indicator) -> str:
    """A figure with its unit: "1.306 triệu đồng", "95%"."""
    number = format_number(value)
    if ind.is_percent:
        return f"{number}%"
    return f"{number} {ind.unit}" if ind.unit else number


def remaining(ind: Indicator) -> bool:
    """Whether the figure is what is left of something to bring down (poor households, offences): it reads
    "còn 7,9%", never "Giảm tỷ lệ hộ nghèo: 7,9%", which reads as a fall of 7,9. (A ceiling, "không quá 5
    vụ", keeps "Tai nạn giao thông: 4 vụ".)"""
    return ind.kind in (Kind.DECREASE_PCT, Kind.DECREASE_POINTS)


def praised(ind: Indicator, value: Decimal) -> bool:
    """Whether a figure may follow "đạt": not where lower is better ("đạt 4 vụ tai nạn" reads as praise),
    nor for nothing done ("đạt 0 km") or a fall ("đạt -2%")."""
    return value > 0 and ind.effective_direction is not Direction.LOWER


def points(value: Decimal, ind: Indicator) -> str:
    """A difference of a rate is in percentage points, not percent: "2 điểm %"; other units as amounts."""
    if ind.is_percent:
        return f"{format_number(value)} điểm %"
    return amount(value, ind)


def change_words(change: Decimal, places: int, against: str, ind: Indicator | None = None) -> str:
    """"tăng 15,1% so với cùng kỳ", or "bằng cùng kỳ" when the change rounds to nothing. A rate's change
    (``ind`` in %) is a difference in percentage points: "tăng 0,7 điểm % so với cùng kỳ"."""
    if round_half_up(change, places) == 0:
        return f"bằng {against}"
    size = format_number(abs(change), places)
    size += " điểm %" if ind is not None and ind.is_percent else "%"
    return f"{'tăng' if change > 0 else 'giảm'} {size} so với {against}"


def moved_words(ind: Indicator, achieved: Decimal, places: int) -> str:
    """The change achieved by a relative kind, in the kind's own terms: "tăng 8,9%", "giảm 2 điểm %",
    "không đổi" (a change that rounds to 0,0% is none, not "tăng 0,0%")."""
    percent = ind.kind in KINDS_WITH_PERCENT_TARGET
    if (round_half_up(achieved, places) if percent else achieved) == 0:
        return "không đổi"
    up = (achieved > 0) == (ind.kind is Kind.INCREASE_PCT)
    size = format_percent(abs(achieved), places) if percent else points(abs(achieved), ind)
    return f"{'tăng' if up else 'giảm'} {size}"


_PREFIXES = {Kind.MORE_THAN: "trên ", Kind.AT_MOST: "không quá ", Kind.LESS_THAN: "dưới ", Kind.APPROX: "khoảng "}


def target_text(ind: Indicator, *, units: bool = False) -> str:
    """The target as written in the resolution: "trên 90", "khoảng 13.900", "tăng 10%", "10 - 10,5".

    Without ``units`` it fits a table that has its own unit column; with them it fits a sentence
    ("trên 90%", "không quá 5 vụ", "giảm 11 hộ", "từ 10% đến 10,5%").
    """
    kind, target = ind.kind, ind.target
    if kind is Kind.DEADLINE:
        return f"trước {format_date(ind.deadline)}" if ind.deadline else ""
    if kind is Kind.QUALITATIVE or target is None:
        return "duy trì" if kind is Kind.MAINTAIN else ""
    if kind is Kind.INCREASE_PCT:
        return f"tăng {format_number(target)}%"
    if kind is Kind.DECREASE_PCT:
        return f"giảm {format_number(target)}%"
    if kind is Kind.DECREASE_POINTS:
        if units:
            return f"giảm {points(target, ind)}"
        return f"giảm {format_number(target)}" + (" điểm %" if ind.is_percent else "")
    if kind is Kind.RANGE and ind.target_max is not None:
        if units:
            low, high = sorted((target, ind.target_max))
            return f"từ {amount(low, ind)} đến {amount(high, ind)}"
        return f"{format_number(target)} - {format_number(ind.target_max)}"
    return _PREFIXES.get(kind, "") + (amount(target, ind) if units else format_number(target))


def percent_agrees(pct: Decimal, status: Status, places: int) -> bool:
    """Whether "bằng X% kế hoạch", as printed, agrees with the status. It does not when the figure sits on
    the target of a strict kind ("trên 90%" and 90% done: 100,0%, Không đạt) or so close to it that the
    percentage rounds to 100,0% (89,96 of 90: Không đạt; 90,04 of 90: Vượt); an official reading
    "100,0%" next to "Không đạt" takes the report for wrong, so the sentence then says it in words."""
    shown = round_half_up(pct, places)
    if status is Status.NOT_MET:
        return shown < HUNDRED
    if status is Status.EXCEEDED:
        return shown > HUNDRED
    return True


def percent_of_plan(pct: Decimal | None, status: Status, places: int, *, lower: bool = False) -> str | None:
    """"bằng 108,7% kế hoạch" (or "đạt 125,0% kế hoạch" where lower is better); None where there is no
    percentage, or where the printed one would contradict the status."""
    if pct is None or not percent_agrees(pct, status, places):
        return None
    return f"{'đạt' if lower else 'bằng'} {format_percent(pct, places)} kế hoạch"
