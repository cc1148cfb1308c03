"""PDF copies of the reports, made by LibreOffice (``soffice --headless --convert-to pdf``).

LibreOffice is optional: it is looked for only when PDFs are asked for, and its absence is a clear
message, not a traceback. One ``soffice`` process converts many files (it takes seconds to start), with
a private profile so that it neither touches the user's own LibreOffice settings nor collides with a
LibreOffice already open. LibreOffice stamps each PDF with the clock (CreationDate) and a random /ID;
both are rewritten in place, same length so the cross-reference offsets stay valid, so that the same
inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from nqreport.errors import OutputError
from nqreport.write.files import atomic_write

logger = logging.getLogger(__name__)

#: Environment variable naming the soffice program when it is not on PATH.
SOFFICE_ENV = "NQREPORT_SOFFICE"
#: Files per soffice run: bounds the command line and what one timeout covers.
BATCH_SIZE = 200
#: Seconds for LibreOffice to start (a fresh profile takes a few seconds) plus seconds per file.
START_TIMEOUT = 120.0
PER_FILE_TIMEOUT = 30.0

MISSING_MESSAGE = ("Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF: hãy cài LibreOffice "
                   "(https://vi.libreoffice.org) hoặc bỏ --pdf. Nếu đã cài ở nơi khác, đặt biến môi trường "
                   f"{SOFFICE_ENV} là đường dẫn tới soffice")

_WINDOWS_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_MAC_PLACES = ("/Applications/LibreOffice.app/Contents/MacOS/soffice",)


def find_soffice() -> Path | None:
    """LibreOffice's soffice: the environment variable, PATH, then the usual install places."""
    named = os.environ.get(SOFFICE_ENV)
    if named:
        path = Path(named)
        return path if path.is_file() else None
    for program in ("soffice", "libreoffice"):
        found = shutil.which(program)
        if found:
            return Path(found)
    places = _WINDOWS_PLACES if sys.platform == "win32" else _MAC_PLACES if sys.platform == "darwin" else ()
    for place in places:
        if Path(place).is_file():
            return Path(place)
    return None


def require_soffice() -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(MISSING_MESSAGE)
    return soffice


_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
#: LibreOffice's own trailer key, a hash that covers the date stamp.
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def normalize_pdf(data: bytes, when: datetime) -> bytes:
    """Replace LibreOffice's clock stamp, random /ID and checksum by values fixed by the content."""
    stamp = when.strftime("%Y%m%d%H%M%S").encode("ascii")
    data = _DATE.sub(lambda m: m.group(0)[:-14] + stamp, data)
    blanked = _CHECKSUM.sub(b"", _ID.sub(b"", data))
    digest = hashlib.sha256(blanked).hexdigest().upper().encode("ascii")

    def same_length(match: re.Match[bytes]) -> bytes:
        text = match.group(0)
        start = match.start()
        pieces: list[bytes] = []
        cursor = 0
        for group in range(1, (match.lastindex or 0) + 1):
            begin, end = match.start(group) - start, match.end(group) - start
            pieces += [text[cursor:begin], digest[: end - begin].ljust(end - begin, b"0")]
            cursor = end
        return b"".join([*pieces, text[cursor:]])

    return _CHECKSUM.sub(same_length, _ID.sub(same_length, data))


def convert_to_pdf(
    jobs: Sequence[tuple[Path, Path]],
    *,
    soffice: Path | None = None,
    when: datetime = datetime(2000, 1, 1),
    parallel: int = 1,
) -> None:
    """Convert each (.docx source, .pdf destination) pair; destinations are written atomically.

    ``parallel`` LibreOffice processes run side by side, each with its own profile (one LibreOffice
    converts about four pages a second on one core). Raises :class:`OutputError` naming every file
    that could not be converted, after converting the others.
    """
    if not jobs:
        return
    program = soffice or require_soffice()
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nqreport-pdf-") as tmp:
        work = Path(tmp)
        source_dir = work / "vao"
        out_dir = work / "ra"
        source_dir.mkdir()
        out_dir.mkdir()
        staged: list[Path] = []
        # soffice names each PDF after its source; every report is called bao-cao.docx in its own
        # folder, so each source gets a unique name first.
        for number, (source, _) in enumerate(jobs):
            copy = source_dir / f"{number:06d}{source.suffix}"
            shutil.copyfile(source, copy)
            staged.append(copy)
        lanes = max(1, min(parallel, len(staged)))
        running = _Running()

        def lane(number: int) -> None:
            mine = staged[number::lanes]
            for start in range(0, len(mine), BATCH_SIZE):
                if running.stopped:
                    return
                _run(program, mine[start:start + BATCH_SIZE], out_dir, profile=work / f"ho-so-{number}",
                     running=running)

        with ThreadPoolExecutor(max_workers=lanes) as pool:
            try:
                for future in [pool.submit(lane, number) for number in range(lanes)]:
                    future.result()
            except BaseException:
                # Ctrl+C (or a failed lane): LibreOffice runs in its own session and would go on for
                # minutes, with the pool waiting for it; stop every one now.
                running.stop()
                raise
        for copy, (source, destination) in zip(staged, jobs, strict=True):
            produced = out_dir / f"{copy.stem}.pdf"
            if not produced.is_file() or produced.stat().st_size == 0:
                failed.append(str(source))
                continue
            atomic_write(destination, normalize_pdf(produced.read_bytes(), when))
    if failed:
        raise OutputError("LibreOffice không chuyển được sang PDF: " + "; ".join(failed)
                          + ". Hãy mở tệp bằng LibreOffice để xem lỗi, hoặc chạy lại không có --pdf")


class _Running:
    """The LibreOffice processes of one conversion, so that an interrupted run can stop them all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._processes: set[subprocess.Popen[bytes]] = set()
        self.stopped = False

    def add(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._processes.add(process)
            stopped = self.stopped
        if stopped:
            _kill(process)

    def discard(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._processes.discard(process)

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            processes = list(self._processes)
        for process in processes:
            _signal_group(process)


def _run(program: Path, files: Sequence[Path], out_dir: Path, *, profile: Path,
         running: _Running | None = None) -> None:
    command = [
        str(program),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
        "--convert-to", "pdf", "--outdir", str(out_dir),
        *(str(f) for f in files),
    ]
    timeout = START_TIMEOUT + PER_FILE_TIMEOUT * len(files)
    # A fixed time zone keeps the length of LibreOffice's date stamp (Z vs +07'00') the same everywhere.
    env = {**os.environ, "TZ": "UTC"}
    logger.debug("LibreOffice: %s", " ".join(command))
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env, start_new_session=(os.name != "nt"))
    except OSError as exc:
        raise OutputError(f"Không chạy được LibreOffice ({program}): {exc.strerror or exc}; "
                          "hãy cài lại LibreOffice hoặc bỏ --pdf") from exc
    if running is not None:
        running.add(process)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill(process)
        raise OutputError(f"LibreOffice không trả lời sau {int(timeout)} giây khi xuất PDF; hãy đóng mọi cửa "
                          "sổ LibreOffice rồi chạy lại, hoặc bỏ --pdf") from exc
    finally:
        if running is not None:
            running.discard(process)
    if running is not None and running.stopped:
        return
    logger.debug("LibreOffice exit %s: %s %s", process.returncode, out.decode(errors="replace"),
                 err.decode(errors="replace"))


def _signal_group(process: subprocess.Popen[bytes]) -> None:
    """soffice is a launcher: the real office process is its child, so stop the whole group."""
    try:
        if os.name != "nt":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            # soffice.exe starts soffice.bin and may return before it: stop the tree, not the launcher only.
            subprocess.run(["taskkill", "/T", "/F", "/PID", str(process.pid)], capture_output=True, check=False,
                           timeout=30)
            process.kill()
    except (OSError, subprocess.SubprocessError):
        pass


def _kill(process: subprocess.Popen[bytes]) -> None:
    _signal_group(process)
    process.communicate()
