"""Concurrent uploads through ``nqreport serve`` while a build runs: nothing lost, nothing corrupted.

A workspace for Lạng Sơn (``province = 20``: 65 communes), each commune's workbook already in inputs/ (the
round before, version 0). The server starts beyond 127.0.0.1's rules (keys required, on 127.0.0.1 itself),
then 20 clients hand in every commune's workbook twice through that commune's own link, version 1 then
version 2 (a newer file of the same data date), the communes shared out among the clients; a build is
started while the uploads run. Afterwards it checks that:

- inputs/ holds exactly one workbook per commune, named by the standard, with version 2's bytes;
- the archive holds the replaced versions, one line of the log each;
- the board (the page and the library) shows 65/65 received, none missing;
- each build's outputs/ matches its manifest (every file's SHA-256), the build during the uploads read each
  commune's workbook whole (its manifest names one of that commune's versions), and a build after them
  read version 2 of every commune;

and prints the figures (times, counts, latencies).

    python benchmarks/bench_serve.py
    python benchmarks/bench_serve.py --clients 20 --province 20 --keep /tmp/bench-serve
"""

from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import json
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from synth import spec_for

from nqreport.collect.status import workspace_board
from nqreport.config.catalog import load_catalog
from nqreport.config.communes import load_register
from nqreport.config.settings import load_settings
from nqreport.read.workbook import read_identity
from nqreport.scaffold.blank import write_blank
from nqreport.scaffold.init import init_workspace
from nqreport.serve.building import FINISHED
from nqreport.serve.server import Running, start
from nqreport.text import slug

VERSIONS = 3  # 0 in inputs/ before, 1 and 2 handed in
_TOKEN = re.compile(r'name="_token" value="([^"]+)"')


def make_workbooks(folder: Path, province: str) -> dict[str, list[bytes]]:
    """Each commune of the province in three versions: the same figures, a different banner (so the bytes
    differ) and the same data date (so only the time handed in tells the newer)."""
    units = load_register().units
    numbers = [i for i, unit in enumerate(units) if unit.province_code == province]
    made: dict[str, list[bytes]] = {}
    for number in numbers:
        spec = spec_for(number)
        versions = []
        for version in range(VERSIONS):
            path = folder / f"{spec.code}.{version}.xlsx"
            write_blank(path, replace(spec, banner=f"Số liệu tổng hợp giả lập, bản {version}."))
            versions.append(path.read_bytes())
        made[spec.code] = versions
    return made


def make_workspace(root: Path, province: str, workbooks: dict[str, list[bytes]]) -> None:
    init_workspace(root)
    settings = root / "nqreport.toml"
    text = settings.read_text(encoding="utf-8").replace("# province = 20", f"province = {province}")
    settings.write_text(text, encoding="utf-8")
    names = {u.code: u.name for u in load_register().units}
    for code, versions in workbooks.items():
        (root / "inputs" / f"{code}-{slug(names[code])}.xlsx").write_bytes(versions[0])


class Client:
    """One browser: its cookies, its form token for the page it opened."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=600) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def post(self, path: str, fields: dict[str, str], files: list[tuple[str, str, bytes]] = ()) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        body = bytearray()
        for name, value in fields.items():
            body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").encode()
        for name, filename, data in files:
            body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                     "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.base + path, data=bytes(body), method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with self.opener.open(request, timeout=600) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def token(self, page: str) -> str:
        status, html = self.get(page)
        found = _TOKEN.search(html)
        if status != 200 or found is None:
            raise RuntimeError(f"{page}: {status}")
        return found.group(1)


def hand_in(running: Running, base: str, codes: list[str], workbooks: dict[str, list[bytes]],
            results: list[dict[str, Any]]) -> None:
    """One client: each of its communes through that commune's link, version 1 then version 2."""
    keys = running.services.keys
    for code in codes:
        client = Client(base)
        client.get(f"/vao/{keys.commune_key(code)}")
        token = client.token(f"/xa/{code}")
        for version in (1, 2):
            started = time.perf_counter()
            status, html = client.post("/nop", {"_token": token}, [("so", f"so-xa-{code}-ban-{version}.xlsx",
                                                                     workbooks[code][version])])
            results.append({"code": code, "version": version, "status": status,
                            "seconds": time.perf_counter() - started, "filed": "Đã nhận" in html})


def check_outputs(root: Path) -> tuple[dict[str, Any], int]:
    """The manifest, and how many of its outputs have its SHA-256 (all of them, or the run failed)."""
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    matching = 0
    for record in manifest["outputs"]:
        if hashlib.sha256((root / record["path"]).read_bytes()).hexdigest() == record["sha256"]:
            matching += 1
    return manifest, matching


def build(running: Running, base: str) -> float:
    admin = Client(base)
    admin.get(f"/vao/{running.services.keys.admin_key()}")
    started = time.perf_counter()
    status, _ = admin.post("/lap", {"_token": admin.token("/lap")})
    assert status == 200, status  # followed the redirect to the progress page
    state = running.services.builder.wait(600)
    assert state.phase == FINISHED, (state.phase, state.message)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--province", default="20")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    if args.keep is not None and work.exists() and any(work.iterdir()):
        parser.error(f"--keep {work}: the folder is not empty; give a new or empty one (nothing is deleted)")
    work.mkdir(parents=True, exist_ok=True)
    try:
        return run(work, args.province, args.clients)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, province: str, clients: int) -> int:
    clock = time.perf_counter()
    workbooks = make_workbooks(work / "so", province)
    root = work / "ws"
    make_workspace(root, province, workbooks)
    made = time.perf_counter() - clock
    communes = sorted(workbooks)
    print(f"Tỉnh {province}: {len(communes)} xã, {len(communes) * VERSIONS} sổ giả lập ({made:.1f} s)")

    running = start(root, "127.0.0.1", 0, require_keys=True)
    server = threading.Thread(target=running.run, daemon=True)
    server.start()
    base = running.url.rstrip("/")
    failures: list[str] = []
    try:
        results: list[dict[str, Any]] = []
        shares = [communes[i::clients] for i in range(clients)]
        threads = [threading.Thread(target=hand_in, args=(running, base, share, workbooks, results)) for share in shares]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(0.3)
        build_seconds = build(running, base)  # started while the uploads run
        during, during_matching = check_outputs(root)
        for thread in threads:
            thread.join()
        uploads_seconds = time.perf_counter() - started

        statuses: dict[int, int] = {}
        for result in results:
            statuses[result["status"]] = statuses.get(result["status"], 0) + 1
        latencies = sorted(r["seconds"] for r in results)
        print(f"{len(results)} lần nộp từ {clients} trình duyệt cùng lúc, trong khi lập báo cáo: {uploads_seconds:.1f} s; "
              f"mã trả lời {statuses}; mỗi lần nộp: trung vị {statistics.median(latencies):.2f} s, "
              f"chậm nhất {latencies[-1]:.2f} s")
        print(f"Lập báo cáo trong lúc nộp: {build_seconds:.1f} s; {len(during['built'])} xã; "
              f"{during_matching}/{len(during['outputs'])} tệp kết quả đúng manifest")
        if len(results) != 2 * len(communes) or statuses != {200: len(results)} or not all(r["filed"] for r in results):
            failures.append("một số lần nộp không được nhận")
        if during_matching != len(during["outputs"]):
            failures.append("kết quả của lần lập trong lúc nộp không khớp manifest")
        versions = {code: [hashlib.sha256(v).hexdigest() for v in vs] for code, vs in workbooks.items()}
        for record in during["inputs"]:
            if record.get("role") == "workbook":
                code = record["path"].split("/")[-1][:5]
                if record["sha256"] not in versions.get(code, []):
                    failures.append(f"lần lập trong lúc nộp đọc {record['path']} dở dang")

        # inputs/: one workbook per commune, the last handed in
        catalog = load_catalog()
        files = sorted((root / "inputs").iterdir())
        by_code: dict[str, list[Path]] = {}
        for path in files:
            identity = read_identity(path.read_bytes(), catalog, label=path.name)
            by_code.setdefault(identity.code or "?", []).append(path)
        exact = sum(len(paths) == 1 and paths[0].read_bytes() == workbooks[code][2]
                    for code, paths in by_code.items() if code in workbooks)
        archived = [p for p in (root / "luu-tru").iterdir() if p.suffix == ".xlsx"]
        log_lines = (root / "luu-tru" / "nhat-ky.csv").read_text(encoding="utf-8-sig").strip().splitlines()[1:]
        print(f"inputs/: {len(files)} tệp, {len(by_code)} xã, {exact} xã đúng bản nộp sau cùng; lưu trữ: "
              f"{len(archived)} bản cũ, nhật ký {len(log_lines)} dòng")
        if len(files) != len(communes) or exact != len(communes):
            failures.append("inputs/ không đúng mỗi xã một sổ, bản nộp sau cùng")
        if len(archived) != 2 * len(communes) or len(log_lines) != 2 * len(communes):
            failures.append("lưu trữ không đủ các bản cũ")

        board = workspace_board(load_settings(root))
        admin = Client(base)
        admin.get(f"/vao/{running.services.keys.admin_key()}")
        _, page = admin.get("/")
        shown = f"<b>{len(communes)}/{len(communes)}</b><span>xã đã nộp</span>" in page
        print(f"Bảng nộp sổ: {len(board.received)}/{len(board.rows)} xã đã nộp, {len(board.missing)} chưa nộp; "
              f"trang web {'đúng' if shown else 'SAI'}")
        if len(board.received) != len(communes) or board.missing or not shown:
            failures.append("bảng nộp sổ sai")

        after_seconds = build(running, base)
        after, after_matching = check_outputs(root)
        read_last = sum(record["sha256"] == versions[record["path"].split("/")[-1][:5]][2]
                        for record in after["inputs"] if record.get("role") == "workbook")
        print(f"Lập lại sau khi nộp: {after_seconds:.1f} s; {len(after['built'])} xã; {after_matching}/"
              f"{len(after['outputs'])} tệp kết quả đúng manifest; {read_last} xã đọc bản nộp sau cùng")
        if after_matching != len(after["outputs"]) or read_last != len(communes):
            failures.append("lần lập sau khi nộp không đúng")
    finally:
        running.close()
        server.join(10)
    for failure in failures:
        print(f"SAI: {failure}")
    print("Kết quả: " + ("KHÔNG ĐẠT" if failures else "ĐẠT: không mất, không hỏng gì"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
