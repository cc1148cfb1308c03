"""What reading a resolution gives: its lines, its targets as rows of the workbook standard, and what it
says about itself. Plain records; the modules next to this one fill them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from nqreport.errors import Problem
from nqreport.schema import Kind


@dataclass(frozen=True)
class SourceText:
    """The text of a resolution as lines, before any reading of it."""

    lines: tuple[str, ...]
    #: "txt", "docx", "pdf", "doc", "odt", "rtf".
    format: str
    #: The text came from OCR of a scanned document: every row needs checking.
    ocr: bool = False


@dataclass(frozen=True)
class Target:
    """One row of the indicator sheet, as read from the resolution."""

    #: The field heading as the resolution writes it; None in a flat list.
    field_heading: str | None
    #: The standard field the row is filed under in the workbook.
    field: str
    #: The item's number as written ("(3)", "2.1", "a)", "-"), for the official to find it.
    item: str
    #: The phrase of this target as written (line breaks and page artefacts removed).
    text: str
    name: str
    unit: str
    kind: Kind
    target: Decimal | None = None
    target_max: Decimal | None = None
    deadline: date | None = None
    #: For a cumulative form ("57,96/61,01 km"): the whole.
    denominator: Decimal | None = None
    #: The resolution's line where the item starts (1-based).
    line: int = 0
    #: Why the row needs a person's eye; None when it was read with confidence.
    uncertain: str | None = None


@dataclass(frozen=True)
class Identity:
    """What the resolution says about itself."""

    #: The commune's name without its level ("Quốc Khánh").
    name: str = ""
    #: "Xã", "Phường" or "Đặc khu".
    level: str = "Xã"
    province: str = ""
    province_code: str = ""
    #: The 5-digit code, when the name and province match one unit of the official list.
    code: str = ""
    year: int | None = None
    #: "45/NQ-HĐND"; empty when the text carries no number.
    number: str = ""
    adopted: date | None = None
    #: "Hội đồng nhân dân xã Quốc Khánh".
    body: str = ""
    #: "khóa XX, kỳ họp thứ Tư".
    session: str = ""


@dataclass(frozen=True)
class Extraction:
    """A resolution read: its identity, its targets in document order and what went less than well."""

    source: Path
    identity: Identity
    targets: tuple[Target, ...]
    problems: tuple[Problem, ...] = ()
    #: The heading of the targets section as written.
    section: str = ""
    ocr: bool = False
    #: The format the text was read from ("txt", "docx", "pdf", "doc", "odt", "rtf").
    format: str = "txt"

    @property
    def uncertain(self) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if t.uncertain)
