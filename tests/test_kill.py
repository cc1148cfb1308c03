"""A build killed at any instant (SIGKILL: no handler runs) never leaves two builds mixed: after the next
nqreport command has started, outputs/ holds one whole build and the manifest that describes exactly it.

Two versions of the example workbooks alternate, so that a mix of builds would show in the files' hashes.
Kills at random instants of the whole run, then kills aimed at the promotion (a wrapper slows each move
so that the kill lands between two of them). Bounded in time: NQREPORT_KILL_SECONDS (default 60).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
BUDGET = float(os.environ.get("NQREPORT_KILL_SECONDS", "60"))

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

#: Runs a build, every move into outputs/ slowed down and announced on stdout.
SLOW_PROMOTION = """
import sys, time
import nqreport.write.files as files
real = files._replace
def slow(source, target):
    if target.parent.name != "outputs" or target.suffix != ".tmp":
        print("move", flush=True)
        time.sleep(0.02)
    real(source, target)
files._replace = slow
from nqreport.launch import main
sys.argv = ["nqreport", *sys.argv[1:]]
main()
"""


def _workspace(tmp: Path) -> Path:
    for name in ("inputs", "templates"):
        shutil.copytree(ROOT / name, tmp / name)
    shutil.copy(ROOT / "nqreport.toml", tmp / "nqreport.toml")
    return tmp


def _edit(root: Path, value: int) -> None:
    """A figure of Quốc Khánh's that shows in every output: the revenue result (row 4)."""
    path = root / "inputs" / "06004-quoc-khanh.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["Chỉ tiêu"]
    header = next(c.column for c in sheet[3] if c.value and "Thực hiện kỳ báo cáo" in str(c.value))
    sheet.cell(row=4, column=header, value=value)
    book.save(path)


def _nqreport(root: Path, *args: str, wrapper: str | None = None) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", wrapper, *args] if wrapper else [sys.executable, "-m", "nqreport", *args]
    return subprocess.Popen([*command, "-w", str(root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=root)


def _consistent(root: Path) -> str:
    """"" when outputs/ holds exactly what its manifest lists, with those bytes; else what is wrong."""
    outputs = root / "outputs"
    manifest_path = outputs / "manifest.json"
    if not manifest_path.is_file():
        return "no manifest"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    # thay-doi.md depends on the build before, so the manifest names it without its hash
    listed = {o["path"]: o.get("sha256") for o in manifest["outputs"]}
    present = {f"outputs/{p.relative_to(outputs).as_posix()}" for p in outputs.rglob("*")
               if p.is_file() and p.name != "manifest.json"}
    if present != set(listed):
        return f"files {sorted(present ^ set(listed))} differ from the manifest"
    for name, digest in listed.items():
        if digest is not None and hashlib.sha256((root / name).read_bytes()).hexdigest() != digest:
            return f"{name} is not the file the manifest describes"
    return ""


def test_a_build_killed_at_any_instant_leaves_one_whole_build(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    start = time.monotonic()
    assert _nqreport(root, "build", "-q").wait(timeout=120) == 0
    duration = time.monotonic() - start
    rng = random.Random(2026)
    random_kills = aimed_kills = 0
    value = 700
    while time.monotonic() - start < BUDGET and (random_kills < 30 or aimed_kills < 10):
        value += 1
        _edit(root, value)
        aimed = random_kills >= 30 or (aimed_kills < 10 and rng.random() < 0.3)
        if aimed:
            run = _nqreport(root, "build", "-q", wrapper=SLOW_PROMOTION)
            assert run.stdout is not None
            for _ in range(rng.randint(1, 6)):  # somewhere among the moves
                if not run.stdout.readline():
                    break
        else:
            run = _nqreport(root, "build", "-q")
            time.sleep(rng.uniform(0, duration * 1.2))
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        # the next command finishes or drops what the killed one left
        follow = _nqreport(root, "validate", "-q")
        assert follow.wait(timeout=120) in (0, 1), follow.stderr.read() if follow.stderr else ""
        problem = _consistent(root)
        assert not problem, f"after a kill {'during promotion' if aimed else 'at a random instant'}: {problem}"
        assert not [p for p in (root / "outputs").iterdir() if p.name.startswith(".nqreport")]
        if aimed:
            aimed_kills += 1
        else:
            random_kills += 1
    print(f"kills: {random_kills} at random instants, {aimed_kills} during promotion, "
          f"{time.monotonic() - start:.0f} s")
    assert random_kills >= 10 and aimed_kills >= 5, (random_kills, aimed_kills)
