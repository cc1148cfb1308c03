"""The figures and dates of one phrase: which numbers are targets and which are something else.

Numbers are Vietnamese ("1.306" is 1306, "2,52" is 2.52, "02" is 2; read by
:func:`nqreport.read.values.parse_number_text`, the same reading as a typed cell). A figure may be a range
("6-7%", "từ 10% đến 11%") or a part of a whole ("57,96/61,01 km", "9/9 thôn"). Not targets: years
("năm 2025", "2021-2025"), dates, numbers that name something ("mức độ 4", "lớp 1", "thôn 5", "Nghị
quyết số 57", "Quốc lộ 1A"), "cả 3 tiêu chí", the denominator of a ratio ("trên 1 vạn dân"). Ages and
stars ("dưới 5 tuổi", "3 sao") are targets only when nothing else is. Pure functions.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from nqreport.extract.units import unit_after
from nqreport.read.values import ParseError, parse_number_text

_NUMBER = r"\d(?:[\d.,]*\d)?"
_FIGURE = re.compile(
    rf"(?P<a>{_NUMBER})(?P<apct>\s*%)?"
    rf"(?:(?P<range>\s*(?:-|–|—|đến|tới)\s*)(?P<b>{_NUMBER})(?P<bpct>\s*%)?"
    rf"|\s*/\s*(?P<c>{_NUMBER})(?!\s*/\s*\d))?",
    re.IGNORECASE)
_DMY = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\d/])")
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_QUARTER = re.compile(r"quý\s+(IV|I{1,3}|[1-4])\b(?:\s*(?:/|năm)\s*(\d{4}))?", re.IGNORECASE)
_MONTH = re.compile(r"tháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"\bnăm\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/%])")
#: Words after which a number names something rather than counts it.
_NAMING = re.compile(
    r"(?:\bsố|mức độ|cấp độ|\bđộ|\bhạng|\bloại|\bthứ|\blần|\bkhóa|\bđợt|\bthôn|\bbản|\bxóm|\bấp|\bkhu|\btổ|"
    r"tổ dân phố|khu phố|\bđội|chương trình|đề án|dự án|nghị quyết|quyết định|chỉ thị|kế hoạch|thông tư|\bluật|"
    r"quốc lộ|tỉnh lộ|đường tỉnh|\bql|\bđt|\blớp|\bphòng|điểm cao|\bcấp|\bcả|trên cả|\bmã|\bcột|\bnhóm|"
    r"\bphường|\bquận|\bvùng)\s*$", re.IGNORECASE)
_DOCUMENT_TAIL = re.compile(r"^\s*[-/]\s*(?:NQ|QĐ|CT|KH|TTr|BC|UBND|HĐND|TU|ĐU|TW|QH|CP|TTg|BTC)\b")
_RATIO_TAIL = re.compile(r"^\s*(?:vạn|nghìn|ngàn|triệu|trăm)?\s*(?:dân|người dân|hộ dân)\b", re.IGNORECASE)
_WEAK_TAIL = re.compile(r"^\s*(?:tuổi|sao|tháng tuổi)\b", re.IGNORECASE)
_ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
_RATIO_BASES = {Decimal(n) for n in (1, 10, 100, 1000, 10000, 100000)}


@dataclass(frozen=True)
class Figure:
    """A number of a phrase that may be its target."""

    start: int
    end: int
    value: Decimal
    #: The upper bound of a range.
    high: Decimal | None = None
    #: The whole of "57,96/61,01".
    whole: Decimal | None = None
    percent: bool = False
    #: An age or a rating ("5 tuổi", "3 sao"): a target only when the phrase has no other figure.
    weak: bool = False


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: date
    #: "quý", "tháng", "năm" or "ngày": how precise the phrase was.
    precision: str


def dates(text: str, year: int | None) -> list[DateMention]:
    """The dates, months, quarters and years a phrase names."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], value: date | None, precision: str) -> None:
        if value is not None and not any(s < match.end() and match.start() < e for s, e in taken):
            found.append(DateMention(match.start(), match.end(), value, precision))
            taken.append((match.start(), match.end()))

    for pattern in (_DMY, _LONG_DATE):
        for m in pattern.finditer(text):
            add(m, _date(int(m.group(3)), int(m.group(2)), int(m.group(1))), "ngày")
    for m in _QUARTER.finditer(text):
        token = m.group(1).upper()
        quarter = _ROMAN_QUARTERS.get(token) or int(token)
        the_year = int(m.group(2)) if m.group(2) else year
        add(m, _month_end(the_year, quarter * 3) if the_year else None, "quý")
    for m in _MONTH.finditer(text):
        add(m, _month_end(int(m.group(2)), int(m.group(1))), "tháng")
    for m in _DAY_MONTH.finditer(text):
        if year and re.search(r"(trước|ngày|đến|hạn)\s*$", text[:m.start()], re.IGNORECASE):
            add(m, _date(year, int(m.group(2)), int(m.group(1))), "ngày")
    for m in _YEAR_ONLY.finditer(text):
        add(m, _month_end(int(m.group(1)), 12), "năm")
    return sorted(found, key=lambda d: d.start)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int | None, month: int) -> date | None:
    if year is None or not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def figures(text: str, skip: list[tuple[int, int]] | None = None) -> list[Figure]:
    """The numbers of a phrase that may be targets, in order; ``skip`` holds spans already read as dates.

    Weak figures (ages, stars) are dropped when the phrase has a figure that is not weak.
    """
    spans = skip or []
    found: list[Figure] = []
    for m in _FIGURE.finditer(text):
        start, end = m.start(), m.end()
        if any(s < end and start < e for s, e in spans) or _glued(text, start, end):
            continue
        figure = _figure(m)
        if figure is not None:
            figure = _judged(text, figure)
        if figure is not None:
            found.append(figure)
    strong = [f for f in found if not f.weak]
    return strong or found


def _glued(text: str, start: int, end: int) -> bool:
    """Part of a word or code: "m2", "Covid-19", "1A"."""
    before = text[start - 1] if start else " "
    if before.isalpha() or before == "_":
        return True
    if before in "-/" and start >= 2 and text[start - 2].isalnum():
        return True
    after = text[end] if end < len(text) else " "
    return after.isupper() and after.isalpha()


def _figure(m: re.Match[str]) -> Figure | None:
    low = _number(m.group("a"))
    if low is None:
        return None
    start = m.start()
    percent = bool(m.group("apct"))
    if m.group("b") is not None:
        high = _number(m.group("b"))
        if _is_year(m.group("a")) and _is_year(m.group("b")):
            return None  # "2021-2025" is a period
        if high is not None and high > low and not _is_year(m.group("b")):
            return Figure(start, m.end(), low, high=high, percent=percent or bool(m.group("bpct")))
        end = m.end("apct") if percent else m.end("a")
        return None if _is_year(m.group("a")) else Figure(start, end, low, percent=percent)
    if m.group("c") is not None:
        whole = _number(m.group("c"))
        return Figure(start, m.end(), low, whole=whole) if whole is not None and whole >= low else None
    if _is_year(m.group("a")) and not percent and not _known_unit(m.string[m.end():]):
        return None  # a year, unless a unit follows ("2000 tấn")
    return Figure(start, m.end(), low, percent=percent)


def _known_unit(tail: str) -> bool:
    unit, _, known = unit_after(tail)
    return bool(unit) and known


def _number(token: str) -> Decimal | None:
    try:
        parsed = parse_number_text(token)
    except ParseError:
        return None
    return parsed.value if parsed is not None else None


def _is_year(token: str) -> bool:
    return token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2100


def _judged(text: str, figure: Figure) -> Figure | None:
    """None for a number that names something; the figure marked weak when it is an age or a rating."""
    before = text[:figure.start]
    after = text[figure.end:]
    if _NAMING.search(before) or _DOCUMENT_TAIL.match(after):
        return None
    if re.search(r"(?:\btrên|/|\bmỗi)\s*$", before) and (_RATIO_TAIL.match(after) or (
            figure.value in _RATIO_BASES and not figure.percent and _known_unit(after))):
        return None  # the base of a ratio: "8 bác sĩ trên 1 vạn dân", "135 triệu đồng trên 1 ha"
    return replace(figure, weak=True) if _WEAK_TAIL.match(after) else figure
