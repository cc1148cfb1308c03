"""The JSON view of a resolution read, for other tools: the shape of the extract issue, ``kind`` from the
same list as ``nqreport summary --format json``, numbers as JSON numbers, dates as YYYY-MM-DD."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from nqreport.extract.model import Extraction, Target


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    identity = extraction.identity
    return {
        "commune": {"name": identity.name or None, "province": identity.province or None,
                    "code": identity.code or None, "year": identity.year},
        "resolution": {"number": identity.number or None, "date": _date(identity.adopted),
                       "body": identity.body or None},
        "targets": [_target(target) for target in extraction.targets],
        "problems": [problem.to_json() for problem in extraction.problems],
    }


def _target(target: Target) -> dict[str, Any]:
    return {
        "field": target.field_heading,
        "text": target.text,
        "name": target.name,
        "unit": target.unit or None,
        "kind": target.kind.value,
        "target": _number(target.target),
        "target_max": _number(target.target_max),
        "deadline": _date(target.deadline),
        "uncertain": target.uncertain,
    }


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
