"""Ctrl+C during a build: one Vietnamese line, exit 130, outputs/ either as before or wholly new.

Timing-free: the interrupt is sent from inside the run (a patched step signals its own process), so each
test hits the same moment every time.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import nqreport.build as build_module
import nqreport.jobs  # noqa: F401  (the workers' module)
from build_helpers import files_under
from nqreport.build import BuildOptions, build
from nqreport.cli import main
from nqreport.config.settings import load_settings
from nqreport.write.files import STAGING_PREFIX, Staging, interrupts_deferred
from nqreport.write.pdf import convert_to_pdf

posix_only = pytest.mark.skipif(os.name == "nt", reason="signals to one's own process are POSIX")


@posix_only
def test_interrupt_inside_a_deferred_block_waits_for_its_end() -> None:
    done = []
    with pytest.raises(KeyboardInterrupt), interrupts_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        done.append("rest of the block")
    assert done == ["rest of the block"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@posix_only
def test_interrupt_during_promotion_leaves_whole_outputs(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    promote = Staging.promote

    def interrupted(self: Staging, moves: list[tuple[Path, Path]], manifest: Path,
                    manifest_for: Any) -> list[tuple[Path, str]]:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C as the files start moving into place
        return promote(self, moves, manifest, manifest_for)

    monkeypatch.setattr(Staging, "promote", interrupted)
    # the build finishes its promotion and says it was stopped: it is whole and new, not undone
    assert build(load_settings(workspace), BuildOptions(jobs=1)).stopped
    outputs = workspace / "outputs"
    written = files_under(outputs)
    assert written == [
        "06004-quoc-khanh/bao-cao.docx", "06004-quoc-khanh/phu-luc.docx", "06004-quoc-khanh/truy-vet.json",
        "06475-bang-mac/bao-cao.docx", "06475-bang-mac/phu-luc.docx", "06475-bang-mac/truy-vet.json",
        "manifest.json", "thay-doi.md", "tong-hop/bao-cao-tong-hop.docx", "tong-hop/tong-hop.xlsx",
        "tong-hop/truy-vet.json",
    ]
    manifest = json.loads((outputs / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(o["path"] for o in manifest["outputs"]) == [f"outputs/{name}" for name in written
                                                              if name != "manifest.json"]
    assert not [p for p in outputs.iterdir() if p.name.startswith(STAGING_PREFIX)]


@posix_only
def test_ctrl_c_once_the_build_is_promoted_says_it_is_done_and_exits_0(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    promote = Staging.promote

    def interrupted(self: Staging, moves: list[tuple[Path, Path]], manifest: Path,
                    manifest_for: Any) -> list[tuple[Path, str]]:
        failures = promote(self, moves, manifest, manifest_for)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C just after the manifest is written
        return failures

    monkeypatch.setattr(Staging, "promote", interrupted)
    result = CliRunner().invoke(main, ["build", "-w", str(workspace), "-j", "1"])
    assert result.exit_code == 0
    assert "báo cáo đã lập xong" in result.stderr and "Đã dừng theo yêu cầu" not in result.stderr
    assert (workspace / "outputs" / "manifest.json").is_file()


def test_interrupt_before_promotion_leaves_outputs_as_they_were(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "cross_commune", interrupted)
    result = CliRunner().invoke(main, ["build", "-w", str(workspace), "-j", "1"])
    assert result.exit_code == 130
    assert result.stderr == "Đã dừng theo yêu cầu.\n"
    assert list((workspace / "outputs").iterdir()) == []


def _interrupt_myself() -> str:
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.05)
    return "still here"


@posix_only
def test_workers_leave_ctrl_c_to_the_parent() -> None:
    """Ctrl+C goes to every process of the console: a worker that took it printed a traceback."""
    with ProcessPoolExecutor(max_workers=1, initializer=build_module._worker_start) as pool:
        assert pool.submit(_interrupt_myself).result(timeout=30) == "still here"


@posix_only
def test_interrupted_pdf_export_stops_libreoffice_at_once(tmp_path: Path) -> None:
    pid_file = tmp_path / "soffice.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 60\n")
    fake.chmod(0o755)
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(b"PK")

    def interrupt_when_started() -> None:
        for _ in range(200):
            if pid_file.exists() and pid_file.read_text().strip():
                break
            time.sleep(0.02)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=interrupt_when_started, daemon=True).start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        convert_to_pdf([(source, tmp_path / "ra" / "bao-cao.pdf")], soffice=fake)
    assert time.monotonic() - started < 20  # not the 60 s of the "conversion"
    pid = int(pid_file.read_text())
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.02)
    else:
        pytest.fail("LibreOffice still running after the interrupt")
    assert not (tmp_path / "ra").exists()


def test_blank_only_term(workspace: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-w", str(workspace), "--only", " "])
    assert result.exit_code == 1
    assert result.stderr == ('Lỗi: --only: chưa ghi xã nào; hãy ghi mã xã (ví dụ --only 06004) hoặc tên xã (ví dụ '
                             '--only "Quốc Khánh") ngay sau --only\n')
    assert list((workspace / "outputs").iterdir()) == []


def test_summary_json_with_a_broken_workbook(workspace: Path) -> None:
    (workspace / "inputs" / "hong.xlsx").write_bytes(b"")
    result = CliRunner().invoke(main, ["summary", "-w", str(workspace), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [c["code"] for c in document["communes"]] == ["06004", "06475"]
    assert result.stderr == (
        "inputs/hong.xlsx (1 lỗi):\n"
        "  inputs/hong.xlsx: Lỗi: tệp rỗng (0 byte), không có nội dung; hãy chép lại sổ chỉ tiêu gốc hoặc mở tệp "
        "gốc bằng Excel và lưu lại\n"
    )


@posix_only
def test_ctrl_c_while_the_program_loads_prints_no_traceback() -> None:
    """The installed program answers Ctrl+C before the command line is even loaded."""
    import subprocess
    import sys

    code = (
        "import builtins, os, signal\n"
        "import nqreport.launch as launch\n"
        "real = builtins.__import__\n"
        "def loading(name, *args, **kwargs):\n"
        "    if name == 'nqreport.cli':\n"
        "        os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C while click and the commands load\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = loading\n"
        "launch.main()\n"
    )
    # (not "nqreport --help" alone: its page is printed without loading the command line)
    done = subprocess.run([sys.executable, "-c", code, "validate", "--help"], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stderr) == (130, "Đã dừng theo yêu cầu.\n")
    assert done.stdout == ""
