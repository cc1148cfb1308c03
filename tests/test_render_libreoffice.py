"""The rendered reports open in LibreOffice: converted to PDF, they keep their page size and their text.

Skipped without LibreOffice (soffice) unless NQREPORT_REQUIRE_SOFFICE=1. docs/xem-bao-cao.md has the
commands to look at the pages as images.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from docx_helpers import AWKWARD, TEMPLATES, commune_report, cross_communes, settings
from nqreport.render.context import commune_context, summary_context
from nqreport.render.document import render_docx

REQUIRED = os.environ.get("NQREPORT_REQUIRE_SOFFICE") == "1"
TOOLS = all(shutil.which(tool) for tool in ("soffice", "pdftotext", "pdfinfo"))

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not TOOLS and not REQUIRED, reason="LibreOffice or poppler-utils not installed"),
]


def test_reports_convert_to_pdf_with_their_page_size_and_text(tmp_path: Path) -> None:
    context = commune_context(commune_report(), settings(tmp_path))
    documents = {
        "bao-cao.docx": render_docx(TEMPLATES / "bao-cao-xa.docx", context),
        "phu-luc.docx": render_docx(TEMPLATES / "phu-luc-xa.docx", context),
        "tong-hop.docx": render_docx(TEMPLATES / "bao-cao-tong-hop.docx",
                                     summary_context(cross_communes(), settings(tmp_path))),
    }
    for name, data in documents.items():
        (tmp_path / name).write_bytes(data)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *(str(tmp_path / n) for n in documents)],
        check=True, capture_output=True, timeout=180,
    )

    def info(name: str) -> str:
        return subprocess.run(["pdfinfo", str(tmp_path / name)], check=True, capture_output=True,
                              text=True).stdout

    def text(name: str, *, layout: bool = True) -> str:
        """The PDF's words; without ``layout``, a table's cells one after the other (a name wrapped in its
        cell reads whole, not interleaved with the next columns)."""
        out = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(tmp_path / name), "-"],
                             check=True, capture_output=True, text=True).stdout
        return " ".join(out.split())

    assert "(A4)" in info("bao-cao.pdf") and "595" in info("bao-cao.pdf").split("Page size:")[1].split("x")[0]
    landscape = info("phu-luc.pdf").split("Page size:")[1]
    assert "(A4)" in landscape and "841" in landscape.split("x")[0]
    report = text("bao-cao.pdf")
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "XÃ QUỐC KHÁNH",
                  "BÁO CÁO", "ước đạt 1.420 triệu đồng, bằng 108,7% kế hoạch (vượt chỉ tiêu)", AWKWARD,
                  "TM. ỦY BAN NHÂN DÂN", "Hoàng Anh Dũng"):
        assert words in report, words
    assert int(info("bao-cao.pdf").split("Pages:")[1].split()[0]) >= 2
    assert "Thu ngân sách nhà nước trên địa bàn" in text("phu-luc.pdf", layout=False)
    assert "Quốc Khánh" in text("tong-hop.pdf") and "Bằng Mạc" in text("tong-hop.pdf")
