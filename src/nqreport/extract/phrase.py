"""Reading one target phrase into the workbook's terms: kind, target, upper bound, unit, deadline, name.

The first rule that applies wins (docs/trich-chi-tieu.md):

1. a completion date or quarter ("hoàn thành … trước 30/6/2026", "trong quý III/2026"): a deadline,
   keeping any amount in the phrase as its target;
2. two figures joined ("6-7%", "từ 10% đến 11%"): a range;
3. "tăng X%": an increase in percent; 4. "giảm X%" of a count: a decrease in percent; 5. "giảm tỷ lệ …
   X%", "giảm 11 hộ": a decrease in points or units; "giảm còn …" is a bound, not a decrease;
6. "duy trì", "giữ vững", "giữ ổn định": maintain (no figure: a blank target);
7. bounds: "trên", "hơn" (more than, winning over "từ" and "trở lên"); "từ", "trở lên", "ít nhất",
   "không dưới", "tối thiểu" (at least); "dưới" (less than); "không quá", "tối đa", "giảm còn" (at most);
8. "khoảng": about; 9. anything else with a figure: at least, except 100% of a quota (exact);
10. no figure: qualitative.

Pure functions: a phrase in, a :class:`Reading` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from nqreport.extract.figures import DateMention, Figure, dates, figures
from nqreport.extract.units import MEASURES, percent_tail, subject_unit, unit_after
from nqreport.schema import KIND_LABELS, Kind
from nqreport.text import clean, match_key
from nqreport.wording.numbers import format_number

HUNDRED = Decimal(100)

_INCREASE = re.compile(r"\btăng\b(?!\s+(?:trưởng|cường|lên|đến|tới))")
_DECREASE = re.compile(r"\bgiảm\b(?!\s+(?:nghèo|thiểu|nhẹ))")
_MAINTAIN_TAIL = re.compile(r"\s+(?:duy trì|giữ vững|giữ ổn định|ổn định)(?:\s+ở)?(?:\s+mức)?\s*$", re.IGNORECASE)
_MAINTAIN = re.compile(r"\b(?:duy trì|giữ vững|giữ ổn định|ổn định ở mức|giữ mức|giữ nguyên)\b")
_RATE = re.compile(r"\b(?:tỷ lệ|tỉ lệ)\b")
_QUOTA = re.compile(r"tuyển quân|giao quân|nhập ngũ|kế hoạch vốn|100%\s*(?:chỉ tiêu|kế hoạch|dự toán)|"
                    r"(?:chỉ tiêu|kế hoạch|dự toán)\b[^,;]*\b(?:được giao|cấp trên giao|giao)\b")
_DEADLINE_WORDS = re.compile(r"(?:trước|trong|vào|chậm nhất|hạn|xong|đến hết|đến)\s*(?:ngày\s*)?$")
_DONE_WORDS = re.compile(r"\b(?:hoàn thành|xong|đưa vào sử dụng|khởi công|bàn giao)\b")
#: Words that may stand between a target's subject and its figure ("đạt từ trên", "giảm xuống còn").
_BOUND_WORDS = {"đạt", "là", "từ", "trên", "hơn", "dưới", "còn", "không", "quá", "vượt", "ít", "nhất", "tối",
                "thiểu", "đa", "khoảng", "xấp", "xỉ", "mức", "ở", "lên", "xuống", "giảm", "tăng", "bằng", "cao",
                "thấp", "nhỏ", "chiếm", "phấn", "đấu", "và", "có", "thêm", "được", "đến", "tới", "ước",
                "≥", ">=", "≤", "<=", ">", "<", "≈", "~", "="}
#: Words around a figure that no rule reads ("gấp 2 lần", "bằng 105%"): the row is read, and pointed out.
_UNFAMILIAR = re.compile(r"\bgấp\b|\bbằng\s*$|\btương đương\s*$")
_UNFAMILIAR_AFTER = re.compile(r"^\s*lần\b", re.IGNORECASE)
_SIGNS = {"≥": Kind.AT_LEAST, ">=": Kind.AT_LEAST, "≤": Kind.AT_MOST, "<=": Kind.AT_MOST, ">": Kind.MORE_THAN,
          "<": Kind.LESS_THAN, "≈": Kind.APPROX, "~": Kind.APPROX, "=": Kind.EXACT}
_LEAD = re.compile(r"^(?:phấn đấu(?:\s+để)?(?:\s+đạt)?|trong đó:?|trong đó có|tiếp tục|có)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    kind: Kind
    name: str
    unit: str = ""
    target: Decimal | None = None
    target_max: Decimal | None = None
    deadline: date | None = None
    whole: Decimal | None = None
    #: Why a person should look at the row.
    doubts: tuple[str, ...] = ()
    #: The phrase starts with its figure's verb ("tăng 10%"): its subject is the phrase before it.
    subjectless: bool = False


def read_phrase(text: str, year: int | None) -> Reading:
    """One phrase holding at most one target (rows.py splits items into such phrases)."""
    text = clean(text).strip(" ,;.")
    mentions = dates(text, year)
    found = figures(text, [(d.start, d.end) for d in mentions])
    doubts: list[str] = []
    figure = _primary(text, found, doubts)
    deadline = _deadline(text, mentions)
    key = match_key(text)
    if figure is None:
        kind = Kind.DEADLINE if deadline else Kind.MAINTAIN if _MAINTAIN.search(key) else Kind.QUALITATIVE
        name = _without_deadline(text, mentions) if deadline else text
        return Reading(kind, _capital(_strip_lead(name)), deadline=deadline, doubts=tuple(doubts))
    before = text[:figure.start]
    lead = match_key(before)
    after = text[figure.end:]
    unit, used, known = ("%", percent_tail(after), True) if figure.percent else unit_after(after)
    rest = after[used:]
    kind = _kind(figure, lead, key, rest)
    if deadline:
        kind = Kind.DEADLINE
    subject = _subject(before)
    subjectless = len(subject.split()) < 2 and bool(re.match(r"^(?:tăng|giảm)\b", lead.strip()))
    if kind in (Kind.INCREASE_PCT, Kind.DECREASE_PCT) and figure.percent:
        # the % belongs to the kind; the unit is the one results are counted in
        unit = subject_unit(subject) or subject_unit(rest)
        if unit == "%":
            unit = subject_unit(_RATE.sub("", match_key(subject))) or "%"
    elif kind is Kind.DECREASE_POINTS and not figure.percent and not unit:
        unit = subject_unit(subject)
    elif not known and unit:
        doubts.append(f'đơn vị tính "{unit}" là đoán từ chữ đứng sau con số; hãy kiểm tra')
    unfamiliar = _UNFAMILIAR.search(lead) or _UNFAMILIAR_AFTER.match(rest)
    if unfamiliar:
        doubts.append(f'cách viết chưa gặp ("{unfamiliar.group(0).strip()}"): đã ghi là "{KIND_LABELS[kind]}" '
                      f"{format_number(figure.value)}; hãy kiểm tra loại chỉ tiêu và con số")
    name = _name(text, figure, subject, unit if known else "", rest, mentions if deadline else [])
    return Reading(kind, name, unit, figure.value, figure.high, deadline, figure.whole, tuple(doubts), subjectless)


def _primary(text: str, found: list[Figure], doubts: list[str]) -> Figure | None:
    """The target figure of a phrase; when it has several, the one a verb or bound stands before."""
    if len(found) <= 1:
        return found[0] if found else None
    scored = sorted(found, key=lambda f: (-_score(text, f), f.start))
    chosen = scored[0]
    others = ", ".join(_shown(f) for f in found if f is not chosen)
    doubts.append(f"có nhiều con số trong cùng một ý; đã lấy {_shown(chosen)} làm chỉ tiêu (còn {others}); "
                  "hãy kiểm tra")
    return chosen


def _score(text: str, figure: Figure) -> int:
    """How much a figure looks like the target: a % or a range, a verb or bound before it, a known unit."""
    words = match_key(text[:figure.start]).split()[-2:]
    unit, _, known = unit_after(text[figure.end:])
    score = 2 if figure.percent or figure.high is not None else 0
    score += 2 if any(w in ("đạt", "là", "khoảng", "trên", "từ", "dưới", "còn", "tăng", "giảm") for w in words) else 0
    return score + (1 if unit and known else 0)


def _shown(figure: Figure) -> str:
    return format_number(figure.value) + ("%" if figure.percent else "")


def _deadline(text: str, mentions: list[DateMention]) -> date | None:
    """A completion date: a date, month or quarter after "trước", "trong", "vào"…; a year only with
    "hoàn thành … trong năm"."""
    key = match_key(text)
    for mention in mentions:
        before = match_key(text[:mention.start])
        if mention.precision == "năm":
            if _DONE_WORDS.search(key) and re.search(r"(?:trong|đến hết)\s*$", before):
                return mention.value
            continue
        if _DEADLINE_WORDS.search(before) or (mention.precision == "quý" and _DONE_WORDS.search(key)):
            return mention.value
    return None


def _kind(figure: Figure, lead: str, key: str, rest: str) -> Kind:
    if figure.high is not None:
        return Kind.RANGE
    run = _bound_run(lead)
    increase = _INCREASE.search(lead)
    if increase and not re.search(r"tốc độ\s*$", lead[:increase.start()]):
        return Kind.INCREASE_PCT if figure.percent else Kind.AT_LEAST
    decrease = list(_DECREASE.finditer(lead))
    if decrease and not re.search(r"\b(?:còn|xuống)\b", lead[decrease[-1].end():]):
        if figure.percent:
            return Kind.DECREASE_POINTS if _RATE.search(key) else Kind.DECREASE_PCT
        return Kind.DECREASE_POINTS
    if re.search(r"(?<!và )\bvượt\s*$", lead) and figure.percent and figure.value != HUNDRED:
        return Kind.INCREASE_PCT  # "vượt 5% so với dự toán"
    if _MAINTAIN.search(key):
        return Kind.MAINTAIN
    joined = " ".join(run)
    sign = run[-1] if run and run[-1] in _SIGNS else ""
    if sign:
        return _SIGNS[sign]
    at_least_after = bool(re.match(r"^\s*trở lên\b", rest, re.IGNORECASE))
    if re.search(r"\bkhông (?:vượt )?quá\b|\btối đa\b", joined):
        return Kind.AT_MOST
    if re.search(r"\b(?:thấp|nhỏ|ít) hơn\b", joined) or (re.search(r"\bdưới\b", joined)
                                                         and "không dưới" not in joined):
        return Kind.LESS_THAN
    if re.search(r"\b(?:trên|hơn)\b", joined):
        return Kind.MORE_THAN
    if (re.search(r"\b(?:từ|ít nhất|tối thiểu|không dưới|vượt)\b", joined) or at_least_after):
        return Kind.AT_LEAST
    if re.search(r"\bcòn\b", joined):
        return Kind.AT_MOST
    if re.search(r"\b(?:khoảng|xấp xỉ)\b", joined):
        return Kind.APPROX
    if figure.percent and figure.value == HUNDRED and _QUOTA.search(key):
        return Kind.EXACT
    return Kind.AT_LEAST


def _bound_run(lead: str) -> list[str]:
    """The words just before the figure that say how it binds ("đạt từ trên", "giảm xuống còn")."""
    run: list[str] = []
    for word in reversed(lead.split()):
        if word not in _BOUND_WORDS or len(run) >= 6:
            break
        run.insert(0, word)
    return run


def _subject(before: str) -> str:
    """What the target is about: the text before its figure without the verb and bound words."""
    words = before.split()
    while words and match_key(words[-1]) in _BOUND_WORDS:
        words.pop()
    subject = _MAINTAIN_TAIL.sub("", " ".join(words))
    return _strip_lead(subject.strip(" ,:;-"))


def _strip_lead(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _LEAD.sub("", text)
    return text


def _name(text: str, figure: Figure, subject: str, unit: str, rest: str, mentions: list[DateMention]) -> str:
    """The indicator's name: the phrase's subject; when that is only a verb ("Trồng mới", "Thành lập mới"),
    with the thing counted and the words after the figure ("Thành lập mới doanh nghiệp, hợp tác xã")."""
    if mentions:
        return _capital(_strip_lead(_without_deadline(text, mentions)))
    tail = re.sub(r"^\s*trở lên\b|\btrở lên\s*$", "", rest.strip(" ,;:."), flags=re.IGNORECASE).strip(" ,;:.")
    counted = unit if unit and unit not in MEASURES else ""
    if len(subject.split()) >= 6 or not (tail or counted):
        return _capital(subject) or _capital(text)
    prefix = "Tỷ lệ " if figure.percent and not subject and not _RATE.search(match_key(tail)) else ""
    return _capital(" ".join(part for part in (prefix + subject, counted, tail) if part))


def _without_deadline(text: str, mentions: list[DateMention]) -> str:
    for mention in sorted(mentions, key=lambda m: -m.start):
        cut = re.search(r"(?:,\s*)?(?:hoàn thành\s+)?(?:trước|trong|vào|chậm nhất|đến hết|đến)?\s*(?:ngày\s*)?$",
                        text[:mention.start], re.IGNORECASE)
        start = cut.start() if cut else mention.start
        text = text[:start] + text[mention.end:]
    return clean(text).strip(" ,;.")


def _capital(text: str) -> str:
    text = clean(text).strip(" ,;:.-")
    return text[:1].upper() + text[1:] if text else text
