"""Splitting a numbered item into the targets it holds, one row each.

An item may hold several targets: "Trồng rừng 200ha; trồng cây giá trị kinh tế cao 50ha" is two rows, so is
a value with its growth ("đạt 1.920 triệu đồng, tăng 8%"), a "trong đó" sub-target, and a cumulative form
("cứng hóa 2,52 km …, nâng tổng số … lên 57,96/61,01 km, đạt 95%": the year's amount, then the total with
the whole as denominator and its rate as a note). A note in brackets only explains a target: it never
becomes a row, and a figure in it is pointed out for review. Pure functions.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from nqreport.extract.fields import standard_field
from nqreport.extract.figures import dates, figures
from nqreport.extract.model import Target
from nqreport.extract.phrase import Reading, read_phrase
from nqreport.extract.section import Item
from nqreport.extract.units import unit_after
from nqreport.schema import Kind
from nqreport.text import clean

_CUMULATIVE = re.compile(r"\b(?:nâng tổng|đưa tổng|lũy kế|luỹ kế)", re.IGNORECASE)
_SUB = re.compile(r",?\s*\btrong đó\b:?", re.IGNORECASE)
_CUTS = (_CUMULATIVE, _SUB, re.compile(r","), re.compile(r"\svà\s"), re.compile(r"\s[-–]\s"))
_RATE_AFTER = re.compile(r"^\s*,?\s*(?:(?:đạt|bằng|là)\s+)?(?:tỷ lệ\s+)?$", re.IGNORECASE)
_MIN_WORDS = 3
_FIGURE_TEXT = re.compile(r"\s*\d[\d.,]*\s*%?")
_NOTE = "\ue000"
_NOTE_BASE = 0xE100
_MARK = re.compile("\ue000[\ue100-\ue1ff]")

OCR_DOUBT = "đọc bằng nhận dạng chữ (OCR) từ bản quét; hãy so từng chữ, từng con số với bản giấy"


@dataclass(frozen=True)
class _Piece:
    text: str
    #: What was taken out of the phrase and belongs in its note (the rate of a cumulative figure).
    notes: tuple[str, ...] = ()


def item_targets(item: Item, year: int | None, *, ocr: bool = False) -> list[Target]:
    """The rows of one item, in the order the item states them."""
    body, notes = _brackets(item.text)
    pieces = _attach_notes([piece for clause in _clauses(body) for piece in _split(clause, year)])
    readings = [(piece, read_phrase(_bare(piece.text), year)) for piece in pieces]
    with_figures = [r for r in readings if r[1].target is not None or r[1].deadline is not None]
    if not with_figures:
        whole = read_phrase(_bare(body), year)
        kind = Kind.MAINTAIN if whole.kind is Kind.MAINTAIN else Kind.QUALITATIVE
        readings = [(_Piece(body), Reading(kind, whole.name))]
    else:
        readings = [(p, r) for p, r in readings
                    if r.kind is not Kind.QUALITATIVE or (len(_bare(p.text).split()) >= _MIN_WORDS
                    and not _SUB.fullmatch(_bare(p.text)))]
    targets: list[Target] = []
    previous: Reading | None = None
    for piece, reading in readings:
        name, unit = reading.name, reading.unit
        if reading.subjectless and previous is not None:
            name = f"{previous.name} ({clean(_FIGURE_TEXT.sub('', _bare(piece.text)))})"
            if reading.kind in (Kind.INCREASE_PCT, Kind.DECREASE_PCT) and not unit:
                unit = previous.unit if previous.unit != "%" else ""
        doubts = list(reading.doubts)
        figured = [note for note in _notes_in(piece.text, notes) if _has_figure(note, year)]
        if figured:
            doubts.append(f'ghi chú trong ngoặc có con số ("{figured[0]}"): nếu đó là một chỉ tiêu riêng, '
                          "hãy thêm một dòng")
        if reading.kind in (Kind.INCREASE_PCT, Kind.DECREASE_PCT) and not unit:
            doubts.append("chưa rõ kết quả của chỉ tiêu này tính bằng đơn vị gì; hãy ghi Đơn vị tính")
        if ocr:
            doubts.insert(0, OCR_DOUBT)
        field = standard_field(item.field, f"{item.group} {name}")
        text = clean(_written(piece.text, notes) + "".join(f" ({n})" for n in piece.notes))
        targets.append(Target(
            field_heading=item.field, field=field, item=item.label, text=text,
            name=f"{item.group}: {name}" if item.group else name, unit=unit, kind=reading.kind,
            target=reading.target, target_max=reading.target_max, deadline=reading.deadline,
            denominator=reading.whole, line=item.line, uncertain="; ".join(dict.fromkeys(doubts)) or None))
        if not reading.subjectless:
            previous = reading
    return targets


def _brackets(text: str) -> tuple[str, list[str]]:
    """The text with each note in brackets replaced by a mark (:data:`_NOTE` and the note's number as a
    private-use character: nothing a figure or a word is read from), and the notes."""
    notes: list[str] = []

    def mark(match: re.Match[str]) -> str:
        notes.append(clean(match.group(1)))
        return f" {_NOTE}{chr(_NOTE_BASE + len(notes) - 1)} "

    body, previous = text, None
    while previous != body:
        previous, body = body, re.sub(r"\(([^()]*)\)", mark, body)
    return clean(body), notes


def _bare(text: str) -> str:
    return clean(_MARK.sub(" ", text))


def _notes_in(text: str, notes: list[str]) -> list[str]:
    return [notes[ord(m.group(0)[1]) - _NOTE_BASE] for m in _MARK.finditer(text)]


def _written(text: str, notes: list[str]) -> str:
    """The phrase as the resolution writes it, its notes back in their brackets."""
    return _MARK.sub(lambda m: f"({notes[ord(m.group(0)[1]) - _NOTE_BASE]})", text)


def _attach_notes(pieces: list[_Piece]) -> list[_Piece]:
    """A piece that is nothing but a note in brackets belongs to the piece before it."""
    kept: list[_Piece] = []
    for piece in pieces:
        if not _bare(piece.text).strip(" .,;") and kept:
            kept[-1] = _Piece(f"{kept[-1].text} {piece.text}", kept[-1].notes + piece.notes)
        else:
            kept.append(piece)
    return kept


def _clauses(body: str) -> list[str]:
    """Sentences and ";"-separated parts."""
    parts: list[str] = []
    for part in body.split(";"):
        start = 0
        for match in re.finditer(r"\.\s+(?=\S)", part):
            if part[match.end()].isupper():
                parts.append(part[start:match.start()])
                start = match.end()
        parts.append(part[start:])
    return [p for p in (clean(x).strip(" .,") for x in parts) if p]


def _split(clause: str, year: int | None) -> list[_Piece]:
    """One piece per figure of a clause, cut at the comma, "và", "trong đó" or "nâng tổng số" between two.

    The rate of a cumulative figure ("lên 57,96/61,01 km, đạt 95%") is taken out first into the piece's
    notes: it restates the cumulative target rather than setting one.
    """
    clause, moved = _rates_out(clause, year)
    mentions = dates(clause, year)
    found = figures(clause, [(d.start, d.end) for d in mentions])
    cuts: list[int] = []
    for a, b in itertools.pairwise(found):
        gap_start = a.end if a.percent else a.end + unit_after(clause[a.end:])[1]
        cut = _cut(clause[gap_start:b.start])
        if cut is not None:
            cuts.append(gap_start + cut)
    bounds = [0, *cuts, len(clause)]
    pieces = []
    for start, end in itertools.pairwise(bounds):
        text = re.sub(r"^(?:và|,)\s+", "", clean(clause[start:end]).strip(" ,;"))
        notes = tuple(note for at, note in moved if start <= at <= end)
        if text:
            pieces.append(_Piece(text, notes))
    return pieces


def _rates_out(clause: str, year: int | None) -> tuple[str, list[tuple[int, str]]]:
    found = figures(clause, [(d.start, d.end) for d in dates(clause, year)])
    for a, b in itertools.pairwise(found):
        gap_start = a.end + unit_after(clause[a.end:])[1]
        if (b.percent and _RATE_AFTER.match(clause[gap_start:b.start])
                and (a.whole is not None or _CUMULATIVE.search(clause[:a.start]))):
            note = clean(clause[gap_start:b.end]).strip(" ,")
            rest, moved = _rates_out(clause[:gap_start] + clause[b.end:], year)
            return rest, [(gap_start, note), *moved]
    return clause, []


def _cut(between: str) -> int | None:
    """Where to cut the words between two figures: before "nâng tổng số" or "trong đó", else at the first
    comma, "và" or dash."""
    for pattern in _CUTS:
        match = pattern.search(between)
        if match:
            return match.start()
    return None


def _has_figure(note: str, year: int | None) -> bool:
    """A note holding an amount ("Giảm 11 hộ", "tăng thu 12%"), as opposed to years or a name."""
    found = figures(note, [(d.start, d.end) for d in dates(note, year)])
    return any(f.percent or unit_after(note[f.end:])[0] for f in found)
