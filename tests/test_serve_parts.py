"""The parts of ``nqreport serve`` on their own: the gate, the quota, what a build changed, names shown,
the server on a real socket, and the command's messages."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from build_helpers import invoke
from nqreport.serve.app import is_local_host
from nqreport.serve.changes import compare
from nqreport.serve.downloads import manifest_outputs
from nqreport.serve.gate import Busy, Gate, Quota
from nqreport.serve.server import start
from nqreport.serve.uploads import shown_name
from serve_helpers import QK, served, text_of

__all__ = ["served"]


def test_uploads_take_turns_and_a_waiting_build_goes_first() -> None:
    gate = Gate()
    order: list[str] = []
    with gate.filing(1):
        builder = threading.Thread(target=lambda: (gate.enter_build(), order.append("build"), time.sleep(0.2),
                                                   gate.leave_build()))
        builder.start()
        time.sleep(0.1)

        def late_upload() -> None:
            with gate.filing(5):
                order.append("upload")

        uploader = threading.Thread(target=late_upload)
        uploader.start()
        time.sleep(0.1)
        assert order == []
    builder.join(5)
    uploader.join(5)
    assert order == ["build", "upload"]


def test_an_upload_gives_up_after_its_wait() -> None:
    gate = Gate()
    gate.enter_build()
    started = time.monotonic()
    with pytest.raises(Busy) as caught, gate.filing(0.2):
        pass
    assert caught.value.holder == "đang lập báo cáo" and time.monotonic() - started >= 0.2
    gate.leave_build()
    with gate.filing(0.1):
        assert gate.holder == "đang nhận sổ"
    assert gate.holder == ""


def test_the_quota_counts_files_per_holder() -> None:
    quota = Quota(3, window=0.2)
    assert quota.take("xa:06004", 2) and not quota.take("xa:06004", 2) and quota.take("xa:06475", 3)
    time.sleep(0.25)
    assert quota.take("xa:06004", 3)


def test_what_a_build_changed() -> None:
    before = {"inputs": [{"path": "inputs/a.xlsx", "sha256": "1"}, {"path": "inputs/b.xlsx", "sha256": "2"}],
              "outputs": [{"path": "outputs/a/bao-cao.docx", "sha256": "3"}, {"path": "outputs/b/bao-cao.docx", "sha256": "4"}]}
    after = {"inputs": [{"path": "inputs/a.xlsx", "sha256": "1x"}, {"path": "inputs/c.xlsx", "sha256": "5"}],
             "outputs": [{"path": "outputs/a/bao-cao.docx", "sha256": "3x"}, {"path": "outputs/c/bao-cao.docx", "sha256": "6"}]}
    changes = compare(before, after)
    assert changes.changed_inputs == ("inputs/a.xlsx",) and changes.added_inputs == ("inputs/c.xlsx",)
    assert changes.removed_inputs == ("inputs/b.xlsx",) and changes.not_rebuilt == ("outputs/b/bao-cao.docx",)
    assert changes.changed_outputs == ("outputs/a/bao-cao.docx",) and changes.unchanged_outputs == 0
    assert compare(None, after).first and not compare(after, after).any


def test_outputs_belong_to_their_commune_and_a_pdf_to_its_report() -> None:
    manifest = {"outputs": [{"path": "outputs/06004-x/bao-cao.docx", "sha256": "a", "size": 1},
                            {"path": "outputs/06004-x/bao-cao.pdf", "sha256": "b", "size": 1},
                            {"path": "outputs/tong-hop/tong-hop.xlsx", "sha256": "c", "size": 1},
                            {"path": 5}, "x"],
                "built": [{"code": "06004", "outputs": ["outputs/06004-x/bao-cao.docx"]}]}
    found = {o.path: o.code for o in manifest_outputs(manifest)}
    assert found == {"outputs/06004-x/bao-cao.docx": "06004", "outputs/06004-x/bao-cao.pdf": "06004",
                     "outputs/tong-hop/tong-hop.xlsx": None}


@pytest.mark.parametrize(("name", "shown"), [
    ("C:\\fakepath\\Sổ QK.xlsx", "Sổ QK.xlsx"), ("../../a.xlsx", "a.xlsx"), ("a\x00\nb.xlsx", "ab.xlsx"),
    ("", "tệp không tên"), ("x" * 300 + ".xlsx", "x" * 119 + "…"),
])
def test_a_file_name_is_only_shown(name: str, shown: str) -> None:
    assert shown_name(name) == shown


@pytest.mark.parametrize(("host", "local"), [
    ("127.0.0.1:8000", True), ("localhost", True), ("[::1]:80", True), ("127.3.4.5", True),
    ("0.0.0.0:8000", False), ("example.org", False), ("10.0.0.1", False), ("localhost.example.org", False),
])
def test_this_computers_names(host: str, local: bool) -> None:
    assert is_local_host(host) is local


def test_the_server_on_a_socket(served: Path) -> None:
    running = start(served, "127.0.0.1", 0)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(running.url, timeout=30) as response:
            page = response.read().decode("utf-8")
        assert "Tình hình nộp sổ chỉ tiêu" in page
        request = urllib.request.Request(f"{running.url}xa/{QK}", headers={"Host": "evil.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 400
    finally:
        running.close()
        thread.join(10)


def test_a_port_in_use_is_a_message(served: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = invoke("serve", "-w", str(served), "--port", str(port), "--no-browser")
    assert code == 1
    assert f"cổng {port} đang được chương trình khác dùng" in err and f"--port {port + 1}" in err
    assert "Traceback" not in err


def test_options_and_workspace_are_checked(served: Path, tmp_path: Path) -> None:
    code, _, err = invoke("serve", "-w", str(served), "--port", "70000", "--no-browser")
    assert code == 2 and "65535" in err
    code, _, err = invoke("serve", "-w", str(tmp_path / "khong-co"), "--no-browser")
    assert code == 1 and "không tìm thấy thư mục làm việc này" in err
    empty = tmp_path / "trong"
    empty.mkdir()
    code, _, err = invoke("serve", "-w", str(empty), "--no-browser")
    assert code == 1 and "không phải thư mục làm việc" in err and "nqreport init" in err
    code, _, err = invoke("serve", "-w", str(served), "--host", "khong-co.invalid", "--no-browser")
    assert code == 1 and "--host khong-co.invalid: không phải địa chỉ của máy này" in err
    assert "Invalid" not in err and "Traceback" not in err


def test_the_text_helper_reads_like_a_person(served: Path) -> None:
    from serve_helpers import app_for

    app, _ = app_for(served)
    assert "Tình hình nộp sổ chỉ tiêu" in text_of(app.test_client().get("/"))


def test_the_guides_pictures_are_there_and_used() -> None:
    import re

    docs = Path(__file__).resolve().parent.parent / "docs"
    guide = (docs / "trang-web.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\]\((anh/[^)]+\.png)\)", guide))
    present = {f"anh/{p.name}" for p in (docs / "anh").glob("*.png")}
    assert used == present
    browser_test = (Path(__file__).resolve().parent / "test_serve_browser.py").read_text(encoding="utf-8")
    shot = set(re.findall(r'shot\("([^"]+)"', browser_test))
    assert {f"anh/{name}.png" for name in shot} == present
    assert all((docs / name).stat().st_size < 300_000 for name in present)
