"""The blank workbook: what an official sees when opening it in Excel."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from nqreport.config.catalog import load_catalog
from nqreport.errors import ConfigError, OutputError
from nqreport.scaffold.blank import BlankSpec, column_letter, write_blank
from nqreport.schema import (
    INDICATOR_COLUMNS,
    INDICATOR_HEADER_ROW,
    KIND_LABELS,
    SHEET_ASSESSMENT,
    SHEET_COMMUNE,
    SHEET_INDICATORS,
    SHEET_INSTRUCTIONS,
    SHEET_LISTS,
)


@pytest.fixture
def blank_path(tmp_path: Path) -> Path:
    path = tmp_path / "so.xlsx"
    write_blank(path, BlankSpec(code="06004", name="Quốc Khánh", province="Lạng Sơn", year=2026))
    return path


def _validation_for(ws: object, cell: str) -> list[object]:
    found = []
    for dv in ws.data_validations.dataValidation:  # type: ignore[attr-defined]
        if cell in dv.sqref:
            found.append(dv)
    return found


def test_sheets_headers_and_prefilled_commune(blank_path: Path) -> None:
    wb = openpyxl.load_workbook(blank_path)
    assert wb.sheetnames == [
        SHEET_INSTRUCTIONS,
        SHEET_COMMUNE,
        SHEET_INDICATORS,
        SHEET_ASSESSMENT,
        SHEET_LISTS,
    ]
    assert wb[SHEET_LISTS].sheet_state == "hidden"
    ws = wb[SHEET_INDICATORS]
    headers = [c.value for c in ws[INDICATOR_HEADER_ROW]]
    assert headers == [col.header for col in INDICATOR_COLUMNS]
    commune = wb[SHEET_COMMUNE]
    labels = {commune.cell(row, 1).value: commune.cell(row, 2).value for row in range(2, commune.max_row + 1)}
    assert labels["Mã đơn vị hành chính (5 chữ số) *"] == "06004"  # text: the leading zero survives
    assert labels["Tên xã/phường *"] == "Quốc Khánh"
    assert labels["Tỉnh/thành phố *"] == "Lạng Sơn"
    assert labels["Năm kế hoạch *"] == 2026
    assert labels["Cơ quan ban hành báo cáo *"] == "Ủy ban nhân dân xã Quốc Khánh"


def test_dropdowns_number_validation_frozen_and_protected_header(blank_path: Path) -> None:
    ws = openpyxl.load_workbook(blank_path)[SHEET_INDICATORS]
    first = INDICATOR_HEADER_ROW + 1
    kind_dv = _validation_for(ws, f"{column_letter('kind')}{first}")
    assert len(kind_dv) == 1 and kind_dv[0].type == "list" and kind_dv[0].errorStyle in (None, "stop")  # type: ignore[attr-defined]
    assert f"$B$2:$B${len(KIND_LABELS) + 1}" in kind_dv[0].formula1  # type: ignore[attr-defined]
    field_dv = _validation_for(ws, f"{column_letter('field')}{first}")
    assert field_dv[0].errorStyle == "warning"  # type: ignore[attr-defined]  # other fields allowed
    for key in ("unit", "direction", "manual_status"):
        assert _validation_for(ws, f"{column_letter(key)}{first}"), key
    for key in ("target", "baseline", "result", "estimate", "numerator", "denominator"):
        dvs = _validation_for(ws, f"{column_letter(key)}{first}")
        assert dvs and dvs[0].type == "decimal", key  # type: ignore[attr-defined]
    assert _validation_for(ws, f"{column_letter('deadline')}{first}")[0].type == "date"  # type: ignore[attr-defined]
    assert ws.freeze_panes == f"E{first}"
    assert ws.protection.sheet is True
    assert ws.cell(INDICATOR_HEADER_ROW, 1).protection.locked is True
    # rows below the header: every column is unlocked, so officials can type and add rows
    unlocked: set[int] = set()
    for dim in ws.column_dimensions.values():  # adjacent alike columns are stored as one range
        if dim.protection.locked is False:
            unlocked.update(range(dim.min, dim.max + 1))
    assert unlocked >= set(range(1, len(INDICATOR_COLUMNS) + 1))
    assert ws.column_dimensions[column_letter("name")].width > 40


def test_figures_are_typed_the_same_in_every_excel_locale(blank_path: Path) -> None:
    """English (US) Excel stores a typed "1.306" as 1.306: the workbook says to type digits only, the figure
    cells show the grouping themselves in the locale's own way, and say how to type when selected."""
    wb = openpyxl.load_workbook(blank_path)
    instructions = [str(c.value) for row in wb[SHEET_INSTRUCTIONS].iter_rows() for c in row if c.value]
    assert "CÁCH GÕ SỐ LIỆU" in instructions
    typing = next(text for text in instructions if text.startswith("Số nguyên:"))
    assert "chỉ gõ chữ số, KHÔNG gõ dấu chấm hay dấu phẩy phân cách hàng nghìn: gõ 1306" in typing
    assert "Excel đặt kiểu số tiếng Anh (Hoa Kỳ)" in typing
    assert any(text.startswith("Số lẻ: gõ dấu thập phân mà Excel của máy dùng") for text in instructions)
    assert not any("1.306 (một nghìn ba trăm lẻ sáu); 2,52" in text for text in instructions)  # the old advice
    ws = wb[SHEET_INDICATORS]
    first = INDICATOR_HEADER_ROW + 1
    for key in ("target", "target_max", "baseline", "same_period_last_year", "result", "estimate", "numerator",
                "denominator"):
        dv = _validation_for(ws, f"{column_letter(key)}{first}")[0]
        assert dv.promptTitle == "Cách gõ số", key  # type: ignore[attr-defined]
        assert dv.prompt.startswith("Chỉ gõ chữ số, không gõ dấu phân cách hàng nghìn: 1306"), key  # type: ignore[attr-defined]
        index = openpyxl.utils.column_index_from_string(column_letter(key))
        formats = {d.number_format for d in ws.column_dimensions.values() if d.min <= index <= d.max}
        assert formats == {"#,##0.###"}, key  # adjacent alike columns are stored as one range
    # The year is not a figure: 2026, not 2.026.
    commune = wb[SHEET_COMMUNE]
    year = next(row[1] for row in commune.iter_rows() if str(row[0].value).startswith("Năm kế hoạch"))
    assert (year.value, year.number_format) == (2026, "0")


def test_lists_sheet_holds_every_kind_label(blank_path: Path) -> None:
    ws = openpyxl.load_workbook(blank_path)[SHEET_LISTS]
    kinds = [ws.cell(row, 2).value for row in range(2, len(KIND_LABELS) + 2)]
    assert kinds == list(KIND_LABELS.values())


def test_prefilled_with_catalog(tmp_path: Path) -> None:
    catalog = load_catalog()
    path = tmp_path / "so.xlsx"
    write_blank(path, BlankSpec(code="06004", name="Quốc Khánh", catalog=catalog))
    ws = openpyxl.load_workbook(path)[SHEET_INDICATORS]
    first = INDICATOR_HEADER_ROW + 1
    codes = [ws[f"{column_letter('code')}{row}"].value for row in range(first, first + len(catalog))]
    assert codes == list(catalog.entries)
    assert ws[f"{column_letter('name')}{first}"].value == "Thu ngân sách nhà nước trên địa bàn"


def test_refuses_bad_code_and_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "so.xlsx"
    with pytest.raises(ConfigError, match="mã xã phải gồm đúng 5 chữ số"):
        write_blank(path, BlankSpec(code="6004", name="Quốc Khánh"))
    assert not path.exists()
    path.write_bytes(b"keep me")
    with pytest.raises(OutputError, match="tệp đã có"):
        write_blank(path, BlankSpec(code="06004", name="Quốc Khánh"))
    assert path.read_bytes() == b"keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["so.xlsx"]  # no temporary file left behind


def test_same_spec_same_bytes(tmp_path: Path) -> None:
    spec = BlankSpec(code="06004", name="Quốc Khánh", year=2026)
    write_blank(tmp_path / "a.xlsx", spec)
    write_blank(tmp_path / "b.xlsx", spec)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
