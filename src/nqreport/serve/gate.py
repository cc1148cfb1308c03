"""One writer at a time on the workspace, and how many workbooks a link may hand in.

``collect`` reads inputs/, decides, then writes; a build reads inputs/ while its workers run. Two of them at
once could file a workbook against a state that no longer holds, or build from a commune's file that is
being replaced. So the server lets one of them in at a time: uploads wait for a running build (and for each
other, a fraction of a second each), a build waits for the uploads already being filed and then goes
first (new uploads wait behind it rather than starving it). An upload that cannot get in within its wait
is refused with a message and nothing written; the official still has the file and sends it again.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

#: What the gate says is running, for messages.
BUILDING = "đang lập báo cáo"
FILING = "đang nhận sổ"


class Busy(Exception):
    """The workspace stayed busy for longer than the caller would wait."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


class Gate:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._holder = ""
        self._builds_waiting = 0

    @property
    def holder(self) -> str:
        """What holds the workspace now ("" when free)."""
        return self._holder

    @contextmanager
    def filing(self, timeout: float) -> Iterator[None]:
        """Hold the workspace to file an upload; :class:`Busy` after ``timeout`` seconds of waiting."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._holder or self._builds_waiting:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Busy(self._holder or BUILDING)
                self._cond.wait(left)
            self._holder = FILING
        try:
            yield
        finally:
            self._release()

    def enter_build(self) -> None:
        """Wait for the uploads being filed, then hold the workspace until :meth:`leave_build`."""
        with self._cond:
            self._builds_waiting += 1
            try:
                while self._holder:
                    self._cond.wait()
            finally:
                self._builds_waiting -= 1
            self._holder = BUILDING

    def leave_build(self) -> None:
        self._release()

    def _release(self) -> None:
        with self._cond:
            self._holder = ""
            self._cond.notify_all()


class Quota:
    """At most ``limit`` files per ``window`` seconds for each holder of a link (a commune's link must not
    fill the archive of replaced workbooks, or keep the server reading)."""

    def __init__(self, limit: int, window: float = 3600.0) -> None:
        self.limit = limit
        self.window = window
        self._lock = threading.Lock()
        self._taken: dict[str, deque[float]] = {}

    def take(self, key: str, count: int) -> bool:
        """Count ``count`` more files for ``key``; False (and nothing counted) past the limit."""
        now = time.monotonic()
        with self._lock:
            times = self._taken.setdefault(key, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) + count > self.limit:
                return False
            times.extend([now] * count)
            return True
