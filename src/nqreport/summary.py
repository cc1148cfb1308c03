"""What ``nqreport summary`` shows: the evaluation of a workspace, and its JSON document for other programs.

The terminal table (:mod:`nqreport.cli.summary_text`) and the JSON read the same :class:`Summary` —
every workbook that could be read, evaluated and counted per field and per commune, plus the
cross-commune matrix and catalog totals — so the table a secretary reads and the JSON another program
reads never disagree. Workbooks that could not be read are listed, not dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from nqreport.aggregate import (
    CommuneLine,
    CommuneReport,
    CrossCommune,
    StatusCounts,
    aggregate_communes,
    evaluate_commune,
)
from nqreport.config.catalog import Aggregation, Catalog
from nqreport.config.settings import EvalSettings, Settings
from nqreport.config.workspace import display_name
from nqreport.errors import Problem
from nqreport.evaluate import EvaluatedIndicator
from nqreport.model import ReadResult
from nqreport.schema import PERIOD_LABELS, Period, Status
from nqreport.totals import CatalogTotal
from nqreport.wording.counts import counts_sentence
from nqreport.wording.numbers import format_status
from nqreport.wording.totals import total_reason, unjudged_text
from nqreport.wording.verdicts import reason_text

# --------------------------------------------------------------------------- shared


@dataclass(frozen=True)
class Summary:
    """Everything both views show."""

    cross: CrossCommune
    #: Every commune evaluated, in full (``cross`` holds one line each).
    reports: tuple[CommuneReport, ...]
    problems: tuple[Problem, ...]
    #: Workbooks left out: unreadable, or read with errors (their problems say why). ``build`` skips the
    #: same ones, so the summary previews what will be built.
    skipped: tuple[str, ...]


def build_summary(results: Sequence[ReadResult], catalog: Catalog, settings: Settings,
                  period: Period | None = None) -> Summary:
    """Evaluate every workbook read without errors; ``period`` (else the settings', else each
    workbook's) decides which figure is judged."""
    chosen = period if period is not None else settings.period
    reports = [evaluate_commune(r.data, chosen, settings.evaluation) for r in results
               if r.data is not None and r.ok]
    cross = aggregate_communes(reports, catalog, settings.evaluation)
    problems = tuple(p for r in results for p in r.problems)
    # Named as the reader names files in problems: relative to the workspace.
    skipped = tuple(display_name(Path(r.path), settings.root) for r in results if r.data is None or not r.ok)
    return Summary(cross, tuple(reports), problems, skipped)


def json_number(value: Decimal | int | None) -> int | float | None:
    """A figure as a JSON number: an int when whole, else a float (never a string)."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --------------------------------------------------------------------------- JSON


def counts_json(counts: StatusCounts) -> dict[str, int | str]:
    """Counts of statuses for programs, with the officials' sentence."""
    return {
        **{status.value: counts.get(status) for status in Status},
        "total": counts.total,
        "met_or_exceeded": counts.met_or_exceeded,
        "sentence": counts_sentence(counts),
    }


def summary_json(results: Sequence[ReadResult], catalog: Catalog, settings: Settings,
                 period: Period | None = None) -> dict[str, Any]:
    """The JSON view: the workbook issue's shape (communes, indicators, problems) with the evaluation,
    the counts per field and commune, and the cross-commune totals."""
    summary = build_summary(results, catalog, settings, period)
    cross = summary.cross
    return {
        "communes": [_commune_json(report, settings.root, settings.evaluation) for report in summary.reports],
        "problems": [p.to_json() for p in summary.problems],
        "skipped": list(summary.skipped),
        "totals": {
            "fields": list(cross.fields),
            "matrix": [_matrix_row_json(cross, line) for line in cross.communes],
            "by_field": {f: counts_json(cross.field_counts(f)) for f in cross.fields},
            "counts": counts_json(cross.counts),
            "catalog": [_total_json(total, settings.evaluation) for total in cross.totals],
        },
    }


def _matrix_row_json(cross: CrossCommune, line: CommuneLine) -> dict[str, Any]:
    code = line.commune.code
    return {
        "code": code,
        "name": cross.names.get(code, line.commune.full_name),
        "fields": {f: counts_json(cross.matrix[(code, f)]) for f in cross.fields},
        "counts": counts_json(line.counts),
    }


def _commune_json(report: CommuneReport, root: Path, settings: EvalSettings) -> dict[str, Any]:
    commune = report.data.commune
    return {
        "code": commune.code,
        "name": commune.name,
        "full_name": commune.full_name,
        "province": commune.province,
        "year": commune.year,
        "period": report.period.value,
        "period_label": PERIOD_LABELS[report.period],
        "cutoff": _iso(commune.cutoff),
        "file": display_name(Path(report.data.path), root) if report.data.path else "",
        "indicators": [_indicator_json(item, settings) for item in report.indicators],
        "fields": [{"field": f.field, "counts": counts_json(f.counts)} for f in report.fields],
        "counts": counts_json(report.counts),
    }


def _indicator_json(item: EvaluatedIndicator, settings: EvalSettings) -> dict[str, Any]:
    ind, ev = item.indicator, item.evaluation
    return {
        "code": ind.code,
        "field": ind.field,
        "name": ind.name,
        "unit": ind.unit,
        "kind": ind.kind.value,
        "target": json_number(ind.target),
        "target_max": json_number(ind.target_max),
        "deadline": _iso(ind.deadline),
        "direction": ind.direction.value if ind.direction is not None else None,
        "baseline": json_number(ind.baseline),
        "same_period_last_year": json_number(ind.same_period_last_year),
        "result": json_number(ind.result),
        "estimate": json_number(ind.estimate),
        "completed_on": _iso(ind.completed_on),
        "manual_status": ind.manual_status.value if ind.manual_status is not None else None,
        "numerator": json_number(ind.numerator),
        "denominator": json_number(ind.denominator),
        "status": ev.status.value,
        "status_label": format_status(ev.status),
        "percent_of_plan": json_number(ev.percent_of_plan),
        "reason": reason_text(ind, ev, settings),
        "basis": ev.basis.value,
        "value": json_number(ev.value),
        "change_vs_same_period": json_number(ev.change_vs_same_period),
        "progress_pct": json_number(ev.progress_pct),
        "achieved_change": json_number(ev.achieved_change),
        "source": ind.source.to_json() if ind.source is not None else None,
    }


def _total_json(total: CatalogTotal, settings: EvalSettings) -> dict[str, Any]:
    entry, ev = total.entry, total.evaluation
    return {
        "code": entry.code,
        "name": entry.name,
        "unit": "%" if entry.aggregation is Aggregation.RATIO else entry.unit,
        "field": entry.field,
        "aggregation": entry.aggregation.value,
        "counted": total.counted,
        "value": json_number(total.value),
        "target": json_number(total.target),
        "status": total.status.value if total.status is not None else None,
        "percent_of_plan": json_number(ev.percent_of_plan) if ev is not None else None,
        "reason": total_reason(total, settings),
        "numerator": json_number(total.numerator),
        "denominator": json_number(total.denominator),
        "communes": list(total.communes),
        "codes": list(total.codes),
        "missing": list(total.missing),
        "missing_codes": list(total.missing_codes),
        "unit_mismatch": list(total.unit_mismatch),
        "period_result": json_number(total.period_result),
        "period_missing": list(total.period_missing),
        "unjudged": unjudged_text(total),
        # Which figure "value" adds up ("result", "estimate", "mixed"), and the sums kept apart: a reader
        # must not take the year's estimates for the period's results.
        "value_basis": total.value_basis.value,
        "estimated": list(total.estimated),
        "estimate": json_number(total.estimate),
        "estimate_missing": list(total.estimate_missing),
    }


