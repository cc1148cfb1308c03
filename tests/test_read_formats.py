"""The three readers agree: the example workbooks saved as .xls and .ods by LibreOffice, and re-saved by
openpyxl, read back field for field the same as the .xlsx, number styles included (a commune code typed
as the number 6004 in a "00000" cell reads 06004 in every format).

Needs ``soffice``; skipped without it unless NQREPORT_REQUIRE_SOFFICE=1 (CI), where its absence fails.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from nqreport.config.catalog import Catalog, load_catalog
from nqreport.model import ReadResult
from nqreport.schema import SHEET_COMMUNE
from nqreport.validate import validate_workbook
from test_libreoffice_roundtrip import convert, soffice

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "inputs").glob("*.xlsx"))
FORMATS = ("xls", "ods")


def padded_code_workbook(path: Path, example: Path) -> Path:
    """An example workbook whose commune code is the number 6004 shown as 06004 by a "00000" format."""
    book = openpyxl.load_workbook(example)
    sheet = book[SHEET_COMMUNE]
    for row in sheet.iter_rows(min_col=1, max_col=2):
        if str(row[0].value).startswith("Mã đơn vị hành chính"):
            row[1].value = int(str(row[1].value))
            row[1].number_format = "00000"
    book.save(path)
    return path


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each source by its stem, and its copies by "stem.format"; "stem.openpyxl" re-saved by openpyxl."""
    exe = soffice()
    root = tmp_path_factory.mktemp("formats")
    sources = [shutil.copy(example, root / example.name) for example in EXAMPLES]
    sources.append(padded_code_workbook(root / "padded.xlsx", EXAMPLES[0]))
    files = {Path(p).stem: Path(p) for p in sources}
    for example in EXAMPLES:
        copy = root / f"{example.stem}.openpyxl.xlsx"
        openpyxl.load_workbook(example).save(copy)
        files[f"{example.stem}.openpyxl"] = copy
    for fmt in FORMATS:
        files.update(convert(exe, [Path(p) for p in sources], fmt, root))
    return files


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def readable(result: ReadResult) -> tuple[object, ...]:
    """Everything read, without the file's own name."""
    data = result.data
    assert data is not None
    indicators = tuple(replace(i, source=replace(i.source, file="")) if i.source else i for i in data.indicators)
    assessments = tuple(replace(a, source=replace(a.source, file="")) if a.source else a for a in data.assessments)
    problems = tuple((p.sheet, p.cell, p.severity, p.message) for p in result.problems)
    return data.commune, indicators, assessments, problems


@pytest.mark.parametrize("copy", [*FORMATS, "openpyxl"])
@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_every_format_reads_the_examples_the_same(copies: dict[str, Path], catalog: Catalog, example: str,
                                                   copy: str) -> None:
    original = validate_workbook(copies[example], catalog)
    assert original.data is not None and len(original.data.indicators) in (30, 18)
    assert readable(validate_workbook(copies[f"{example}.{copy}"], catalog)) == readable(original)


@pytest.mark.parametrize("fmt", ["xlsx", *FORMATS])
def test_a_zero_padded_code_reads_with_its_zero_in_every_format(copies: dict[str, Path], catalog: Catalog,
                                                                 fmt: str) -> None:
    path = copies["padded"] if fmt == "xlsx" else copies[f"padded.{fmt}"]
    result = validate_workbook(path, catalog)
    assert result.data is not None
    assert result.data.commune.code == "06004"
    assert not [p for p in result.problems if p.cell == "B2"]


def test_a_code_that_lost_its_zero_without_a_format_is_an_error(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "mat-so-0.xlsx"
    book = openpyxl.load_workbook(EXAMPLES[0])
    book[SHEET_COMMUNE]["B2"] = 6004
    book.save(path)
    assert [(p.cell, p.is_error) for p in validate_workbook(path, catalog).problems if p.cell == "B2"] == [
        ("B2", True)]

