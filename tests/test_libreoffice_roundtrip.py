"""A workbook re-saved by LibreOffice as .xlsx, .xls and .ods reads back the same (issue 2, item 6).

Needs ``soffice``; skipped without it unless NQREPORT_REQUIRE_SOFFICE=1 (CI), where its absence fails.
Each target format is one ``soffice --convert-to`` run over every test file, with a private profile so
that parallel runs do not collide.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from nqreport.config.catalog import Catalog, load_catalog
from nqreport.model import CommuneData, Indicator
from nqreport.schema import SHEET_INDICATORS, Kind
from nqreport.validate import validate_workbook as read_workbook
from wbfactory import COMMUNE, Book, Formula, Pct, row, write_xlsx

pytestmark = pytest.mark.libreoffice

TARGETS = ("xlsx", "xls", "ods")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("NQREPORT_REQUIRE_SOFFICE") == "1":
            pytest.fail("NQREPORT_REQUIRE_SOFFICE=1 but soffice is not on PATH")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def roundtrip_book() -> Book:
    rows = [
        {"stt": "I", "name": "KINH TẾ"},
        row(
            "Thu ngân sách nhà nước trên địa bàn",
            code="KT01",
            unit="triệu đồng",
            target="1.306.000",
            baseline="1.250.000",
            result=702000,
            estimate="1.420.000",
            note="Dự toán tỉnh giao 1.166.000 triệu đồng",
        ),
        row("Trồng rừng", code="KT05", unit="ha", target="200ha", result=120.5, estimate=210),
        row(
            "Đường ngõ xóm được cứng hóa (lũy kế)", unit="km", target="57,96", result="56,64", estimate=57.96
        ),
        row(
            unicodedata.normalize("NFD", "Tỷ lệ hộ nghèo"),
            Kind.DECREASE_POINTS,
            field="Văn hóa - Xã hội",
            unit="%",
            target=2,
            baseline=Pct(0.0274, "0.00%"),
            result=Pct(0.0074, "0.00%"),
            estimate="0,5%",
        ),
        row(
            "Tỷ lệ người tham gia bảo hiểm y tế",
            code="XH04",
            unit="%",
            target=Pct(0.95),
            result=Pct(0.932),
            estimate=96,
            numerator=5221,
            denominator=5602,
        ),
        row(
            "Thu nhập bình quân đầu người",
            Kind.INCREASE_PCT,
            code="KT04",
            unit="triệu đồng/người",
            target=Pct(0.1),
            baseline=42.5,
            estimate=46.3,
        ),
        row(
            "Xây trường nội trú",
            Kind.DEADLINE,
            field="Văn hóa - Xã hội",
            unit="công trình",
            deadline=datetime(2026, 7, 15),
            completed_on="10/7/2026",
        ),
        row(
            "Xây dựng lực lượng dân quân vững mạnh",
            Kind.QUALITATIVE,
            field="Quốc phòng - An ninh",
            unit="",
            manual_status="Đạt",
        ),
    ]
    rows[5].pop("field")  # row 9, merged with row 8 above (C8:C9)
    return Book(
        commune={**COMMUNE, "code": "'06004", "cutoff": "30/6/2026"},
        rows=rows,
        merges=["C8:C9"],
        hidden_rows=[6],
        assessments=[{"field": "Kinh tế", "overview": "Thu ngân sách đạt khá.\nSản xuất ổn định."}],
    )


def formula_book() -> Book:
    return Book(
        rows=[
            row(
                "Trồng rừng",
                target=200,
                result=Formula("=100+20"),
                estimate=Formula("=M4*2"),
                note=Formula('=IF(M4>100,"vượt tiến độ","chậm")'),
            )
        ]
    )


def convert(exe: str, sources: list[Path], fmt: str, root: Path) -> dict[str, Path]:
    """LibreOffice's copies of ``sources`` in ``fmt``, by "stem.fmt"; one soffice run for them all."""
    outdir = root / fmt
    run = subprocess.run([exe, f"-env:UserInstallation=file://{root}/lo-profile", "--headless", "--norestore",
                          "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)],
                         capture_output=True, text=True, timeout=300, check=False)
    copies = {}
    for source in sources:
        copy = outdir / f"{source.stem}.{fmt}"
        assert copy.is_file(), (run.returncode, run.stdout, run.stderr)
        copies[f"{source.stem}.{fmt}"] = copy
    return copies


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test files by name ("roundtrip"), and their LibreOffice copies by "name.format"."""
    exe = soffice()
    root = tmp_path_factory.mktemp("lo")
    sources = [
        write_xlsx(root / "roundtrip.xlsx", roundtrip_book()),
        write_xlsx(root / "formulas.xlsx", formula_book()),
    ]
    files = {p.stem: p for p in sources}
    for fmt in TARGETS:
        files.update(convert(exe, sources, fmt, root))
    return files


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def comparable(ind: Indicator) -> Indicator:
    assert ind.source is not None
    return replace(ind, source=replace(ind.source, file=""))


def test_the_original_reads_as_written(converted: dict[str, Path], catalog: Catalog) -> None:
    result = read_workbook(converted["roundtrip"], catalog)
    assert [(p.cell, p.message) for p in result.problems] == [
        (
            "D6",
            "hàng 6 đang bị ẩn nhưng vẫn được đọc và tính vào báo cáo; nếu chỉ tiêu này không còn dùng, hãy xóa "
            "hàng thay vì ẩn",
        ),
    ]
    data = result.data
    assert data is not None
    poor = data.indicators[3]
    assert (poor.name, poor.field, poor.baseline, poor.result, poor.estimate) == (
        "Tỷ lệ hộ nghèo",
        "Văn hóa - Xã hội",
        Decimal("2.74"),
        Decimal("0.74"),
        Decimal("0.5"),
    )
    assert data.indicators[4].field == "Văn hóa - Xã hội"  # from the merge
    assert (data.indicators[4].target, data.indicators[4].result) == (Decimal(95), Decimal("93.2"))
    assert data.indicators[5].target == Decimal(10)
    assert data.commune.code == "06004"


@pytest.mark.parametrize("fmt", TARGETS)
def test_libreoffice_copy_reads_back_the_same(converted: dict[str, Path], catalog: Catalog, fmt: str) -> None:
    original = read_workbook(converted["roundtrip"], catalog)
    copy = read_workbook(converted[f"roundtrip.{fmt}"], catalog)
    assert [(p.sheet, p.cell, p.severity, p.message) for p in copy.problems] == [
        (p.sheet, p.cell, p.severity, p.message) for p in original.problems
    ]
    assert isinstance(original.data, CommuneData) and isinstance(copy.data, CommuneData)
    assert copy.data.commune == original.data.commune
    assert len(copy.data.indicators) == len(original.data.indicators) == 8
    for mine, theirs in zip(original.data.indicators, copy.data.indicators, strict=True):
        assert comparable(theirs) == comparable(mine)
    assert [replace(a, source=None) for a in copy.data.assessments] == [
        replace(a, source=None) for a in original.data.assessments]
    assert [a.source and a.source.refs for a in copy.data.assessments] == [
        a.source and a.source.refs for a in original.data.assessments]


def test_formulas_need_a_save_by_a_spreadsheet_program(converted: dict[str, Path], catalog: Catalog) -> None:
    stale = read_workbook(converted["formulas"], catalog)
    assert [(p.sheet, p.cell) for p in stale.problems] == [
        (SHEET_INDICATORS, "S4"),
        (SHEET_INDICATORS, "M4"),
        (SHEET_INDICATORS, "N4"),
    ]


@pytest.mark.parametrize("fmt", TARGETS)
def test_formulas_saved_by_libreoffice_give_their_values(
    converted: dict[str, Path], catalog: Catalog, fmt: str
) -> None:
    result = read_workbook(converted[f"formulas.{fmt}"], catalog)
    assert result.problems == []
    assert result.data is not None
    ind = result.data.indicators[0]
    assert (ind.result, ind.estimate, ind.note) == (Decimal(120), Decimal(240), "vượt tiến độ")
