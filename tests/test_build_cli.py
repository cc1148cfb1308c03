"""`nqreport build` on the command line: exit codes, the closing line, a skipped commune, options."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from build_helpers import invoke, simple_rows, write_workbook

TIME = re.compile(r"Thời gian: \d+,\d giây\.$")


def test_build_succeeds_with_closing_line_on_stdout(workspace: Path) -> None:
    code, out, err = invoke("build", "-w", str(workspace), "--jobs", "1")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Đã lập báo cáo và phụ lục của 2 xã, báo cáo và bảng tổng hợp vào outputs/. ")
    assert TIME.search(lines[0])
    assert err == ""
    assert (workspace / "outputs" / "06004-quoc-khanh" / "bao-cao.docx").is_file()
    assert (workspace / "outputs" / "tong-hop" / "tong-hop.xlsx").is_file()


def test_skipped_commune_lists_its_problems_and_exits_1(workspace: Path) -> None:
    (workspace / "inputs" / "hong.xlsx").write_bytes(b"")
    code, out, err = invoke("build", "-w", str(workspace), "--jobs", "1")
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[0] == "inputs/hong.xlsx (1 lỗi):"
    assert lines[1].startswith("  inputs/hong.xlsx: Lỗi: ")
    assert lines[-1].startswith("Đã lập báo cáo và phụ lục của 2 xã, báo cáo và bảng tổng hợp vào outputs/; "
                                "bỏ qua 1 sổ: inputs/hong.xlsx (1 lỗi). Thời gian: ")
    assert (workspace / "outputs" / "06475-bang-mac" / "phu-luc.docx").is_file()


def test_strict_turns_warnings_into_a_skipped_commune(workspace: Path) -> None:
    rows = simple_rows()
    rows[2]["code"] = "ZZ99"  # not in the catalog: a warning
    (workspace / "inputs" / "06004-quoc-khanh.xlsx").unlink()
    write_workbook(workspace / "inputs" / "06004-quoc-khanh.xlsx", "06004", "Quốc Khánh", rows)
    code, _, err = invoke("build", "-w", str(workspace), "--jobs", "1")
    assert code == 0, err
    code, _, err = invoke("build", "-w", str(workspace), "--jobs", "1", "--strict")
    assert code == 1
    lines = err.splitlines()
    # Under --strict the warning, and the note that the first run's report is now stale, count as errors.
    assert lines[0] == "inputs/06004-quoc-khanh.xlsx (2 cảnh báo tính là lỗi vì --strict):"
    assert ("  inputs/06004-quoc-khanh.xlsx: Cảnh báo: outputs/06004-quoc-khanh/ vẫn còn báo cáo của lần chạy "
            "trước, KHÔNG được cập nhật lần này; đừng dùng báo cáo đó trước khi sửa lỗi và chạy lại") in lines
    assert "bỏ qua 1 sổ: inputs/06004-quoc-khanh.xlsx (1 cảnh báo, --strict coi là lỗi)" in err


def test_only_and_period(workspace: Path) -> None:
    code, out, err = invoke("build", "-w", str(workspace), "--jobs", "1", "--only", "Bằng Mạc", "--period", "6 tháng")
    assert code == 0, err
    assert out.startswith("Đã lập báo cáo và phụ lục của 1 xã vào outputs/. ")
    manifest = json.loads((workspace / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["period"] == "6_months"
    assert manifest["options"]["only"] == ["Bằng Mạc"]
    assert [b["code"] for b in manifest["built"]] == ["06475"]
    assert err == "--only: giữ nguyên báo cáo tổng hợp cũ; báo cáo tổng hợp chỉ lập khi chạy cho mọi xã\n"


def test_only_nothing_matches(workspace: Path) -> None:
    code, _, err = invoke("build", "-w", str(workspace), "--jobs", "1", "--only", "99999")
    assert code == 1
    assert err.splitlines()[:2] == [
        "--only (1 lỗi):",
        "  --only: Lỗi: không có xã nào có mã hoặc tên \"99999\" trong inputs/; hãy ghi mã 5 chữ số (ví dụ 06004) "
        "hoặc tên xã như trong sổ chỉ tiêu",
    ]


def test_pdf_without_libreoffice(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nqreport.write.pdf.find_soffice", lambda: None)
    code, _, err = invoke("build", "-w", str(workspace), "--pdf")
    assert code == 1
    assert err.startswith("Lỗi: Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF: hãy cài LibreOffice ")
    assert "hoặc bỏ --pdf" in err
    assert not (workspace / "outputs" / "06004-quoc-khanh").exists()


def test_missing_template_is_one_line_not_a_traceback(workspace: Path) -> None:
    (workspace / "templates" / "bao-cao-xa.docx").unlink()
    code, _, err = invoke("build", "-w", str(workspace))
    assert code == 1
    assert err == ("Lỗi: Không tìm thấy mẫu Word: templates/bao-cao-xa.docx. Hãy chép mẫu mặc định vào "
                   "templates/ (nqreport init tạo sẵn) hoặc sửa mục [templates] trong nqreport.toml\n")


def test_quiet_prints_nothing_on_success(workspace: Path) -> None:
    # -q before or after the command name: a successful build says nothing; the exit code tells.
    for args in (("-q", "build"), ("build", "-q")):
        code, out, err = invoke(*args, "-w", str(workspace), "--jobs", "1", "--only", "06004")
        assert (code, out, err) == (0, "", "")
    assert (workspace / "outputs" / "06004-quoc-khanh" / "bao-cao.docx").is_file()
