"""The fixed phrases of an official document: the period in a sentence, the issuing body in capitals,
the line after "Số:", the resolution named in full.
"""

from __future__ import annotations

from collections.abc import Iterable

from nqreport.model import Commune
from nqreport.schema import PERIOD_LABELS, Period
from nqreport.text import clean
from nqreport.wording.numbers import format_date


def period_phrase(period: Period, year: int | None) -> str:
    """The period inside a sentence: "6 tháng đầu năm 2026", "năm 2026", "quý I năm 2026"."""
    suffix = f" năm {year}" if year else ""
    if period is Period.YEAR:
        return f"năm {year}" if year else "cả năm"
    if period in (Period.SIX_MONTHS, Period.NINE_MONTHS):
        return f"{PERIOD_LABELS[period]} đầu năm {year}" if year else f"{PERIOD_LABELS[period]} đầu năm"
    label = PERIOD_LABELS[period]
    return f"{label[:1].lower()}{label[1:]}{suffix}"


_BODY_PREFIXES = ("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân")
_BODY_SYMBOLS = {"ủy ban nhân dân": "UBND", "uỷ ban nhân dân": "UBND", "hội đồng nhân dân": "HĐND"}


def body_in_capitals(body: str) -> str:
    """"Ủy ban nhân dân xã Quốc Khánh" → "ỦY BAN NHÂN DÂN\\nXÃ QUỐC KHÁNH": the header prints the kind of
    body on one line and its place on the next."""
    text = clean(body)
    folded = text.casefold()
    for prefix in _BODY_PREFIXES:
        if folded.startswith(prefix) and len(text) > len(prefix):
            return f"{text[:len(prefix)].upper()}\n{text[len(prefix):].strip().upper()}"
    return text.upper()


def body_symbol(body: str) -> str:
    """The body's abbreviation in a document number: UBND, HĐND, or the initials ("Sở Tài chính" → STC)."""
    folded = clean(body).casefold()
    for prefix, symbol in _BODY_SYMBOLS.items():
        if folded.startswith(prefix):
            return symbol
    initials = "".join(word[0] for word in clean(body).split() if word[0].isalpha()).upper()
    return initials or "UBND"


def number_line(number: str, symbol: str) -> str:
    """What follows "Số:": the number as typed, or room for the clerk to write it in."""
    number = clean(number)
    if not number:
        return f"{' ' * 6}/BC-{symbol}"
    return number if "/" in number else f"{number}/BC-{symbol}"


def recipient(line: str) -> str:
    """A line of "Nơi nhận" with its leading dash."""
    return line if line[:1] in "-+•" else f"- {line}"


def resolution_phrase(commune: Commune) -> str:
    """"Nghị quyết số 45/NQ-HĐND ngày 18/12/2025 của Hội đồng nhân dân xã Quốc Khánh khóa XX, kỳ họp
    thứ Tư"."""
    parts = ["Nghị quyết"]
    if clean(commune.resolution_number):
        parts.append(f"số {clean(commune.resolution_number)}")
    if commune.resolution_date is not None:
        parts.append(f"ngày {format_date(commune.resolution_date)}")
    parts.append(f"của Hội đồng nhân dân {commune.full_name}")
    if clean(commune.resolution_session):
        parts.append(clean(commune.resolution_session))
    return " ".join(parts)



def and_list(items: Iterable[str]) -> str:
    """"A", "A và B", "A, B và C"; each item once."""
    unique = list(dict.fromkeys(items))
    return unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} và {unique[-1]}"
