"""A PDF resolution into lines, through pypdfium2 (PDFium, the PDF engine of Chrome).

PDFium gives the characters of a page in the order they are drawn. In a PDF written by LibreOffice the
Vietnamese letters its font lacks ("Ộ", "ứ") are drawn afterwards from a fallback font, so that order
reads "H I Đ NG … Ộ Ồ" (pdfminer.six does the same). The lines are therefore rebuilt from where each
character stands: grouped by baseline, ordered left to right, a space where the gap is a word's, a new
line where it is a column's. A PDF without a text layer (a scan) is read through OCR when Tesseract with
Vietnamese is installed (:mod:`nqreport.extract.ocr`), and refused with a clear message otherwise.
"""

from __future__ import annotations

import ctypes
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nqreport.errors import ResolutionError
from nqreport.extract.model import SourceText
from nqreport.extract.ocr import ocr_pages

logger = logging.getLogger(__name__)

#: Far more pages than a resolution has: a file this long is not one.
MAX_PAGES = 300
#: Fewer letters than this in the whole text layer: the PDF is a scan.
MIN_LETTERS = 80
#: Gaps between characters, as a share of the font size: a word space; a column gap.
WORD_GAP = 0.18
COLUMN_GAP = 3.0


@dataclass(frozen=True)
class _Char:
    x: float
    y: float
    right: float
    size: float
    text: str


def read_pdf(data: bytes, path: Path) -> SourceText:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ResolutionError(f"{path}: tệp PDF được đặt mật khẩu; hãy dùng bản không đặt mật khẩu (hoặc bản "
                                  ".docx) của Nghị quyết") from None
        raise ResolutionError(f"{path}: tệp PDF bị hỏng hoặc chưa chép/tải về hết; hãy lấy lại tệp gốc") from None
    try:
        if len(document) > MAX_PAGES:
            raise ResolutionError(f"{path}: tệp PDF có {len(document)} trang, quá dài so với một Nghị quyết; hãy "
                                  "kiểm tra lại đúng tệp chưa")
        lines: list[str] = []
        for index in range(len(document)):
            page = document[index]
            try:
                lines.extend(page_lines(page.get_textpage()))
            finally:
                page.close()
            lines.append("")
        if sum(ch.isalpha() for line in lines for ch in line) >= MIN_LETTERS:
            return SourceText(tuple(lines), "pdf")
        logger.info("%s: PDF không có lớp chữ, đọc bằng nhận dạng chữ (OCR)", path)
        return SourceText(tuple(ocr_pages(document, path)), "pdf", ocr=True)
    finally:
        document.close()


def page_lines(textpage: Any) -> list[str]:
    """The lines of one page, rebuilt from the characters' positions."""
    import pypdfium2.raw as raw

    chars: list[_Char] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(textpage.count_chars()):
        if raw.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue
        code = raw.FPDFText_GetUnicode(textpage.raw, index)
        if code in (0, 10, 13, 0xFFFE, 0xFFFF):
            continue
        raw.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
        size = raw.FPDFText_GetFontSize(textpage.raw, index) or 10.0
        right = textpage.get_charbox(index, loose=True)[2]
        chars.append(_Char(x.value, y.value, max(right, x.value), size, chr(code)))
    return [text for row in _rows(chars) for text in _texts(row)]


def _rows(chars: list[_Char]) -> list[list[_Char]]:
    """Characters sharing a baseline, top of the page first."""
    rows: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: (-c.y, c.x)):
        if rows and abs(rows[-1][0].y - char.y) <= 0.4 * max(char.size, 1.0):
            rows[-1].append(char)
        else:
            rows.append([char])
    return [sorted(row, key=lambda c: c.x) for row in rows]


def _texts(row: list[_Char]) -> list[str]:
    """One baseline's text, split where a gap is a column's (the two halves of a letterhead)."""
    texts: list[str] = []
    pieces: list[str] = []
    previous: _Char | None = None
    for char in row:
        if previous is not None:
            gap = char.x - previous.right
            if gap > COLUMN_GAP * char.size and "".join(pieces).strip():
                texts.append("".join(pieces))
                pieces = []
            elif gap > WORD_GAP * char.size and not char.text.isspace() and not previous.text.isspace():
                pieces.append(" ")
        pieces.append(char.text)
        previous = char
    texts.append("".join(pieces))
    return texts
