"""`nqreport status`: the submission board of a workspace, as text and JSON."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from nqreport.cli import main
from nqreport.config.communes import load_register
from wbfactory import COMMUNE, Book, write

ROOT = Path(__file__).resolve().parent.parent


def example_workspace(root: Path, settings: str = "year = 2026\nprovince = 20\n") -> Path:
    shutil.copytree(ROOT / "inputs", root / "inputs")
    (root / "nqreport.toml").write_text(settings, encoding="utf-8")
    return root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_example_workspace_of_lang_son(tmp_path: Path) -> None:
    root = example_workspace(tmp_path / "ws")
    code, out, _ = run("status", "-w", str(root))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ("Tình hình nộp sổ chỉ tiêu: 65 xã phải nộp (province = 20 trong nqreport.toml); đã nộp 2 "
                        "(0 hợp lệ, 2 có cảnh báo, 0 có lỗi); chưa nộp 63.")
    assert lines[2] == "Đã nộp (2):"
    assert lines[3].split()[:4] == ["06004", "xã", "Quốc", "Khánh"]
    assert "inputs/06004-quoc-khanh.xlsx" in lines[3] and "số liệu đến 30/06/2026" in lines[3]
    assert lines[3].endswith("có 1 cảnh báo")
    assert lines[4].split()[:4] == ["06475", "xã", "Bằng", "Mạc"]
    assert lines[6] == "Chưa nộp (63):"
    missing = [line.split(maxsplit=1) for line in lines[7:70]]
    lang_son = [u for u in load_register().in_province("20") if u.code not in ("06004", "06475")]
    assert missing == [[u.code, u.full_name] for u in lang_son]
    assert lines[71] == "Xem lỗi, cảnh báo của từng sổ và cách sửa: nqreport validate"


def test_the_board_as_json(tmp_path: Path) -> None:
    root = example_workspace(tmp_path / "ws")
    code, out, _ = run("status", "-w", str(root), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["expected"], doc["received"], doc["missing"], doc["with_warnings"]) == (65, 2, 63, 2)
    received = [c for c in doc["communes"] if c["files"]]
    assert [(c["code"], c["name"], c["status"]) for c in received] == [
        ("06004", "xã Quốc Khánh", "co_canh_bao"), ("06475", "xã Bằng Mạc", "co_canh_bao")]
    assert received[0]["files"][0]["file"] == "inputs/06004-quoc-khanh.xlsx"
    assert received[0]["files"][0]["cutoff"] == "2026-06-30"
    assert len(doc["missing_communes"]) == 63
    assert {"code": "06001", "name": "xã Đoàn Kết"} in doc["missing_communes"]


def test_a_workbook_with_errors_is_received_and_strangers_are_set_apart(tmp_path: Path) -> None:
    root = example_workspace(tmp_path / "ws")
    inputs = root / "inputs"
    # xã Đoàn Kết sent a workbook with its year unreadable: in, with an error; not missing.
    write(inputs, Book(commune={**COMMUNE, "code": "06001", "name": "Đoàn Kết", "year": "năm nay"}), name="dk")
    write(inputs, Book(commune={**COMMUNE, "code": "16540", "name": "Quảng Ninh", "province": "Thanh Hóa"}),
          name="qn")
    (inputs / "rong.xlsx").write_bytes(b"")
    code, out, _ = run("status", "-w", str(root))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith("đã nộp 3 (0 hợp lệ, 2 có cảnh báo, 1 có lỗi); chưa nộp 62.")
    doan_ket = next(line for line in lines if line.startswith("  06001"))
    assert "inputs/dk.xlsx" in doan_ket and doan_ket.endswith("có 1 lỗi")
    start = lines.index("Tệp khác trong inputs/ (không thuộc các xã phải nộp, hoặc không đọc được) (2):")
    assert lines[start + 1].split()[:4] == ["16540", "xã", "Quảng", "Ninh"]
    assert "có 1 cảnh báo" in lines[start + 1]
    assert lines[start + 2].split()[:4] == ["?", "(không", "đọc", "được)"]


def test_without_a_province_the_board_lists_what_is_in_and_says_how_to_name_the_rest(tmp_path: Path) -> None:
    root = example_workspace(tmp_path / "ws", "year = 2026\n")
    code, out, _ = run("status", "-w", str(root))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Sổ chỉ tiêu đã nhận: 2 xã (0 hợp lệ, 2 có cảnh báo, 0 có lỗi). nqreport.toml chưa "
                               "ghi các xã phải nộp; thêm province = 20")
    assert "Chưa nộp" not in out
    doc = json.loads(run("status", "-w", str(root), "--format", "json")[1])
    assert (doc["expects"], doc["expected"], doc["missing"], doc["received"]) == (False, None, None, 2)


def test_a_list_of_communes_with_nothing_received_yet(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "nqreport.toml").write_text('communes = "cum.csv"\n', encoding="utf-8")
    (root / "cum.csv").write_text("06475,Bằng Mạc\n06004,Quốc Khánh\n", encoding="utf-8")
    code, out, _ = run("status", "-w", str(root))
    assert code == 0
    assert out.splitlines()[:-2] == [
        "Tình hình nộp sổ chỉ tiêu: 2 xã phải nộp (danh sách xã cum.csv); đã nộp 0 (0 hợp lệ, 0 có cảnh báo, 0 có "
        "lỗi); chưa nộp 2.",
        "",
        "Chưa nộp (2):",
        "  06475  xã Bằng Mạc",
        "  06004  xã Quốc Khánh",
    ]
    assert out.splitlines()[-1].startswith("Đã đọc và kiểm tra 0 sổ trong inputs/. Thời gian: ")


def test_not_a_workspace(tmp_path: Path) -> None:
    code, _, err = run("status", "-w", str(tmp_path))
    assert code == 1
    assert "không phải thư mục làm việc" in err


# --------------------------------------------------------------------------- the board in the build's outputs


def built_workspace(root: Path, settings: str) -> Path:
    example_workspace(root, settings)
    shutil.copytree(ROOT / "templates", root / "templates")
    result = CliRunner().invoke(main, ["build", "-w", str(root), "-j", "1"])
    assert result.exit_code == 0, result.output
    return root


def test_the_build_writes_the_board_and_names_the_missing_communes(tmp_path: Path) -> None:
    import openpyxl

    from docx_helpers import Docx
    from nqreport.render.board_sheet import SHEET_BOARD

    root = built_workspace(tmp_path / "ws", 'year = 2026\nperiod = "6 tháng"\nprovince = "Lạng Sơn"\n')
    summary = root / "outputs" / "tong-hop"
    book = openpyxl.load_workbook(summary / "tong-hop.xlsx")
    sheet = book[SHEET_BOARD]
    assert sheet["A2"].value == ("65 xã phải nộp (province = 20 trong nqreport.toml); đã nộp 2, trong đó 0 sổ có lỗi "
                                 "(không lập được báo cáo); chưa nộp 63.")
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4, max_col=8)]
    assert len(rows) == 65
    received = [row for row in rows if row[4]]
    assert [row[1:5] for row in received] == [
        ["06004", "xã Quốc Khánh", "Đã nộp, có cảnh báo", "inputs/06004-quoc-khanh.xlsx"],
        ["06475", "xã Bằng Mạc", "Đã nộp, có cảnh báo", "inputs/06475-bang-mac.xlsx"],
    ]
    assert received[0][5].date().isoformat() == "2026-06-30"
    assert {row[3] for row in rows if not row[4]} == {"Chưa nộp"}
    text = Docx((summary / "bao-cao-tong-hop.docx").read_bytes()).text()
    assert "Còn 63/65 đơn vị cấp xã chưa gửi sổ chỉ tiêu, chưa được tổng hợp: phường Đông Kinh, phường Lương Văn " \
           "Tri, phường Tam Thanh, xã Đoàn Kết" in text
    sentence = next(line for line in text.splitlines() if line.startswith("Còn 63/65"))
    assert "Quốc Khánh" not in sentence and "Bằng Mạc" not in sentence and sentence.endswith(" và xã Châu Sơn.")
    first = (summary / "tong-hop.xlsx").read_bytes()
    for path in (root / "inputs").iterdir():
        os.utime(path, (1_000_000_000, 1_000_000_000))  # a copy changes the files' times, not the outputs
    assert CliRunner().invoke(main, ["build", "-w", str(root), "-j", "1"]).exit_code == 0
    assert (summary / "tong-hop.xlsx").read_bytes() == first


def test_without_a_province_there_is_no_board_in_the_outputs(tmp_path: Path) -> None:
    import openpyxl

    from docx_helpers import Docx

    root = built_workspace(tmp_path / "ws", 'year = 2026\nperiod = "6 tháng"\n')
    summary = root / "outputs" / "tong-hop"
    assert "Tình hình nộp sổ" not in openpyxl.load_workbook(summary / "tong-hop.xlsx").sheetnames
    assert "chưa gửi sổ chỉ tiêu" not in Docx((summary / "bao-cao-tong-hop.docx").read_bytes()).text()
