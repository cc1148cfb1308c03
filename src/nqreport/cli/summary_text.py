"""The terminal view of ``nqreport summary``: per commune a table of counts by field and the indicators not
met; across communes the matrix and the catalog totals; then what could not be read. Colours only on a
terminal (click.style), plain text in files and pipes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from nqreport.aggregate import CommuneReport, CrossCommune, StatusCounts
from nqreport.config.catalog import Aggregation, Catalog
from nqreport.config.settings import EvalSettings, Settings
from nqreport.model import Indicator, ReadResult
from nqreport.schema import PERIOD_LABELS, Period, Status
from nqreport.summary import Summary, build_summary
from nqreport.text import clean
from nqreport.totals import CatalogTotal, ValueBasis
from nqreport.wording.counts import counts_sentence
from nqreport.wording.numbers import format_date, format_number, format_percent, format_status
from nqreport.wording.totals import LACK_WORDS, judged_on, total_reason, uncounted_sentence, unjudged_text
from nqreport.wording.verdicts import reason_text

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
    blocks = [_commune_text(report, paint, settings.evaluation) for report in summary.reports]
    if len(summary.cross.communes) > 1:
        blocks.append(_cross_text(summary.cross, paint, settings.evaluation))
    if summary.problems or summary.skipped:
        blocks.append(_problems_text(summary, paint))
    if not summary.cross.communes:
        blocks.insert(0, "Không có sổ chỉ tiêu nào đánh giá được.")
    return "\n\n".join(blocks)


#: Statuses whose indicators are listed under the table: what the session will ask about.
_LISTED = ((Status.NOT_MET, "Chỉ tiêu không đạt"), (Status.NO_DATA, "Chỉ tiêu chưa có số liệu"))


def _commune_text(report: CommuneReport, paint: _Painter, settings: EvalSettings) -> str:
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
    lines.append(f"  {counts_sentence(report.counts)}.")
    for status, title in _LISTED:
        items = [i for i in report.indicators if i.evaluation.status is status]
        if items:
            lines.append(f"  {paint.status(title, status)}:")
            lines += [f"    - [{i.indicator.field}] {_label(i.indicator)}: "
                      f"{reason_text(i.indicator, i.evaluation, settings)}"
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


def _cross_text(cross: CrossCommune, paint: _Painter, settings: EvalSettings) -> str:
    abbreviations = [field_abbreviation(f) for f in cross.fields]
    names = [cross.names.get(line.commune.code, line.commune.full_name) for line in cross.communes]
    headers = ["Xã, phường", "Mã", *abbreviations, "Cộng"]
    body: list[tuple[list[str], list[StatusCounts | None]]] = []
    for line, name in zip(cross.communes, names, strict=True):
        code = line.commune.code
        counts = [cross.matrix[(code, f)] for f in cross.fields]
        body.append(([name, code, *(_share(c) for c in counts), _share(line.counts)],
                     [None, None, *counts, line.counts]))
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
    lines.append(f"  Toàn bộ: {counts_sentence(cross.counts)}.")
    counted = [total for total in cross.totals if total.counted]
    if counted:
        lines.append(paint("Chỉ tiêu trong danh mục, cộng các xã:", bold=True))
        in_year = all(not r.period.is_year for r in cross.communes)
        lines += [_total_text(total, paint, settings, in_year) for total in counted]
    uncounted = uncounted_sentence(cross.totals, names=True)
    if uncounted:
        lines.append(f"{uncounted}.")
    return "\n".join(lines)


def _share(counts: StatusCounts) -> str:
    return counts.share if counts.total else "–"


def _total_text(total: CatalogTotal, paint: _Painter, settings: EvalSettings, in_year: bool) -> str:
    places = settings.percent_places
    entry = total.entry
    text = f"  - {entry.code} {entry.name}: "
    ratio = entry.aggregation is Aggregation.RATIO
    if total.evaluation is not None and total.status is not None:
        text += f"{total_reason(total, settings)} — {paint.status(format_status(total.status), total.status)}"
    elif total.value is None:  # counted, yet no rate: the denominators add up to 0
        text += "không tính được tỷ lệ (tổng mẫu số bằng 0)"
    elif ratio:
        assert total.numerator is not None and total.denominator is not None
        text += (f"{format_percent(total.value, places)} ({format_number(total.numerator)}/"
                 f"{format_number(total.denominator)})")
    else:  # say which figure: in-year it is the estimates, not the period's results
        text += f"{judged_on(total)} {format_number(total.value)} {entry.unit}".rstrip()
    if total.status is not None and total.value_basis is ValueBasis.MIXED:
        text += f" (tổng gồm {judged_on(total)})"
    if total.unjudged is not None:
        text += f" (không đánh giá chung: {unjudged_text(total)})"
    if in_year and not ratio and total.period_result is not None:
        text += f"; thực hiện trong kỳ {format_number(total.period_result)} {entry.unit}".rstrip()
    if total.missing:
        text += f"; thiếu {LACK_WORDS[total.lack]}: {', '.join(total.missing)}"
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

