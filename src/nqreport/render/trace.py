"""Where each figure of a context comes from: its origin (the cells, how it was computed), by mark.

A traced context (:func:`nqreport.render.context.commune_context` with a :class:`Tracer`) holds figures
that carry a mark (:mod:`nqreport.marks`); the tracer keeps, for each mark, the :class:`Origin` of the
figure: what it is, the cells it comes from (``file › sheet › cell``) and, for a computed figure, how.
The renderer (:mod:`nqreport.render.printed`) later finds each mark in the rendered document; together
they make the trace of a report (docs/lap-bao-cao.md, "Truy vết từng con số").

:data:`NO_TRACE` builds the plain context: every helper then hands back the value it is given.
Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, overload

from nqreport.marks import CLOSE, NUMBERING, OPEN, Figure, MarkedDate, MarkedInt, MarkedText, mark
from nqreport.render.printed import Paragraph

#: The body of a .docx; a paragraph elsewhere (a page header) names its part in the trace.
MAIN_PART = "word/document.xml"
#: Between the parts of a source: "inputs/a.xlsx › Chỉ tiêu › N5", as problems name a cell.
SEPARATOR = " › "


class LazyCells(Sequence[str]):
    """Cells named only when read (a summary's totals name every commune's cells: 40 MB as strings for a
    country). A subclass says how its cells are made (``__iter__``) and what it is made from
    (:meth:`_identity`); length, indexing, equality and the hash follow from those, the hash made once
    (a tracer looks every origin up)."""

    __slots__ = ("_hash", "_length")

    def __init__(self) -> None:
        self._length: int | None = None
        self._hash: int | None = None

    def _identity(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def __iter__(self) -> Iterator[str]:
        raise NotImplementedError

    def __len__(self) -> int:
        if self._length is None:
            self._length = sum(1 for _ in self)
        return self._length

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return list(self)[index]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._identity() == other._identity()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self._identity())
        return self._hash


class Cells(LazyCells):
    """The cells of several origins one after the other (each once when ``unique``: a computed figure's
    operands)."""

    __slots__ = ("parts", "unique")

    def __init__(self, parts: tuple[Sequence[str], ...], *, unique: bool = True) -> None:
        super().__init__()
        self.parts = parts
        self.unique = unique

    def _identity(self) -> tuple[Any, ...]:
        return (self.unique, self.parts)

    def __iter__(self) -> Iterator[str]:
        if not self.unique:
            for part in self.parts:
                yield from part
            return
        seen: set[str] = set()
        for part in self.parts:
            for cell in part:
                if cell not in seen:
                    seen.add(cell)
                    yield cell


def merged(parts: Sequence[Sequence[str]]) -> Sequence[str]:
    """The cells of ``parts`` one after the other, each once: a tuple, or :class:`Cells` when a part is
    named only when read (a summary's totals, :class:`nqreport.render.summary_sources.CellColumn`)."""
    if all(isinstance(part, tuple) for part in parts):
        # a set of the cells seen: a country's total names 3,321 communes' cells
        return tuple(dict.fromkeys(cell for part in parts for cell in part))
    return Cells(tuple(parts))


class Origin(NamedTuple):
    """Where a figure comes from.

    ``sources`` are cells (``inputs/a.xlsx › Chỉ tiêu › N5``), rows (``… › Chỉ tiêu › hàng 5``) for counts
    of indicators, a sheet for counts made across communes, or a setting (``nqreport.toml › …``); ``how``
    is empty for a figure copied from its one cell, else the computation in words, its operands named as
    ``sources`` lists them ("Ước thực hiện cả năm / Chỉ tiêu kế hoạch × 100").
    """

    what: str
    #: A tuple, or for a summary's totals a sequence that names its cells only when read (written out
    #: piece by piece by :func:`nqreport.write.tracefile.write_trace`).
    sources: Sequence[str] = ()
    how: str = ""

    def to_json(self) -> dict[str, Any]:
        cells = list(self.sources) if isinstance(self.sources, tuple) else self.sources
        data: dict[str, Any] = {"what": self.what, "from": cells}
        if self.how:
            data["how"] = self.how
        return data


NUMBERING_ORIGIN = Origin("Số thứ tự")


def cell_ref(file: str, sheet: str, ref: str) -> str:
    return SEPARATOR.join((file, sheet, ref))


_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


@dataclass
class Tracer:
    """The origins of one context's figures, each under its mark (mark 0: numbering, not a figure).

    The same origin gets the same mark, so that a figure printed in three places is one origin.
    """

    origins: list[Origin] = field(default_factory=lambda: [NUMBERING_ORIGIN])
    _index: dict[Origin, int] = field(default_factory=lambda: {NUMBERING_ORIGIN: NUMBERING})

    @property
    def active(self) -> bool:
        return True

    def mark(self, origin: Origin) -> int:
        number = self._index.get(origin)
        if number is None:
            number = self._index[origin] = len(self.origins)
            self.origins.append(origin)
        return number

    def origin(self, number: int) -> Origin | None:
        return self.origins[number] if 0 <= number < len(self.origins) else None

    def figure(self, value: Decimal | None, origin: Origin) -> Decimal | None:
        return None if value is None else Figure(value, self.mark(origin))

    def integer(self, value: int, origin: Origin) -> int:
        return MarkedInt(value, self.mark(origin))

    def day(self, value: date | None, origin: Origin) -> date | None:
        return None if value is None else MarkedDate(value, self.mark(origin))

    def text(self, value: str, origin: Origin) -> str:
        """A text copied from a cell, traced as a whole when a reader could take a number in it for a
        figure ("Dự toán tỉnh giao 1.166 triệu đồng"); other text stays plain."""
        return MarkedText.whole(value, self.mark(origin)) if value and has_digit(value) else value

    def numbering(self, value: int) -> int:
        """The STT of a row or item: printed with the numbering mark, so the trace knows it is no figure."""
        return MarkedInt(value, NUMBERING)

    def sentence(self, written: str) -> str:
        """A sentence written by :mod:`nqreport.wording` from marked values: its marks read into spans."""
        return MarkedText.parse(written)

    def known(self, written: str, pieces: Sequence[tuple[str, Origin | int]]) -> str:
        """``written`` with the first unmarked occurrence of each piece marked with its origin (or mark):
        a text wording copies through ``clean``, which drops marks (a resolution's number), or writes
        itself (the period's name). Case is ignored, as the piece may have been
        put in capitals; a piece that is a number is only found as a whole number (the 0 of "0/1", not of
        "10")."""
        if not pieces:
            return self.sentence(written) if not isinstance(written, MarkedText) else written
        marked = written.marked if isinstance(written, MarkedText) else written
        for piece, origin in pieces:
            if not piece or not has_digit(piece):
                continue
            folded, wanted = marked.casefold(), piece.casefold()
            start = folded.find(wanted)
            number = piece.isdigit()
            while start >= 0:
                end = start + len(wanted)
                whole = not number or ((start == 0 or not folded[start - 1].isdigit())
                                       and (end == len(folded) or not folded[end].isdigit()))
                if whole and marked.count(OPEN, 0, start) == marked.count(CLOSE, 0, start):
                    code = origin if isinstance(origin, int) else self.mark(origin)
                    marked = marked[:start] + mark(marked[start:end], code) + marked[end:]
                    break
                start = folded.find(wanted, start + 1)
        return MarkedText.parse(marked)


class _NoTrace(Tracer):
    """A plain context: every value as it is."""

    @property
    def active(self) -> bool:
        return False

    def mark(self, origin: Origin) -> int:
        return NUMBERING

    def figure(self, value: Decimal | None, origin: Origin) -> Decimal | None:
        return value

    def integer(self, value: int, origin: Origin) -> int:
        return value

    def day(self, value: date | None, origin: Origin) -> date | None:
        return value

    def text(self, value: str, origin: Origin) -> str:
        return value

    def numbering(self, value: int) -> int:
        return value

    def sentence(self, written: str) -> str:
        return written

    def known(self, written: str, pieces: Sequence[tuple[str, Origin | int]]) -> str:
        return written


#: The tracer of a plain context.
NO_TRACE: Tracer = _NoTrace()


def trace_record(reports: Sequence[tuple[str, Sequence[Paragraph]]], trace: Tracer) -> dict[str, Any]:
    """The trace of the reports of one folder (file name, what each paragraph printed).

    Each report lists the paragraphs (or table cells) that printed a figure: where, the paragraph's text,
    and each figure's text, its place in that text (``at``: start, end) and its ``source``, a key of
    ``sources``, which says once what the figure is, the cells it comes from and how it was computed (a
    figure printed in three places has one source). Numbering (STT) and the numbers no source accounts
    for (``unsourced``) are listed apart.
    """
    used: set[int] = set()
    records = []
    for file, paragraphs in reports:
        out = []
        figures = unsourced = 0
        for paragraph in paragraphs:
            where: dict[str, Any] = {"paragraph": paragraph.number}
            if paragraph.part != MAIN_PART:
                where = {"part": paragraph.part, **where}
            if paragraph.table is not None:
                where.update(table=paragraph.table, row=paragraph.row, cell=paragraph.cell)
            item: dict[str, Any] = {"where": where, "text": paragraph.text}
            found = []
            numbering = []
            for printed in paragraph.printed:
                at = [printed.start, printed.end]
                if printed.mark == NUMBERING or trace.origin(printed.mark) is None:
                    numbering.append({"text": printed.text, "at": at})
                else:
                    found.append({"text": printed.text, "at": at, "source": printed.mark})
                    used.add(printed.mark)
            if found:
                item["figures"] = found
            if numbering:
                item["numbering"] = numbering
            if paragraph.unsourced:
                item["unsourced"] = [{"text": paragraph.text[a:b], "at": [a, b]} for a, b in paragraph.unsourced]
            figures += len(found)
            unsourced += len(paragraph.unsourced)
            out.append(item)
        records.append({"file": file, "figures": figures, "unsourced": unsourced, "paragraphs": out})
    sources = {str(number): origin.to_json() for number in sorted(used)
               if (origin := trace.origin(number)) is not None}
    return {"reports": records, "sources": sources}
