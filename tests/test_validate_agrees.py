"""``nqreport validate`` and ``nqreport build`` judge a workspace the same: every workbook validate calls bad
is one build skips, and every workbook build skips is one validate calls bad."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from build_helpers import province_workspace
from nqreport.cli import main
from nqreport.scaffold.blank import column_letter
from nqreport.schema import INDICATOR_HEADER_ROW, SHEET_COMMUNE, SHEET_INDICATORS

ROOT = Path(__file__).resolve().parent.parent
QUOC_KHANH = ROOT / "inputs" / "06004-quoc-khanh.xlsx"
BANG_MAC = ROOT / "inputs" / "06475-bang-mac.xlsx"
FIRST_ROW = INDICATOR_HEADER_ROW + 1


def edited(target: Path, source: Path, change: Callable[[openpyxl.Workbook], None]) -> None:
    book = openpyxl.load_workbook(source)
    change(book)
    book.save(target)


def commune_value(label: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    def change(book: openpyxl.Workbook) -> None:
        for row in book[SHEET_COMMUNE].iter_rows(min_col=1, max_col=2):
            if str(row[0].value).startswith(label):
                row[1].value = value
    return change


def figure(key: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    def change(book: openpyxl.Workbook) -> None:
        book[SHEET_INDICATORS][f"{column_letter(key)}{FIRST_ROW}"] = value
    return change


def workspace(root: Path, extra: dict[str, Callable[[Path], None]]) -> Path:
    (root / "inputs").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "nqreport.toml").write_text("year = 2026\n", encoding="utf-8")
    shutil.copy(QUOC_KHANH, root / "inputs" / QUOC_KHANH.name)
    shutil.copy(BANG_MAC, root / "inputs" / BANG_MAC.name)
    for name, make in extra.items():
        make(root / "inputs" / name)
    return root


BROKEN: dict[str, dict[str, Callable[[Path], None]]] = {
    "duplicate": {"ban-sao.xlsx": lambda p: shutil.copy(QUOC_KHANH, p)},
    "bad figure": {"hong.xlsx": lambda p: edited(p, QUOC_KHANH, lambda b: (
        commune_value("Mã đơn vị", "06001")(b), figure("result", "hai trăm")(b)))},
    "empty": {"rong.xlsx": lambda p: p.write_bytes(b"")},
    "last year": {"nam-ngoai.xlsx": lambda p: edited(p, BANG_MAC, lambda b: (
        commune_value("Mã đơn vị", "06002")(b), commune_value("Năm kế hoạch", 2025)(b)))},
    "duplicate with an error": {"ban-sao-hong.xlsx": lambda p: edited(p, BANG_MAC, figure("target", "x1"))},
    "formula never computed": {"cong-thuc.xlsx": lambda p: edited(p, QUOC_KHANH, lambda b: (
        commune_value("Mã đơn vị", "06003")(b), figure("estimate", "=1+1")(b)))},
}


def bad_per_validate(root: Path, strict: bool) -> set[str]:
    result = CliRunner().invoke(main, ["validate", "-w", str(root), *(["--strict"] if strict else [])])
    headings = re.findall(r"^(\S[^\n]*?) \(([^\n]*)\):$", result.stderr, flags=re.MULTILINE)
    return {file for file, counts in headings if "lỗi" in counts}


def skipped_per_build(root: Path, strict: bool) -> set[str]:
    CliRunner().invoke(main, ["build", "-w", str(root), "-j", "1", *(["--strict"] if strict else [])])
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    return {item["file"] for item in manifest["skipped"]}


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
@pytest.mark.parametrize("case", list(BROKEN))
def test_validate_and_build_agree(tmp_path: Path, case: str, strict: bool) -> None:
    root = workspace(tmp_path / "ws", BROKEN[case])
    bad = bad_per_validate(root, strict)
    assert bad, "every case has a bad workbook"
    assert bad == skipped_per_build(root, strict)
    if strict:  # the examples carry a warning each: under --strict they are bad too
        assert {"inputs/06004-quoc-khanh.xlsx", "inputs/06475-bang-mac.xlsx"} <= bad


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_validate_and_build_warn_about_the_same_far_figures(tmp_path: Path, strict: bool) -> None:
    # Twelve communes, one of which typed its revenue in English Excel: only the rule across communes sees it.
    # The build runs in two worker processes: the figures cross to the parent as the workers send them.
    root = province_workspace(tmp_path / "ws", 12, english=[3])
    flag = ["--strict"] if strict else []
    checked = CliRunner().invoke(main, ["validate", "-w", str(root), *flag])
    said = [line.strip() for line in checked.stderr.splitlines() if "khác xa các xã khác" in line]
    assert [line.split(": ")[0] for line in said] == ["inputs/06001-doan-ket.xlsx › Chỉ tiêu › G4"]
    CliRunner().invoke(main, ["build", "-w", str(root), "-j", "2", *flag])
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    logged = [f"{p['file']} › {p['sheet']} › {p['cell']}: Cảnh báo: {p['message']}" for p in manifest["warnings"]
              if "khác xa các xã khác" in p["message"]]
    assert logged == said
    skipped = {item["file"] for item in manifest["skipped"]}
    assert skipped == bad_per_validate(root, strict) == ({"inputs/06001-doan-ket.xlsx"} if strict else set())
