"""The submission board: for every commune a workspace expects, whether its workbook is in, since when, and
whether it validates; and the communes still missing.

Pure: it is made from what the workspace expects (:func:`nqreport.config.expected.expected_communes`) and
what was found in inputs/ (the workbooks as validated, each with its file time), so that ``nqreport
status`` and the build's summary workbook and report show the same board.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from nqreport.config.communes import Unit, load_register
from nqreport.model import ReadResult


class Submission(StrEnum):
    """Where a commune stands; the values are the codes of ``nqreport status --format json``."""

    VALID = "hop_le"
    WARNINGS = "co_canh_bao"
    ERRORS = "co_loi"
    MISSING = "chua_nop"


SUBMISSION_LABELS = {
    Submission.VALID: "Đã nộp, hợp lệ",
    Submission.WARNINGS: "Đã nộp, có cảnh báo",
    Submission.ERRORS: "Đã nộp, có lỗi",
    Submission.MISSING: "Chưa nộp",
}


@dataclass(frozen=True)
class Received:
    """One workbook found in inputs/."""

    #: As messages name it (relative to the workspace).
    file: str
    #: The commune code it gives; None when it could not be read.
    code: str | None
    #: The commune as the workbook names it ("xã Quốc Khánh"), "" when unreadable.
    name: str
    #: The file's modification time: when it was received (``nqreport collect`` keeps the sender's time).
    modified: datetime | None
    cutoff: date | None
    errors: int
    warnings: int

    @classmethod
    def of(cls, result: ReadResult, code: str | None, modified: datetime | None) -> Received:
        """A workbook as validated; ``code`` is its commune's even when the workbook could not be read whole
        (:func:`nqreport.validate.communes.commune_code`)."""
        commune = result.data.commune if result.data is not None else None
        errors = sum(p.is_error for p in result.problems)
        return cls(result.name, code, commune.full_name if commune else "", modified,
                   commune.cutoff if commune else None, errors, len(result.problems) - errors)

    @property
    def submission(self) -> Submission:
        if self.errors:
            return Submission.ERRORS
        return Submission.WARNINGS if self.warnings else Submission.VALID

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "code": self.code, "name": self.name,
                "modified": self.modified.isoformat(timespec="seconds") if self.modified else None,
                "cutoff": self.cutoff.isoformat() if self.cutoff else None,
                "errors": self.errors, "warnings": self.warnings, "status": self.submission.value}


@dataclass(frozen=True)
class BoardRow:
    """One commune of the board."""

    code: str
    #: "xã Quốc Khánh"
    name: str
    province: str
    #: Its workbooks in inputs/: none (missing), one, or several (each an error naming the others).
    files: tuple[Received, ...] = ()
    #: "Quốc Khánh"
    short_name: str = ""

    @property
    def submission(self) -> Submission:
        if not self.files:
            return Submission.MISSING
        return max((f.submission for f in self.files), key=_RANK.__getitem__)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "province": self.province, "status": self.submission.value,
                "label": SUBMISSION_LABELS[self.submission], "files": [f.to_json() for f in self.files]}


_RANK = {Submission.VALID: 0, Submission.WARNINGS: 1, Submission.ERRORS: 2, Submission.MISSING: 3}


@dataclass(frozen=True)
class Board:
    #: One row per expected commune, in the order of the list (or of the official list); when the
    #: workspace expects nothing, one row per commune found in inputs/.
    rows: tuple[BoardRow, ...]
    #: Workbooks in inputs/ of no expected commune: unreadable, of another province, not on the list.
    others: tuple[Received, ...] = ()
    #: Whether the workspace says which communes it expects (``province`` or ``communes``).
    expects: bool = False
    #: Where the expectation comes from, for the heading ("province = 20 trong nqreport.toml").
    source: str = ""

    def with_status(self, *statuses: Submission) -> tuple[BoardRow, ...]:
        return tuple(row for row in self.rows if row.submission in statuses)

    @property
    def received(self) -> tuple[BoardRow, ...]:
        return self.with_status(Submission.VALID, Submission.WARNINGS, Submission.ERRORS)

    @property
    def missing(self) -> tuple[BoardRow, ...]:
        return self.with_status(Submission.MISSING)

    @property
    def complete(self) -> bool:
        """Every expected commune in, none with errors, nothing unexplained in inputs/."""
        return not self.missing and not self.with_status(Submission.ERRORS) and not self.others

    def to_json(self) -> dict[str, Any]:
        return {
            "expects": self.expects,
            "source": self.source,
            "expected": len(self.rows) if self.expects else None,
            "received": len(self.received),
            "valid": len(self.with_status(Submission.VALID)),
            "with_warnings": len(self.with_status(Submission.WARNINGS)),
            "with_errors": len(self.with_status(Submission.ERRORS)),
            "missing": len(self.missing) if self.expects else None,
            "communes": [row.to_json() for row in self.rows],
            "missing_communes": [{"code": row.code, "name": row.name} for row in self.missing],
            "others": [item.to_json() for item in self.others],
        }


def make_board(expected: Sequence[Unit] | None, received: Sequence[Received], source: str = "") -> Board:
    """The board of a workspace expecting ``expected`` (None: it does not say) with ``received`` in inputs/."""
    by_code: dict[str, list[Received]] = {}
    others: list[Received] = []
    for item in received:
        if item.code is None:
            others.append(item)
        else:
            by_code.setdefault(item.code, []).append(item)
    if expected is None:
        register = load_register()
        rows = []
        for code, files in sorted(by_code.items()):
            unit = register.get(code)
            if unit is not None:
                rows.append(BoardRow(code, unit.full_name, unit.province, tuple(files), unit.name))
            else:
                rows.append(BoardRow(code, files[0].name, "", tuple(files), files[0].name))
        return Board(tuple(rows), tuple(others), expects=False, source=source)
    wanted = {unit.code for unit in expected}
    others += [item for code, files in sorted(by_code.items()) if code not in wanted for item in files]
    rows = [BoardRow(unit.code, unit.full_name, unit.province, tuple(by_code.get(unit.code, ())), unit.name)
            for unit in expected]
    return Board(tuple(rows), tuple(sorted(others, key=lambda r: r.file)), expects=True, source=source)
