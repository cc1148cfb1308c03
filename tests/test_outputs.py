"""outputs.py: atomic writes, the path-clash guard, staging and the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nqreport.errors import OutputError, Problem, Severity
from nqreport.write.files import STAGING_PREFIX, OutputRegistry, Staging, atomic_write, recover_outputs
from nqreport.write.manifest import FileRecord, manifest_bytes, manifest_dict, relative_name, sha256_file


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a" / "bao-cao.docx"
    atomic_write(target, b"first")
    atomic_write(target, b"second version")
    assert target.read_bytes() == b"second version"
    assert sorted(p.name for p in target.parent.iterdir()) == ["bao-cao.docx"]


def test_atomic_write_failure_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(b"old")

    def broken_replace(self: Path, other: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", broken_replace)
    with pytest.raises(OutputError) as info:
        atomic_write(target, b"new")
    assert info.value.message == (f"{target}: không có quyền ghi (tệp đang mở trong Word/Excel, hoặc thư "
                                  "mục chỉ đọc); hãy đóng tệp rồi chạy lại")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.docx"]


def test_atomic_write_file_is_readable_by_others(tmp_path: Path) -> None:
    if os.name == "nt":
        pytest.skip("POSIX permissions")
    target = tmp_path / "x.docx"
    old = os.umask(0o022)
    try:
        atomic_write(target, b"data")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


def test_registry_refuses_two_outputs_on_one_path(tmp_path: Path) -> None:
    registry = OutputRegistry()
    registry.claim(tmp_path / "06004-quoc-khanh" / "bao-cao.docx", "inputs/a.xlsx")
    with pytest.raises(OutputError) as info:
        # Same file on Windows and macOS: case differs, and a detour through "..".
        registry.claim(tmp_path / "x" / ".." / "06004-QUOC-KHANH" / "bao-cao.docx", "inputs/b.xlsx")
    assert ("hai kết quả cùng ghi vào một tệp (inputs/a.xlsx và inputs/b.xlsx); không ghi tệp nào"
            in info.value.message)


def test_registry_never_claims_an_input(tmp_path: Path) -> None:
    book = tmp_path / "inputs" / "a.xlsx"
    registry = OutputRegistry([book])
    with pytest.raises(OutputError) as info:
        registry.claim(tmp_path / "inputs" / "A.xlsx", "tổng hợp")
    assert "nqreport không bao giờ ghi đè tệp đầu vào" in info.value.message


def test_staging_promotes_and_cleans_up(tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    with Staging(outputs) as staging:
        staged = staging.path / "00000" / "bao-cao.docx"
        staged.parent.mkdir()
        staged.write_bytes(b"doc")
        assert staging.path.parent == outputs and staging.path.name.startswith(STAGING_PREFIX)
        staging.promote([(staged, outputs / "06004-quoc-khanh" / "bao-cao.docx")], outputs / "manifest.json",
                        lambda failed: b"{}")
    assert (outputs / "06004-quoc-khanh" / "bao-cao.docx").read_bytes() == b"doc"
    assert sorted(p.name for p in outputs.iterdir()) == ["06004-quoc-khanh", "manifest.json"]


def test_staging_removed_on_failure_and_old_outputs_untouched(tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    (outputs / "06004-quoc-khanh").mkdir(parents=True)
    (outputs / "06004-quoc-khanh" / "bao-cao.docx").write_bytes(b"old")
    with pytest.raises(RuntimeError), Staging(outputs) as staging:
        (staging.path / "half.docx").write_bytes(b"half")
        raise RuntimeError("template broke")
    assert sorted(p.name for p in outputs.iterdir()) == ["06004-quoc-khanh"]
    assert (outputs / "06004-quoc-khanh" / "bao-cao.docx").read_bytes() == b"old"


def test_stale_staging_of_a_killed_run_is_removed_but_nothing_else(tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    (outputs / f"{STAGING_PREFIX}abc").mkdir(parents=True)
    (outputs / f"{STAGING_PREFIX}abc" / "x.docx").write_bytes(b"x")
    (outputs / "ghi-chu").mkdir()
    with Staging(outputs):
        pass
    assert sorted(p.name for p in outputs.iterdir()) == ["ghi-chu"]


def test_sha256_file(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"abc")
    assert sha256_file(path) == hashlib.sha256(b"abc").hexdigest()
    assert sha256_file(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_relative_name_is_posix_and_relative(tmp_path: Path) -> None:
    assert relative_name(tmp_path / "outputs" / "tong-hop" / "x.xlsx", tmp_path) == "outputs/tong-hop/x.xlsx"


def test_manifest_is_stable_sorted_json_without_clock() -> None:
    problems = [
        Problem("inputs/a.xlsx", "Chỉ tiêu", "G5", Severity.ERROR, "ô không phải con số"),
        Problem("inputs/b.xlsx", "Chỉ tiêu", "H7", Severity.WARNING, "thiếu cùng kỳ"),
    ]
    manifest = manifest_dict(
        version="0.1.0",
        options={"period": "6_months", "only": [], "strict": False, "pdf": False},
        inputs=[FileRecord("inputs/b.xlsx", "bb", 2, role="workbook"), FileRecord("inputs/a.xlsx", "aa", 1,
                                                                                   role="workbook")],
        outputs=[FileRecord("outputs/z.docx", "zz", 3), FileRecord("outputs/a.docx", "aa", 4)],
        built=[{"code": "06004", "name": "Quốc Khánh", "file": "inputs/b.xlsx",
                "outputs": ["outputs/a.docx"]}],
        skipped=[("inputs/a.xlsx", "1 lỗi")],
        problems=problems,
    )
    data = json.loads(manifest_bytes(manifest).decode("utf-8"))
    assert data["tool"] == "nqreport" and data["version"] == "0.1.0"
    assert [i["path"] for i in data["inputs"]] == ["inputs/b.xlsx", "inputs/a.xlsx"]
    assert data["inputs"][0] == {"path": "inputs/b.xlsx", "sha256": "bb", "size": 2, "role": "workbook"}
    assert [o["path"] for o in data["outputs"]] == ["outputs/a.docx", "outputs/z.docx"]
    assert data["outputs"][0] == {"path": "outputs/a.docx", "sha256": "aa", "size": 4}
    assert data["skipped"] == [{"file": "inputs/a.xlsx", "reason": "1 lỗi"}]
    assert data["errors"] == [problems[0].to_json()]
    assert data["warnings"] == [problems[1].to_json()]
    assert "Quốc Khánh" in manifest_bytes(manifest).decode("utf-8")  # readable, not \u escapes


_HOLDER = """
import sys
from pathlib import Path
from nqreport.write.files import Staging
staging = Staging(Path(sys.argv[1]))
(staging.path / "00000").mkdir()
print(staging.path.name, flush=True)
sys.stdin.read()  # until the test closes it (or kills this process)
staging.cleanup()
"""


def _running_build(outputs: Path) -> tuple[subprocess.Popen[str], Path]:
    """A process that holds a staging folder of ``outputs``, as a build does while it runs."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(outputs)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    return holder, outputs / holder.stdout.readline().strip()


def test_another_command_during_a_build_leaves_its_staging_folder_and_a_second_build_is_refused(
        tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    holder, staged = _running_build(outputs)
    try:
        assert staged.name.startswith(STAGING_PREFIX) and staged.is_dir()
        assert recover_outputs(outputs) is False  # what `nqreport status` or `validate` runs first
        assert (staged / "00000").is_dir()
        with pytest.raises(OutputError) as raised:
            Staging(outputs)
        assert "đang chạy" in raised.value.message and str(outputs) in raised.value.message
        assert [p for p in outputs.iterdir() if p.name.startswith(STAGING_PREFIX)] == [staged]
    finally:
        holder.communicate("")
    assert holder.returncode == 0
    assert list(outputs.iterdir()) == []  # the build's folder and its lock gone with it


def test_the_staging_folder_of_a_killed_build_is_removed_by_the_next_command(tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    holder, staged = _running_build(outputs)
    holder.kill()
    holder.communicate()
    assert staged.is_dir()
    recover_outputs(outputs)
    assert list(outputs.iterdir()) == []
