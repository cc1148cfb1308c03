"""pdf.py: finding LibreOffice, the message when it is missing, stable PDF bytes, a real conversion."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from nqreport.errors import OutputError
from nqreport.write.pdf import SOFFICE_ENV, convert_to_pdf, find_soffice, normalize_pdf, require_soffice

HAVE_SOFFICE = shutil.which("soffice") is not None
REQUIRED = os.environ.get("NQREPORT_REQUIRE_SOFFICE") == "1"
needs_soffice = pytest.mark.skipif(not HAVE_SOFFICE and not REQUIRED,
                                   reason="LibreOffice (soffice) not installed")

# Two runs of LibreOffice 7.4 on the same document differ only in these three places.
SAMPLE = (b"%PDF-1.4\n1 0 obj\n<</Creator<FEFF>/Producer<FEFF>/CreationDate(D:20261122065414Z')>>\nendobj\n"
          b"xref\n0 2\ntrailer\n<</Size 2/Root 1 0 R\n/ID [ <01D1D2626CC3C079C3AC009850848706>\n"
          b"<01D1D2626CC3C079C3AC009850848706> ]\n/DocChecksum /718EADF699175694E4550EF1A7553DDE\n>>\n"
          b"startxref\n12\n%%EOF\n")


def _other_run(data: bytes) -> bytes:
    return (data.replace(b"20261122065414", b"20270101235959")
            .replace(b"01D1D2626CC3C079C3AC009850848706", b"9F00AA11BB22CC33DD44EE55FF660077")
            .replace(b"718EADF699175694E4550EF1A7553DDE", b"00112233445566778899AABBCCDDEEFF"))


def test_normalize_pdf_removes_clock_and_random_id_keeping_length() -> None:
    when = datetime(2026, 6, 30)
    first = normalize_pdf(SAMPLE, when)
    second = normalize_pdf(_other_run(SAMPLE), when)
    assert first == second
    assert len(first) == len(SAMPLE)  # the xref offsets stay valid
    assert b"/CreationDate(D:20260630000000Z')" in first
    assert b"01D1D2626CC3C079C3AC009850848706" not in first
    assert b"718EADF699175694E4550EF1A7553DDE" not in first


def test_normalize_pdf_id_follows_content() -> None:
    when = datetime(2026, 6, 30)
    changed = SAMPLE.replace(b"/Size 2", b"/Size 3")
    assert normalize_pdf(SAMPLE, when)[-120:] != normalize_pdf(changed, when)[-120:]


def test_missing_soffice_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    monkeypatch.setattr("nqreport.write.pdf._MAC_PLACES", ())
    monkeypatch.setattr("nqreport.write.pdf._WINDOWS_PLACES", ())
    assert find_soffice() is None
    with pytest.raises(OutputError) as info:
        require_soffice()
    assert info.value.message.startswith("Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF: hãy cài "
                                         "LibreOffice (https://vi.libreoffice.org) hoặc bỏ --pdf.")
    assert SOFFICE_ENV in info.value.message


def test_soffice_named_by_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    program = tmp_path / "soffice"
    program.write_text("")
    monkeypatch.setenv(SOFFICE_ENV, str(program))
    assert find_soffice() == program
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "missing"))
    assert find_soffice() is None


def test_conversion_that_produces_nothing_names_the_file(tmp_path: Path) -> None:
    if os.name == "nt":
        pytest.skip("POSIX shell stand-in")
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(b"not really a docx")
    with pytest.raises(OutputError) as info:
        convert_to_pdf([(source, tmp_path / "out" / "bao-cao.pdf")], soffice=fake)
    assert info.value.message == (f"LibreOffice không chuyển được sang PDF: {source}. Hãy mở tệp bằng "
                                  "LibreOffice để xem lỗi, hoặc chạy lại không có --pdf")
    assert not (tmp_path / "out" / "bao-cao.pdf").exists()


def _tiny_docx(path: Path, text: str) -> Path:
    """A minimal WordprocessingML document (no template needed)."""
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'))
        archive.writestr("word/document.xml", document)
    return path


@pytest.mark.libreoffice
@needs_soffice
def test_real_conversion_same_name_in_two_folders_and_stable_bytes(tmp_path: Path) -> None:
    one = tmp_path / "06004-quoc-khanh"
    two = tmp_path / "06475-bang-mac"
    one.mkdir()
    two.mkdir()
    _tiny_docx(one / "bao-cao.docx", "Xã Quốc Khánh thu ngân sách 1.420 triệu đồng")
    _tiny_docx(two / "bao-cao.docx", "Xã Bằng Mạc thu ngân sách 1.000 triệu đồng")
    jobs = [(one / "bao-cao.docx", one / "bao-cao.pdf"), (two / "bao-cao.docx", two / "bao-cao.pdf")]
    convert_to_pdf(jobs, when=datetime(2026, 6, 30), parallel=2)  # two LibreOffice side by side
    first = (one / "bao-cao.pdf").read_bytes()
    text = subprocess.run(["pdftotext", str(one / "bao-cao.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Xã Quốc Khánh thu ngân sách 1.420 triệu đồng" in text
    text_two = subprocess.run(["pdftotext", str(two / "bao-cao.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
    assert "Bằng Mạc" in text_two and "1.000" in text_two
    convert_to_pdf(jobs[:1], when=datetime(2026, 6, 30))
    assert (one / "bao-cao.pdf").read_bytes() == first
    assert sorted(p.name for p in one.iterdir()) == ["bao-cao.docx", "bao-cao.pdf"]


@pytest.mark.libreoffice
@needs_soffice
def test_build_with_pdf_holds_the_commune_name_and_a_figure(tmp_path: Path) -> None:
    from build_helpers import simple_rows, write_workbook
    from nqreport.build import BuildOptions, build
    from nqreport.config.settings import load_settings
    from nqreport.scaffold.init import init_workspace

    root = tmp_path / "ws"
    init_workspace(root)
    (root / "nqreport.toml").write_text("year = 2026\n", encoding="utf-8")
    write_workbook(root / "inputs" / "06004-quoc-khanh.xlsx", "06004", "Quốc Khánh", simple_rows())
    result = build(load_settings(root), BuildOptions(jobs=1, pdf=True))
    assert result.exit_code == 0 and result.pdf_count == 3
    out = root / "outputs"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == [
        "06004-quoc-khanh/bao-cao.pdf", "06004-quoc-khanh/phu-luc.pdf", "tong-hop/bao-cao-tong-hop.pdf"]
    text = subprocess.run(["pdftotext", str(out / "06004-quoc-khanh" / "bao-cao.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "XÃ QUỐC KHÁNH" in text
    assert "1.420" in text  # the result, written the Vietnamese way
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "outputs/06004-quoc-khanh/bao-cao.pdf" in {o["path"] for o in manifest["outputs"]}
