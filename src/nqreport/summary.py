"""The ``nqreport summary`` views: a terminal table and a JSON document of the evaluation.

Both views read the same thing — every workbook that could be read, evaluated and counted per field and
per commune, plus the cross-commune matrix and catalog totals — so the table a secretary reads and the
JSON another program reads never disagree. Workbooks that could not be read are listed, not dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from nqreport.aggregate import (
    CatalogTotal,
    CommuneReport,
    CrossCommune,
    EvaluatedIndicator,
    StatusCounts,
    aggregate_communes,
    evaluate_commune,
    uncounted_sentence,
)
from nqreport.config.catalog import Aggregation, Catalog
from nqreport.config.settings import Settings
from nqreport.config.workspace import display_name
from nqreport.errors import Problem
from nqreport.model import Indicator, ReadResult
from nqreport.schema import PERIOD_LABELS, Period, Status
from nqreport.text import clean
from nqreport.wording.numbers import format_date, format_number, format_percent, format_status

# --------------------------------------------------------------------------- shared


@dataclass(frozen=True)
class Summary:
    """Everything both views show."""

    cross: CrossCommune
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
    return Summary(cross, problems, skipped)


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


def summary_json(results: Sequence[ReadResult], catalog: Catalog, settings: Settings,
                 period: Period | None = None) -> dict[str, Any]:
    """The JSON view: the workbook issue's shape (communes, indicators, problems) with the evaluation,
    the counts per field and commune, and the cross-commune totals."""
    summary = build_summary(results, catalog, settings, period)
    cross = summary.cross
    return {
        "communes": [_commune_json(report, settings.root) for report in cross.communes],
        "problems": [p.to_json() for p in summary.problems],
        "skipped": list(summary.skipped),
        "totals": {
            "fields": list(cross.fields),
            "matrix": [_matrix_row_json(cross, report) for report in cross.communes],
            "by_field": {f: cross.field_counts(f).to_json() for f in cross.fields},
            "counts": cross.counts.to_json(),
            "catalog": [_total_json(total) for total in cross.totals],
        },
    }


def _matrix_row_json(cross: CrossCommune, report: CommuneReport) -> dict[str, Any]:
    code = report.data.commune.code
    return {
        "code": code,
        "name": cross.names.get(code, report.data.commune.full_name),
        "fields": {f: cross.matrix[(code, f)].to_json() for f in cross.fields},
        "counts": report.counts.to_json(),
    }


def _commune_json(report: CommuneReport, root: Path) -> dict[str, Any]:
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
        "indicators": [_indicator_json(item) for item in report.indicators],
        "fields": [{"field": f.field, "counts": f.counts.to_json()} for f in report.fields],
        "counts": report.counts.to_json(),
    }


def _indicator_json(item: EvaluatedIndicator) -> dict[str, Any]:
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
        "reason": ev.reason,
        "basis": ev.basis.value,
        "value": json_number(ev.value),
        "change_vs_same_period": json_number(ev.change_vs_same_period),
        "progress_pct": json_number(ev.progress_pct),
        "achieved_change": json_number(ev.achieved_change),
        "source": ind.source.to_json() if ind.source is not None else None,
    }


def _total_json(total: CatalogTotal) -> dict[str, Any]:
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
        "reason": ev.reason if ev is not None else "",
        "numerator": json_number(total.numerator),
        "denominator": json_number(total.denominator),
        "communes": list(total.communes),
        "codes": list(total.codes),
        "missing": list(total.missing),
        "missing_codes": list(total.missing_codes),
        "unit_mismatch": list(total.unit_mismatch),
        "period_result": json_number(total.period_result),
        "period_missing": list(total.period_missing),
        "unjudged": total.unjudged,
        # Which figure "value" adds up ("result", "estimate", "mixed"), and the sums kept apart: a reader
        # must not take the year's estimates for the period's results.
        "value_basis": total.value_basis,
        "estimated": list(total.estimated),
        "estimate": json_number(total.estimate),
        "estimate_missing": list(total.estimate_missing),
    }


# --------------------------------------------------------------------------- text

_COLORS: dict[Status, dict[str, Any]] = {
    Status.EXCEEDED: {"fg": "green", "bold": True},
    Status.MET: {"fg": "green"},
    Status.NOT_MET: {"fg": "red", "bold": True},
    Status.IN_PROGRESS: {"fg": "yellow"},
    Status.NO_DATA: {"fg": "magenta"},
}

_COUNT_HEADERS = (
    (Status.EXCEEDED, "Vượt"),
    (Status.MET, "Đạt"),
    (Status.NOT_MET, "Không đạt"),
    (Status.IN_PROGRESS, "Đang TH"),
    (Status.NO_DATA, "Chưa có SL"),
)


class _Painter:
    """click.style when colour is wanted, plain text otherwise (files, pipes, tests)."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, **style: Any) -> str:
        return click.style(text, **style) if self.color and style else text

    def status(self, text: str, status: Status | None) -> str:
        return self(text, **_COLORS[status]) if status is not None else text


def summary_text(results: Sequence[ReadResult], catalog: Catalog, settings: Settings,
                 period: Period | None = None, color: bool = False) -> str:
    """The terminal view: per commune a table of counts by field and the indicators not met; across
    communes the matrix and the catalog totals; then what could not be read."""
    summary = build_summary(results, catalog, settings, period)
    paint = _Painter(color)
    places = settings.evaluation.percent_places
    blocks = [_commune_text(report, paint) for report in summary.cross.communes]
    if len(summary.cross.communes) > 1:
        blocks.append(_cross_text(summary.cross, paint, places))
    if summary.problems or summary.skipped:
        blocks.append(_problems_text(summary, paint))
    if not summary.cross.communes:
        blocks.insert(0, "Không có sổ chỉ tiêu nào đánh giá được.")
    return "\n\n".join(blocks)


#: Statuses whose indicators are listed under the table: what the session will ask about.
_LISTED = ((Status.NOT_MET, "Chỉ tiêu không đạt"), (Status.NO_DATA, "Chỉ tiêu chưa có số liệu"))


def _commune_text(report: CommuneReport, paint: _Painter) -> str:
    commune = report.data.commune
    name = clean(commune.full_name)
    heading = f"{name[:1].upper()}{name[1:]} ({commune.code}"
    heading += f", {commune.province})" if commune.province else ")"
    heading += f" — {PERIOD_LABELS[report.period]} {commune.year}"
    if commune.cutoff is not None:
        heading += f", số liệu đến {format_date(commune.cutoff)}"
    rows = [(f.field, f.counts) for f in report.fields]
    lines = [paint(heading, bold=True)]
    lines += _counts_table(rows, report.counts, paint, "Lĩnh vực")
    lines.append(f"  {report.counts.sentence()}.")
    for status, title in _LISTED:
        items = [i for i in report.indicators if i.evaluation.status is status]
        if items:
            lines.append(f"  {paint.status(title, status)}:")
            lines += [f"    - [{i.indicator.field}] {_label(i.indicator)}: {i.evaluation.reason}"
                      for i in items]
    return "\n".join(lines)


def _label(ind: Indicator) -> str:
    return f"{ind.code} {ind.name}" if ind.code else ind.name


def _counts_table(rows: list[tuple[str, StatusCounts]], total: StatusCounts, paint: _Painter,
                  first: str) -> list[str]:
    headers = [first, *(h for _, h in _COUNT_HEADERS), "Tổng"]
    body = [[name, *(str(c.get(s)) for s, _ in _COUNT_HEADERS), str(c.total)] for name, c in rows]
    body.append(["Cộng", *(str(total.get(s)) for s, _ in _COUNT_HEADERS), str(total.total)])
    widths = [max(len(r[i]) for r in [headers, *body]) for i in range(len(headers))]

    def line(cells: list[str], counts: StatusCounts | None) -> str:
        out = [cells[0].ljust(widths[0])]
        for i, cell in enumerate(cells[1:], start=1):
            text = cell.rjust(widths[i])
            if counts is not None and i <= len(_COUNT_HEADERS) and cell != "0":
                text = paint.status(text, _COUNT_HEADERS[i - 1][0])
            out.append(text)
        return "  " + "  ".join(out)

    lines = [paint(line(headers, None), bold=True)]
    lines += [line(cells, counts) for cells, (_, counts) in zip(body, [*rows, ("", total)], strict=True)]
    return lines


def field_abbreviation(name: str) -> str:
    """"Văn hóa - Xã hội" → "VH-XH": the initials officials use for fields."""
    parts = [p for p in (part.strip() for part in name.split(" - ")) if p]
    return "-".join("".join(word[0].upper() for word in part.split()) for part in parts) or name


def _cross_text(cross: CrossCommune, paint: _Painter, places: int) -> str:
    abbreviations = [field_abbreviation(f) for f in cross.fields]
    names = [cross.names.get(r.data.commune.code, r.data.commune.full_name) for r in cross.communes]
    headers = ["Xã, phường", "Mã", *abbreviations, "Cộng"]
    body: list[tuple[list[str], list[StatusCounts | None]]] = []
    for report, name in zip(cross.communes, names, strict=True):
        code = report.data.commune.code
        counts = [cross.matrix[(code, f)] for f in cross.fields]
        body.append(([name, code, *(_share(c) for c in counts), _share(report.counts)],
                     [None, None, *counts, report.counts]))
    by_field = [cross.field_counts(f) for f in cross.fields]
    body.append((["Cộng", "", *(_share(c) for c in by_field), _share(cross.counts)],
                 [None, None, *by_field, cross.counts]))
    widths = [max(len(r[i]) for r in [headers, *(b[0] for b in body)]) for i in range(len(headers))]
    title = f"Tổng hợp {len(cross.communes)} xã, phường (số chỉ tiêu đạt và vượt / tổng số)"
    lines = [paint(title, bold=True)]
    lines.append("  " + "  ".join(h.ljust(widths[i]) if i < 2 else h.rjust(widths[i])
                                  for i, h in enumerate(headers)))
    for cells, row_counts in body:
        out = []
        for i, cell in enumerate(cells):
            text = cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])
            cell_counts = row_counts[i]
            out.append(paint.status(text, cell_counts.worst() if cell_counts is not None else None))
        lines.append("  " + "  ".join(out))
    lines.append("  " + "; ".join(f"{a}: {f}" for a, f in zip(abbreviations, cross.fields, strict=True)))
    lines.append(f"  Toàn bộ: {cross.counts.sentence()}.")
    counted = [total for total in cross.totals if total.counted]
    if counted:
        lines.append(paint("Chỉ tiêu trong danh mục, cộng các xã:", bold=True))
        in_year = all(not r.period.is_year for r in cross.communes)
        lines += [_total_text(total, paint, places, in_year) for total in counted]
    uncounted = uncounted_sentence(cross.totals, names=True)
    if uncounted:
        lines.append(f"{uncounted}.")
    return "\n".join(lines)


def _share(counts: StatusCounts) -> str:
    return counts.share if counts.total else "–"


def _total_text(total: CatalogTotal, paint: _Painter, places: int, in_year: bool) -> str:
    entry = total.entry
    text = f"  - {entry.code} {entry.name}: "
    ratio = entry.aggregation is Aggregation.RATIO
    if total.evaluation is not None and total.status is not None:
        text += f"{total.evaluation.reason} — {paint.status(format_status(total.status), total.status)}"
    elif total.value is None:  # counted, yet no rate: the denominators add up to 0
        text += "không tính được tỷ lệ (tổng mẫu số bằng 0)"
    elif ratio:
        assert total.numerator is not None and total.denominator is not None
        text += (f"{format_percent(total.value, places)} ({format_number(total.numerator)}/"
                 f"{format_number(total.denominator)})")
    else:  # say which figure: in-year it is the estimates, not the period's results
        text += f"{total.judged_on} {format_number(total.value)} {entry.unit}".rstrip()
    if total.status is not None and total.value_basis == "mixed":
        text += f" (tổng gồm {total.judged_on})"
    if total.unjudged:
        text += f" (không đánh giá chung: {total.unjudged})"
    if in_year and not ratio and total.period_result is not None:
        text += f"; thực hiện trong kỳ {format_number(total.period_result)} {entry.unit}".rstrip()
    if total.missing:
        text += f"; thiếu {total.missing_figure}: {', '.join(total.missing)}"
    if total.unit_mismatch:
        text += f"; không cộng vì đơn vị tính khác danh mục ({entry.unit}): {', '.join(total.unit_mismatch)}"
    return text


def _problems_text(summary: Summary, paint: _Painter) -> str:
    errors = [p for p in summary.problems if p.is_error]
    warnings = len(summary.problems) - len(errors)
    lines = [paint(f"Vấn đề khi đọc sổ: {len(errors)} lỗi, {warnings} cảnh báo", bold=True)]
    if summary.skipped:
        label = paint("Bỏ qua (sổ có lỗi, chưa đánh giá)", fg="red", bold=True)
        lines.append(f"  {label}: {', '.join(summary.skipped)}")
    lines += [f"  {paint(p.format(), fg='red')}" for p in errors]
    if warnings:
        lines.append("  Xem chi tiết các cảnh báo bằng lệnh: nqreport validate")
    return "\n".join(lines)


__all__ = [
    "Summary",
    "build_summary",
    "field_abbreviation",
    "json_number",
    "summary_json",
    "summary_text",
]
