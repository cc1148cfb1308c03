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
from collections.abc import Callable
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
_MARK_SET = "".join(chr(code) for code in range(0xFDD0, 0xFDF0))
#: The mark of a number that is not a figure: the STT of a row, the number of a heading.
NUMBERING = 0


_ENCODED: dict[int, str] = {}


def _encode(number: int) -> str:
    known = _ENCODED.get(number)
    if known is not None:
        return known
    encoded = _digits(number)
    if len(_ENCODED) < 65536:
        _ENCODED[number] = encoded
    return encoded


def _digits(number: int) -> str:
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


_TOKEN = re.compile("\ufdd0([\ufde0-\ufdef]+)\ufdd1|(\ufdd2)|[\ufdd0-\ufdef]")


def read_marks(text: str) -> tuple[str, tuple[Span, ...]]:
    """The unmarked text and where each mark stood in it, in order of opening. Marks may nest (a phrase
    traced as a whole around a date traced on its own); a mark left open or a stray close is dropped,
    never fatal: what cannot be read is only not traced."""
    if OPEN not in text:
        return strip_marks(text), ()
    if text[0] == OPEN and text[-1] == CLOSE and text.count(OPEN) == 1:  # one figure, all of the text
        head, _, content = text[1:-1].partition(SEP)
        number = _DECODED.get(head)
        if number is not None and content and MARK_CHARS.search(content) is None:
            return content, (Span(number, 0, len(content)),)
    fast = _read_flat(text)
    if fast is not None:
        return fast
    out: list[str] = []
    length = 0
    spans: list[Span | None] = []
    stack: list[tuple[int, int, int]] = []  # (index in spans, mark, start)
    last = 0
    for token in _TOKEN.finditer(text):
        piece = text[last:token.start()]
        out.append(piece)
        length += len(piece)
        last = token.end()
        digits, close = token.group(1), token.group(2)
        if digits:
            number = 0
            for digit in digits:
                number = number * 16 + ord(digit) - _DIGIT
            stack.append((len(spans), number, length))
            spans.append(None)
        elif close and stack:
            index, number, start = stack.pop()
            spans[index] = Span(number, start, length) if length > start else None
    out.append(text[last:])
    return "".join(out), tuple(span for span in spans if span is not None)


def mark_tokens(text: str) -> list[tuple[str, str | int]]:
    """``text`` as ("text", piece), ("open", mark) and ("close", 0) tokens, in order; stray mark
    characters are dropped."""
    out: list[tuple[str, str | int]] = []
    last = 0
    for token in _TOKEN.finditer(text):
        if token.start() > last:
            out.append(("text", text[last:token.start()]))
        last = token.end()
        digits, close = token.group(1), token.group(2)
        if digits:
            number = _DECODED.get(digits)
            number = _decode(digits) if number is None else number
            if number is not None:
                out.append(("open", number))
        elif close:
            out.append(("close", 0))
    if last < len(text):
        out.append(("text", text[last:]))
    return out


def _read_flat(text: str) -> tuple[str, tuple[Span, ...]] | None:
    """:func:`read_marks` for marks that do not nest, with string methods only; None when they nest."""
    parts = text.split(OPEN)
    out = [parts[0]]
    length = len(parts[0])
    spans = []
    for part in parts[1:]:
        head, sep, rest = part.partition(SEP)
        content, close, tail = rest.partition(CLOSE)
        if not sep or not close or CLOSE in tail:
            return None
        number = _DECODED.get(head)
        if number is None:
            number = _decode(head)
            if number is None:
                return None
        if content:
            spans.append(Span(number, length, length + len(content)))
        out.append(content)
        out.append(tail)
        length += len(content) + len(tail)
    joined = "".join(out)
    return (joined, tuple(spans)) if MARK_CHARS.search(joined) is None else None


_DECODED: dict[str, int] = {}


def _decode(head: str) -> int | None:
    number = 0
    for digit in head:
        value = ord(digit) - _DIGIT
        if not 0 <= value < 16:
            return None
        number = number * 16 + value
    if head and len(_DECODED) < 65536:
        _DECODED[head] = number
    return number if head else None


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
    written into an f-string or printed by a template it carries its marks (:attr:`marked`)."""

    marked: str

    def __new__(cls, marked: str) -> MarkedText:
        value = str.__new__(cls, strip_marks(marked))
        value.marked = marked
        return value

    @classmethod
    def parse(cls, marked: str) -> str:
        """Marked text as written by wording; a plain ``str`` when it holds no mark."""
        return cls(marked) if OPEN in marked else marked

    @classmethod
    def whole(cls, text: str, number: int) -> MarkedText:
        return cls(mark(text, number))

    @property
    def spans(self) -> tuple[Span, ...]:
        return read_marks(self.marked)[1]

    def cased(self, change: Callable[[str], str], *, first: bool = False) -> MarkedText:
        """This text with ``change`` (``str.upper``, ``str.lower``) applied to every letter, or to the first
        only; marks have no case, so they stay where they were."""
        if not first:
            return MarkedText(change(self.marked))
        at = len(self.marked) - len(self.marked.lstrip(_MARK_SET))
        return MarkedText(self.marked[:at] + change(self.marked[at:at + 1]) + self.marked[at + 1:])

    def tail(self, start: int) -> MarkedText:
        """The text from ``start`` on (of the plain text), its marks kept: a figure cut at the start loses
        only the part cut."""
        plain, spans = read_marks(self.marked)
        kept = tuple(Span(s.mark, max(s.start - start, 0), s.end - start) for s in spans if s.end > start)
        return MarkedText(write_marks(plain[start:], kept))

    def __format__(self, spec: str) -> str:
        return self.marked if not spec else str.__format__(str(self), spec)

    def __repr__(self) -> str:
        return f"MarkedText({self.marked!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (MarkedText, (self.marked,))
