"""The ``nqreport`` program as installed: Ctrl+C is answered in Vietnamese from the first instant.

Loading the command line takes a few hundredths of a second (click, then what a command needs); Ctrl+C in
that time would print Python's traceback. This module is all that runs before a handler is in place:
"Đã dừng theo yêu cầu." and exit 130, as once the command is running.

``nqreport --help`` alone is answered from ``data/help.txt``: click's own page at every width it lays it out
in (:func:`nqreport.cli.app.help_pages`, checked by a test), so the first thing a new user types does not
wait for click to load (issue 9 asks ≤ 4× ``python -c pass``; importing click alone is 3.5×). Anything else,
or a page that cannot be read, goes to click.
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


def _help_width() -> int:
    """The width click's help formatter takes: the terminal's columns (``COLUMNS`` first, as
    :func:`shutil.get_terminal_size` reads them; 80 when there is no terminal) less 2, from 50 to 98.
    Not shutil's own function: importing shutil takes 9 ms, the whole time the page may take."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        if columns <= 0:
            columns = 80
    return max(min(columns, 100) - 2, 50)


def _cached_help() -> str | None:
    """The page of ``data/help.txt`` for this terminal's width, or None."""
    width = _help_width()
    try:
        # os.path, not pathlib: importing pathlib alone takes half of what the whole page may
        page_file = os.path.join(os.path.dirname(__file__), "data", "help.txt")  # noqa: PTH118, PTH120
        with open(page_file, encoding="utf-8") as file:  # noqa: PTH123
            pages = file.read()
    except OSError:
        return None
    for block in pages.split("@@ ")[1:]:
        head, _, text = block.partition("\n")
        first, _, last = head.partition(" ")
        if first.isdigit() and last.isdigit() and int(first) <= width <= int(last):
            return text
    return None


def main() -> None:
    signal.signal(signal.SIGINT, _stopped_while_starting)
    if sys.argv[1:] in (["--help"], ["-h"]):
        page = _cached_help()
        if page is not None:
            sys.stdout.buffer.write(page.encode("utf-8"))  # UTF-8 on any console, as click's page is
            sys.stdout.flush()
            return
    from nqreport.cli import main as command_line

    signal.signal(signal.SIGINT, signal.default_int_handler)
    command_line()
