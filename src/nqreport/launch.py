"""The ``nqreport`` program as installed: Ctrl+C is answered in Vietnamese from the first instant.

Loading the command line takes a few hundredths of a second (click, then what a command needs); Ctrl+C in
that time would print Python's traceback. This module is all that runs before a handler is in place:
"Đã dừng theo yêu cầu." and exit 130, as once the command is running.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

#: What every interrupted command says (also :data:`nqreport.cli.app.INTERRUPTED`).
STOPPED = "Đã dừng theo yêu cầu."


def _stopped_while_starting(_signum: int, _frame: FrameType | None) -> None:
    sys.stderr.write(STOPPED + "\n")
    sys.stderr.flush()
    os._exit(130)  # nothing written yet: no file to finish or remove


def main() -> None:
    signal.signal(signal.SIGINT, _stopped_while_starting)
    from nqreport.cli import main as command_line

    signal.signal(signal.SIGINT, signal.default_int_handler)
    command_line()
