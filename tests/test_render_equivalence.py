"""The prepared-once renderer makes what plain docxtpl makes: the same XML, part for part (canonicalised),
on the default templates and on a template a secretary edited in Word, for a commune and the summary."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docxtpl import DocxTemplate
from lxml import etree

from check_helpers import P, after_paragraph, edit_docx
from docx_helpers import TEMPLATES, commune_report, cross_communes, settings
from nqreport.render.context import commune_context, summary_context
from nqreport.render.document import fit_table_grids, render_docx
from nqreport.render.environment import make_environment

RENDERED = ("word/document.xml", "word/header1.xml", "word/header2.xml")


def plain_docxtpl(template: Path, context: dict[str, Any]) -> bytes:
    """What docxtpl alone makes of the template (with the table widths nqreport fits after a column loop)."""
    doc = DocxTemplate(str(template))
    doc.render(context, jinja_env=make_environment(), autoescape=True)
    fit_table_grids(doc.docx.element.body)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def canonical(docx: bytes) -> dict[str, bytes]:
    """Each rendered part as canonical XML: the same document however it was serialised."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: etree.tostring(etree.fromstring(archive.read(name)), method="c14n")
                for name in RENDERED if name in archive.namelist()}


def edited(tmp_path: Path) -> Path:
    """The commune report as a secretary changes it in Word: a sentence added with a variable, a heading
    reworded, a tag made bold halfway."""
    anchor, added = after_paragraph("I. KẾT QUẢ CHUNG",
                                    P("Báo cáo của {{ ten_day_du }} gồm {{ dem.tong }} chỉ tiêu."))
    return edit_docx(TEMPLATES / "bao-cao-xa.docx", tmp_path / "sua.docx", [
        (anchor, added),
        ("II. KẾT QUẢ THỰC HIỆN THEO LĨNH VỰC", "II. KẾT QUẢ TỪNG LĨNH VỰC"),
        ("<w:t xml:space=\"preserve\">- {{ ct.cau }}.</w:t>",
         "<w:t xml:space=\"preserve\">- {{ ct.</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>cau }}</w:t></w:r>"
         "<w:r><w:t xml:space=\"preserve\">.</w:t>"),
    ])


@pytest.mark.parametrize("name", ["bao-cao-xa.docx", "phu-luc-xa.docx", "edited"])
def test_a_commune_renders_as_plain_docxtpl_renders_it(tmp_path: Path, name: str) -> None:
    template = edited(tmp_path) if name == "edited" else TEMPLATES / name
    context = commune_context(commune_report(), settings(tmp_path))
    mine, theirs = canonical(render_docx(template, context)), canonical(plain_docxtpl(template, context))
    assert mine.keys() == theirs.keys() and "word/document.xml" in mine
    assert mine == theirs


def test_the_summary_with_its_column_loop_renders_as_plain_docxtpl_renders_it(tmp_path: Path) -> None:
    template = TEMPLATES / "bao-cao-tong-hop.docx"
    context = summary_context(cross_communes(), settings(tmp_path))
    assert canonical(render_docx(template, context)) == canonical(plain_docxtpl(template, context))


def test_untouched_parts_are_the_templates_own(tmp_path: Path) -> None:
    template = TEMPLATES / "bao-cao-xa.docx"
    context = commune_context(commune_report(), settings(tmp_path))
    with zipfile.ZipFile(template) as original, zipfile.ZipFile(io.BytesIO(render_docx(template, context))) as out:
        assert sorted(out.namelist()) == sorted(original.namelist())
        for name in ("word/styles.xml", "word/settings.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"):
            assert out.read(name) == original.read(name)
            assert out.getinfo(name).compress_size == original.getinfo(name).compress_size  # copied, not redone
