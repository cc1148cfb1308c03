"""Every WordprocessingML part of the default templates and of the reports built from the example
workspace (their review copies, with comments and split runs, included) validates against the ISO/IEC
29500-4 transitional schema (Word is stricter than LibreOffice)."""

from __future__ import annotations

import shutil
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from nqreport.build import BuildOptions, build
from nqreport.config.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = Path(__file__).resolve().parent / "data" / "ooxml" / "ISO-IEC29500-4_2016" / "wml.xsd"
WML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Namespaces the schema knows; others (w14, w15… allowed by mc:Ignorable) are removed before validating.
KNOWN = {WML, "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
         "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
         "http://schemas.openxmlformats.org/drawingml/2006/main",
         "http://schemas.openxmlformats.org/drawingml/2006/picture",
         "http://schemas.openxmlformats.org/officeDocument/2006/math",
         "urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office",
         "urn:schemas-microsoft-com:office:word", "http://www.w3.org/XML/1998/namespace"}


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def known_only(root: etree._Element) -> etree._Element:
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace not in KNOWN and element.getparent() is not None:
            element.getparent().remove(element)
            continue
        for attribute in list(element.attrib):
            namespace = etree.QName(attribute).namespace
            if namespace and namespace not in KNOWN:
                del element.attrib[attribute]
    return root


def invalid_parts(docx: Path) -> list[str]:
    """"name: line: message" for each WordprocessingML part of ``docx`` the schema refuses."""
    found = []
    with zipfile.ZipFile(docx) as archive:
        for name in archive.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")) or "_rels" in name:
                continue
            root = etree.fromstring(archive.read(name))
            if etree.QName(root).namespace != WML:
                continue
            if not schema().validate(etree.ElementTree(known_only(root))):
                error = schema().error_log.last_error
                found.append(f"{name}: {error.line}: {error.message}")
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("schema")
    for item in ("inputs", "templates"):
        shutil.copytree(ROOT / item, root / item)
    shutil.copy(ROOT / "nqreport.toml", root / "nqreport.toml")
    build(load_settings(root), BuildOptions(jobs=1, review=True))
    return sorted((root / "outputs").rglob("*.docx"))


def test_the_schema_refuses_what_word_refuses() -> None:
    bad = etree.fromstring(f'<w:document xmlns:w="{WML}"><w:body><w:p><w:r><w:t>x</w:t></w:r>'
                           "<w:pPr/></w:p></w:body></w:document>")  # properties after the run: Word refuses
    assert not schema().validate(etree.ElementTree(bad))


@pytest.mark.parametrize("template", sorted((ROOT / "templates").glob("*.docx")), ids=lambda p: p.name)
def test_default_templates_are_valid(template: Path) -> None:
    assert invalid_parts(template) == []


def test_every_report_of_the_example_build_is_valid(built: list[Path]) -> None:
    assert len(built) == 10  # five reports and their review copies
    assert sum(path.stem.endswith(".kiem-tra") for path in built) == 5
    assert {path.name: invalid_parts(path) for path in built} == {path.name: [] for path in built}
