"""Reading a workbook file into raw cell grids: the format told by the file's content, not its extension.

One parser per format, each seeing everything about a cell in one pass:

- .xlsx/.xlsm (:mod:`nqreport.read.xlsx`): the sheet XML read directly with lxml. openpyxl (the first
  plan) builds a cell object for every cell of every sheet, which takes about 60 ms for one example
  workbook, where reading the two or three sheets the reader needs this way takes a few milliseconds; it
  also sees a formula and its cached value together (openpyxl needs a second ``data_only`` load) and keeps
  the number formats.
- .xls (:mod:`nqreport.read.xls`): xlrd with ``formatting_info``: values, number formats, merged ranges
  and hidden rows.
- .ods (:mod:`nqreport.read.ods`): content.xml read with lxml. python-calamine has neither number formats
  nor hidden rows and reads a formula without a result as 0, so it cannot serve here.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

from nqreport.errors import WorkbookError, os_reason
from nqreport.read.grid import RawBook, SheetFilter
from nqreport.read.ods import load_ods
from nqreport.read.xls import load_cfb
from nqreport.read.xlsx import load_xlsx, office_document
from nqreport.read.zipsafe import (
    CFB_MAGIC,
    DAMAGED_ZIP,
    EMPTY_ZIP_MAGIC,
    MAX_FILE_BYTES,
    MSG_CORRUPT,
    MSG_DIRECTORY,
    MSG_EMPTY,
    MSG_NOT_FOUND,
    MSG_NOT_REGULAR,
    MSG_NOT_WORKBOOK,
    MSG_PASSWORD,
    MSG_PERMISSION,
    ZIP_MAGIC,
    Parts,
    check_zip_sizes,
    megabytes,
)

# --------------------------------------------------------------------------- entry point


def load_book(path: Path, wanted: SheetFilter) -> RawBook:
    """Read a workbook file; raise :class:`WorkbookError` (one Vietnamese sentence) when it cannot be.

    ``wanted`` picks the sheets to parse (by their name in the file); the others are only listed. The
    format is told by the file's content, not its extension (an .xlsx renamed .xls reads fine).
    """
    return load_book_bytes(read_file(path), wanted)


def load_book_bytes(data: bytes, wanted: SheetFilter) -> RawBook:
    """A workbook already in memory (a member of a .zip of attachments), as :func:`load_book` reads a file."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(f"tệp quá lớn (hơn {megabytes(MAX_FILE_BYTES)} MB) so với một sổ chỉ tiêu; hãy kiểm "
                            "tra lại đúng tệp chưa, hoặc chép bảng chỉ tiêu sang một sổ mới")
    if not data:
        raise WorkbookError(MSG_EMPTY)
    if data.startswith(CFB_MAGIC):
        return load_cfb(data, wanted)
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return _load_zip(data, wanted)
    raise WorkbookError(_not_workbook_message(data))


def read_file(path: Path) -> bytes:
    """The file's bytes, opened read-only once; the input is never modified."""
    try:
        if path.is_dir():
            raise WorkbookError(MSG_DIRECTORY)
        if not stat.S_ISREG(path.stat().st_mode):  # a device or a pipe: opening it could wait for ever
            raise WorkbookError(MSG_NOT_REGULAR)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise WorkbookError(MSG_NOT_FOUND) from None
    except PermissionError:
        raise WorkbookError(MSG_PERMISSION) from None
    except OSError as exc:
        raise WorkbookError(f"không đọc được tệp: {os_reason(exc)}") from None
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(f"tệp quá lớn (hơn {megabytes(MAX_FILE_BYTES)} MB) so với một sổ chỉ tiêu; hãy kiểm "
                            "tra lại đúng tệp chưa, hoặc chép bảng chỉ tiêu sang một sổ mới")
    return data


def _not_workbook_message(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        return "tệp là tài liệu PDF, không phải sổ bảng tính; hãy dùng tệp Excel gốc (.xlsx)"
    if head.startswith((b"<!doctype html", b"<html")) or b"<table" in head:
        return ("tệp thực chất là trang web (HTML) được đặt đuôi Excel; hãy mở bằng Excel rồi chọn Lưu "
                "thành (Save As) › Sổ làm việc Excel (.xlsx)")
    if head.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in data[:4096]:
        return "tệp dạng Bảng tính XML 2003; hãy mở bằng Excel rồi lưu thành Sổ làm việc Excel (.xlsx)"
    return MSG_NOT_WORKBOOK


# --------------------------------------------------------------------------- zip containers


def _load_zip(data: bytes, wanted: SheetFilter) -> RawBook:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except DAMAGED_ZIP:  # what zipfile raises on a damaged directory
        raise WorkbookError(MSG_CORRUPT) from None
    check_zip_sizes(infos)
    if any(info.flag_bits & 0x1 for info in infos):
        raise WorkbookError(MSG_PASSWORD)
    parts = Parts(archive, infos, data)
    mimetype = (parts.get("mimetype") or b"")[:100].strip()
    if mimetype:
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return load_ods(parts, wanted)
        if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
            raise WorkbookError("tệp là văn bản LibreOffice Writer (.odt), không phải sổ bảng tính; hãy "
                                "dùng sổ chỉ tiêu (.xlsx hoặc .ods)")
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            raise WorkbookError(MSG_NOT_WORKBOOK)
    workbook_part = office_document(parts)
    folder = workbook_part.split("/", 1)[0].lower()
    if folder == "word" or parts.has_folder("word/"):
        raise WorkbookError("tệp là văn bản Word (.docx), không phải sổ bảng tính; hãy dùng sổ chỉ tiêu "
                            "(.xlsx) — nếu bảng số liệu nằm trong Word, hãy chép sang sổ chỉ tiêu")
    if folder == "ppt":
        raise WorkbookError(
            "tệp là bài trình chiếu PowerPoint, không phải sổ bảng tính; hãy dùng sổ chỉ tiêu (.xlsx)"
        )
    if workbook_part.lower().endswith(".bin"):
        raise WorkbookError("tệp dạng Sổ làm việc nhị phân Excel (.xlsb) chưa đọc được; hãy mở bằng Excel "
                            "rồi lưu thành Sổ làm việc Excel (.xlsx)")
    if workbook_part and parts.get(workbook_part) is not None:
        return load_xlsx(parts, workbook_part, wanted)
    raise WorkbookError(MSG_NOT_WORKBOOK)


