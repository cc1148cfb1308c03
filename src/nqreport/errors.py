"""Problems found in user input, and the one exception family the CLI turns into messages.

Every expected failure is an :class:`NqError` (or carries :class:`Problem` records): the CLI catches the
base class once, prints the Vietnamese message and exits 1. A traceback is only shown with ``--debug``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_LABELS = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located precisely enough for an official to fix it.

    ``cell`` is an A1 reference (``"G12"``), a row (``"12"``), or empty when the problem concerns the
    whole sheet or file. ``message`` is Vietnamese: what is wrong and what to type instead.
    """

    file: str
    sheet: str
    cell: str
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        """``file › sheet › cell`` with the empty parts left out."""
        return " › ".join(p for p in (self.file, self.sheet, self.cell) if p)

    def format(self) -> str:
        return f"{self.location()}: {SEVERITY_LABELS[self.severity]}: {self.message}"

    def to_json(self) -> dict[str, str]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "severity": self.severity.value,
            "message": self.message,
        }


class NqError(Exception):
    """Base of every error a user can cause; ``str(err)`` is the Vietnamese message to show."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


class ConfigError(NqError):
    """nqreport.toml or a command-line option is wrong."""


class WorkbookError(NqError):
    """A workbook cannot be read at all (not a workbook, encrypted, corrupt, unsafe)."""


class TemplateError(NqError):
    """A Word template cannot be used (syntax, unknown variable, broken file)."""


class OutputError(NqError):
    """An output cannot be written (permission, path clash, disk)."""
