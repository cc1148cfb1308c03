"""nqreport extract as an official meets it: the table, the workbook (checked rows in yellow with their
reason), the JSON view, what is refused, and the way on: validate, results typed in, build."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
import pytest

from build_helpers import files_under, invoke
from nqreport.scaffold.blank import REVIEW_FILL
from nqreport.scaffold.init import init_workspace
from nqreport.schema import INDICATOR_COLUMNS, INDICATOR_HEADER_ROW, SHEET_COMMUNE, SHEET_INDICATORS, Kind

ROOT = Path(__file__).resolve().parent / "data"
QUOC_KHANH = ROOT / "seeds" / "nghi-quyet-xa-quoc-khanh-2026.txt"
BANG_MAC = ROOT / "seeds" / "nghi-quyet-xa-bang-mac-2026.txt"
QUANG_NINH = ROOT / "resolutions" / "xa-quang-ninh-2026.txt"
COLUMN = {col.key: index + 1 for index, col in enumerate(INDICATOR_COLUMNS)}


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    init_workspace(root)
    return root


def test_writes_the_workbook_into_inputs_and_prints_what_it_read(ws: Path) -> None:
    code, out, err = invoke("extract", str(QUOC_KHANH), "-w", str(ws))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == ("Nghị quyết nghi-quyet-xa-quoc-khanh-2026.txt: Hội đồng nhân dân xã Quốc Khánh (tỉnh Lạng Sơn, "
                        "mã 06004), kế hoạch năm 2026, thông qua ngày 18/12/2025.")
    assert lines[1] == 'Mục chỉ tiêu: "2. Các chỉ tiêu chủ yếu" — 29 chỉ tiêu, 2 chỉ tiêu cần kiểm tra (dấu !).'
    assert any(line.startswith("    4  (3)    ≥                    200  ha           Trồng rừng 200ha") for line in lines)
    assert lines[-1].startswith(f"Đã ghi sổ chỉ tiêu {ws / 'inputs' / '06004-quoc-khanh.xlsx'} (29 chỉ tiêu; 2 dòng "
                                "tô vàng cần kiểm tra")
    assert "Hãy điền ở trang Thông tin chung: Họ tên người ký." in lines[-1]
    code, out, err = invoke("validate", "-w", str(ws))
    assert code == 0, err
    assert out.startswith("Đã kiểm tra 1 sổ chỉ tiêu: 0 lỗi, ")


def test_rows_to_check_are_yellow_with_their_reason(ws: Path) -> None:
    path = ws / "inputs" / "so.xlsx"
    assert invoke("extract", str(QUOC_KHANH), "-o", str(path), "-q")[0] == 0
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET_INDICATORS]
    first = INDICATOR_HEADER_ROW + 1
    names = {sheet.cell(row, COLUMN["name"]).value: row for row in range(first, first + 29)}
    poverty = names["Giảm tỷ lệ hộ nghèo"]
    forest = names["Trồng rừng"]
    assert sheet.cell(poverty, COLUMN["name"]).fill.fgColor.rgb.endswith(REVIEW_FILL[1:])
    assert sheet.cell(poverty, COLUMN["target"]).fill.fgColor.rgb.endswith(REVIEW_FILL[1:])
    assert '"Giảm 11 hộ"' in sheet.cell(poverty, COLUMN["name"]).comment.text
    assert sheet.cell(forest, COLUMN["name"]).comment is None
    assert sheet.cell(forest, COLUMN["note"]).value == "NQ (3): Trồng rừng 200ha"
    commune = book[SHEET_COMMUNE]
    signer = next(row for row in range(1, 30) if str(commune.cell(row, 1).value).startswith("Họ tên người ký"))
    assert "Chủ tịch UBND" in commune.cell(signer, 2).comment.text
    period = next(row for row in range(1, 30) if str(commune.cell(row, 1).value).startswith("Kỳ báo cáo"))
    cutoff = next(row for row in range(1, 30) if str(commune.cell(row, 1).value).startswith("Số liệu tính đến"))
    assert (commune.cell(period, 2).value, commune.cell(cutoff, 2).value) == ("6 tháng", datetime(2026, 6, 30))


def test_never_writes_over_a_workbook_without_force(ws: Path) -> None:
    path = ws / "inputs" / "06004-quoc-khanh.xlsx"
    path.write_bytes(b"so cua can bo")
    code, _out, err = invoke("extract", str(QUOC_KHANH), "-w", str(ws))
    assert code == 1
    assert err == f"Lỗi: {path}: tệp đã có; hãy chọn tên khác hoặc thêm --force để ghi đè\n"
    assert path.read_bytes() == b"so cua can bo"
    assert invoke("extract", str(QUOC_KHANH), "-w", str(ws), "--force", "-q")[0] == 0
    assert path.read_bytes().startswith(b"PK")


def test_json_for_other_tools_writes_nothing(tmp_path: Path) -> None:
    code, out, err = invoke("extract", str(BANG_MAC), "--format", "json", "-w", str(tmp_path))
    assert code == 0, err
    assert files_under(tmp_path) == []
    doc = json.loads(out)
    assert doc["commune"] == {"name": "Bằng Mạc", "province": "Lạng Sơn", "code": "06475", "year": 2026}
    assert doc["resolution"] == {"number": None, "date": "2025-12-26", "body": "Hội đồng nhân dân xã Bằng Mạc"}
    assert doc["problems"] == []
    first = doc["targets"][0]
    assert first == {"field": None, "text": "Phấn đấu thu nhập bình quân đầu người đạt khoảng 50 triệu đồng",
                     "name": "Thu nhập bình quân đầu người", "unit": "triệu đồng", "kind": "approx", "target": 50,
                     "target_max": None, "deadline": None, "uncertain": None}
    assert {t["kind"] for t in doc["targets"]} <= {kind.value for kind in Kind}
    quoc_khanh = json.loads(invoke("extract", str(QUOC_KHANH), "--format", "json", "-w", str(tmp_path))[1])
    school = next(t for t in quoc_khanh["targets"] if t["kind"] == "deadline")
    assert (school["field"], school["deadline"]) == ("Chỉ tiêu về văn hóa - xã hội, chuyển đổi số và bảo vệ môi "
                                                     "trường đảm bảo phát triển bền vững", "2026-07-15")
    assert next(t for t in quoc_khanh["targets"] if t["unit"] == "km")["target"] == 2.52


def test_a_commune_the_list_cannot_settle_needs_its_code(ws: Path) -> None:
    code, _, err = invoke("extract", str(QUANG_NINH), "-w", str(ws))
    assert code == 1
    assert err == (f"Lỗi: {QUANG_NINH}: chưa xác định được mã xã của xã Quảng Ninh (Nghị quyết không ghi tên tỉnh; "
                   "có 2 đơn vị tên Quảng Ninh: 16540 (Thanh Hóa), 19207 (Quảng Trị)); hãy ghi mã 5 chữ số, ví dụ: "
                   "nqreport extract xa-quang-ninh-2026.txt --code 16540\n")
    assert files_under(ws / "inputs") == []
    code, _out, err = invoke("extract", str(QUANG_NINH), "-w", str(ws), "--code", "19207", "--signer", "Lê Văn Nam")
    assert code == 0, err
    assert files_under(ws / "inputs") == ["19207-quang-ninh.xlsx"]
    assert invoke("validate", "-w", str(ws))[0] == 0


@pytest.mark.parametrize(("content", "words"), [(b"", "tệp rỗng"), (b"Bien ban hop thon\n", "không tìm thấy mục chỉ tiêu")])
def test_bad_input_is_one_line_and_nothing_is_written(ws: Path, content: bytes, words: str) -> None:
    path = ws / "nghi-quyet.txt"
    path.write_bytes(content)
    code, out, err = invoke("extract", str(path), "-w", str(ws))
    assert (code, out) == (1, "")
    assert err.startswith(f"Lỗi: {path}: ") and words in err and err.count("\n") == 1
    assert files_under(ws / "inputs") == []


def test_extract_then_results_typed_in_then_build(ws: Path) -> None:
    assert invoke("extract", str(QUOC_KHANH), "-w", str(ws), "-q", "--signer", "Hoàng Văn B")[0] == 0
    path = ws / "inputs" / "06004-quoc-khanh.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET_INDICATORS]
    row = INDICATOR_HEADER_ROW + 1
    while sheet.cell(row, COLUMN["name"]).value:
        kind = sheet.cell(row, COLUMN["kind"]).value
        target = sheet.cell(row, COLUMN["target"]).value
        if "Định tính" in kind or "Hoàn thành" in kind:
            sheet.cell(row, COLUMN["manual_status"]).value = "Đang thực hiện"
        else:
            sheet.cell(row, COLUMN["baseline"]).value = 100
            sheet.cell(row, COLUMN["result"]).value = target or 100
            sheet.cell(row, COLUMN["estimate"]).value = target or 100
        row += 1
    book.save(path)
    code, out, err = invoke("validate", "-w", str(ws))
    assert code == 0 and "0 lỗi" in out, err
    code, out, err = invoke("build", "-w", str(ws), "-j", "1")
    assert code == 0, err
    assert out.startswith("Đã lập báo cáo và phụ lục của 1 xã")
    report = docx.Document(str(ws / "outputs" / "06004-quoc-khanh" / "bao-cao.docx"))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "Quốc Khánh" in text and "Thu ngân sách nhà nước trên địa bàn" in text
