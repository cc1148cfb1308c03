"""What every sheet of the summary workbook shares: a header row of titles, each column at its width."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

#: The height of one line of 11-point text, in points, and how many characters of it a column one unit
#: wide holds (Times New Roman is narrower than the unit, Calibri's digit).
LINE_POINTS = 15
CHARS_PER_UNIT = 1.15


def write_headers(sheet: Any, row: int, columns: Iterable[tuple[str, float]], header_format: Any,
                  height: float | None = None) -> None:
    """The titles of ``columns`` (title, width in characters) on ``row``, in the header format, the row
    ``height`` points high (the default height when None)."""
    for col, (title, width) in enumerate(columns):
        sheet.write_string(row, col, title, header_format)
        sheet.set_column(col, col, width)
    if height is not None:
        sheet.set_row(row, height)


def fit_row(sheet: Any, row: int, cells: Iterable[tuple[str, float]]) -> None:
    """Give ``row`` the height its wrapped texts need, (text, column width) each. Neither Excel nor
    LibreOffice grows a row for wrapped text written by a program: a long name drew over the rows below."""
    lines = max((math.ceil(len(text) / (width * CHARS_PER_UNIT)) for text, width in cells if text), default=1)
    if lines > 1:
        sheet.set_row(row, LINE_POINTS * lines)
