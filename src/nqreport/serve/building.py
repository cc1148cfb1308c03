"""The build the page started: one at a time, in a child process (:mod:`nqreport.serve.child`), its
progress kept for the page that refreshes itself.

The build holds the workspace's gate from start to end, so no upload is filed while it reads inputs/; a
second build asked for meanwhile is refused with a message. ``build()`` stages every file and promotes
them whole, so outputs/ is never half written whatever happens to the child.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nqreport.build import BuildOptions, BuildResult
from nqreport.config.settings import load_settings
from nqreport.errors import NqError, Problem
from nqreport.serve.changes import Changes, compare
from nqreport.serve.child import DONE, FAILED, LOG, PROGRESS, run_build
from nqreport.serve.downloads import read_manifest
from nqreport.serve.gate import Gate

logger = logging.getLogger(__name__)

IDLE, WAITING, RUNNING, FINISHED, FAILED_PHASE = "idle", "waiting", "running", "finished", "failed"


@dataclass(frozen=True)
class BuildState:
    """What the progress page shows; a new value for each change (the page reads a consistent one)."""

    phase: str = IDLE
    done: int = 0
    total: int = 0
    #: Lines the build said on the way ("Đang xuất 12 bản PDF bằng LibreOffice…").
    lines: tuple[str, ...] = ()
    result: BuildResult | None = None
    message: str = ""
    problems: tuple[Problem, ...] = ()
    changes: Changes | None = None
    started: float = 0.0
    seconds: float = 0.0

    @property
    def active(self) -> bool:
        return self.phase in (WAITING, RUNNING)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class Builder:
    root: Path
    gate: Gate
    _state: BuildState = field(default_factory=BuildState)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _process: Any = None

    @property
    def state(self) -> BuildState:
        return self._state

    def start(self, options: BuildOptions) -> bool:
        """Start a build; False when one is already waiting or running."""
        load_settings(self.root)  # a broken nqreport.toml is told now, on the page that asked
        with self._lock:
            if self._state.active:
                return False
            self._state = BuildState(WAITING, started=time.monotonic())
        threading.Thread(target=self._run, args=(options,), name="nqreport-build", daemon=True).start()
        return True

    def _set(self, **changes: Any) -> None:
        with self._lock:
            self._state = replace(self._state, **changes)

    def _run(self, options: BuildOptions) -> None:
        self.gate.enter_build()
        try:
            before = read_manifest(load_settings(self.root))
            self._set(phase=RUNNING)
            outcome = self._child(options)
            if outcome[0] == DONE:
                result: BuildResult = outcome[1]
                after = read_manifest(load_settings(self.root))
                changes = compare(before, after) if after is not None else None
                self._set(phase=FINISHED, result=result, changes=changes, problems=result.problems)
            else:
                self._set(phase=FAILED_PHASE, message=outcome[1], problems=tuple(outcome[2]))
        except NqError as exc:
            self._set(phase=FAILED_PHASE, message=exc.message, problems=tuple(exc.problems))
        except Exception as exc:  # a bug of the server itself: the page says so, its console keeps the details
            logger.exception("Lỗi không mong đợi khi lập báo cáo")
            self._set(phase=FAILED_PHASE, message=f"Lỗi không mong đợi khi lập báo cáo ({type(exc).__name__}). Đây là "
                      "lỗi của chương trình, không phải của dữ liệu; chi tiết ở cửa sổ đang chạy nqreport serve: hãy "
                      "gửi cho người phát triển")
        finally:
            self._set(seconds=time.monotonic() - self._state.started)
            self.gate.leave_build()

    def _child(self, options: BuildOptions) -> tuple[Any, ...]:
        context = multiprocessing.get_context("spawn")
        receiving, sending = context.Pipe(duplex=False)
        # Not a daemon: a daemon may not start the build's own worker processes. stop() ends it with the server.
        process = context.Process(target=run_build, args=(str(self.root.resolve()), options, sending),
                                  name="nqreport-build")
        process.start()
        sending.close()
        self._process = process
        outcome: tuple[Any, ...] = (FAILED, "Việc lập báo cáo dừng bất thường (tiến trình lập báo cáo đã thoát); thư "
                                            "mục kết quả giữ như cũ. Hãy bấm Lập báo cáo lần nữa", [])
        try:
            while True:
                try:
                    message = receiving.recv()
                except (EOFError, OSError):
                    break
                if message[0] == PROGRESS:
                    self._set(done=message[1], total=message[2])
                elif message[0] == LOG:
                    self._set(lines=(*self._state.lines, message[1]))
                else:
                    outcome = message
        finally:
            receiving.close()
            process.join()
            self._process = None
        return outcome

    def wait(self, timeout: float) -> BuildState:
        """Wait for the build to end (tests and the benchmark)."""
        deadline = time.monotonic() + timeout
        while self._state.active and time.monotonic() < deadline:
            time.sleep(0.05)
        return self._state

    def stop(self) -> None:
        """End a running build when the server stops (its staging folder is removed by the next build)."""
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()
            process.join(5)
