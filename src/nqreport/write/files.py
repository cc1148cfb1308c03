"""Writing into outputs/: whole files only, whole builds only, and never two outputs on one path.

A reader (Word, a file sync, a colleague on the network share) must never see half a file: every output
is written to a temporary file in its own folder and moved into place with ``os.replace``, which is
atomic on the same filesystem. A build first writes the whole run into a staging folder inside outputs/
and promotes it only once nothing failed, so a template error leaves the previous outputs untouched.

Promotion moves many files; a process killed half-way (power cut, task manager, SIGKILL) would leave two
builds mixed. So it is journaled: before the first move, a journal listing every move (the manifest's
last) is written whole into outputs/; then the files move; then the journal goes. Killed before the
journal exists, outputs/ holds the previous build and the staging folder is garbage; killed after, the
next nqreport command (:func:`recover_outputs`, run first by every command on a workspace) finishes the
moves from the journal: outputs/ then holds the whole new build and its manifest.

A build holds a lock on outputs/ (:class:`BuildLock`, an operating-system lock the system drops when the
process dies) from before it makes its staging folder until that folder is gone. Another command that finds
the lock held leaves outputs/ alone: the staging folder and the journal it sees are a running build's, not
a killed one's; a second build at the same time is refused with a message.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from nqreport.errors import OutputError, os_reason

#: Prefix of the staging folders a build makes inside outputs/; a crashed run may leave one behind,
#: and the next run removes it.
STAGING_PREFIX = ".nqreport-dang-ghi-"
#: The journal of a promotion under way (see the module's docstring).
JOURNAL_NAME = ".nqreport-dang-chuyen.json"
#: The staged manifest: promoted last.
STAGED_MANIFEST = ".manifest.json"
#: The lock a running build holds (see the module's docstring); removed when the build ends.
LOCK_NAME = ".nqreport-dang-lap.lock"
BUSY = ("một lần lập báo cáo khác đang chạy trên thư mục này (trong cửa sổ lệnh khác hoặc trên trang web); "
        "hãy đợi lần đó xong rồi chạy lại")



def _os_message(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return ("không có quyền ghi (tệp đang mở trong Word/Excel, hoặc thư mục chỉ đọc); hãy đóng tệp "
                "rồi chạy lại")
    return f"không ghi được: {os_reason(exc)}, rồi chạy lại"


def atomic_write(path: Path, data: bytes | Iterable[bytes], *, mtime: float | None = None) -> None:
    """Write ``data`` (bytes, or pieces of bytes written as they come) to ``path`` so that the path holds
    either the old file or the whole new one; with ``mtime`` (seconds since the epoch) the file carries that
    modification time from its first moment (``nqreport collect`` keeps the time a workbook was sent)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: {_os_message(exc)}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 16) as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                for piece in data:
                    handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if mtime is not None:
            os.utime(tmp, (mtime, mtime))
        _replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: {_os_message(exc)}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _replace(source: Path, target: Path) -> None:
    # mkstemp creates files readable by the owner only; outputs are ordinary documents.
    umask = os.umask(0)
    os.umask(umask)
    source.chmod(0o666 & ~umask)
    source.replace(target)


def output_key(path: Path) -> str:
    """Two paths that name the same file on Windows or macOS (case, ``a/../b``) share one key."""
    return os.path.normcase(os.path.normpath(Path(path).absolute())).casefold()


class OutputRegistry:
    """Every path this run will write, each claimed once: the pelican rule that two outputs never share
    a path, checked before anything is written. An input can never be claimed as an output."""

    def __init__(self, inputs: Iterable[Path] = ()) -> None:
        self._claims: dict[str, tuple[Path, str]] = {}
        self._inputs = {output_key(p): p for p in inputs}

    def claim(self, path: Path, owner: str) -> Path:
        key = output_key(path)
        if key in self._inputs:
            raise OutputError(f"{path}: trùng với tệp đầu vào {self._inputs[key]}; nqreport không bao giờ "
                              "ghi đè tệp đầu vào. Hãy đặt thư mục outputs khác thư mục inputs trong "
                              "nqreport.toml")
        if key in self._claims:
            _, earlier_owner = self._claims[key]
            raise OutputError(f"{path}: hai kết quả cùng ghi vào một tệp ({earlier_owner} và {owner}); "
                              "không ghi tệp nào. Hãy sửa mã hoặc tên xã cho khác nhau")
        self._claims[key] = (path, owner)
        return path

    def __contains__(self, path: object) -> bool:
        return isinstance(path, Path) and output_key(path) in self._claims

    @property
    def paths(self) -> list[Path]:
        return [path for path, _ in self._claims.values()]


class BuildLock:
    """The lock a build holds on outputs/ while it runs: an exclusive lock on :data:`LOCK_NAME`, which the
    operating system releases when the process ends, however it ends. :meth:`take` returns None when
    another process holds it."""

    def __init__(self, path: Path, handle: Any) -> None:
        self.path = path
        self._handle = handle

    @classmethod
    def take(cls, outputs: Path) -> BuildLock | None:
        path = outputs / LOCK_NAME
        while True:
            handle = path.open("a+b")  # held until release()
            try:
                _lock(handle)
            except OSError:
                handle.close()
                return None
            try:
                same = os.path.samestat(os.fstat(handle.fileno()), path.stat())
            except FileNotFoundError:
                same = False
            if same:
                return cls(path, handle)
            handle.close()  # the holder removed the file as we took it: take the file that is there now

    def release(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._handle.close()


def _lock(handle: Any) -> None:
    """Lock ``handle``'s file for this process, or raise OSError at once when another holds it."""
    if os.name == "nt":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


class Staging:
    """A private folder inside outputs/ where a run writes everything before promoting it.

    Staged files are moved into place one by one with ``os.replace`` (same filesystem, so each move is
    atomic); if the run fails before promotion the folder is removed and outputs/ is as it was. The run
    holds the :class:`BuildLock` from before the folder exists until it is removed.
    """

    def __init__(self, outputs: Path) -> None:
        self.outputs = outputs
        if outputs.exists() and not outputs.is_dir():
            raise OutputError(f"{outputs}: đây là một tệp, không phải thư mục kết quả; hãy đổi tên hoặc chuyển "
                              "tệp đó đi (nqreport ghi báo cáo vào thư mục này), hoặc sửa khóa outputs trong "
                              "nqreport.toml")
        try:
            outputs.mkdir(parents=True, exist_ok=True)
            lock = BuildLock.take(outputs)
        except OSError as exc:
            raise OutputError(f"{outputs}: {_os_message(exc)}") from exc
        if lock is None:
            raise OutputError(f"{outputs}: {BUSY}")
        self._lock = lock
        try:
            _recover(outputs)
            self.path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=outputs))
            #: Set once the promotion is done: Ctrl+C after it does not undo the build.
            self.committed = False
        except OSError as exc:
            lock.release()
            raise OutputError(f"{outputs}: {_os_message(exc)}") from exc
        except BaseException:
            lock.release()
            raise

    def promote(self, moves: Sequence[tuple[Path, Path]], manifest: Path,
                manifest_for: Callable[[dict[Path, str]], bytes | Iterable[bytes]]) -> list[tuple[Path, str]]:
        """Move staged files (absolute) to their final places (absolute) inside outputs/, each whole, then the
        manifest (``manifest_for(failed finals and why)`` gives its bytes), under a journal: a kill at any instant
        leaves the previous build, or a promotion the next run finishes.

        A file that cannot be replaced (on Windows: the previous report still open in Word) does not stop
        the others; the failures come back as (final path, Vietnamese reason), and the manifest leaves
        them out.
        """
        staged_manifest = self.path / STAGED_MANIFEST
        atomic_write(staged_manifest, manifest_for({}))
        journal = {
            "moves": [[_inside(self.outputs, staged), _inside(self.outputs, final)]
                      for staged, final in (*moves, (staged_manifest, manifest))],
        }
        # in pieces (the same bytes as json.dumps): a country's journal names 20,000 paths
        atomic_write(self.outputs / JOURNAL_NAME,
                     (piece.encode("utf-8") for piece in json.JSONEncoder(ensure_ascii=False).iterencode(journal)))
        failures: list[tuple[Path, str]] = []
        for staged, final in moves:
            try:
                final.parent.mkdir(parents=True, exist_ok=True)
                _replace(staged, final)
            except OSError as exc:
                failures.append((final, _os_message(exc)))
        if failures:
            # The manifest without them, in the journal's place for it; their staged files are dropped so
            # that finishing this journal after a kill does not try them again.
            atomic_write(staged_manifest, manifest_for(dict(failures)))
            failed = {final for final, _ in failures}
            for staged, final in moves:
                if final in failed:
                    with contextlib.suppress(OSError):
                        staged.unlink()
        try:
            _replace(staged_manifest, manifest)
            (self.outputs / JOURNAL_NAME).unlink()
        except OSError as exc:
            raise OutputError(f"{manifest}: {_os_message(exc)}") from exc
        self.committed = True
        return failures

    def cleanup(self) -> None:
        with interrupts_deferred(reraise=not self.committed):
            shutil.rmtree(self.path, ignore_errors=True)
            self._lock.release()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()


@contextlib.contextmanager
def interrupts_deferred(*, reraise: bool = True) -> Iterator[list[int]]:
    """Ctrl+C waits for the end of the block, then stops the run as usual (or, without ``reraise``, is
    only noted in the list the block gets: the caller says what was stopped).

    Promotion moves many files into outputs/ and then writes the manifest: stopped half-way, outputs/
    would hold some new reports beside old ones and a manifest that describes neither. The block is a
    few milliseconds long, so the wait is not felt. Only the main thread can hold signals; elsewhere the
    block runs as is.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: received.append(signum))
    try:
        yield received
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
    if received and reraise:
        raise KeyboardInterrupt


def _inside(outputs: Path, path: Path) -> str:
    """``path`` relative to outputs/, as the journal holds it."""
    return Path(os.path.relpath(path, outputs)).as_posix()


def recover_outputs(outputs: Path) -> bool:
    """Finish a promotion a killed build left half-done (its journal is in outputs/), then remove staging
    folders left by killed builds. Returns whether a promotion was finished. Run first by every command on
    a workspace, so that outputs/ always holds one whole build and the manifest that describes it. While a
    build runs (it holds the :class:`BuildLock`) nothing is touched: what is there is that build's."""
    try:
        lock = BuildLock.take(outputs)
    except OSError:
        return False  # outputs/ not writable: nothing a killed build could have left to finish
    if lock is None:
        return False
    try:
        return _recover(outputs)
    finally:
        lock.release()


def _recover(outputs: Path) -> bool:
    """:func:`recover_outputs` for a caller that holds the lock."""
    journal = outputs / JOURNAL_NAME
    finished = False
    if journal.is_file():
        try:
            moves = json.loads(journal.read_text(encoding="utf-8"))["moves"]
        except (OSError, ValueError, KeyError, TypeError):
            moves = []  # written whole or not at all: unreadable means not ours
        root = outputs.resolve()
        for staged_name, final_name in moves:
            staged, final = outputs / staged_name, outputs / final_name
            # only paths inside outputs/ (a journal is ours, but outputs/ may be a shared folder)
            if not all(root in (outputs / name).resolve().parents for name in (staged_name, final_name)):
                continue
            try:
                if staged.is_file():
                    final.parent.mkdir(parents=True, exist_ok=True)
                    _replace(staged, final)
            except OSError as exc:
                raise OutputError(f"{final}: lần lập báo cáo trước bị ngắt giữa chừng và chưa hoàn tất được: "
                                  f"{_os_message(exc)}") from exc
        with contextlib.suppress(FileNotFoundError):
            journal.unlink()
        finished = bool(moves)
    remove_stale_staging(outputs)
    return finished


def remove_stale_staging(outputs: Path) -> None:
    """Staging folders left by a run that was killed: only ours, recognised by their prefix."""
    if not outputs.is_dir():
        return
    for child in outputs.iterdir():
        if child.is_dir() and child.name.startswith(STAGING_PREFIX):
            shutil.rmtree(child, ignore_errors=True)


