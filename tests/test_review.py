"""`nqreport build --review`: a review copy of each report in which every figure carries a Word comment
naming its cells; the official copy is untouched; LibreOffice opens the copy with its comments."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from build_helpers import files_under, invoke
from nqreport.build import BuildOptions, build
from nqreport.config.settings import load_settings
from test_libreoffice_roundtrip import soffice
from trace_helpers import example_workspace, report_of, sources_of, trace_of

REVIEWS = {
    "06004-quoc-khanh/bao-cao.kiem-tra.docx": "06004-quoc-khanh/bao-cao.docx",
    "06004-quoc-khanh/phu-luc.kiem-tra.docx": "06004-quoc-khanh/phu-luc.docx",
    "06475-bang-mac/bao-cao.kiem-tra.docx": "06475-bang-mac/bao-cao.docx",
    "06475-bang-mac/phu-luc.kiem-tra.docx": "06475-bang-mac/phu-luc.docx",
    "tong-hop/bao-cao-tong-hop.kiem-tra.docx": "tong-hop/bao-cao-tong-hop.docx",
}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = example_workspace(tmp_path_factory.mktemp("review") / "ws")
    code, _, err = invoke("build", "-w", str(root), "-j", "1", "--review")
    assert code == 0, err
    return root


def texts(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += [cell.text for row in table.rows for cell in row.cells]
    return out


def test_review_copies_sit_next_to_the_reports(reviewed: Path) -> None:
    files = files_under(reviewed / "outputs")
    assert [f for f in files if ".kiem-tra." in f] == sorted(REVIEWS)
    manifest = (reviewed / "outputs" / "manifest.json").read_text(encoding="utf-8")
    assert all(f"outputs/{name}" in manifest for name in REVIEWS)


@pytest.mark.parametrize("review", sorted(REVIEWS))
def test_every_figure_has_a_comment_naming_its_source(reviewed: Path, review: str) -> None:
    outputs = reviewed / "outputs"
    official = REVIEWS[review]
    copy = (outputs / review).read_bytes()
    assert texts(copy) == texts((outputs / official).read_bytes())  # the same words, runs split or not
    trace = trace_of(outputs / official.split("/")[0] / "truy-vet.json")
    report = report_of(trace, f"outputs/{official}")
    sources = sources_of(trace)
    expected = [(figure["text"], sources[str(figure["source"])])
                for paragraph in report["paragraphs"] if "part" not in paragraph["where"]
                for figure in paragraph.get("figures", ())]
    comments = list(Document(io.BytesIO(copy)).comments)
    assert len(comments) == len(expected)
    found = sorted(c.text for c in comments)
    for text, source in expected:
        head = f"{text}: {source['what']}"
        assert any(c.startswith(head) and source["from"][0] in c for c in found), (text, source)
    assert all(c.author == "nqreport" and c.initials == "NQ" for c in comments)


def test_a_comment_says_how_a_figure_was_computed(reviewed: Path) -> None:
    document = Document(io.BytesIO((reviewed / "outputs" / "06004-quoc-khanh" / "bao-cao.kiem-tra.docx").read_bytes()))
    assert ("108,7%: Tỷ lệ so với kế hoạch\nCách tính: Ước thực hiện cả năm / Chỉ tiêu kế hoạch × 100\n"
            "Nguồn: inputs/06004-quoc-khanh.xlsx › Chỉ tiêu › N4; inputs/06004-quoc-khanh.xlsx › Chỉ tiêu › G4"
            in [c.text for c in document.comments])


def test_the_official_copy_has_no_comment_and_does_not_change(reviewed: Path, tmp_path: Path) -> None:
    plain = example_workspace(tmp_path / "plain")
    build(load_settings(plain), BuildOptions(jobs=1))
    for review, official in REVIEWS.items():
        data = (reviewed / "outputs" / official).read_bytes()
        assert data == (plain / "outputs" / official).read_bytes()
        assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert "word/comments.xml" in zipfile.ZipFile(reviewed / "outputs" / review).namelist()


def test_review_copies_are_the_same_bytes_each_time(reviewed: Path, tmp_path: Path) -> None:
    again = example_workspace(tmp_path / "again")
    build(load_settings(again), BuildOptions(jobs=2, review=True))
    for review in REVIEWS:
        assert (again / "outputs" / review).read_bytes() == (reviewed / "outputs" / review).read_bytes()


def test_a_build_without_review_removes_the_old_copies(tmp_path: Path) -> None:
    root = example_workspace(tmp_path / "ws")
    build(load_settings(root), BuildOptions(jobs=1, review=True))
    build(load_settings(root), BuildOptions(jobs=1, only=("06004",)))
    left = [f for f in files_under(root / "outputs") if ".kiem-tra." in f]
    assert left == ["06475-bang-mac/bao-cao.kiem-tra.docx", "06475-bang-mac/phu-luc.kiem-tra.docx",
                    "tong-hop/bao-cao-tong-hop.kiem-tra.docx"]  # not rebuilt: left alone
    build(load_settings(root), BuildOptions(jobs=1))
    assert [f for f in files_under(root / "outputs") if ".kiem-tra." in f] == []


def test_a_number_without_source_is_flagged_in_the_review_copy(tmp_path: Path) -> None:
    root = example_workspace(tmp_path / "ws")
    template = root / "templates" / "bao-cao-xa.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        "I. KẾT QUẢ CHUNG".encode(), "I. KẾT QUẢ CHUNG ({{ dem.tong - dem.vuot }})".encode(), 1)
    with zipfile.ZipFile(template, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    build(load_settings(root), BuildOptions(jobs=1, review=True))
    document = Document(io.BytesIO((root / "outputs" / "06004-quoc-khanh" / "bao-cao.kiem-tra.docx").read_bytes()))
    assert [c.text for c in document.comments if c.text.startswith("19:")] == [
        "19: không truy được về ô nào của sổ chỉ tiêu (số do mẫu Word viết sẵn hoặc do mẫu tự tính); hãy kiểm tra "
        "trước khi trình ký."]


@pytest.mark.libreoffice
def test_libreoffice_opens_the_review_copy_with_its_comments(reviewed: Path, tmp_path: Path) -> None:
    exe = soffice()
    review = reviewed / "outputs" / "06004-quoc-khanh" / "bao-cao.kiem-tra.docx"
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "odt",
                    "--outdir", str(tmp_path), str(review)], check=True, capture_output=True, timeout=180)
    with zipfile.ZipFile(tmp_path / "bao-cao.kiem-tra.odt") as archive:
        content = archive.read("content.xml").decode("utf-8")
    comments = len(list(Document(str(review)).comments))
    assert comments > 100
    assert content.count("<office:annotation ") + content.count("<office:annotation>") == comments
    assert "108,7%: Tỷ lệ so với kế hoạch" in content
