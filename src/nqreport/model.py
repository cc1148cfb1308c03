"""What a workbook means once read: plain, immutable records with figures as ``Decimal``.

The reader builds these; evaluation, aggregation and rendering only consume them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from nqreport.errors import Problem
from nqreport.schema import (
    KIND_DIRECTION,
    PERCENT_UNITS,
    Direction,
    Kind,
    Period,
    Status,
)
from nqreport.text import match_key


@dataclass(frozen=True)
class Source:
    """Where a record came from, for messages, the JSON view and the trace of every printed figure."""

    file: str
    sheet: str
    row: int
    #: Column key → the A1 reference of that column's cell in this row, for every column the sheet has.
    refs: tuple[tuple[str, str], ...] = ()

    def cell(self, key: str) -> str:
        """The A1 reference of the ``key`` column's cell in this row; "" when the sheet has no such column."""
        return next((ref for name, ref in self.refs if name == key), "")

    def to_json(self) -> dict[str, str | int]:
        return {"file": self.file, "sheet": self.sheet, "row": self.row}


@dataclass(frozen=True)
class Indicator:
    """One row of the indicator sheet (one target of the resolution)."""

    field: str
    name: str
    kind: Kind
    unit: str = ""
    code: str | None = None
    target: Decimal | None = None
    target_max: Decimal | None = None
    deadline: date | None = None
    direction: Direction | None = None
    baseline: Decimal | None = None
    same_period_last_year: Decimal | None = None
    result: Decimal | None = None
    estimate: Decimal | None = None
    completed_on: date | None = None
    manual_status: Status | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""
    responsible: str = ""
    source: Source | None = None

    @property
    def is_percent(self) -> bool:
        return match_key(self.unit) in PERCENT_UNITS

    @property
    def effective_direction(self) -> Direction | None:
        """The kind's own direction, else the one typed in the direction column (None: not given)."""
        return KIND_DIRECTION.get(self.kind, self.direction)


@dataclass(frozen=True)
class Assessment:
    """The officials' free text for one field, quoted by the reports."""

    field: str
    overview: str = ""
    shortcomings: str = ""
    tasks: str = ""
    #: The row it was read from (its cells: ``overview``, ``shortcomings``, ``tasks``).
    source: Source | None = None


@dataclass(frozen=True)
class Commune:
    """The commune sheet."""

    code: str
    name: str
    province: str
    year: int
    period: Period
    unit_type: str = "Xã"
    province_code: str = ""
    cutoff: date | None = None
    resolution_number: str = ""
    resolution_date: date | None = None
    resolution_session: str = ""
    issuing_body: str = ""
    report_number: str = ""
    report_date: date | None = None
    place: str = ""
    signer_authority: str = ""
    signer_title: str = ""
    signer: str = ""
    recipients: tuple[str, ...] = ()
    #: Row key → the A1 reference of its value cell on the commune sheet, for the rows the sheet has.
    refs: tuple[tuple[str, str], ...] = ()
    #: The commune sheet's name as the file spells it.
    sheet: str = ""

    def cell(self, key: str) -> str:
        """The A1 reference of the ``key`` row's value cell; "" when the sheet has no such row."""
        return next((ref for name, ref in self.refs if name == key), "")

    @property
    def full_name(self) -> str:
        """``"xã Quốc Khánh"``: the unit type in lower case, as written inside a sentence."""
        return f"{self.unit_type.lower()} {self.name}".strip()


@dataclass(frozen=True)
class CommuneData:
    """Everything read from one workbook."""

    commune: Commune
    indicators: tuple[Indicator, ...]
    assessments: tuple[Assessment, ...] = ()
    path: str = ""
    #: How the file is named in messages and traces (relative to the workspace); "" when not known.
    label: str = ""

    @property
    def name(self) -> str:
        """The file as messages and traces name it."""
        return self.label or self.path

    def fields(self) -> list[str]:
        """Fields in the order they first appear in the indicator sheet."""
        seen: dict[str, None] = {}
        for ind in self.indicators:
            seen.setdefault(ind.field, None)
        return list(seen)


@dataclass
class ReadResult:
    """A workbook read: its data when it could be built, and every problem found on the way."""

    path: str
    data: CommuneData | None
    problems: list[Problem] = field(default_factory=list)
    #: Every indicator row whose kind could be read, those left out of ``data`` for a missing name or
    #: field included: the rules of :mod:`nqreport.validate` check them all.
    rows: tuple[Indicator, ...] = ()
    #: How the file is named in problems (relative to the workspace).
    name: str = ""

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(p.is_error for p in self.problems)
