"""What a rendered document printed, paragraph by paragraph: each traced figure, each numbering, and each
number no mark accounts for.

The renderer calls :func:`printed_paragraphs` on every rendered part that holds marks
(:mod:`nqreport.marks`), before removing them. A paragraph is read as a reader reads it (its ``w:t``
texts, a line break as "\\n", a tab as "\\t"), so that positions in the trace are positions in the
text a checker sees. Paragraphs inside table cells say which table, row and cell they are in (from 1,
in document order).

A number no mark accounts for is listed as *unsourced*, unless it is:

- the result of a field (the page number in the header: ``PAGE``), which Word computes;
- a heading's number: an unmarked whole number opening a paragraph and followed by "." or ")"
  (``{{ loop.index }}. {{ lv.ten }}``), like the STT of a row, which is printed with the numbering mark.

Numbers the template itself writes (words a secretary typed, "Nghị định 30/2020/NĐ-CP") are also listed
as unsourced: they come from no workbook, and a checker should know it.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from nqreport.marks import NUMBERING, OPEN, Span, read_marks, strip_marks

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: A number as a reader sees one: 1.306; 2,52; 108,7 (of 108,7%); 22/30; 30/06/2026; not the digits of a
#: code (KT01, m2) or of a word.
NUMBER = re.compile(r"(?<![\w])\d+(?:[.,/]\d+)*")
_DIGIT = re.compile(r"\d")
_HEADING = re.compile(r"\s*(\d+)[.)](?:\s|$)")
#: What makes a paragraph's text more than its w:t texts.
_SPECIAL_TAGS = (f"{W}br", f"{W}cr", f"{W}tab", f"{W}fldChar", f"{W}fldSimple", f"{W}txbxContent")
_TEXT_TAGS = (f"{W}t", f"{W}br", f"{W}cr", f"{W}tab", f"{W}fldChar", f"{W}instrText")


class Printed(NamedTuple):
    """Figure ``mark`` printed as ``text``, at ``start``–``end`` of its paragraph's text."""

    mark: int
    text: str
    start: int
    end: int


class Paragraph(NamedTuple):
    """One paragraph that printed a figure, a numbering or an unsourced number."""

    part: str
    #: The paragraph's number in its part, from 1, table cells included.
    number: int
    text: str
    printed: tuple[Printed, ...]
    #: (start, end) of each number no mark accounts for.
    unsourced: tuple[tuple[int, int], ...] = ()
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    @property
    def figures(self) -> tuple[Printed, ...]:
        return tuple(p for p in self.printed if p.mark != NUMBERING)


def printed_paragraphs(root: Any, part: str) -> list[Paragraph]:
    """Every paragraph of ``root`` (a rendered part, marks still in) that printed something to trace."""
    found = []
    special = {next(node.iterancestors(f"{W}p"), None) for node in root.iter(*_SPECIAL_TAGS)}
    # Tables, rows and cells numbered as they come, in document order (rows in their table, cells in
    # their row): one walk, where looking each paragraph's place up would walk its table again.
    numbers: dict[Any, int] = {}
    counted: dict[Any, int] = {}
    tables = index = 0
    for node in root.iter(f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc"):
        tag = node.tag
        if tag == f"{W}tbl":
            tables += 1
            numbers[node] = tables
            continue
        if tag != f"{W}p":
            parent = node.getparent()
            counted[parent] = numbers[node] = counted.get(parent, 0) + 1
            continue
        index += 1
        found_here = read_paragraph(node, node in special)
        if found_here is None:
            continue
        text, printed, unsourced = found_here
        parent = node.getparent()
        cell = parent if parent.tag == f"{W}tc" else next(node.iterancestors(f"{W}tc"), None)
        if cell is None:
            found.append(Paragraph(part, index, text, printed, unsourced))
        else:
            row = cell.getparent()
            found.append(Paragraph(part, index, text, printed, unsourced,
                                   numbers.get(row.getparent()), numbers.get(row), numbers.get(cell)))
    return found


def read_paragraph(paragraph: Any, special: bool = True) -> tuple[str, tuple[Printed, ...],
                                                                tuple[tuple[int, int], ...]] | None:
    """One paragraph's text (unmarked), what its marks printed and its unsourced numbers; None when it
    printed nothing to trace. ``special``: the paragraph may hold more than w:t texts (a line break, a
    tab, a field)."""
    quick = "".join(paragraph.itertext(f"{W}t"))
    if OPEN not in quick and _DIGIT.search(quick) is None:
        return None
    fields: list[tuple[int, int]] = []
    if special:
        marked, fields = _text(paragraph)
    else:
        marked = quick  # text only: what most paragraphs hold
    text, spans = read_marks(marked)
    printed = [Printed(span.mark, text[span.start:span.end], span.start, span.end) for span in spans]
    whole = len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(text)  # a table cell's figure
    unsourced = _unsourced(text, spans, fields, printed) if not whole and _digits_outside(text, spans) else []
    if not printed and not unsourced:
        return None
    if len(printed) > 1:
        printed.sort(key=lambda p: (p.start, -p.end))
    return text, tuple(printed), tuple(unsourced)


def _digits_outside(text: str, spans: tuple[Span, ...]) -> bool:
    """Whether any digit of ``text`` lies outside every span (then numbers must be looked at one by one)."""
    if not spans:
        return _DIGIT.search(text) is not None
    last = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start > last and _DIGIT.search(text, last, span.start) is not None:
            return True
        last = max(last, span.end)
    return _DIGIT.search(text, last) is not None


def _unsourced(text: str, spans: tuple[Span, ...], fields: list[tuple[int, int]],
               printed: list[Printed]) -> list[tuple[int, int]]:
    """The numbers of ``text`` no span accounts for; a heading's number is added to ``printed`` instead."""
    covered = [(span.start, span.end) for span in spans] + fields
    heading = _HEADING.match(text)
    unsourced = []
    for number in NUMBER.finditer(text):
        start, end = number.span()
        if any(a <= start and end <= b for a, b in covered) or all(
                any(a <= i < b for a, b in covered) for i in range(start, end) if text[i].isdigit()):
            continue  # every digit printed by a mark: one figure, or two ("22/30")
        if heading is not None and start == heading.start(1) and not spans_at(printed, start):
            printed.append(Printed(NUMBERING, number.group(), start, end))
            continue
        unsourced.append((start, end))
    return unsourced


def spans_at(printed: list[Printed], start: int) -> bool:
    return any(p.start <= start < p.end for p in printed)


def _text(paragraph: Any) -> tuple[str, list[tuple[int, int]]]:
    """The paragraph's text with its marks, and the (start, end) of field results in the unmarked text.

    Only the paragraph's own runs count: a paragraph nested in a text box is a paragraph of its own.
    """
    nested = paragraph.find(f".//{W}txbxContent") is not None
    pieces: list[str] = []
    fields: list[tuple[int, int]] = []
    state: list[str] = []  # the complex fields open: "code" until their "separate", then "result"
    start = 0
    length = 0
    for node in paragraph.iter(*_TEXT_TAGS):
        if nested and next(node.iterancestors(f"{W}p")) is not paragraph:
            continue
        tag = node.tag
        if tag == f"{W}fldChar":
            kind = node.get(f"{W}fldCharType")
            if kind == "begin":
                state.append("code")
            elif kind == "separate" and state:
                state[-1] = "result"
                start = length
            elif kind == "end" and state and state.pop() == "result":
                fields.append((start, length))
            continue
        if tag == f"{W}instrText":
            continue
        if tag == f"{W}t":
            value = node.text or ""
            if node.getparent() is not None and node.getparent().getparent() is not None \
                    and node.getparent().getparent().tag == f"{W}fldSimple":
                fields.append((length, length + len(strip_marks(value))))
        elif tag == f"{W}tab":
            value = "\t"
        else:
            value = "\n"
        pieces.append(value)
        length += len(strip_marks(value))
    return "".join(pieces), fields
