"""The default Word templates: what the tool builds is what is committed, lean, and readable by docxtpl."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from docx_helpers import ROOT, TEMPLATES, Docx, W, load_tool

NAMES = ("bao-cao-xa.docx", "phu-luc-xa.docx", "bao-cao-tong-hop.docx")
PACKAGE_TEMPLATES = ROOT / "src" / "nqreport" / "data" / "templates"


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return dict(load_tool().build_all())


def test_committed_templates_are_what_the_tool_builds(built: dict[str, bytes]) -> None:
    assert sorted(built) == sorted(NAMES)
    for name in NAMES:
        assert (TEMPLATES / name).read_bytes() == built[name], f"chạy lại: python tools/make_templates.py ({name})"
        assert (PACKAGE_TEMPLATES / name).read_bytes() == built[name], "bản trong gói khác bản trong templates/"


def test_building_twice_gives_the_same_bytes_with_no_clock(built: dict[str, bytes]) -> None:
    again = load_tool().build_all()
    assert again == built
    for data in built.values():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            assert archive.namelist()[0] == "[Content_Types].xml"


def test_templates_hold_only_the_parts_word_needs(built: dict[str, bytes]) -> None:
    expected = {
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
        "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
        "word/header1.xml", "word/header2.xml",
    }
    for name, data in built.items():
        doc = Docx(data)
        assert set(doc.parts) == expected, name
        assert len(data) < 12_000, f"{name}: {len(data)} bytes"  # python-docx's default document: 38 KB


def test_every_style_defined_is_used(built: dict[str, bytes]) -> None:
    used: set[str] = set()
    defined: set[str] = set()
    for data in built.values():
        doc = Docx(data)
        defined |= {s.get(f"{W}styleId") for s in doc.styles.findall(f"{W}style")}
        for part in ("word/document.xml", "word/header1.xml", "word/header2.xml"):
            xml = doc.parts[part].decode("utf-8")
            used |= set(re.findall(r'<w:(?:pStyle|tblStyle) w:val="([^"]+)"', xml))
    # Normal and the default table style apply without being named.
    assert defined == used | {"Normal", "TableNormal"}
    assert defined == {"Normal", "NoiDung", "Header", "TableNormal", "BangKe"}


def test_each_jinja_tag_sits_in_one_run(built: dict[str, bytes]) -> None:
    for name, data in built.items():
        doc = Docx(data)
        for node in doc.document.iter(f"{W}t"):
            text = node.text or ""
            for opening, closing in (("{{", "}}"), ("{%", "%}")):
                assert text.count(opening) == text.count(closing), f"{name}: tag split across runs: {text!r}"


def test_paragraph_row_and_cell_tags_stand_alone(built: dict[str, bytes]) -> None:
    """docxtpl removes the whole paragraph (row, cell) of a {%p %} ({%tr %}, {%tc %}) tag: any other
    text there would be lost."""
    for name, data in built.items():
        doc = Docx(data)
        for para in doc.document.iter(f"{W}p"):
            text = Docx.text_of(para)
            if re.search(r"\{%(p|tr|tc) ", text):
                assert re.fullmatch(r"\{%(p|tr|tc) [^%]*%\}", text), f"{name}: {text!r}"
        for row in doc.document.iter(f"{W}tr"):
            text = Docx.text_of(row)
            if "{%tr " in text:
                assert re.fullmatch(r"\{%tr [^%]*%\}", text), f"{name}: {text!r}"


def test_templates_are_well_formed_xml_and_open_with_python_docx(built: dict[str, bytes]) -> None:
    import docx

    for name, data in built.items():
        doc = Docx(data)
        for part, xml in doc.parts.items():
            if part.endswith((".xml", ".rels")):
                etree.fromstring(xml)
        opened = docx.Document(io.BytesIO(data))
        assert opened.sections[0].page_width is not None, name


def test_package_copies_are_shipped_for_init() -> None:
    from importlib import resources

    folder = resources.files("nqreport").joinpath("data", "templates")
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".docx")) == sorted(NAMES)


def test_check_mode_reports_a_stale_template(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tool = load_tool()
    monkeypatch.setattr(tool, "OUTPUT_DIRS", (tmp_path / "templates",))
    monkeypatch.setattr(tool, "CONTRACT_DOC", tmp_path / "bien-mau.md")
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    assert tool.main(["--check"]) == 1
    assert not (tmp_path / "templates").exists()
    assert tool.main([]) == 0
    assert sorted(p.name for p in (tmp_path / "templates").iterdir()) == sorted(NAMES)
    assert tool.main(["--check"]) == 0
