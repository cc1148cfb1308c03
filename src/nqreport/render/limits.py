"""A time limit for rendering a template, which plain Python code cannot be given otherwise.

A template edited in Word may loop ten billion times without printing anything; nothing in Jinja checks
the clock. A timer thread raises :class:`RenderTimeout` in the rendering thread when its time is up
(``PyThreadState_SetAsyncExc``: the exception arrives at the next bytecode, and a template is nothing
but Python bytecode). It works on every platform and in worker processes, unlike ``SIGALRM``.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class RenderTimeout(Exception):
    """The time given to a render is up."""


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception) if exception else None)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`RenderTimeout` in this thread if the block runs longer than ``seconds``."""
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"running": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["running"]:
                state["fired"] = True
                _raise_in(thread_id, RenderTimeout)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["running"] = False
            fired = state["fired"]
        timer.cancel()
        if fired:
            _raise_in(thread_id, None)  # a timeout set but not yet delivered must not surface later
