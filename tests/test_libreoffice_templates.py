"""The default templates saved again by LibreOffice Writer still pass `nqreport check` and give reports with the
same text; a template edited in Writer the way a secretary would (signer's name typed in, a sentence
changed, a sentence with a new variable, part of a tag made bold, smart quotes) checks and builds.

Skipped without LibreOffice (soffice) unless NQREPORT_REQUIRE_SOFFICE=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from check_helpers import NAMES
from docx_helpers import TEMPLATES, Docx, W, commune_report, cross_communes, settings
from nqreport.render.context import commune_context, summary_context
from nqreport.render.document import render_docx
from nqreport.schema import Period
from nqreport.templates.check import check_template

REQUIRED = os.environ.get("NQREPORT_REQUIRE_SOFFICE") == "1"

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not shutil.which("soffice") and not REQUIRED, reason="LibreOffice (soffice) not installed"),
]


def convert(sources: list[Path], target: str, outdir: Path, profile: Path) -> list[Path]:
    """``soffice --headless --convert-to`` with a private profile, so that a running LibreOffice does not
    interfere."""
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
         "--outdir", str(outdir), *(str(s) for s in sources)],
        check=True, capture_output=True, timeout=240,
    )
    suffix = "." + target.split(":")[0]
    converted = [outdir / (s.stem + suffix) for s in sources]
    for path in converted:
        assert path.is_file(), f"LibreOffice did not write {path.name}"
    return converted


def test_templates_resaved_by_writer_pass_check_and_render_the_same_text(tmp_path: Path) -> None:
    resaved = convert([TEMPLATES / n for n in NAMES], "docx", tmp_path / "lo", tmp_path / "profile")
    commune = commune_context(commune_report(), settings(tmp_path))
    summary = summary_context(cross_communes(), settings(tmp_path))
    for name, path in zip(NAMES, resaved, strict=True):
        assert path.read_bytes() != (TEMPLATES / name).read_bytes()  # Writer did rewrite it
        result = check_template(path)
        assert result.findings == (), (name, result.problems())
        context = summary if name == "bao-cao-tong-hop.docx" else commune
        original = Docx(render_docx(TEMPLATES / name, context))
        again = Docx(render_docx(path, context))
        assert again.paragraphs() == original.paragraphs(), name
        assert [Docx.rows(t) for t in again.tables()] == [Docx.rows(t) for t in original.tables()], name


# --------------------------------------------------------------------------- a secretary's edit in Writer

BODY_STYLE = "Nội_20_dung_20_báo_20_cáo"
COUNTS = f'<text:p text:style-name="{BODY_STYLE}">Nghị quyết giao {{{{ dem.tong }}}} chỉ tiêu chủ yếu.'
NEW_SENTENCE = (f'<text:p text:style-name="{BODY_STYLE}">Số chỉ tiêu không đạt: <text:span text:style-name="T7">'
                "{{ dem.khong</text:span>_dat }}; số liệu tính đến {{ ngay_so_lieu|ngay }}"
                "{% if ky == “6 tháng” %} (giữa năm){% endif %}.</text:p>")
CLOSING = "Trên đây là báo cáo kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội {{ ky_bao_cao }} của " \
          "{{ co_quan_ban_hanh }}./."
NEW_CLOSING = "Trên đây là báo cáo kết quả thực hiện các chỉ tiêu {{ ky_bao_cao }} của {{ co_quan_ban_hanh }}, kính " \
              "trình Hội đồng nhân dân xã xem xét./."


def writer_edit(flat: Path) -> None:
    """What a secretary does in Writer, on the document as Writer holds it (flat ODF XML)."""
    text = flat.read_text(encoding="utf-8")
    edits = [
        ('<text:span text:style-name="T7">{{ nguoi_ky }}</text:span>',
         '<text:span text:style-name="T7">Hoàng Văn Nam</text:span>'),
        (CLOSING, NEW_CLOSING),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    at = text.index(COUNTS)
    end = text.index("</text:p>", at) + len("</text:p>")
    text = text[:end] + NEW_SENTENCE + text[end:]
    flat.write_text(text, encoding="utf-8")


def test_a_template_edited_in_writer_checks_and_builds(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    (flat,) = convert([TEMPLATES / "bao-cao-xa.docx"], "fodt", tmp_path / "flat", profile)
    writer_edit(flat)
    (edited,) = convert([flat], "docx:MS Word 2007 XML", tmp_path / "edited", profile)

    result = check_template(edited, scope="xa")
    assert result.errors == 0, result.problems()
    assert sorted(f.code for f in result.findings) == ["split-format", "word-characters"]

    context = commune_context(commune_report(Period.SIX_MONTHS), settings(tmp_path))
    expected = Docx(render_docx(TEMPLATES / "bao-cao-xa.docx", context)).paragraphs()
    report = Docx(render_docx(edited, context))
    at = next(i for i, p in enumerate(expected) if p.startswith("Nghị quyết giao ")) + 1
    closing = next(i for i, p in enumerate(expected) if p.startswith("Trên đây là báo cáo"))
    counts = context["dem"]
    wanted = [*expected[:at],
              f"Số chỉ tiêu không đạt: {counts['khong_dat']}; số liệu tính đến ngày 10 tháng 12 năm 2026 (giữa năm).",
              *expected[at:closing],
              f"Trên đây là báo cáo kết quả thực hiện các chỉ tiêu 6 tháng đầu năm 2026 của {context['co_quan_ban_hanh']}"
              ", kính trình Hội đồng nhân dân xã xem xét./.",
              *expected[closing + 1:]]
    wanted[wanted.index("Hoàng Anh Dũng")] = "Hoàng Văn Nam"
    # Writer ends a document that ends with a table with an empty paragraph (ODF needs one there).
    assert report.paragraphs() in (wanted, [*wanted, ""])
    # The figure takes the formatting of most of its tag: "{{ dem.khong" (bold) outweighs "_dat }}".
    sentence = report.paragraph("Số chỉ tiêu không đạt")
    value = [run for run in sentence.iter(f"{W}r") if Docx.text_of(run) == str(counts["khong_dat"])]
    assert len(value) == 1 and value[0].find(f"{W}rPr/{W}b") is not None
