"""What changed since the last build: outputs/thay-doi.md and the closing summary of `nqreport build` list
each figure and verdict that moved (commune, indicator, old → new, cell), from the previous build's trace
in outputs/, never from the inputs."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import openpyxl
import pytest

from build_helpers import invoke
from nqreport.changes import Comparison, compare
from nqreport.wording.changes import changes_markdown, summary_lines
from trace_helpers import example_workspace

QK = "inputs/06004-quoc-khanh.xlsx"
BM = "inputs/06475-bang-mac.xlsx"
HEADING = "Thay đổi so với lần lập trước"


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    root = example_workspace(tmp_path / "ws")
    code, _, err = invoke("build", "-w", str(root), "-j", "1")
    assert code == 0, err
    return root


def edit(root: Path, workbook: str, cell: str, value: object) -> object:
    """Change one cell of a workbook the way an official would (openpyxl stands in for Excel); the old value."""
    book = openpyxl.load_workbook(root / workbook)
    sheet = book["Chỉ tiêu"]
    old = sheet[cell].value
    sheet[cell].value = value
    book.save(root / workbook)
    return old


def rebuild(root: Path, *options: str) -> list[str]:
    code, out, err = invoke("build", "-w", str(root), "-j", "1", *options)
    assert code == 0, err
    return out.splitlines()


def changes_file(root: Path) -> str:
    return (root / "outputs" / "thay-doi.md").read_text(encoding="utf-8")


def test_the_first_build_says_there_is_no_earlier_one(tmp_path: Path) -> None:
    root = example_workspace(tmp_path / "ws")
    code, out, _ = invoke("build", "-w", str(root), "-j", "1")
    assert code == 0
    assert HEADING not in out and len(out.splitlines()) == 1  # only the closing line
    assert "Chưa có lần lập báo cáo trước trong outputs/ để so sánh." in changes_file(root)


def test_nothing_changed(ws: Path) -> None:
    out = rebuild(ws)
    assert out[0] == "Không có số liệu hay đánh giá nào thay đổi so với lần lập trước."
    text = changes_file(ws)
    assert "Không có số liệu hay đánh giá nào thay đổi" in text
    assert text.count("Không thay đổi.") == 2


def test_one_figure_changed_lists_exactly_that_figure(ws: Path) -> None:
    assert edit(ws, QK, "N7", 220) == 210  # Trồng rừng, estimate for the year: still above its 200 ha
    out = rebuild(ws)
    line = f"  xã Quốc Khánh › Trồng rừng › Ước thực hiện cả năm: 210 → 220 ({QK} › Chỉ tiêu › N7)"
    assert out[:2] == [f"{HEADING} (1; chi tiết: outputs/thay-doi.md):", line]
    assert out[2].startswith("Đã lập báo cáo")
    text = changes_file(ws)
    assert f"| Trồng rừng | Ước thực hiện cả năm | 210 | 220 | {QK} › Chỉ tiêu › N7 |" in text
    assert text.count("| Trồng rừng |") == 1 and "Đánh giá" not in text.split("## Xã Bằng Mạc")[0]
    assert "## Xã Bằng Mạc (06475)\n\nKhông thay đổi." in text


def test_a_verdict_that_changes_is_listed_with_the_figure(ws: Path) -> None:
    assert edit(ws, QK, "N4", 1200) == 1420  # revenue: 1.200 of 1.306 planned, no longer above the plan
    out = rebuild(ws)
    assert out[:3] == [
        f"{HEADING} (2; chi tiết: outputs/thay-doi.md):",
        f"  xã Quốc Khánh › Thu ngân sách nhà nước trên địa bàn › Ước thực hiện cả năm: 1.420 → 1.200 ({QK} › Chỉ tiêu › N4)",
        f"  xã Quốc Khánh › Thu ngân sách nhà nước trên địa bàn › Đánh giá: Vượt → Không đạt ({QK} › Chỉ tiêu › hàng 4)",
    ]
    text = changes_file(ws)
    assert f"| Thu ngân sách nhà nước trên địa bàn | Đánh giá | Vượt | Không đạt | {QK} › Chỉ tiêu › hàng 4 |" in text


def test_a_cell_emptied_and_a_date_changed(ws: Path) -> None:
    edit(ws, QK, "L4", None)  # same period last year of revenue: emptied
    out = rebuild(ws)
    assert out[1] == (f"  xã Quốc Khánh › Thu ngân sách nhà nước trên địa bàn › Thực hiện cùng kỳ năm trước: 610 → "
                      f"(trống) ({QK} › Chỉ tiêu › L4)")


def test_only_compares_the_communes_built(ws: Path) -> None:
    edit(ws, BM, "N5", 999)
    edit(ws, QK, "N7", 220)
    out = rebuild(ws, "--only", "06004")
    assert [line for line in out if line.startswith("  ")] == [
        f"  xã Quốc Khánh › Trồng rừng › Ước thực hiện cả năm: 210 → 220 ({QK} › Chỉ tiêu › N7)"]
    text = changes_file(ws)
    assert "(--only)" in text and "Bằng Mạc" not in text
    out = rebuild(ws)  # the whole workspace: Bằng Mạc's change shows, Quốc Khánh's was shown already
    assert next(line for line in out if line.startswith("  ")).startswith("  xã Bằng Mạc › ")
    assert not any(line.startswith("  xã Quốc Khánh") for line in out)


def test_inputs_are_only_read_and_a_failed_build_leaves_outputs_as_they_were(ws: Path) -> None:
    edit(ws, QK, "N7", 220)
    watched = sorted((ws / "inputs").iterdir())
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in watched}
    outputs = {p: p.read_bytes() for p in (ws / "outputs").rglob("*") if p.is_file()}
    template = ws / "templates" / "bao-cao-xa.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"{{ dem.cau }}", b"{{ dem.cauu }}", 1)
    with zipfile.ZipFile(template, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    code, _, err = invoke("build", "-w", str(ws), "-j", "1")
    assert code == 1 and "cauu" in err
    assert {p: p.read_bytes() for p in (ws / "outputs").rglob("*") if p.is_file()} == outputs
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in watched} == before


def test_the_earlier_state_of_a_commune_found_by_its_code(ws: Path) -> None:
    """The commune's name spelt otherwise last time: another folder, the same code."""
    (ws / "outputs" / "06004-quoc-khanh").rename(ws / "outputs" / "06004-quoc-khanh-cu")
    edit(ws, QK, "N7", 220)
    out = rebuild(ws)
    assert out[1] == f"  xã Quốc Khánh › Trồng rừng › Ước thực hiện cả năm: 210 → 220 ({QK} › Chỉ tiêu › N7)"


def test_a_trace_that_cannot_be_read_compares_as_none(ws: Path) -> None:
    (ws / "outputs" / "06004-quoc-khanh" / "truy-vet.json").write_text("{hỏng", encoding="utf-8")
    out = rebuild(ws)
    assert "  xã Quốc Khánh › lập lần đầu, chưa có bản trước để so sánh" in out
    assert "## Xã Quốc Khánh (06004)\n\nLập lần đầu, chưa có bản trước để so sánh." in changes_file(ws)


# --------------------------------------------------------------------------- the comparison itself


def state(**indicators: dict[str, list[str]]) -> dict[str, object]:
    return {"state_format": "1", "code": "06004", "commune": "xã Quốc Khánh",
            "sheets": {"commune": "a.xlsx › Thông tin chung", "indicators": "a.xlsx › Chỉ tiêu"},
            "sheet": {"cutoff": ["B9", "30/06/2026"], "period": ["nqreport.toml › period", "6 tháng"]},
            "indicators": [{"id": key, "name": key.title(), "row": row, "status": "Đạt", "values": values}
                           for row, (key, values) in enumerate(indicators.items(), start=4)]}


def test_added_removed_and_moved_indicators() -> None:
    earlier = state(a={"target": ["G4", "5"]}, b={"target": ["G5", "7"]})
    now = state(b={"target": ["G4", "7"]}, c={"target": ["G5", "1"]})  # b moved up a row: the same indicator
    comparison = compare(earlier, now)
    assert (comparison.earlier, comparison.changes, comparison.added, comparison.removed) == (True, (), ("C",), ("A",))
    assert summary_lines([comparison], "outputs", 10) == [
        f"{HEADING} (2; chi tiết: outputs/thay-doi.md):", "  xã Quốc Khánh › Chỉ tiêu mới: C",
        "  xã Quốc Khánh › Không còn chỉ tiêu: A"]


def test_a_setting_that_changed_is_named_where_it_is_set() -> None:
    earlier = state(a={})
    now = state(a={})
    now["sheet"] = {"cutoff": ["B9", "30/06/2026"], "period": ["--period", "Năm"]}
    (change,) = compare(earlier, now).changes
    assert (change.indicator, change.what, change.old, change.new, change.cell) == (
        "Thông tin chung", "Kỳ báo cáo", "6 tháng", "Năm", "--period")


@pytest.mark.parametrize("earlier", [None, {}, {"state_format": "0", "indicators": []}, {"indicators": "x"}])
def test_an_earlier_state_that_is_missing_or_unreadable(earlier: object) -> None:
    comparison = compare(earlier, state(a={}))  # type: ignore[arg-type]
    assert comparison == Comparison("06004", "xã Quốc Khánh", earlier=False)
    assert "Chưa có lần lập báo cáo trước" in changes_markdown([comparison], "outputs")


def test_an_earlier_state_edited_by_hand_compares_what_it_can() -> None:
    earlier = state(a={"target": ["G4", "5"]}, b={"target": ["G5", "7"]})
    earlier["indicators"][0]["id"] = ["a"]  # type: ignore[index]
    comparison = compare(earlier, state(a={"target": ["G4", "5"]}, b={"target": ["G5", "8"]}))
    assert comparison.added == ("A",) and comparison.removed == ()
    assert [(c.indicator, c.old, c.new) for c in comparison.changes] == [("B", "7", "8")]
