"""What every sheet of the summary workbook shares: a header row of titles, each column at its width."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def write_headers(sheet: Any, row: int, columns: Iterable[tuple[str, float]], header_format: Any,
                  height: float | None = None) -> None:
    """The titles of ``columns`` (title, width in characters) on ``row``, in the header format, the row
    ``height`` points high (the default height when None)."""
    for col, (title, width) in enumerate(columns):
        sheet.write_string(row, col, title, header_format)
        sheet.set_column(col, col, width)
    if height is not None:
        sheet.set_row(row, height)
