"""The blank workbook round-trips: written by `nqreport blank`, filled the way an official fills it, read back.

And the example workbooks read back exactly the figures they were written from.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from nqreport.cli import main
from nqreport.config.catalog import load_catalog
from nqreport.scaffold.blank import column_letter
from nqreport.scaffold.examples import examples
from nqreport.schema import (
    INDICATOR_HEADER_ROW,
    KIND_LABELS,
    PERIOD_LABELS,
    SHEET_COMMUNE,
    SHEET_INDICATORS,
    Kind,
    Period,
    parse_kind,
)
from nqreport.text import clean
from nqreport.validate import validate_workbook as read_workbook

EXAMPLES = examples()

ROOT = Path(__file__).resolve().parent.parent


def test_blank_filled_by_an_official_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "06004.xlsx"
    result = CliRunner().invoke(
        main,
        [
            "blank",
            str(path),
            "--code",
            "06004",
            "--name",
            "Quốc Khánh",
            "--province",
            "Lạng Sơn",
            "--year",
            "2026",
            "--catalog",
        ],
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(path)
    commune = wb[SHEET_COMMUNE]
    for row in range(2, commune.max_row + 1):
        label = str(commune.cell(row, 1).value)
        if label.startswith("Kỳ báo cáo"):
            commune.cell(row, 2).value = PERIOD_LABELS[Period.YEAR]
        elif label.startswith("Số liệu tính đến ngày"):
            commune.cell(row, 2).value = "15/12/2026"
        elif label.startswith("Ngày thông qua Nghị quyết"):
            commune.cell(row, 2).value = "18/12/2025"
        elif label.startswith("Họ tên người ký"):
            commune.cell(row, 2).value = "Hoàng Anh Dũng"
    ws = wb[SHEET_INDICATORS]
    first = INDICATOR_HEADER_ROW + 1  # KT01: Thu ngân sách, pre-filled from the catalog
    assert ws[f"{column_letter('code')}{first}"].value == "KT01"
    ws[f"{column_letter('target')}{first}"] = "1.306"  # typed as Vietnamese text
    ws[f"{column_letter('result')}{first}"] = 1420
    # Keep only the first catalog row: clear the kind of the others so they are blank rows to fill later.
    for row in range(first + 1, ws.max_row + 1):
        for key in ("code", "field", "name", "unit", "kind", "stt"):
            ws[f"{column_letter(key)}{row}"] = None
    wb.save(path)

    read = read_workbook(path, load_catalog())
    assert [p for p in read.problems if p.is_error] == []
    assert read.data is not None
    c = read.data.commune
    assert (c.code, c.name, c.province, c.year, c.period) == (
        "06004",
        "Quốc Khánh",
        "Lạng Sơn",
        2026,
        Period.YEAR,
    )
    assert (c.cutoff, c.resolution_date, c.signer) == (
        date(2026, 12, 15),
        date(2025, 12, 18),
        "Hoàng Anh Dũng",
    )
    assert c.issuing_body == "Ủy ban nhân dân xã Quốc Khánh"
    (ind,) = read.data.indicators
    assert (ind.code, ind.kind, ind.target, ind.result, ind.unit) == (
        "KT01",
        Kind.AT_LEAST,
        Decimal(1306),
        Decimal(1420),
        "triệu đồng",
    )


def test_example_workbooks_read_back_what_they_were_written_from() -> None:
    catalog = load_catalog()
    for example in EXAMPLES:
        read = read_workbook(ROOT / "inputs" / example.file_name, catalog)
        assert [p.format() for p in read.problems if p.is_error] == []
        assert read.data is not None
        assert read.data.commune.code == example.spec.code
        assert len(read.data.indicators) == len(example.spec.indicators)
        for ind, row in zip(read.data.indicators, example.spec.indicators, strict=True):
            assert ind.name == clean(str(row["name"]))
            assert ind.kind is parse_kind(str(row["kind"]))
            assert str(row["kind"]) in KIND_LABELS.values()
            for key in ("target", "baseline", "result", "estimate", "numerator", "denominator"):
                expected = row.get(key)
                if isinstance(expected, str):  # typed as text, e.g. "1.306"
                    expected = Decimal(expected.replace(".", "").replace(",", "."))
                assert getattr(ind, key) == expected, (ind.name, key)
