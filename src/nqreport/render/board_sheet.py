"""The summary workbook's sheet "Tình hình nộp sổ": the submission board of :mod:`nqreport.board`, one row
per commune the workspace expects, coloured by where it stands, then the other workbooks of inputs/.

The files' times are not shown: they are not part of the inputs (a copy changes them), and the same inputs
give the same bytes. ``nqreport status`` shows them.
"""

from __future__ import annotations

from typing import Any

from nqreport.board import SUBMISSION_LABELS, Board, BoardRow, Received, Submission
from nqreport.render.sheets import write_headers

SHEET_BOARD = "Tình hình nộp sổ"

#: Fill and font of each standing, the same colours as the matrix's statuses (green, amber, red, grey).
SUBMISSION_COLORS: dict[Submission, tuple[str, str]] = {
    Submission.VALID: ("#C6EFCE", "#006100"),
    Submission.WARNINGS: ("#FFEB9C", "#9C5700"),
    Submission.ERRORS: ("#FFC7CE", "#9C0006"),
    Submission.MISSING: ("#D9D9D9", "#3F3F3F"),
}

_HEADERS: tuple[tuple[str, int], ...] = (
    ("STT", 5), ("Mã xã", 8), ("Tên xã", 24), ("Tình hình", 20), ("Tệp", 36), ("Số liệu tính đến", 12),
    ("Số lỗi", 8), ("Số cảnh báo", 10),
)
#: Row (0-based) of the header.
HEADER_ROW = 2


def write_board_sheet(book: Any, formats: dict[str, Any], board: Board) -> None:
    """Add the sheet to an xlsxwriter workbook; ``formats`` are the summary workbook's ("title", "subtitle",
    "header", "text", "int", "date", "center", "total_text")."""
    sheet = book.add_worksheet(SHEET_BOARD)
    colours = {status: book.add_format({"font_name": "Times New Roman", "font_size": 11, "border": 1,
                                         "align": "center", "bg_color": fill, "font_color": font})
               for status, (fill, font) in SUBMISSION_COLORS.items()}
    received, missing = len(board.received), len(board.missing)
    sheet.write_string(0, 0, "TÌNH HÌNH NỘP SỔ CHỈ TIÊU CỦA CÁC XÃ", formats["title"])
    sheet.write_string(1, 0, f"{len(board.rows)} xã phải nộp ({board.source}); đã nộp {received}, trong đó "
                             f"{len(board.with_status(Submission.ERRORS))} sổ có lỗi (không lập được báo cáo); "
                             f"chưa nộp {missing}.", formats["subtitle"])
    write_headers(sheet, HEADER_ROW, _HEADERS, formats["header"], 30)
    row = HEADER_ROW
    for number, item in enumerate(board.rows, start=1):
        for received_file in item.files or (None,):
            row += 1
            _row(sheet, formats, colours, row, number, item, received_file)
    last = row
    if board.rows:
        sheet.autofilter(HEADER_ROW, 0, last, len(_HEADERS) - 1)
    sheet.freeze_panes(HEADER_ROW + 1, 3)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW)
    if board.others:
        row = last + 2
        sheet.write_string(row, 0, "Tệp khác trong inputs/ (không thuộc các xã phải nộp, hoặc không đọc được):",
                           formats["total_text"])
        for other in board.others:
            row += 1
            _other(sheet, formats, colours, row, other)


def _row(sheet: Any, formats: dict[str, Any], colours: dict[Submission, Any], row: int, number: int,
         item: BoardRow, file: Received | None) -> None:
    sheet.write_number(row, 0, number, formats["int"])
    sheet.write_string(row, 1, item.code, formats["text"])
    sheet.write_string(row, 2, item.name, formats["text"])
    standing = file.submission if file is not None else Submission.MISSING
    sheet.write_string(row, 3, SUBMISSION_LABELS[standing], colours[standing])
    _file_cells(sheet, formats, row, file)


def _other(sheet: Any, formats: dict[str, Any], colours: dict[Submission, Any], row: int, item: Received) -> None:
    sheet.write_blank(row, 0, None, formats["text"])
    sheet.write_string(row, 1, item.code or "", formats["text"])
    sheet.write_string(row, 2, item.name or "(không đọc được)", formats["text"])
    sheet.write_string(row, 3, SUBMISSION_LABELS[item.submission], colours[item.submission])
    _file_cells(sheet, formats, row, item)


def _file_cells(sheet: Any, formats: dict[str, Any], row: int, file: Received | None) -> None:
    if file is None:
        for col in range(4, len(_HEADERS)):
            sheet.write_blank(row, col, None, formats["text"])
        return
    sheet.write_string(row, 4, file.file, formats["text"])
    if file.cutoff is not None:
        sheet.write_datetime(row, 5, file.cutoff, formats["date"])
    else:
        sheet.write_blank(row, 5, None, formats["date"])
    sheet.write_number(row, 6, file.errors, formats["int"])
    sheet.write_number(row, 7, file.warnings, formats["int"])
