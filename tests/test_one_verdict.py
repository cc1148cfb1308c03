"""One verdict everywhere: a commune's indicator has the same status in its report, its appendix, the
summary report, the summary workbook and ``nqreport summary --format json`` — on the example workspace and
on a 100-commune synthetic one (benchmarks/synth.py: the first 100 units of the official list, each with
the indicators of an example commune and its figures scaled)."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from build_helpers import invoke
from docx_helpers import Docx
from nqreport.build import SUMMARY_DIR, SUMMARY_REPORT, SUMMARY_WORKBOOK, BuildOptions, build
from nqreport.config.settings import load_settings
from nqreport.jobs import COMMUNE_APPENDIX, COMMUNE_REPORT, commune_folder
from nqreport.schema import STATUS_LABELS, Status
from nqreport.wording.sentences import STATUS_PHRASES

ROOT = Path(__file__).resolve().parent.parent
LABELS = {label: status for status, label in STATUS_LABELS.items()}
PHRASES = {phrase: status for status, phrase in STATUS_PHRASES.items()}


def _example(tmp: Path) -> Path:
    for name in ("inputs", "templates"):
        shutil.copytree(ROOT / name, tmp / name)
    shutil.copy(ROOT / "nqreport.toml", tmp / "nqreport.toml")
    return tmp


def _synthetic(tmp: Path) -> Path:
    spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    synth.make_workspace(tmp, 100)
    return tmp


@pytest.fixture(scope="module", params=["example", "synthetic-100"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp(request.param)
    root = _example(root) if request.param == "example" else _synthetic(root)
    result = build(load_settings(root), BuildOptions())
    assert result.summary_built and not result.skipped
    code, out, _ = invoke("summary", "--format", "json", "-w", str(root))
    assert code == 0
    return root, json.loads(out)


def _expected(commune: dict[str, Any]) -> list[tuple[str, Status]]:
    return [(item["name"], Status(item["status"])) for item in commune["indicators"]]


def _folder(root: Path, commune: dict[str, Any]) -> Path:
    return root / "outputs" / commune_folder(commune["code"], commune["name"])


def test_the_appendix_has_the_verdicts_of_the_json(built: tuple[Path, dict[str, Any]]) -> None:
    root, doc = built
    for commune in doc["communes"]:
        appendix = Docx((_folder(root, commune) / COMMUNE_APPENDIX).read_bytes())
        rows = [row for table in appendix.tables() for row in Docx.rows(table)
                if len(row) >= 9 and row[0].isdigit()]
        assert [(row[1], LABELS[row[8]]) for row in rows] == _expected(commune), commune["code"]


def _starts_with_name(line: str, name: str) -> bool:
    """A report line begins with the indicator's name, or with what a "Giảm …" indicator brings down
    ("Tỷ lệ hộ nghèo còn 7,9%" for "Giảm tỷ lệ hộ nghèo")."""
    head = name.split(" (")[0][:20].casefold()
    subject = head[5:] if head.startswith("giảm ") else head
    return line.casefold().startswith((head, subject))


def _report_verdict(sentence: str) -> Status:
    """The verdict a line of the commune report ends with; a line that cannot be judged says why."""
    found = re.search(r"\(([^()]*)\)\.?$", sentence)
    if found and found.group(1) in PHRASES:
        return PHRASES[found.group(1)]
    assert "(chưa đánh giá được do" in sentence or sentence.rstrip(".").endswith(
        (": chưa có số liệu", ": chưa tự đánh giá")), sentence
    return Status.NO_DATA


def test_the_commune_report_has_the_verdicts_of_the_json(built: tuple[Path, dict[str, Any]]) -> None:
    root, doc = built
    for commune in doc["communes"]:
        paragraphs = Docx((_folder(root, commune) / COMMUNE_REPORT).read_bytes()).paragraphs()
        start = paragraphs.index("II. KẾT QUẢ THỰC HIỆN THEO LĨNH VỰC")
        end = next(i for i, p in enumerate(paragraphs) if i > start and re.match(r"III?\. |IV\. ", p))
        lines = [p for p in paragraphs[start:end] if p.startswith("- ")]
        verdicts = [(line, _report_verdict(line)) for line in lines]
        expected = _expected(commune)
        assert len(verdicts) == len(expected), commune["code"]
        for (line, status), (name, wanted) in zip(verdicts, expected, strict=True):
            assert _starts_with_name(line[2:], name), (line, name)
            assert status is wanted, (commune["code"], line)


def test_the_summary_workbook_has_the_verdicts_of_the_json(built: tuple[Path, dict[str, Any]]) -> None:
    root, doc = built
    sheet = openpyxl.load_workbook(root / "outputs" / SUMMARY_DIR / SUMMARY_WORKBOOK, read_only=True)["Chỉ tiêu"]
    by_code: dict[str, list[tuple[str, Status]]] = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        by_code.setdefault(str(row[0]), []).append((str(row[5]), LABELS[str(row[17])]))
    assert by_code == {commune["code"]: _expected(commune) for commune in doc["communes"]}


def test_the_summary_report_lists_exactly_the_indicators_not_met(built: tuple[Path, dict[str, Any]]) -> None:
    """Up to 5 communes, each indicator not met in a sentence; more, one row per commune naming them."""
    root, doc = built
    report = Docx((root / "outputs" / SUMMARY_DIR / SUMMARY_REPORT).read_bytes())
    expected = {commune["name"]: [name for name, status in _expected(commune) if status is Status.NOT_MET]
                for commune in doc["communes"]}
    expected = {name: failed for name, failed in expected.items() if failed}
    assert expected  # not a vacuous comparison
    if len(doc["communes"]) > 5:
        table = next(t for t in report.tables() if Docx.rows(t)[0][-1] == "Các chỉ tiêu không đạt")
        rows = Docx.rows(table)[1:]
        assert {row[1]: int(row[2]) for row in rows} == {name: len(failed) for name, failed in expected.items()}
        for row in rows:
            assert row[3] == "; ".join(expected[row[1]]), row[1]
        return
    paragraphs = report.paragraphs()
    start = paragraphs.index("III. CÁC XÃ CÓ CHỈ TIÊU KHÔNG ĐẠT")
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.startswith("IV. "))
    listed: dict[str, list[str]] = {}
    current = ""
    for line in paragraphs[start + 1:end]:
        head = re.match(r"- (?:Xã|Phường|Đặc khu) (.+): (\d+) chỉ tiêu không đạt:$", line)
        if head:
            current = head.group(1)
            listed[current] = []
        elif line.startswith("+ "):
            listed[current].append(line)
    assert {name: len(items) for name, items in listed.items()} == {k: len(v) for k, v in expected.items()}
    for name, items in listed.items():
        for line, indicator in zip(items, expected[name], strict=True):
            assert _starts_with_name(line[2:], indicator), (line, indicator)
            assert line.endswith(f"({STATUS_PHRASES[Status.NOT_MET]}).")
