"""Invisible marks that carry a figure's identity from the context to the rendered page.

A report must say where each figure it prints comes from (docs/architecture.md, "Every figure traced to
its cell"). Text loses that the moment a figure is formatted into a sentence, so a figure of a traced
context is a value that knows its number (its *mark*, an index into the trace of the report being
built): :class:`Figure` (a ``Decimal``), :class:`MarkedDate`, :class:`MarkedInt` and :class:`MarkedText`.
They compare, add and print like the plain values they are; only when one is written into text —
by :mod:`nqreport.wording.numbers`, by an f-string, or by the template filters — the written text is
wrapped in marks::

    OPEN <the mark's number in base 16> SEP <the text as printed> CLOSE

The marks are Unicode noncharacters (U+FDD0–U+FDEF), which the standard reserves for a program's own
use and which no workbook holds. After rendering, the renderer finds them in each paragraph, records
what each printed, and removes them all: the document is then byte for byte the one an unmarked context
makes. Arithmetic makes a new, unmarked number (a figure computed in a template has no source) — except
rounding, sign and absolute value, which print the same figure.

Core: no I/O, and nothing here knows what a mark stands for; :mod:`nqreport.render.trace` keeps that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

OPEN = "\ufdd0"
SEP = "\ufdd1"
CLOSE = "\ufdd2"
_DIGIT = 0xFDE0  # U+FDE0…U+FDEF: the 16 digits of a mark's number
#: Every character a mark is made of.
MARK_CHARS = re.compile("[\ufdd0-\ufdef]")
#: The mark of a number that is not a figure: the STT of a row, the number of a heading.
NUMBERING = 0


def _encode(number: int) -> str:
    digits = []
    while True:
        number, digit = divmod(number, 16)
        digits.append(chr(_DIGIT + digit))
        if not number:
            return "".join(reversed(digits))


def mark(text: str, number: int) -> str:
    """``text`` wrapped in the marks of figure ``number`` (nothing to wrap when empty)."""
    return f"{OPEN}{_encode(number)}{SEP}{text}{CLOSE}" if text else text


def mark_of(value: object) -> int | None:
    """The mark a value carries, None for a plain value."""
    number = getattr(value, "mark", None)
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def marked_like(value: object, text: str) -> str:
    """``text`` (``value`` written out) with ``value``'s mark, if it has one."""
    number = mark_of(value)
    return text if number is None else mark(text, number)


def has_marks(text: str) -> bool:
    return OPEN in text


def strip_marks(text: str) -> str:
    """The text without any mark: what the reader sees."""
    return MARK_CHARS.sub("", text) if OPEN in text else text


@dataclass(frozen=True)
class Span:
    """Figure ``mark`` printed as ``text[start:end]`` of the unmarked text."""

    mark: int
    start: int
    end: int


def read_marks(text: str) -> tuple[str, tuple[Span, ...]]:
    """The unmarked text and where each mark stood in it, in order of opening. Marks may nest (a phrase
    traced as a whole around a date traced on its own); a mark left open or a stray close is dropped,
    never fatal: what cannot be read is only not traced."""
    if OPEN not in text:
        return strip_marks(text), ()
    out: list[str] = []
    length = 0
    spans: list[Span | None] = []
    stack: list[tuple[int, int, int]] = []  # (index in spans, mark, start)
    position, size = 0, len(text)
    while position < size:
        char = text[position]
        if char == OPEN:
            end = text.find(SEP, position + 1)
            digits = text[position + 1:end] if end > 0 else ""
            if end < 0 or not digits or any(not _DIGIT <= ord(d) < _DIGIT + 16 for d in digits):
                position += 1
                continue
            number = 0
            for digit in digits:
                number = number * 16 + ord(digit) - _DIGIT
            stack.append((len(spans), number, length))
            spans.append(None)
            position = end + 1
            continue
        if char == CLOSE:
            if stack:
                index, number, start = stack.pop()
                spans[index] = Span(number, start, length) if length > start else None
            position += 1
            continue
        if "\ufdd0" <= char <= "\ufdef":
            position += 1
            continue
        out.append(char)
        length += 1
        position += 1
    return "".join(out), tuple(span for span in spans if span is not None)


def write_marks(text: str, spans: tuple[Span, ...]) -> str:
    """``text`` with ``spans`` put back as marks (spans must not cross; nested ones are kept nested)."""
    if not spans:
        return text
    # (position, closes before opens, the longer span opens first, what to write)
    events = [(span.start, 1, -span.end, f"{OPEN}{_encode(span.mark)}{SEP}") for span in spans]
    events += [(span.end, 0, 0, CLOSE) for span in spans]
    events.sort(key=lambda event: event[:3])
    out, last = [], 0
    for position, _, _, token in events:
        out.append(text[last:position])
        out.append(token)
        last = position
    out.append(text[last:])
    return "".join(out)


# --------------------------------------------------------------------------- values that carry a mark


class Figure(Decimal):
    """A ``Decimal`` read from (or computed from) named cells."""

    __slots__ = ("mark",)
    mark: int

    def __new__(cls, value: Decimal | int | str, mark: int) -> Figure:
        figure = Decimal.__new__(cls, value)
        figure.mark = mark
        return figure

    def __repr__(self) -> str:
        return f"Figure('{self}', mark={self.mark})"

    # The same figure printed rounded, or without its sign ("giảm 27,3%" of a change of -27,3%).
    def quantize(self, exp: Any, rounding: str | None = None, context: Any = None) -> Figure:
        return Figure(Decimal(self).quantize(exp, rounding=rounding, context=context), self.mark)

    def __abs__(self) -> Figure:
        return Figure(abs(Decimal(self)), self.mark)

    def __neg__(self) -> Figure:
        return Figure(-Decimal(self), self.mark)

    def __pos__(self) -> Figure:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Figure, (str(self), self.mark))


class MarkedInt(int):
    """A whole number with a source (a count of indicators, a year); written with its mark."""

    mark: int

    def __new__(cls, value: int, mark: int) -> MarkedInt:
        number = int.__new__(cls, value)
        number.mark = mark
        return number

    def __format__(self, spec: str) -> str:
        text = int.__format__(int(self), spec)
        return text if spec else mark(text, self.mark)

    def __repr__(self) -> str:
        return f"MarkedInt({int(self)}, mark={self.mark})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (MarkedInt, (int(self), self.mark))


class MarkedDate(date):
    """A date read from a named cell."""

    mark: int

    def __new__(cls, value: date, mark: int) -> MarkedDate:
        day = date.__new__(cls, value.year, value.month, value.day)
        day.mark = mark
        return day

    def __repr__(self) -> str:
        return f"MarkedDate({date(self.year, self.month, self.day)!r}, mark={self.mark})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (MarkedDate, (date(self.year, self.month, self.day), self.mark))


class MarkedText(str):
    """Text whose figures (or the whole of it) are traced: compares, tests and slices as the plain text;
    written into an f-string or printed by a template it carries its marks."""

    spans: tuple[Span, ...]

    def __new__(cls, text: str, spans: tuple[Span, ...] = ()) -> MarkedText:
        value = str.__new__(cls, text)
        value.spans = spans
        return value

    @classmethod
    def parse(cls, marked: str) -> str:
        """Marked text as written by wording; a plain ``str`` when it holds no mark."""
        if OPEN not in marked:
            return marked
        text, spans = read_marks(marked)
        return cls(text, spans) if spans else text

    @classmethod
    def whole(cls, text: str, mark: int) -> MarkedText:
        return cls(text, (Span(mark, 0, len(text)),))

    def marked(self) -> str:
        return write_marks(str(self), self.spans)

    def same_length(self, text: str) -> str:
        """``text`` (this text changed letter for letter, as by upper()) with the same marks."""
        return MarkedText(text, self.spans) if len(text) == len(self) else text

    def __format__(self, spec: str) -> str:
        return self.marked() if not spec else str.__format__(str(self), spec)

    def __repr__(self) -> str:
        return f"MarkedText({str(self)!r}, {self.spans!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (MarkedText, (str(self), self.spans))
