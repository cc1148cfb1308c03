"""The two seed resolutions give every one of their 47 targets (29 and 18) with the values and kinds of the
example workbooks, read from the text, and from a .docx and a .pdf made from it by LibreOffice.

The example workbooks (src/nqreport/data/examples/*.toml) hold 48 rows: officials typed Quốc Khánh's
bracketed "(Giảm 11 hộ)" as a row of its own, though it only explains the poverty target; the extractor
reads it as a note and points it out for review. The pairing below is one to one, in document order.
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from nqreport.extract import Extraction, extract
from nqreport.schema import Kind
from test_libreoffice_roundtrip import convert, soffice

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
#: Seed → (example data file, commune code, date adopted, targets).
CASES = {
    "nghi-quyet-xa-quoc-khanh-2026": ("06004-quoc-khanh.toml", "06004", date(2025, 12, 18), 29),
    "nghi-quyet-xa-bang-mac-2026": ("06475-bang-mac.toml", "06475", date(2025, 12, 26), 18),
}
#: The example row that only explains another target (Quốc Khánh's "(Giảm 11 hộ)").
EXPLAINING_ONLY = "XH08"


def example_rows(data_file: str) -> list[dict[str, Any]]:
    text = resources.files("nqreport").joinpath("data", "examples", data_file).read_text(encoding="utf-8")
    return list(tomllib.loads(text)["chi_tieu"])


def as_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value).replace(".", "").replace(",", ".")) if isinstance(value, str) else Decimal(str(value))


def assert_matches_examples(extraction: Extraction, seed: str) -> None:
    data_file, code, adopted, count = CASES[seed]
    expected = [row for row in example_rows(data_file) if row["code"] != EXPLAINING_ONLY]
    assert len(extraction.targets) == len(expected) == count
    for target, row in zip(extraction.targets, expected, strict=True):
        assert target.kind is Kind(row["kind"]), (row["code"], target.text)
        assert target.target == as_decimal(row.get("target")), (row["code"], target.text)
        assert target.deadline == row.get("deadline"), (row["code"], target.text)
    assert (extraction.identity.code, extraction.identity.adopted, extraction.identity.year) == (code, adopted, 2026)


@pytest.mark.parametrize("seed", list(CASES))
def test_seed_text_gives_every_target(seed: str) -> None:
    assert_matches_examples(extract(SEEDS / f"{seed}.txt"), seed)


def test_the_example_rows_are_the_targets_plus_one_explaining_row() -> None:
    rows = [row for data_file, *_ in CASES.values() for row in example_rows(data_file)]
    assert len(rows) == 48
    assert sum(count for *_, count in CASES.values()) == 47
    explaining = [row for row in rows if row["code"] == EXPLAINING_ONLY]
    assert [(r["name"], r["kind"], r["target"]) for r in explaining] == [("Giảm số hộ nghèo", "decrease_points", 11)]
    poverty = next(t for t in extract(SEEDS / "nghi-quyet-xa-quoc-khanh-2026.txt").targets
                   if t.name == "Giảm tỷ lệ hộ nghèo")
    assert poverty.text == "Giảm tỷ lệ hộ nghèo 02%, (Giảm 11 hộ)"
    assert poverty.uncertain is not None and '"Giảm 11 hộ"' in poverty.uncertain


@pytest.fixture(scope="module")
def office_copies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seeds as .docx and .pdf, made by LibreOffice from the text."""
    exe = soffice()
    root = tmp_path_factory.mktemp("seeds")
    sources = [SEEDS / f"{seed}.txt" for seed in CASES]
    copies: dict[str, Path] = {}
    for fmt in ("docx", "pdf"):
        copies.update(convert(exe, sources, fmt, root))
    return copies


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("seed", list(CASES))
def test_seed_as_docx_and_pdf_gives_every_target(office_copies: dict[str, Path], seed: str, fmt: str) -> None:
    extraction = extract(office_copies[f"{seed}.{fmt}"])
    assert extraction.format == fmt
    assert_matches_examples(extraction, seed)
