"""A resolution file into lines of text, its format told by its content, not its extension.

.txt (UTF-8 with or without BOM, UTF-16 as Notepad saves it, Windows-1258), .docx (read here, safely),
.pdf with a text layer (or through OCR when scanned and Tesseract is installed), and .doc, .odt, .rtf
through LibreOffice when it is installed. Every failure is one :class:`ResolutionError` naming the file
and saying what to do. The file is read once and never written.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

from nqreport.errors import ResolutionError
from nqreport.extract.docx import read_docx
from nqreport.extract.model import SourceText
from nqreport.extract.office import convert_to_text
from nqreport.extract.pdf import read_pdf
from nqreport.extract.textfile import decode_text, split_lines
from nqreport.read.zipsafe import (
    CFB_MAGIC,
    DAMAGED_ZIP,
    EMPTY_ZIP_MAGIC,
    ZIP_MAGIC,
    Parts,
    ZipRefused,
    check_zip_sizes,
)
from nqreport.word.scan import word_refusal

#: Far bigger than any resolution (a 30-page scanned PDF is about 10 MB).
MAX_BYTES = 60 * 1024 * 1024

def read_source(path: Path) -> SourceText:
    """The lines of the resolution at ``path``."""
    data = _read_bytes(path)
    if not data.strip(b" \t\r\n\f\x00" + codecs.BOM_UTF8):
        raise ResolutionError(f"{path}: tệp rỗng, không có chữ nào; hãy chọn đúng tệp Nghị quyết (.docx, .pdf, "
                              ".txt)")
    head = data[:1024].lstrip(codecs.BOM_UTF8 + b" \t\r\n")
    if head.startswith(b"%PDF"):
        return read_pdf(data, path)
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return _read_zip(data, path)
    if data.startswith(CFB_MAGIC):
        if path.suffix.lower() in (".xls", ".xlsx", ".ods"):
            raise ResolutionError(f"{path}: tệp là sổ bảng tính, không phải Nghị quyết; hãy chọn tệp Nghị quyết "
                                  "(.docx, .doc, .pdf, .txt)")
        return convert_to_text(data, path, "doc")
    if head.startswith(b"{\\rtf"):
        return convert_to_text(data, path, "rtf")
    return SourceText(tuple(split_lines(decode_text(data, path))), "txt")


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise ResolutionError(f"{path}: đây là thư mục; hãy ghi đường dẫn tới tệp Nghị quyết")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ResolutionError(f"{path}: không tìm thấy tệp; hãy kiểm tra lại tên tệp và đường dẫn") from None
    except PermissionError:
        raise ResolutionError(f"{path}: không có quyền đọc tệp; nếu tệp đang mở trong Word hãy đóng lại rồi "
                              "chạy lại") from None
    except OSError as exc:
        raise ResolutionError(f"{path}: không đọc được tệp ({exc.strerror or exc}); hãy kiểm tra ổ đĩa rồi chạy "
                              "lại") from None
    if len(data) > MAX_BYTES:
        raise ResolutionError(f"{path}: tệp quá lớn (hơn {MAX_BYTES // (1024 * 1024)} MB) so với một Nghị quyết; "
                              "hãy kiểm tra lại đúng tệp chưa")
    return data


# --------------------------------------------------------------------------- zip containers

def refused(path: Path, exc: ZipRefused) -> ResolutionError:
    """A refused zip, said for a Word file: what was found, that nothing was read, what to do."""
    what = word_refusal(exc, "văn bản")
    advice = ("hãy gỡ mật khẩu trong Word rồi lưu lại" if exc.reason.value == "password" else
              "để an toàn chương trình không đọc tệp này; hãy mở bản gốc bằng Word, lưu thành tệp .docx mới "
              "rồi chạy lại")
    return ResolutionError(f"{path}: {what}; {advice}")


def _read_zip(data: bytes, path: Path) -> SourceText:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except DAMAGED_ZIP:
        raise ResolutionError(f"{path}: tệp bị hỏng hoặc chưa chép/tải về hết; hãy lấy lại tệp gốc") from None
    try:
        check_zip_sizes(infos)
        parts = Parts(archive, infos, data)
        mimetype = (parts.get("mimetype") or b"")[:100].strip()
        if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
            return convert_to_text(data, path, "odt")
        if parts.get("word/document.xml") is not None or parts.has_folder("word/"):
            return SourceText(tuple(read_docx(parts, path)), "docx")
    except ZipRefused as exc:
        raise refused(path, exc) from None
    if parts.has_folder("xl/") or mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        raise ResolutionError(f"{path}: tệp là sổ bảng tính, không phải Nghị quyết; hãy chọn tệp Nghị quyết "
                              "(.docx, .pdf, .txt)")
    raise ResolutionError(f"{path}: tệp nén này không phải văn bản Word (.docx) hay LibreOffice (.odt); hãy mở "
                          "Nghị quyết bằng Word rồi lưu thành .docx")
