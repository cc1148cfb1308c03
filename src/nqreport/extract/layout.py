"""Lines of text into paragraphs, each with the list marker it starts with.

Text that went through a PDF (or was typed into a text file from one) is broken mid-sentence, carries page
numbers ("2", "- 3 -", "Trang 2/3"), and may have a blank line after every line. Paragraphs are rebuilt:
a line that starts with a marker ("(1)", "1.", "2.1.", "a)", "-", "+", "I.", "Điều 1.") starts a
paragraph; so does a line after a sentence's end, or after a short line, when it starts with a capital.
A text whose lines are whole paragraphs (a .docx, a clean .txt) is left as it is. Pure functions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from nqreport.text import clean


@dataclass(frozen=True)
class Marker:
    """The number or bullet a paragraph starts with."""

    #: "article" (Điều 1.), "roman" (II.), "LETTER" (A.), "num." (2.1.), "num)" (1)), "num/" (1/),
    #: "paren" ((3)), "letter" (a)), "dash" (-), "plus" (+), "bullet" (•, *).
    style: str
    #: As written: "(3)", "2.1.", "a)", "-".
    label: str
    #: The numbers it carries: (2, 1) for "2.1."; (3,) for "(3)" or "III."; letters count from 1.
    numbers: tuple[int, ...] = ()

    @property
    def depth(self) -> int:
        return len(self.numbers) if self.style == "num." else 1


@dataclass(frozen=True)
class Paragraph:
    marker: Marker | None
    #: The text after the marker, on one line.
    text: str
    #: The line (1-based) where the paragraph starts.
    line: int


_PAGE_LINE = re.compile(r"^(?:(?:trang|page)\s*\d{1,3}(?:\s*(?:/|trên|of)\s*\d{1,3})?|\d{1,3}(?:\s*/\s*\d{1,3})?|"
                        r"[-–—]\s*\d{1,3}\s*[-–—])$", re.IGNORECASE)
_PAGE_INLINE = re.compile(r"\s*\btrang\s+\d{1,3}\s*/\s*\d{1,3}\b\s*", re.IGNORECASE)
_VIET_LETTERS = "a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"
#: "Điều 1." with the diacritics OCR reads wrong as often as not ("Điêu 1.", "Điểu 1.").
_ARTICLE = re.compile(r"^[đd]i[eêềểễếệèẻẽéẹ]u\s+(\d{1,2})\s*[.:]?\s*", re.IGNORECASE)
#: "II." "III-" "IV/ …", but not a quarter carried to the start of a line ("III/2026." of "trong quý III/2026").
_ROMAN = re.compile(r"^(?:phần\s+)?([IVXL]{1,6})\s*(?:[.):-]|/(?!\s*\d))\s*(?=\S)")
_QUARTER = re.compile(r"^[IV]{1,3}\s*/\s*\d")
_DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:(\.)|(\)))(?:\s+|(?=[^\d\s.,/%)]))"
                      r"|^(\d{1,2}(?:\.\d{1,2}){1,3})\s+(?=[^\d\s.,/%])")
_SLASH = re.compile(r"^(\d{1,2})/\s+(?=\S)")
_PAREN = re.compile(rf"^\((\d{{1,2}}|[{_VIET_LETTERS}])\)\s*(?=\S)")
_LETTER = re.compile(rf"^([{_VIET_LETTERS}])[).]\s+(?=\S)")
_UPPER_LETTER = re.compile(r"^([A-HJKMNO-UYĐ])[.)]\s+(?=\S)")
_DASH = re.compile(r"^[-–—−](?:\s+(?=\S)|(?=[^\d\s]))")
_PLUS = re.compile(r"^\+\s*(?=\S)")
_BULLET = re.compile("^[•●▪■◦○∙·*⁃➢➣►✓\uf0b7\uf0a7\uf076\uf0d8]\\s*(?=\\S)")
_STARTERS = re.compile(r"^(căn cứ|xét |sau khi|quyết nghị|nơi nhận|tm\.|kt\.|chủ tịch\b)", re.IGNORECASE)
_TERMINAL = re.compile(r"[.;:!?…][\"”’)\]]*$")
_LETTER_ORDER = "abcdđefghijklmnopqrstuvwxyz"


def paragraphs(lines: Sequence[str]) -> list[Paragraph]:
    """The paragraphs of a text, page artefacts removed, broken lines joined."""
    kept = [(number, _strip_page(clean(line))) for number, line in enumerate(lines, start=1)]
    kept = [(number, "" if _PAGE_LINE.match(text) else text) for number, text in kept]
    filled = [text for _, text in kept if text]
    if not filled:
        return []
    wrapped = _is_wrapped(kept)
    blank_breaks = not wrapped or sum(1 for _, t in kept if not t) < 0.3 * len(filled)
    long_line = sorted(len(t) for t in filled)[int(0.9 * (len(filled) - 1))]
    result: list[tuple[int, list[str]]] = []
    previous = ""
    broken = True
    for number, text in kept:
        if not text:
            broken = broken or blank_breaks
            continue
        if broken or not wrapped or _starts_paragraph(previous, text, long_line):
            result.append((number, [text]))
        else:
            result[-1][1].append(text)
        previous, broken = text, False
    return [_paragraph(" ".join(parts), number) for number, parts in result]


def _strip_page(text: str) -> str:
    return _PAGE_INLINE.sub(" ", text).strip() if "rang" in text else text


def _is_wrapped(kept: list[tuple[int, str]]) -> bool:
    """Lines broken inside sentences: many lines end without punctuation and go on in lower case (or with
    a figure)."""
    texts = [t for _, t in kept if t]
    broken = sum(1 for a, b in itertools.pairwise(texts)
                 if not _TERMINAL.search(a) and (b[:1].islower() or (b[:1].isdigit() and marker_of(b)[0] is None)))
    return broken >= max(2, len(texts) // 12)


def _starts_paragraph(previous: str, text: str, long_line: int) -> bool:
    if marker_of(text)[0] is not None or _STARTERS.match(text):
        return True
    if _QUARTER.match(text):  # "III/2026." goes on "… trong quý"; in capitals, it is no title
        return False
    first = text[:1]
    if not (first.isupper() or first in "\"“'‘("):
        return False
    return (bool(_TERMINAL.search(previous)) or len(previous) < 0.6 * long_line
            or previous.isupper() != text.isupper())


def _paragraph(text: str, line: int) -> Paragraph:
    marker, rest = marker_of(text)
    return Paragraph(marker, rest, line)


def marker_of(text: str) -> tuple[Marker | None, str]:
    """The marker a paragraph starts with, and the text after it."""
    if match := _ARTICLE.match(text):
        return Marker("article", match.group(0).strip(), (int(match.group(1)),)), text[match.end():]
    if (match := _ROMAN.match(text)) and (value := _roman(match.group(1))):
        return Marker("roman", match.group(0).strip(), (value,)), text[match.end():]
    if match := _DECIMAL.match(text):
        digits = match.group(1) or match.group(4)
        style = "num)" if match.group(3) else "num."
        numbers = tuple(int(n) for n in digits.split("."))
        return Marker(style, match.group(0).strip(), numbers), text[match.end():]
    if match := _SLASH.match(text):
        return Marker("num/", match.group(0).strip(), (int(match.group(1)),)), text[match.end():]
    if match := _PAREN.match(text):
        token = match.group(1)
        value = int(token) if token.isdigit() else _LETTER_ORDER.index(token) + 1
        return Marker("paren", match.group(0).strip(), (value,)), text[match.end():]
    if match := _UPPER_LETTER.match(text):
        letter = match.group(1).lower()
        return Marker("LETTER", match.group(0).strip(), (_LETTER_ORDER.index(letter) + 1,)), text[match.end():]
    if match := _LETTER.match(text):
        return (Marker("letter", match.group(0).strip(), (_LETTER_ORDER.index(match.group(1)) + 1,)),
                text[match.end():])
    for style, pattern in (("dash", _DASH), ("plus", _PLUS), ("bullet", _BULLET)):
        if match := pattern.match(text):
            return Marker(style, match.group(0).strip() or "-"), text[match.end():]
    return None, text


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(token: str) -> int:
    total = 0
    for index, char in enumerate(token):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[token[index + 1]] if index + 1 < len(token) else 0
        total += -value if value < following else value
    return total if 0 < total < 40 else 0
