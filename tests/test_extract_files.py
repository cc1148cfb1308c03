"""Resolutions in every format nqreport extract reads, and the files it refuses with one Vietnamese line.

.docx with Word's automatic numbering is built here by hand (the numbers are not in its text); .doc and
.odt are made by LibreOffice and read through it (skipped without soffice unless NQREPORT_REQUIRE_SOFFICE=1);
a scanned PDF is read through Tesseract (skipped without it unless NQREPORT_REQUIRE_TESSERACT=1).
"""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from nqreport.errors import ResolutionError
from nqreport.extract import extract
from nqreport.extract.ocr import find_tesseract, has_vietnamese
from nqreport.extract.rows import OCR_DOUBT
from nqreport.schema import Kind
from test_libreoffice_roundtrip import convert, soffice

DATA = Path(__file__).resolve().parent / "data" / "resolutions"
D = Decimal

SHORT = """HỘI ĐỒNG NHÂN DÂN XÃ CAM LỘ
Số: 58/NQ-HĐND
Cam Lộ, ngày 24 tháng 12 năm 2025
NGHỊ QUYẾT
Về kế hoạch phát triển kinh tế - xã hội năm 2026
Căn cứ Quyết định số 2150/QĐ-UBND ngày 05 tháng 12 năm 2025 của Ủy ban nhân dân tỉnh Quảng Trị;
QUYẾT NGHỊ:
Điều 1. Thông qua kế hoạch năm 2026 như sau:
1. Các chỉ tiêu chủ yếu
a) Thu nhập bình quân đầu người đạt 62 triệu đồng.
b) Tổng sản lượng lương thực đạt 14.500 tấn.
c) Tỷ lệ hộ nghèo giảm còn 2,5%.
d) Tỷ lệ che phủ rừng đạt 49%.
e) Hoàn thành 100% chỉ tiêu giao quân.
2. Nhiệm vụ, giải pháp
Đầu tư nâng cấp 6 km đường liên thôn.
Điều 2. Giao Ủy ban nhân dân xã tổ chức thực hiện.
Nghị quyết này đã được Hội đồng nhân dân xã Cam Lộ thông qua ngày 24 tháng 12 năm 2025./.
"""
SHORT_ROWS = [(Kind.AT_LEAST, D(62)), (Kind.AT_LEAST, D(14500)), (Kind.AT_MOST, D("2.5")),
              (Kind.AT_LEAST, D(49)), (Kind.EXACT, D(100))]


def rows(path: Path) -> list[tuple[Kind, Decimal | None]]:
    return [(t.kind, t.target) for t in extract(path).targets]


def refused(path: Path) -> str:
    with pytest.raises(ResolutionError) as info:
        extract(path)
    message = info.value.message
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


# --------------------------------------------------------------------------- .docx built by hand

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(paragraphs: list[tuple[str, str | None]], numbering: str = "") -> bytes:
    """A minimal Word document: (text, numId or None) per paragraph; ``numbering`` is numbering.xml."""
    def numbered(num: str | None) -> str:
        return f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr>' if num else ""

    body = "".join(f'<w:p>{numbered(num)}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
                   for text, num in paragraphs)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
        'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main'
        '+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>',
    }
    if numbering:
        parts["word/numbering.xml"] = f'<?xml version="1.0"?><w:numbering {W}>{numbering}</w:numbering>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def level(num_id: int, fmt: str, text: str) -> str:
    return (f'<w:abstractNum w:abstractNumId="{num_id}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>')


NUMBERING = (level(1, "decimal", "%1.") + level(2, "lowerLetter", "%1)") + level(3, "bullet", "-")
             + "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>' for n in (1, 2, 3)))


def test_docx_with_automatic_numbering(tmp_path: Path) -> None:
    path = tmp_path / "nghi-quyet.docx"
    path.write_bytes(docx([
        ("HỘI ĐỒNG NHÂN DÂN XÃ CAM LỘ", None), ("Số: 58/NQ-HĐND", None),
        ("Căn cứ Quyết định số 2150/QĐ-UBND của Ủy ban nhân dân tỉnh Quảng Trị;", None),
        ("Mục tiêu tổng quát", "1"), ("Phát triển nông nghiệp hữu cơ; bảo đảm an sinh xã hội.", None),
        ("Các chỉ tiêu chủ yếu", "1"),
        ("Về kinh tế", "2"),
        ("Thu nhập bình quân đầu người đạt 62 triệu đồng.", "3"),
        ("Tổng sản lượng lương thực đạt 14.500 tấn.", "3"),
        ("Về xã hội", "2"),
        ("Tỷ lệ hộ nghèo giảm còn 2,5%.", "3"),
        ("Nhiệm vụ, giải pháp", "1"),
        ("Đầu tư nâng cấp 6 km đường liên thôn.", "3"),
        ("Nghị quyết này đã được Hội đồng nhân dân xã Cam Lộ thông qua ngày 24 tháng 12 năm 2025./.", None),
    ], NUMBERING))
    extraction = extract(path)
    assert extraction.section == "2. Các chỉ tiêu chủ yếu"
    assert [(t.field_heading, t.kind, t.target) for t in extraction.targets] == [
        ("Về kinh tế", Kind.AT_LEAST, D(62)), ("Về kinh tế", Kind.AT_LEAST, D(14500)),
        ("Về xã hội", Kind.AT_MOST, D("2.5"))]
    assert (extraction.identity.code, extraction.identity.number) == ("19597", "58/NQ-HĐND")


def test_text_in_the_encodings_of_windows(tmp_path: Path) -> None:
    assert rows(DATA / "xa-quang-ninh-2026.txt")  # UTF-16 with BOM, as Notepad saves "Unicode"
    path = tmp_path / "nq-1258.txt"
    text = unicodedata.normalize("NFC", SHORT).replace("\n", "\r\n")
    encoded = bytearray()
    for char in text:  # Windows-1258 writes the tone marks as combining characters
        try:
            encoded += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = next(mark for mark in decomposed if mark in "\u0300\u0301\u0303\u0309\u0323")
            encoded += (unicodedata.normalize("NFC", decomposed.replace(tone, "")) + tone).encode("cp1258")
    path.write_bytes(bytes(encoded))
    assert rows(path) == SHORT_ROWS


# --------------------------------------------------------------------------- refused, nothing read


def test_empty_or_blank_file(tmp_path: Path) -> None:
    for content in (b"", b" \r\n\r\n \f"):
        path = tmp_path / "rong.txt"
        path.write_bytes(content)
        assert "tệp rỗng" in refused(path)


def test_no_targets_section(tmp_path: Path) -> None:
    path = tmp_path / "nq-nhan-su.txt"
    path.write_text("HỘI ĐỒNG NHÂN DÂN XÃ CAM LỘ\nNGHỊ QUYẾT\nVề việc miễn nhiệm Phó Chủ tịch Ủy ban nhân dân xã\n"
                    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\nQUYẾT NGHỊ:\n"
                    "Điều 1. Miễn nhiệm ông Lê Văn A, sinh năm 1975, giữ chức Phó Chủ tịch từ ngày 01/01/2026.\n"
                    "Điều 2. Giao Thường trực Hội đồng nhân dân xã tổ chức thực hiện.\n", encoding="utf-8")
    assert "không tìm thấy mục chỉ tiêu" in refused(path)


def test_a_spreadsheet_a_folder_a_missing_file(tmp_path: Path) -> None:
    from nqreport.scaffold.blank import BlankSpec, write_blank

    write_blank(tmp_path / "so.xlsx", BlankSpec(code="06004", name="Quốc Khánh"))
    assert "sổ bảng tính, không phải Nghị quyết" in refused(tmp_path / "so.xlsx")
    assert "thư mục" in refused(tmp_path)
    assert "không tìm thấy tệp" in refused(tmp_path / "khong-co.docx")


def test_docx_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * (3 * 1024 * 1024) + b"</a>")
    message = refused(path)
    assert "nén bất thường" in message and "không đọc tệp này" in message


def test_docx_with_external_entities(tmp_path: Path) -> None:
    path = tmp_path / "xxe.docx"
    evil = docx([("Chỉ tiêu chủ yếu", None), ("- Thu ngân sách đạt &xxe; triệu đồng", None)])
    with zipfile.ZipFile(io.BytesIO(evil)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b'<?xml version="1.0"?>', b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    assert "DOCTYPE/ENTITY" in refused(path)


def test_broken_pdf(tmp_path: Path) -> None:
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")
    assert "PDF bị hỏng" in refused(path)


def blank_pdf(path: Path) -> Path:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    document.save(str(path))
    return path


def test_scanned_pdf_without_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nqreport.extract.ocr.find_tesseract", lambda: None)
    message = refused(blank_pdf(tmp_path / "ban-quet.pdf"))
    assert "bản quét" in message and "tesseract-ocr-vie" in message


def test_doc_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nqreport.extract.office.find_soffice", lambda: None)
    path = tmp_path / "nghi-quyet.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512)
    message = refused(path)
    assert "cần LibreOffice" in message and ".docx" in message


# --------------------------------------------------------------------------- LibreOffice and Tesseract


@pytest.mark.libreoffice
def test_doc_and_odt_through_libreoffice(tmp_path: Path) -> None:
    exe = soffice()
    source = tmp_path / "nghi-quyet.txt"
    source.write_text(SHORT, encoding="utf-8")
    docx_copy = convert(exe, [source], "docx", tmp_path)["nghi-quyet.docx"]
    for fmt in ("doc", "odt"):
        copy = convert(exe, [docx_copy], fmt, tmp_path)[f"nghi-quyet.{fmt}"]
        assert rows(copy) == SHORT_ROWS, fmt


def tesseract() -> Path:
    """Tesseract with its Vietnamese data; skipped without it unless NQREPORT_REQUIRE_TESSERACT=1 (CI)."""
    found = find_tesseract()
    if found is None or not has_vietnamese(found):
        if os.environ.get("NQREPORT_REQUIRE_TESSERACT") == "1":
            pytest.fail("NQREPORT_REQUIRE_TESSERACT=1 but tesseract with Vietnamese (vie) is not installed")
        pytest.skip("Tesseract OCR with Vietnamese data is not installed")
    return found


@pytest.mark.libreoffice
@pytest.mark.tesseract
def test_scanned_pdf_through_ocr_every_row_marked(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    tesseract()
    source = tmp_path / "nghi-quyet.txt"
    source.write_text(SHORT, encoding="utf-8")
    printed = convert(soffice(), [source], "pdf", tmp_path)["nghi-quyet.pdf"]
    original = pdfium.PdfDocument(str(printed))
    scan = pdfium.PdfDocument.new()
    for index in range(len(original)):
        page = original[index]
        width, height = page.get_size()
        image = pdfium.PdfImage.new(scan)
        image.set_bitmap(page.render(scale=3))
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new_page = scan.new_page(width, height)
        new_page.insert_obj(image)
        new_page.gen_content()
    path = tmp_path / "ban-quet.pdf"
    scan.save(str(path))
    extraction = extract(path)
    assert extraction.ocr
    assert len(extraction.targets) == len(SHORT_ROWS)
    assert all(t.uncertain and t.uncertain.startswith(OCR_DOUBT) for t in extraction.targets)
    right = sum(got == want for got, want in zip(rows(path), SHORT_ROWS, strict=True))
    assert right >= 4
