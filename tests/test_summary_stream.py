"""The summary a build writes commune by commune (each commune's part read back from its worker's folder,
the workbook written row by row) holds what the summary made in memory from every commune's evaluation
holds; communes of several provinces are summed by province in the summary report."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from build_helpers import cache, simple_rows, two_commune_workspace, workspace, write_workbook  # noqa: F401
from docx_helpers import Docx
from nqreport.aggregate import evaluate_commune
from nqreport.build import SUMMARY_DIR, SUMMARY_REPORT, SUMMARY_WORKBOOK, BuildOptions, build
from nqreport.config.catalog import load_catalog
from nqreport.config.settings import load_settings
from nqreport.read.workbook import read_workbook
from nqreport.render.workbook import summary_workbook_bytes


def _sheets(book: openpyxl.Workbook) -> dict[str, list[tuple[Any, ...]]]:
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _in_memory(root: Path) -> dict[str, list[tuple[Any, ...]]]:
    catalog = load_catalog()
    reports = [evaluate_commune(read_workbook(path, catalog, name=f"inputs/{path.name}").data)  # type: ignore[arg-type]
               for path in sorted((root / "inputs").glob("*.xlsx"))]
    return _sheets(openpyxl.load_workbook(io.BytesIO(summary_workbook_bytes(reports, catalog))))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_built_summary_workbook_holds_what_the_in_memory_one_does(workspace: Path, jobs: int) -> None:  # noqa: F811
    result = build(load_settings(workspace), BuildOptions(jobs=jobs))
    assert result.exit_code == 0 and result.summary_built
    built = _sheets(openpyxl.load_workbook(workspace / "outputs" / SUMMARY_DIR / SUMMARY_WORKBOOK))
    expected = _in_memory(workspace)
    assert built == expected
    # not two empty workbooks agreeing: both communes' indicators are on the indicator sheet
    assert len(built["Chỉ tiêu"]) == 1 + 2 * len(simple_rows())


def test_no_part_is_left_in_outputs(workspace: Path) -> None:  # noqa: F811
    build(load_settings(workspace), BuildOptions(jobs=2))
    assert not list((workspace / "outputs").rglob("*.part"))


def test_communes_of_two_provinces_are_summed_by_province(tmp_path: Path) -> None:
    root = two_commune_workspace(tmp_path / "ws")
    write_workbook(root / "inputs" / "01290-bao-lam.xlsx", "01290", "Bảo Lâm", simple_rows(3), province="Cao Bằng")
    result = build(load_settings(root), BuildOptions(jobs=1))
    assert result.exit_code == 0, result.problems
    report = Docx((root / "outputs" / SUMMARY_DIR / SUMMARY_REPORT).read_bytes())
    text = report.text()
    assert "II. KẾT QUẢ THEO TỈNH VÀ LĨNH VỰC" in text
    assert "KẾT QUẢ THEO XÃ VÀ LĨNH VỰC" not in text
    rows = [row for table in report.tables() for row in Docx.rows(table)]
    provinces = [row[:2] for row in rows if row[1].endswith(" xã)") and row[0].isdigit()]
    assert provinces == [["1", "Cao Bằng (1 xã)"], ["2", "Lạng Sơn (2 xã)"]]  # in the order of the files
    # each of the three communes has KT05 not met (150 of 200 ha): two communes in Lạng Sơn, one in Cao Bằng
    assert "- Tỉnh Lạng Sơn: 2/2 xã có chỉ tiêu không đạt, tổng cộng 2 chỉ tiêu." in report.paragraphs()
    assert "- Tỉnh Cao Bằng: 1/1 xã có chỉ tiêu không đạt, tổng cộng 1 chỉ tiêu." in report.paragraphs()
    # the workbook still lists every commune
    book = openpyxl.load_workbook(root / "outputs" / SUMMARY_DIR / SUMMARY_WORKBOOK)
    assert [r[1] for r in book["Tổng hợp"].iter_rows(min_row=5, max_row=7, values_only=True)] == [
        "01290", "06004", "06475"]


def test_forgetting_the_rows_written_changes_no_byte(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """The summary workbook's rows are forgotten once xlsxwriter has written them out (memory at country
    scale); the file is byte for byte the one written remembering them, row heights included."""
    import nqreport.render.workbook as workbook

    forgotten: list[int] = []
    real = workbook.forget_written_rows

    def counting(sheet: Any) -> None:
        before = len(sheet.row_info)
        real(sheet)
        forgotten.append(before - len(sheet.row_info))

    monkeypatch.setattr(workbook, "forget_written_rows", counting)
    build(load_settings(workspace), BuildOptions(jobs=1))
    path = workspace / "outputs" / SUMMARY_DIR / SUMMARY_WORKBOOK
    forgetting = path.read_bytes()
    assert sum(forgotten) >= len(simple_rows())  # the first commune's rows at least were forgotten
    monkeypatch.setattr(workbook, "forget_written_rows", lambda sheet: None)
    build(load_settings(workspace), BuildOptions(jobs=1))
    assert path.read_bytes() == forgetting
    heights = openpyxl.load_workbook(path)["Chỉ tiêu"].row_dimensions
    # the first commune's rows, forgotten first, still carry their heights in the file
    assert any(heights[row].height for row in range(2, 2 + len(simple_rows())))
