"""nqreport build, through the library: outputs, skipped communes, duplicates, --only, --strict,
template errors, atomicity, the manifest, same bytes, inputs untouched, old outputs kept."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

import nqreport.cli.output as output_module
import nqreport.jobs as jobs_module
from build_helpers import files_under, simple_rows, two_commune_workspace, write_workbook
from nqreport import __version__
from nqreport.build import BuildOptions, BuildResult, build
from nqreport.cli.output import ProgressBar, closing_line
from nqreport.config.settings import Settings, load_settings
from nqreport.errors import ConfigError, OutputError, Severity, TemplateError
from nqreport.scaffold.init import init_workspace
from nqreport.write.files import STAGING_PREFIX

SETTINGS_TEXT = "year = 2026\n"

EXPECTED_FILES = [
    "06004-quoc-khanh/bao-cao.docx",
    "06004-quoc-khanh/phu-luc.docx",
    "06004-quoc-khanh/truy-vet.json",
    "06475-bang-mac/bao-cao.docx",
    "06475-bang-mac/phu-luc.docx",
    "06475-bang-mac/truy-vet.json",
    "manifest.json",
    "thay-doi.md",
    "tong-hop/bao-cao-tong-hop.docx",
    "tong-hop/tong-hop.xlsx",
    "tong-hop/truy-vet.json",
]
#: The files that are the same for the same inputs: all but thay-doi.md, which compares with the previous
#: build (the manifest lists it without its hash).
SAME_BYTES = [name for name in EXPECTED_FILES if name != "thay-doi.md"]


def run(root: Path, **options: object) -> BuildResult:
    settings: Settings = load_settings(root)
    return build(settings, BuildOptions(jobs=1, **options))  # type: ignore[arg-type]


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    import re

    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- the normal run


def test_build_writes_every_output(workspace: Path) -> None:
    result = run(workspace)
    out = workspace / "outputs"
    assert files_under(out) == EXPECTED_FILES
    assert result.exit_code == 0
    assert result.skipped == ()
    assert [(b.code, b.name, b.file) for b in result.built] == [
        ("06004", "Quốc Khánh", "inputs/06004-quoc-khanh.xlsx"),
        ("06475", "Bằng Mạc", "inputs/06475-bang-mac.xlsx"),
    ]
    assert sorted(p.relative_to(out).as_posix() for p in result.outputs) == EXPECTED_FILES
    assert result.summary_built
    line = closing_line(result)
    assert line.startswith("Đã lập báo cáo và phụ lục của 2 xã, báo cáo và bảng tổng hợp vào outputs/. "
                           "Thời gian: ")
    assert line.endswith(" giây.")


def test_reports_hold_the_commune_and_its_figures(workspace: Path) -> None:
    run(workspace)
    out = workspace / "outputs"
    report = docx_text(out / "06004-quoc-khanh" / "bao-cao.docx")
    assert "Quốc Khánh" in report
    assert "1.420" in report  # 1420 written the Vietnamese way
    appendix = docx_text(out / "06475-bang-mac" / "phu-luc.docx")
    assert "Bằng Mạc" in appendix or "BẰNG MẠC" in appendix
    assert "2.840" in appendix  # 1420 × 2
    summary = docx_text(out / "tong-hop" / "bao-cao-tong-hop.docx")
    assert "Quốc Khánh" in summary and "Bằng Mạc" in summary


def test_manifest_lists_inputs_outputs_warnings_and_version(workspace: Path) -> None:
    result = run(workspace)
    out = workspace / "outputs"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tool"] == "nqreport" and manifest["version"] == __version__
    inputs = {item["path"]: item for item in manifest["inputs"]}
    for name in ("inputs/06004-quoc-khanh.xlsx", "inputs/06475-bang-mac.xlsx"):
        assert inputs[name]["sha256"] == sha(workspace / name)
        assert inputs[name]["role"] == "workbook"
        assert inputs[name]["size"] == (workspace / name).stat().st_size
    assert inputs["nqreport.toml"]["role"] == "settings"
    assert {p for p, item in inputs.items() if item["role"] == "template"} == {
        "templates/bao-cao-xa.docx", "templates/phu-luc-xa.docx", "templates/bao-cao-tong-hop.docx"}
    outputs = {item["path"]: item.get("sha256") for item in manifest["outputs"]}
    assert sorted(outputs) == [f"outputs/{f}" for f in EXPECTED_FILES if f != "manifest.json"]
    for path, digest in outputs.items():
        assert digest == (None if path == "outputs/thay-doi.md" else sha(workspace / path))
    assert [item for item in manifest["outputs"] if item["path"] == "outputs/thay-doi.md"] == [
        {"path": "outputs/thay-doi.md", "role": "changes"}]
    assert manifest["changes"] == "outputs/thay-doi.md"
    assert manifest["summary_trace"] == "outputs/tong-hop/truy-vet.json"
    assert manifest["skipped"] == [] and manifest["errors"] == []
    assert manifest["warnings"] == [p.to_json() for p in result.problems if p.severity is Severity.WARNING]
    assert manifest["built"][0] == {
        "code": "06004", "name": "Quốc Khánh", "file": "inputs/06004-quoc-khanh.xlsx",
        "outputs": ["outputs/06004-quoc-khanh/bao-cao.docx", "outputs/06004-quoc-khanh/phu-luc.docx",
                    "outputs/06004-quoc-khanh/truy-vet.json"],
        "trace": "outputs/06004-quoc-khanh/truy-vet.json"}
    text = (out / "manifest.json").read_text(encoding="utf-8")
    assert str(workspace) not in text  # relative paths only: moving the workspace changes nothing


def test_same_inputs_same_bytes_whatever_the_jobs(tmp_path: Path, cache: Path) -> None:
    one = two_commune_workspace(tmp_path / "one", cache)
    two = tmp_path / "two"
    shutil.copytree(one, two)
    run(one)
    first = {name: (one / "outputs" / name).read_bytes() for name in SAME_BYTES}
    run(one)
    assert {name: (one / "outputs" / name).read_bytes() for name in SAME_BYTES} == first
    build(load_settings(two), BuildOptions(jobs=2))
    assert {name: (two / "outputs" / name).read_bytes() for name in EXPECTED_FILES} == {
        **first, "thay-doi.md": (two / "outputs" / "thay-doi.md").read_bytes()}
    # A review build makes the official copies byte for byte as a plain build does.
    build(load_settings(two), BuildOptions(jobs=2, review=True))
    assert {name: (two / "outputs" / name).read_bytes() for name in SAME_BYTES if name != "manifest.json"} == {
        name: data for name, data in first.items() if name != "manifest.json"}


def test_inputs_are_never_modified(workspace: Path) -> None:
    watched = [*sorted((workspace / "inputs").iterdir()), *sorted((workspace / "templates").iterdir()),
               workspace / "nqreport.toml"]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in watched}
    run(workspace)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in watched} == before


def test_no_staging_left_behind(workspace: Path) -> None:
    run(workspace)
    assert not [p for p in (workspace / "outputs").iterdir() if p.name.startswith(STAGING_PREFIX)]


def test_two_communes_with_the_same_name_get_two_folders(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init_workspace(root)
    (root / "nqreport.toml").write_text(SETTINGS_TEXT, encoding="utf-8")
    write_workbook(root / "inputs" / "a.xlsx", "07001", "Quảng Ninh", simple_rows())
    write_workbook(root / "inputs" / "b.xlsx", "16001", "Quảng Ninh", simple_rows())
    result = run(root)
    assert result.exit_code == 0
    reports = [p for p in files_under(root / "outputs") if p.endswith("/bao-cao.docx")]
    assert reports == ["07001-quang-ninh/bao-cao.docx", "16001-quang-ninh/bao-cao.docx"]


# --------------------------------------------------------------------------- bad input


def test_a_bad_workbook_is_skipped_and_the_others_build(workspace: Path) -> None:
    (workspace / "inputs" / "hong.xlsx").write_text("đây không phải sổ chỉ tiêu", encoding="utf-8")
    result = run(workspace)
    assert result.exit_code == 1
    assert len(result.built) == 2
    assert result.skipped == (("inputs/hong.xlsx", "1 lỗi"),)
    errors = [p for p in result.problems if p.is_error]
    assert [p.file for p in errors] == ["inputs/hong.xlsx"]
    assert files_under(workspace / "outputs") == EXPECTED_FILES
    line = closing_line(result)
    assert line.startswith("Đã lập báo cáo và phụ lục của 2 xã, báo cáo và bảng tổng hợp vào outputs/; "
                           "bỏ qua 1 sổ: inputs/hong.xlsx (1 lỗi)")
    manifest = json.loads((workspace / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["skipped"] == [{"file": "inputs/hong.xlsx", "reason": "1 lỗi"}]
    assert manifest["errors"] == [errors[0].to_json()]
    import openpyxl

    book = openpyxl.load_workbook(workspace / "outputs" / "tong-hop" / "tong-hop.xlsx")
    assert [c.value for c in book["Không tổng hợp"][2]] == ["inputs/hong.xlsx", "1 lỗi"]


def test_two_workbooks_with_one_code_build_neither(workspace: Path) -> None:
    write_workbook(workspace / "inputs" / "quoc-khanh-ban-sao.xlsx", "06004", "Quốc Khánh", simple_rows(3))
    result = run(workspace)
    assert result.exit_code == 1
    assert [b.code for b in result.built] == ["06475"]
    assert result.skipped == (
        ("inputs/06004-quoc-khanh.xlsx", "trùng mã xã 06004 với inputs/quoc-khanh-ban-sao.xlsx"),
        ("inputs/quoc-khanh-ban-sao.xlsx", "trùng mã xã 06004 với inputs/06004-quoc-khanh.xlsx"),
    )
    duplicate = [p for p in result.problems if p.is_error]
    assert [p.format() for p in duplicate] == [
        "inputs/06004-quoc-khanh.xlsx › Thông tin chung › B2: Lỗi: mã xã 06004 trùng với sổ "
        "inputs/quoc-khanh-ban-sao.xlsx; không lập báo cáo cho sổ nào để không ghi đè nhau. "
        "Hãy sửa mã xã cho đúng hoặc bỏ sổ thừa khỏi thư mục inputs",
        "inputs/quoc-khanh-ban-sao.xlsx › Thông tin chung › B2: Lỗi: mã xã 06004 trùng với sổ "
        "inputs/06004-quoc-khanh.xlsx; không lập báo cáo cho sổ nào để không ghi đè nhau. "
        "Hãy sửa mã xã cho đúng hoặc bỏ sổ thừa khỏi thư mục inputs",
    ]
    assert not (workspace / "outputs" / "06004-quoc-khanh").exists()


def test_strict_skips_a_workbook_with_warnings(workspace: Path) -> None:
    # A catalog code the catalog does not know is a warning.
    rows = simple_rows()
    rows[2]["code"] = "ZZ99"
    (workspace / "inputs" / "06004-quoc-khanh.xlsx").unlink()
    write_workbook(workspace / "inputs" / "06004-quoc-khanh.xlsx", "06004", "Quốc Khánh", rows)
    relaxed = run(workspace)
    warned = [p for p in relaxed.problems if p.file == "inputs/06004-quoc-khanh.xlsx"]
    assert warned and not any(p.is_error for p in warned)
    assert relaxed.exit_code == 0 and len(relaxed.built) == 2
    strict = run(workspace, strict=True)
    assert strict.exit_code == 1
    assert [b.code for b in strict.built] == ["06475"]
    reason = f"{len(warned)} cảnh báo, --strict coi là lỗi"
    assert strict.skipped == (("inputs/06004-quoc-khanh.xlsx", reason),)


def test_unexpected_failure_skips_only_that_commune(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = jobs_module.evaluate_commune

    def flaky(data, period=None, settings=None):  # type: ignore[no-untyped-def]
        if data.commune.code == "06004":
            raise ZeroDivisionError("hỏng")
        return real(data, period, settings) if settings is not None else real(data, period)

    monkeypatch.setattr(jobs_module, "evaluate_commune", flaky)
    result = run(workspace)
    assert result.exit_code == 1
    assert [b.code for b in result.built] == ["06475"]
    reason = "lỗi không mong đợi khi lập báo cáo (ZeroDivisionError('hỏng')); hãy báo cho người phát triển"
    assert result.skipped == (("inputs/06004-quoc-khanh.xlsx", reason),)
    assert [p.format() for p in result.problems if p.is_error] == [
        f"inputs/06004-quoc-khanh.xlsx: Lỗi: {reason}, kèm sổ này và những gì lệnh nqreport -vv build -j 1 in ra"]


# --------------------------------------------------------------------------- --only


def test_only_by_code_and_by_name_without_accents(workspace: Path) -> None:
    by_code = run(workspace, only=("06475",))
    assert [b.code for b in by_code.built] == ["06475"] and by_code.exit_code == 0
    shutil.rmtree(workspace / "outputs")
    by_name = run(workspace, only=("quoc khanh",))
    assert [b.code for b in by_name.built] == ["06004"]
    assert files_under(workspace / "outputs") == [
        "06004-quoc-khanh/bao-cao.docx", "06004-quoc-khanh/phu-luc.docx", "06004-quoc-khanh/truy-vet.json",
        "manifest.json", "thay-doi.md"]
    assert not by_name.summary_built
    both = run(workspace, only=("xã Bằng Mạc", "06004-quoc-khanh"))
    assert [b.code for b in both.built] == ["06004", "06475"]


def test_only_keeps_the_summary_of_the_full_run(workspace: Path) -> None:
    run(workspace)
    summary = {name: (workspace / "outputs" / name).read_bytes()
               for name in ("tong-hop/bao-cao-tong-hop.docx", "tong-hop/tong-hop.xlsx")}
    lines: list[str] = []
    result = build(load_settings(workspace), BuildOptions(jobs=1, only=("06004",)),
                   log=lines.append)
    assert closing_line(result).startswith("Đã lập báo cáo và phụ lục của 1 xã vào outputs/. ")
    assert lines == ["--only: giữ nguyên báo cáo tổng hợp cũ; báo cáo tổng hợp chỉ lập khi chạy cho mọi xã"]
    assert {name: (workspace / "outputs" / name).read_bytes() for name in summary} == summary


def test_only_that_matches_nothing_is_an_error(workspace: Path) -> None:
    result = run(workspace, only=("99999",))
    assert result.exit_code == 1
    assert result.built == ()
    assert [p.format() for p in result.problems] == [
        "--only: Lỗi: không có xã nào có mã hoặc tên \"99999\" trong inputs/; hãy ghi mã 5 chữ số (ví dụ "
        "06004) hoặc tên xã như trong sổ chỉ tiêu"]
    assert closing_line(result).startswith("Không lập được báo cáo nào; 1 lỗi khác. Thời gian: ")
    assert files_under(workspace / "outputs") == ["manifest.json"]


# --------------------------------------------------------------------------- old outputs, failures


def test_old_outputs_of_communes_not_built_are_kept_and_flagged(workspace: Path) -> None:
    run(workspace)
    old = (workspace / "outputs" / "06004-quoc-khanh" / "bao-cao.docx").read_bytes()
    rows = simple_rows()
    rows[0]["result"] = "không rõ"  # not a number: an error
    (workspace / "inputs" / "06004-quoc-khanh.xlsx").unlink()
    write_workbook(workspace / "inputs" / "06004-quoc-khanh.xlsx", "06004", "Quốc Khánh", rows)
    result = run(workspace)
    assert result.exit_code == 1 and [b.code for b in result.built] == ["06475"]
    assert (workspace / "outputs" / "06004-quoc-khanh" / "bao-cao.docx").read_bytes() == old
    stale = [p for p in result.problems if p.severity is Severity.WARNING and "lần chạy trước" in p.message]
    assert [p.format() for p in stale] == [
        "inputs/06004-quoc-khanh.xlsx: Cảnh báo: outputs/06004-quoc-khanh/ vẫn còn báo cáo của lần chạy "
        "trước, KHÔNG được cập nhật lần này; đừng dùng báo cáo đó trước khi sửa lỗi và chạy lại"]
    manifest = json.loads((workspace / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert not [o for o in manifest["outputs"] if o["path"].startswith("outputs/06004")]


def test_template_error_writes_nothing(workspace: Path) -> None:
    run(workspace)
    before = {name: (workspace / "outputs" / name).read_bytes() for name in EXPECTED_FILES}
    template = workspace / "templates" / "bao-cao-xa.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = xml.replace("{{", "{{ ten_xaa }} {{", 1).encode("utf-8")
    with zipfile.ZipFile(template, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(TemplateError) as info:
        run(workspace)
    assert "ten_xaa" in info.value.message
    assert {name: (workspace / "outputs" / name).read_bytes() for name in EXPECTED_FILES} == before
    assert files_under(workspace / "outputs") == EXPECTED_FILES


def test_missing_template(workspace: Path) -> None:
    (workspace / "templates" / "phu-luc-xa.docx").unlink()
    with pytest.raises(TemplateError) as info:
        run(workspace)
    assert info.value.message == (
        "Không tìm thấy mẫu Word: templates/phu-luc-xa.docx. Hãy chép mẫu mặc định vào templates/ (nqreport "
        "init tạo sẵn) hoặc sửa mục [templates] trong nqreport.toml")
    assert not (workspace / "outputs").exists() or files_under(workspace / "outputs") == []


def test_no_workbook(workspace: Path) -> None:
    for path in (workspace / "inputs").iterdir():
        path.unlink()
    with pytest.raises(ConfigError) as info:
        run(workspace)
    assert info.value.message == ("inputs: không có sổ chỉ tiêu nào (.xlsx, .xls, .ods); hãy chép sổ của các "
                                  "xã vào đây hoặc tạo sổ mới bằng: nqreport blank")


def test_pdf_without_libreoffice_says_so_before_building(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nqreport.write.pdf.find_soffice", lambda: None)
    with pytest.raises(OutputError) as info:
        run(workspace, pdf=True)
    assert info.value.message.startswith("Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF")
    assert "hoặc bỏ --pdf" in info.value.message
    assert not (workspace / "outputs").exists() or files_under(workspace / "outputs") == []


def test_outputs_folder_not_writable(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    # chmod does not stop root (CI runs as root), so refuse the staging folder itself.
    monkeypatch.setattr("nqreport.write.files.tempfile.mkdtemp", refuse)
    with pytest.raises(OutputError) as info:
        run(workspace)
    assert info.value.message == (
        f"{workspace / 'outputs'}: không có quyền ghi (tệp đang mở trong Word/Excel, hoặc thư mục chỉ đọc); "
        "hãy đóng tệp rồi chạy lại")


# --------------------------------------------------------------------------- progress and period


def test_progress_bar_only_when_many_and_asked(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[tuple[int, int]] = []
    build(load_settings(workspace), BuildOptions(jobs=1), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]
    monkeypatch.setattr(output_module, "PROGRESS_MIN", 2)
    bar = ProgressBar()
    build(load_settings(workspace), BuildOptions(jobs=1), progress=bar)
    bar.close()
    assert "Đang lập báo cáo" in capsys.readouterr().err
    build(load_settings(workspace), BuildOptions(jobs=1))
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(output_module, "PROGRESS_MIN", 3)
    bar = ProgressBar()
    build(load_settings(workspace), BuildOptions(jobs=1), progress=bar)
    bar.close()
    assert capsys.readouterr().err == ""


def test_period_option_reaches_the_manifest(workspace: Path) -> None:
    from nqreport.schema import Period

    run(workspace, period=Period.SIX_MONTHS)
    manifest = json.loads((workspace / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"] == {"period": "6_months", "only": [], "strict": False, "pdf": False, "review": False}


def test_build_result_exit_code_rules() -> None:
    from nqreport.errors import Problem

    warning = Problem("inputs/a.xlsx", "Chỉ tiêu", "G4", Severity.WARNING, "thiếu")
    clean = BuildResult(built=(), skipped=(), outputs=(), problems=(), seconds=0.04)
    assert clean.exit_code == 0
    assert BuildResult((), (), (), (warning,), 0.0).exit_code == 0
    assert BuildResult((), (), (), (warning,), 0.0, strict=True).exit_code == 1
    assert BuildResult((), (("inputs/a.xlsx", "1 lỗi"),), (), (), 0.0).exit_code == 1
    assert closing_line(clean) == "Không lập được báo cáo nào. Thời gian: 0,0 giây."
    many = BuildResult((), tuple((f"inputs/{n}.xlsx", "1 lỗi") for n in range(7)), (), (warning,), 12.345)
    assert closing_line(many) == (
        "Không lập được báo cáo nào; bỏ qua 7 sổ: inputs/0.xlsx (1 lỗi); inputs/1.xlsx (1 lỗi); "
        "inputs/2.xlsx (1 lỗi); inputs/3.xlsx (1 lỗi); inputs/4.xlsx (1 lỗi); và 2 sổ khác; 1 cảnh báo. "
        "Thời gian: 12,3 giây.")


def test_the_repository_example_workspace_builds(tmp_path: Path) -> None:
    """The README's first command: `nqreport build` in a fresh checkout builds both seed communes."""
    repo = Path(__file__).resolve().parent.parent
    root = tmp_path / "checkout"
    root.mkdir()
    for name in ("inputs", "templates"):
        shutil.copytree(repo / name, root / name)
    shutil.copy(repo / "nqreport.toml", root / "nqreport.toml")
    result = run(root)
    assert not [p for p in result.problems if p.is_error]
    assert result.exit_code == 0
    assert files_under(root / "outputs") == EXPECTED_FILES
    report = docx_text(root / "outputs" / "06004-quoc-khanh" / "bao-cao.docx")
    assert "Quốc Khánh" in report and "1.306" in report  # the resolution's revenue target
    assert "Bằng Mạc" in docx_text(root / "outputs" / "06475-bang-mac" / "bao-cao.docx")


@pytest.mark.parametrize(("code", "name", "folder"), [
    ("06004", "Quốc Khánh", "06004-quoc-khanh"),
    ("06004", "../../etc", "06004-etc"),
    ("../x", "A/B\\C", "x-a-b-c"),
])
def test_commune_folder_is_a_plain_name(code: str, name: str, folder: str) -> None:
    from nqreport.build import commune_folder

    assert commune_folder(code, name) == folder


def test_a_locked_output_is_reported_and_the_rest_written(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows a report still open in Word cannot be replaced: say which, write everything else."""
    run(workspace)
    locked = workspace / "outputs" / "06004-quoc-khanh" / "phu-luc.docx"
    locked.write_bytes(b"open in Word")
    import nqreport.write.files as outputs_module

    real = outputs_module._replace

    def replace_unless_locked(source: Path, target: Path) -> None:
        if target == locked:
            raise PermissionError(13, "Permission denied")
        real(source, target)

    monkeypatch.setattr(outputs_module, "_replace", replace_unless_locked)
    result = run(workspace)
    assert result.exit_code == 1
    assert [p.format() for p in result.problems if p.is_error] == [
        "outputs/06004-quoc-khanh/phu-luc.docx: Lỗi: không thay được tệp này bằng bản mới: không có quyền ghi "
        "(tệp đang mở trong Word/Excel, hoặc thư mục chỉ đọc); hãy đóng tệp rồi chạy lại"]
    assert locked.read_bytes() == b"open in Word"
    assert locked not in result.outputs
    manifest = json.loads((workspace / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    paths = {o["path"] for o in manifest["outputs"]}
    assert "outputs/06004-quoc-khanh/phu-luc.docx" not in paths
    assert "outputs/06004-quoc-khanh/bao-cao.docx" in paths
    assert manifest["built"][0]["outputs"] == ["outputs/06004-quoc-khanh/bao-cao.docx",
                                               "outputs/06004-quoc-khanh/truy-vet.json"]
    assert closing_line(result).startswith("Đã lập báo cáo và phụ lục của 1 xã, báo cáo và bảng tổng hợp vào "
                                            "outputs/; 1 tệp không ghi được: outputs/06004-quoc-khanh/phu-luc.docx. ")
