"""Files that are not readable workbooks (issue 2, item 7): one clear line each, never a traceback.

Each bad file gives exactly one error Problem for the whole file (sheet and cell empty) and no data, and
the file is left exactly as it was.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

import nqreport.read.book
import nqreport.read.zipsafe
from nqreport.config.catalog import Catalog, load_catalog
from nqreport.errors import Problem, Severity
from nqreport.validate import validate_workbook as read_workbook
from wbfactory import Book, write, write_cfb, write_ods, write_xlsx

NOT_WORKBOOK = (
    "tệp không phải sổ bảng tính (.xlsx, .xls hay .ods); hãy mở tệp gốc bằng Excel hoặc LibreOffice "
    "rồi lưu lại dạng Sổ làm việc Excel (.xlsx)"
)
CORRUPT = (
    "tệp bị hỏng hoặc chưa được chép/tải về hết, không đọc được; hãy lấy lại tệp gốc, hoặc mở bằng Excel "
    "(Excel sẽ đề nghị sửa tệp) rồi lưu lại"
)
PASSWORD = (
    "tệp được đặt mật khẩu nên không đọc được; hãy mở bằng Excel, gỡ mật khẩu (Tệp › Thông tin › Bảo vệ "
    "Sổ làm việc › Mã hóa bằng Mật khẩu, xóa trống mật khẩu) rồi lưu lại và chạy lại"
)
ENTITIES = (
    "tệp chứa khai báo DOCTYPE/ENTITY trong phần {part}: Excel và LibreOffice không bao giờ ghi như vậy, "
    "và đây là cách tấn công qua tệp XML; để an toàn chương trình không đọc tệp này. Hãy mở bằng Excel, "
    "chép bảng sang sổ mới rồi lưu lại"
)
BOMB = (
    "tệp nén bất thường: giải nén ra tới {size} MB (tỷ lệ nén {ratio}:1), không phải sổ chỉ tiêu bình "
    "thường; để an toàn chương trình không đọc tệp này. Hãy mở bằng Excel, chép bảng sang sổ mới rồi lưu lại"
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def only_problem(path: Path, catalog: Catalog) -> str:
    """The one problem of an unreadable file, after checking its shape and that the file is untouched."""
    before = (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else None
    result = read_workbook(path, catalog)
    assert result.data is None
    assert len(result.problems) == 1, result.problems
    problem = result.problems[0]
    assert (problem.file, problem.sheet, problem.cell, problem.severity) == (
        path.name,
        "",
        "",
        Severity.ERROR,
    )
    if before is not None:
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    return problem.message


def rezip(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of a zip with some members replaced (None: removed)."""
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    for name, content in change.items():
        if content is None:
            parts.pop(name, None)
        else:
            parts[name] = content
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return target


# --------------------------------------------------------------------------- not a workbook


def test_text_file_renamed_xlsx(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "so-chi-tieu.xlsx"
    path.write_text("STT;Tên chỉ tiêu;Kế hoạch\n1;Trồng rừng;200\n", encoding="utf-8")
    assert only_problem(path, catalog) == NOT_WORKBOOK


def test_word_document_renamed_xlsx(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "bao-cao.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        )
    assert only_problem(path, catalog) == (
        "tệp là văn bản Word (.docx), không phải sổ bảng tính; hãy dùng sổ chỉ "
        "tiêu (.xlsx) — nếu bảng số liệu nằm trong Word, hãy chép sang sổ chỉ "
        "tiêu"
    )


def test_word_97_document_renamed_xls(tmp_path: Path, catalog: Catalog) -> None:
    path = write_cfb(tmp_path / "bao-cao.xls", [("WordDocument", b"\0" * 5000)])
    assert only_problem(path, catalog) == (
        "tệp là văn bản Word (.doc), không phải sổ bảng tính; hãy dùng sổ chỉ tiêu (.xlsx)"
    )


def test_html_table_saved_with_an_excel_name(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "xuat-tu-phan-mem.xls"
    path.write_text("<html><body><table><tr><td>Trồng rừng</td><td>200</td></tr></table></body></html>")
    assert only_problem(path, catalog) == (
        "tệp thực chất là trang web (HTML) được đặt đuôi Excel; hãy mở bằng Excel "
        "rồi chọn Lưu thành (Save As) › Sổ làm việc Excel (.xlsx)"
    )


def test_zip_that_holds_no_workbook(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "anh.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("anh.png", b"\x89PNG")
    assert only_problem(path, catalog) == NOT_WORKBOOK


def test_binary_workbook_xlsb(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "so.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.bin"/></Relationships>',
        )
        archive.writestr("xl/workbook.bin", b"\x83\x01")
    assert only_problem(path, catalog) == (
        "tệp dạng Sổ làm việc nhị phân Excel (.xlsb) chưa đọc được; hãy mở bằng "
        "Excel rồi lưu thành Sổ làm việc Excel (.xlsx)"
    )


# --------------------------------------------------------------------------- empty, missing, unreadable


def test_empty_file(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")
    assert only_problem(path, catalog) == (
        "tệp rỗng (0 byte), không có nội dung; hãy chép lại sổ chỉ tiêu gốc hoặc "
        "mở tệp gốc bằng Excel và lưu lại"
    )


def test_missing_file_and_folder(tmp_path: Path, catalog: Catalog) -> None:
    assert only_problem(tmp_path / "khong-co.xlsx", catalog) == (
        "không tìm thấy tệp; hãy kiểm tra lại tên tệp và đường dẫn"
    )
    folder = tmp_path / "thu-muc.xlsx"
    folder.mkdir()
    assert only_problem(folder, catalog) == "đây là thư mục, không phải tệp sổ chỉ tiêu"


def test_permission_denied(tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file held open by Excel on Windows, or without read permission (tests run as root, so simulated)."""
    path = write(tmp_path, Book())
    real_open = Path.open

    def locked(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(nqreport.read.book.Path, "open", locked)
    result = read_workbook(path, catalog)
    assert result.data is None
    assert result.problems == [
        Problem(
            path.name,
            "",
            "",
            Severity.ERROR,
            "không có quyền đọc tệp; nếu tệp đang mở trong Excel hay LibreOffice hãy đóng lại, hoặc nhờ người quản trị "
            "cấp quyền đọc, rồi chạy lại",
        )
    ]


# --------------------------------------------------------------------------- damaged


def test_truncated_workbook(tmp_path: Path, catalog: Catalog) -> None:
    whole = write(tmp_path, Book()).read_bytes()
    path = tmp_path / "tai-do.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert only_problem(path, catalog) == CORRUPT


def test_damaged_member(tmp_path: Path, catalog: Catalog) -> None:
    source = write(tmp_path, Book())
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 10, start + 60):
        data[offset] ^= 0x5A
    path = tmp_path / "hong.xlsx"
    path.write_bytes(bytes(data))
    assert only_problem(path, catalog) == CORRUPT


def test_malformed_sheet_xml(tmp_path: Path, catalog: Catalog) -> None:
    path = rezip(
        write(tmp_path, Book()),
        tmp_path / "xml-hong.xlsx",
        {"xl/worksheets/sheet2.xml": b"<worksheet><sheetData><row>"},
    )
    assert only_problem(path, catalog) == CORRUPT


def test_damaged_xls(tmp_path: Path, catalog: Catalog) -> None:
    path = write_cfb(tmp_path / "hong.xls", [("Workbook", b"\x09\x08\x10\x00" + b"\xff" * 5000)])
    assert only_problem(path, catalog) == CORRUPT


# --------------------------------------------------------------------------- passwords


def test_password_protected_xlsx(tmp_path: Path, catalog: Catalog) -> None:
    """Excel stores an encrypted .xlsx as an OLE file with EncryptionInfo and EncryptedPackage streams."""
    path = write_cfb(
        tmp_path / "mat-khau.xlsx",
        [("EncryptionInfo", b"\x04\x00\x04\x00\x40\x00\x00\x00"), ("EncryptedPackage", b"\x8a" * 6000)],
    )
    assert only_problem(path, catalog) == PASSWORD


def test_password_protected_xls(tmp_path: Path, catalog: Catalog) -> None:
    import xlwt

    wb = xlwt.Workbook()
    wb.add_sheet("Chỉ tiêu").write(0, 0, "STT")
    biff = wb.get_biff_data()
    _, bof_length = struct.unpack("<HH", biff[:4])
    filepass = struct.pack("<HHHHH", 0x002F, 6, 0, 0x1234, 0x5678)  # FILEPASS: XOR obfuscation
    stream = biff[: 4 + bof_length] + filepass + biff[4 + bof_length :]
    path = write_cfb(tmp_path / "mat-khau.xls", [("Workbook", stream)])
    assert only_problem(path, catalog) == PASSWORD


def test_password_protected_ods(tmp_path: Path, catalog: Catalog) -> None:
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument'
        ':xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry>'
        "</manifest:manifest>"
    )
    path = write_ods(tmp_path / "mat-khau.ods", content="<not-xml-once-encrypted", manifest=manifest)
    assert only_problem(path, catalog) == PASSWORD


# --------------------------------------------------------------------------- hostile


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (3 * 1024 * 1024))
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    ratio = info.file_size // info.compress_size
    assert ratio > 100
    assert only_problem(path, catalog) == BOMB.format(size=3, ratio=ratio)


def test_zip_too_big_once_inflated(tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """The total bound (200 MB) is lowered here so that the test does not have to write 200 MB."""
    source = write(tmp_path, Book())
    total = sum(info.file_size for info in zipfile.ZipFile(source).infolist())
    monkeypatch.setattr(nqreport.read.zipsafe, "MAX_UNCOMPRESSED_BYTES", total - 1)
    message = only_problem(source, catalog)
    assert message.startswith("tệp nén bất thường: giải nén ra tới 0 MB (tỷ lệ nén ")
    monkeypatch.setattr(nqreport.read.zipsafe, "MAX_UNCOMPRESSED_BYTES", total)
    assert read_workbook(source, catalog).problems == []


@pytest.mark.parametrize("part", ["xl/worksheets/sheet2.xml", "xl/workbook.xml", "docProps/extra.xml"])
def test_external_entities_are_refused(tmp_path: Path, catalog: Catalog, part: str) -> None:
    source = write(tmp_path, Book())
    with zipfile.ZipFile(source) as archive:
        original = archive.read(part) if part in archive.namelist() else b"<x/>"
    declaration = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    hostile = declaration + original.split(b"?>", 1)[-1].replace(b"Tr", b"&xxe;Tr", 1)
    path = rezip(source, tmp_path / "xxe.xlsx", {part: hostile})
    assert only_problem(path, catalog) == ENTITIES.format(part=part)


def test_entity_expansion_in_utf16_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    laughs = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><x>&lol2;</x>'
    )
    path = rezip(
        write(tmp_path, Book()), tmp_path / "laughs.xlsx", {"xl/sharedStrings.xml": laughs.encode("utf-16")}
    )
    assert only_problem(path, catalog) == ENTITIES.format(part="xl/sharedStrings.xml")


def test_doctype_in_ods_content(tmp_path: Path, catalog: Catalog) -> None:
    content = (
        '<?xml version="1.0"?><!DOCTYPE office:document-content [<!ENTITY e SYSTEM "http://example.invalid/">]>'
        "<office:document-content/>"
    )
    path = write_ods(tmp_path / "xxe.ods", content=content)
    assert only_problem(path, catalog) == ENTITIES.format(part="content.xml")


def test_good_files_of_every_kind_pass_the_safety_checks(tmp_path: Path, catalog: Catalog) -> None:
    for fmt in ("xlsx", "xls", "ods"):
        assert read_workbook(write(tmp_path, Book(), fmt), catalog).problems == []
    renamed = tmp_path / "that-ra-la-xlsx.xls"  # the content decides, not the extension
    renamed.write_bytes(write_xlsx(tmp_path / "x.xlsx").read_bytes())
    assert read_workbook(renamed, catalog).problems == []
