"""What changed in a commune's figures and verdicts since the last build.

Each build leaves, in every commune's trace file (``outputs/<xã>/truy-vet.json``), the state of the
commune: every figure of its workbook that the reports use, with its cell, and every verdict
(:func:`commune_state`). The next build compares its own state with that one (:func:`compare`): a
secretary who receives a corrected workbook sees what moved before the session. The previous state
comes from outputs/ only; inputs are never touched.

An indicator is the same indicator when its field and name are (case, accents of spacing aside):
rows may be inserted, moved or sorted. One renamed is listed as removed and added. Figures computed from
others (percent of plan, counts) are not listed: they follow the figures listed.

Pure: no I/O (the build reads and writes the files), no words beyond the workbook's own labels.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from nqreport.aggregate import CommuneReport
from nqreport.model import Indicator
from nqreport.schema import (
    COMMUNE_ROWS,
    INDICATOR_COLUMNS,
    KIND_LABELS,
    PERIOD_LABELS,
    STATUS_LABELS,
    Kind,
    Status,
)
from nqreport.text import match_key
from nqreport.wording.numbers import format_date, format_number

#: The version of the state's layout; a state of another version is not compared.
STATE_FORMAT = "1"
#: The figures of an indicator row compared from build to build, in the workbook's order.
INDICATOR_KEYS = ("kind", "unit", "target", "target_max", "deadline", "baseline", "same_period_last_year", "result",
                  "estimate", "completed_on", "manual_status", "numerator", "denominator")
#: The commune sheet's values the reports print.
COMMUNE_KEYS = ("year", "cutoff", "resolution_number", "resolution_date", "report_number", "report_date")
#: What a verdict is called in a change.
VERDICT = "Đánh giá"
#: What the commune sheet is called where a change is not of an indicator.
COMMUNE_SHEET = "Thông tin chung"
_HEADERS = {column.key: column.header for column in INDICATOR_COLUMNS}
_COMMUNE_HEADERS = {row.key: row.header for row in COMMUNE_ROWS}


@dataclass(frozen=True)
class Change:
    """One figure or verdict that moved: ``old`` → ``new`` ("" for none), and the cell it is read from."""

    code: str
    commune: str
    indicator: str
    what: str
    old: str
    new: str
    cell: str

    @property
    def verdict(self) -> bool:
        return self.what == VERDICT


@dataclass(frozen=True)
class Comparison:
    """A commune's changes; ``earlier`` is False when outputs/ holds no earlier state to compare with."""

    code: str
    commune: str
    earlier: bool
    changes: tuple[Change, ...] = ()
    #: Indicators added and removed since (their names).
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_number(Decimal(value))
    if isinstance(value, date):
        return format_date(date(value.year, value.month, value.day))
    if isinstance(value, Kind):
        return KIND_LABELS[value]
    if isinstance(value, Status):
        return STATUS_LABELS[value]
    return str(value)


def _identity(indicator: Indicator, seen: dict[str, int]) -> str:
    key = f"{match_key(indicator.field)}|{match_key(indicator.name)}"
    seen[key] = seen.get(key, 0) + 1
    return key if seen[key] == 1 else f"{key}#{seen[key]}"


def commune_state(report: CommuneReport, period_source: str = "") -> dict[str, Any]:
    """The commune's figures and verdicts as the next build compares them (JSON-ready, deterministic,
    small: the commune sheet's values and each indicator's non-empty cells as ``key: [cell, value]``,
    the cells of the sheets named once in ``sheets``)."""
    data = report.data
    commune = data.commune
    sheet = {key: [commune.cell(key), _text(getattr(commune, key))] for key in COMMUNE_KEYS}
    sheet["period"] = [period_source or commune.cell("period"), PERIOD_LABELS[report.period]]
    indicators = []
    seen: dict[str, int] = {}
    sheet_name = ""
    for item in report.indicators:
        ind = item.indicator
        source = ind.source
        values = {}
        for key in INDICATOR_KEYS:
            value = _text(getattr(ind, key))
            if value:
                values[key] = [source.cell(key) if source is not None else "", value]
        if source is not None:
            sheet_name = sheet_name or f"{source.file} › {source.sheet}"
        indicators.append({"id": _identity(ind, seen), "name": ind.name, "row": source.row if source else 0,
                           "status": STATUS_LABELS[item.evaluation.status], "values": values})
    return {"state_format": STATE_FORMAT, "code": commune.code, "commune": commune.full_name,
            "sheets": {"commune": f"{data.name} › {commune.sheet}", "indicators": sheet_name},
            "sheet": sheet, "indicators": indicators}


def compare(earlier: Mapping[str, Any] | None, now: Mapping[str, Any]) -> Comparison:
    """What moved from the ``earlier`` state to ``now`` (both from :func:`commune_state`); an earlier state
    that is missing, of another format or unreadable compares as none."""
    code, name = str(now.get("code", "")), str(now.get("commune", ""))
    if not _usable(earlier):
        return Comparison(code, name, earlier=False)
    assert earlier is not None
    changes: list[Change] = []

    sheets = _mapping(now.get("sheets"))

    def moved(indicator: str, labels: Mapping[str, str], old: Mapping[str, Any], new: Mapping[str, Any],
              sheet: str) -> None:
        for key in dict.fromkeys([*new, *old]):
            before, after = _pair(old.get(key)), _pair(new.get(key))
            if before[1] != after[1]:
                changes.append(Change(code, name, indicator, labels.get(key, key), before[1], after[1],
                                      _full(after[0] or before[0], sheet)))

    moved(COMMUNE_SHEET, _COMMUNE_HEADERS, _mapping(earlier.get("sheet")), _mapping(now.get("sheet")),
          str(sheets.get("commune", "")))
    indicator_sheet = str(sheets.get("indicators", ""))
    # a hand-edited earlier state may hold anything: a row without an id of text is no row to compare with
    old_rows = {row["id"]: row for row in earlier.get("indicators", ())
                if isinstance(row, Mapping) and isinstance(row.get("id"), str)}
    new_ids = set()
    added = []
    for row in now.get("indicators", ()):
        new_ids.add(row.get("id"))
        old = old_rows.get(row.get("id"))
        if old is None:
            added.append(str(row.get("name", "")))
            continue
        moved(str(row.get("name", "")), _HEADERS, _mapping(old.get("values")), _mapping(row.get("values")),
              indicator_sheet)
        if str(old.get("status", "")) != str(row.get("status", "")):
            changes.append(Change(code, name, str(row.get("name", "")), VERDICT, str(old.get("status", "")),
                                  str(row.get("status", "")), _full(f"hàng {row.get('row', '')}", indicator_sheet)))
    removed = tuple(str(row.get("name", "")) for key, row in old_rows.items() if key not in new_ids)
    return Comparison(code, name, True, tuple(changes), tuple(added), removed)


_CELL = re.compile(r"^([A-Z]{1,3}\d+|hàng \d+)$")


def _full(cell: str, sheet: str) -> str:
    """A cell of a sheet named in full ("inputs/a.xlsx › Chỉ tiêu › N5"); a source that is no cell of the
    sheet ("nqreport.toml › period", "--period") as it is."""
    if not sheet or not _CELL.match(cell):
        return cell
    return f"{sheet} › {cell}"


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _pair(value: Any) -> tuple[str, str]:
    """(cell, value) of a state's entry; ("", "") for none (an empty cell)."""
    if isinstance(value, list) and len(value) == 2:
        return str(value[0]), str(value[1])
    return "", ""


def _usable(state: Mapping[str, Any] | None) -> bool:
    return (isinstance(state, Mapping) and state.get("state_format") == STATE_FORMAT
            and isinstance(state.get("indicators"), list))


def total_changes(comparisons: Sequence[Comparison]) -> int:
    return sum(len(c.changes) + len(c.added) + len(c.removed) for c in comparisons)
