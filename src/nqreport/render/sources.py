"""The figures of one commune with their origins: an indicator and its verdict, counts of statuses, the
commune sheet, as traced copies the context builder hands to the wording (docs/architecture.md,
"Every figure traced to its cell").

A traced copy compares and prints like the original; its figures carry marks (:mod:`nqreport.marks`)
whose :class:`~nqreport.render.trace.Origin` names the cells. A figure computed by evaluation (percent
of plan, change against last year, progress) gets the cells of its operands and the computation in
words, written here from the same choices :mod:`nqreport.evaluate` makes (which figure is judged, which
reference a kind compares with): ``tests/test_trace.py`` recomputes every traced figure of the example
workspace from the cells its origin names. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from nqreport.aggregate import StatusCounts
from nqreport.config.settings import SETTINGS_FILE, EvalSettings
from nqreport.evaluate import Basis, EvaluatedIndicator, Evaluation, Reason, evaluate, lower_is_better
from nqreport.model import Commune, Indicator, Source
from nqreport.render.trace import SEPARATOR, Origin, Tracer, cell_ref, has_digit, merged
from nqreport.schema import (
    COMMUNE_ROWS,
    INDICATOR_COLUMNS,
    KINDS_NEEDING_BASELINE,
    STATUS_LABELS,
    Kind,
    Status,
)
from nqreport.totals import CatalogTotal
from nqreport.wording.verdicts import reason_text

#: The figures of an indicator row that are read from one cell each.
FIGURE_KEYS = ("target", "target_max", "baseline", "same_period_last_year", "result", "estimate", "numerator",
               "denominator")
DATE_KEYS = ("deadline", "completed_on")
#: Texts of a row that are printed as they are (traced as a whole when they hold a digit).
TEXT_KEYS = ("code", "field", "name", "unit", "note", "responsible")


_LABELS = {col.key: col.header for col in INDICATOR_COLUMNS}


def label(key: str) -> str:
    """An indicator column's header, as the official reads it in the workbook."""
    return _LABELS[key]


def commune_label(key: str) -> str:
    return next((row.header for row in COMMUNE_ROWS if row.key == key), key)


def setting_ref(section: str, key: str) -> str:
    return f"{SETTINGS_FILE} › [{section}] {key}" if section else f"{SETTINGS_FILE} › {key}"


# --------------------------------------------------------------------------- one indicator


class _Cells:
    """Column key → (the cell's reference,) of a row, made as asked."""

    __slots__ = ("head", "refs")

    def __init__(self, source: Source | None) -> None:
        self.head = f"{source.file}{SEPARATOR}{source.sheet}{SEPARATOR}" if source is not None else ""
        self.refs = dict(source.refs) if source is not None else {}

    def get(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        ref = self.refs.get(key)
        return (self.head + ref,) if ref else default


@dataclass(frozen=True)
class _Operand:
    name: str
    origin: Origin


def _computed(what: str, how: str, *operands: _Operand) -> Origin:
    return Origin(what, merged([operand.origin.sources for operand in operands]), how)


def _operand(origins: Mapping[str, Origin], key: str) -> _Operand:
    origin = origins.get(key, Origin(label(key)))
    return _Operand(origin.what, origin)


def traced_indicator(item: EvaluatedIndicator, trace: Tracer, *, cutoff: date | None = None,
                     origins: Mapping[str, Origin] | None = None,
                     texts: Origin | None = None) -> tuple[Indicator, Evaluation]:
    """The indicator and its evaluation with every figure marked: the row's own from its cells (or from
    ``origins``: the sums of a catalog total, whose texts come from ``texts``, the catalog), the
    evaluation's computed ones from their operands. ``cutoff`` is the commune's cut-off date as traced
    (deadlines are judged against it)."""
    ind, ev = item.indicator, item.evaluation
    if not trace.active:
        return ind, ev
    cells = _Cells(ind.source)
    base = dict(origins) if origins is not None else {
        key: Origin(_LABELS[key], cells.get(key, ())) for key in (*FIGURE_KEYS, *DATE_KEYS)
        if getattr(ind, key) is not None}
    changes: dict[str, object] = {}
    for key in FIGURE_KEYS:
        value = getattr(ind, key)
        if value is not None and key in base:
            changes[key] = trace.figure(value, base[key])
    for key in DATE_KEYS:
        value = getattr(ind, key)
        if value is not None and key in base:
            changes[key] = trace.day(value, base[key])
    for key in TEXT_KEYS:
        value = getattr(ind, key)
        if value and has_digit(value):
            changes[key] = trace.text(value, texts if texts is not None else Origin(_LABELS[key], cells.get(key, ())))
    traced = _copy(ind, changes)
    return traced, _traced_evaluation(traced, ev, base, trace, cutoff)


def _traced_evaluation(ind: Indicator, ev: Evaluation, base: Mapping[str, Origin], trace: Tracer,
                       cutoff: date | None) -> Evaluation:
    judged_key = {Basis.RESULT: "result", Basis.ESTIMATE: "estimate"}.get(ev.basis)
    judged = _operand(base, judged_key) if judged_key else None
    value: Decimal | None = ev.value
    if judged_key is not None and ev.value is not None:
        value = getattr(ind, judged_key)
    changes: dict[str, object] = {"value": value, "cutoff": cutoff if cutoff is not None else ev.cutoff}
    target, baseline = _operand(base, "target"), _operand(base, "baseline")
    achieved_origin = None
    if ev.achieved_change is not None and judged is not None:
        if ind.kind is Kind.INCREASE_PCT:
            how = f"({judged.name} − {baseline.name}) / {baseline.name} × 100"
        elif ind.kind is Kind.DECREASE_PCT:
            how = f"({baseline.name} − {judged.name}) / {baseline.name} × 100"
        else:
            how = f"{baseline.name} − {judged.name}"
        achieved_origin = _computed("Mức tăng, giảm so với năm trước", how, judged, baseline)
        changes["achieved_change"] = trace.figure(ev.achieved_change, achieved_origin)
    if ev.percent_of_plan is not None and judged is not None:
        what = "Tỷ lệ so với kế hoạch"
        if ind.kind in KINDS_NEEDING_BASELINE and achieved_origin is not None:
            origin = _computed(what, f"[{achieved_origin.how}] / {target.name} × 100",
                               judged, baseline, target)
        else:
            reference = target if ind.kind is not Kind.MAINTAIN or ind.target is not None else baseline
            if lower_is_better(ind) and ind.kind is not Kind.MAINTAIN:
                origin = _computed(what, f"{reference.name} / {judged.name} × 100", reference, judged)
            else:
                origin = _computed(what, f"{judged.name} / {reference.name} × 100", judged, reference)
        changes["percent_of_plan"] = trace.figure(ev.percent_of_plan, origin)
    if ev.change_vs_same_period is not None:
        current = judged if ev.period.is_year and judged is not None else _operand(base, "result")
        previous_key = "same_period_last_year" if ind.same_period_last_year is not None else "baseline"
        previous = _operand(base, previous_key)
        if ind.is_percent:
            how = f"{current.name} − {previous.name} (điểm %)"
        else:
            how = f"({current.name} − {previous.name}) / {previous.name} × 100"
        changes["change_vs_same_period"] = trace.figure(
            ev.change_vs_same_period, _computed("So với cùng kỳ", how, current, previous))
    if ev.progress_pct is not None:
        result = _operand(base, "result")
        reference = target if ind.target is not None or ind.kind is not Kind.MAINTAIN else baseline
        changes["progress_pct"] = trace.figure(
            ev.progress_pct, _computed("Tiến độ so với kế hoạch", f"{result.name} / {reference.name} × 100",
                                       result, reference))
    return _copy(ev, changes)


_T = TypeVar("_T")


def _copy(record: _T, changes: Mapping[str, object]) -> _T:
    """A frozen record with some fields changed, without ``dataclasses.replace``'s checks (a traced copy
    holds the same values, only marked): three times faster, and a context makes thousands."""
    copy = object.__new__(type(record))
    copy.__dict__.update(record.__dict__)
    copy.__dict__.update(changes)
    return copy


def traced_total(total: CatalogTotal, trace: Tracer, origins: Mapping[str, Origin], catalog: Origin) -> CatalogTotal:
    """A catalog total with its sums marked (:meth:`nqreport.render.summary_sources.SummarySources.
    total_origins`), and its judgement as one indicator's."""
    changes: dict[str, object] = {
        "value": trace.figure(total.value, origins["value"]),
        "target": trace.figure(total.target, origins["target"]),
        "period_result": trace.figure(total.period_result, origins.get("period_result", origins["value"])),
    }
    if "estimate_sum" in origins:
        changes["estimate"] = trace.figure(total.estimate, origins["estimate_sum"])
    if total.indicator is not None:
        evaluation = total.evaluation if total.evaluation is not None else _UNJUDGED
        indicator, judged = traced_indicator(EvaluatedIndicator(total.indicator, evaluation), trace, origins=origins,
                                             texts=catalog)
        changes["indicator"] = indicator
        if total.evaluation is not None:
            changes["evaluation"] = judged
    return _copy(total, changes)


#: An evaluation with nothing to trace, for a total's indicator that was not judged.
_UNJUDGED = Evaluation(Status.NO_DATA, Reason.NO_BASELINE, Basis.NONE, None, None, None, None)


def traced_total_reason(total: CatalogTotal, settings: EvalSettings, trace: Tracer,
                        origins: Mapping[str, Origin]) -> str:
    """:func:`nqreport.wording.totals.total_reason` of a traced total: a rate judged again on its rounded
    figures has them traced too."""
    if total.evaluation is None or total.indicator is None:
        return ""
    shown = total.rounded(settings.percent_places)
    assert shown is not None
    if shown is total.indicator:
        return reason_text(shown, total.evaluation, settings)
    evaluation = evaluate(shown, total.evaluation.period, None, settings)
    shown, evaluation = traced_indicator(EvaluatedIndicator(shown, evaluation), trace, origins=origins)
    return reason_text(shown, evaluation, settings)


def traced_settings(settings: EvalSettings, trace: Tracer) -> EvalSettings:
    """The settings as a reason quotes them ("dung sai ±5%"): from nqreport.toml."""
    if not trace.active:
        return settings
    tolerance = trace.figure(settings.approx_tolerance_pct,
                             Origin("Dung sai của loại Khoảng", (setting_ref("evaluation", "approx_tolerance_pct"),)))
    assert tolerance is not None
    return replace(settings, approx_tolerance_pct=tolerance)


# --------------------------------------------------------------------------- counts of statuses


@dataclass(frozen=True)
class TracedCounts(StatusCounts):
    """Counts whose every number, the sums included, is a marked count of named rows."""

    marked_total: int = 0
    marked_met_or_exceeded: int = 0

    @property
    def total(self) -> int:
        return self.marked_total

    @property
    def met_or_exceeded(self) -> int:
        return self.marked_met_or_exceeded


_COUNTED = {
    "exceeded": (Status.EXCEEDED,),
    "met": (Status.MET,),
    "not_met": (Status.NOT_MET,),
    "in_progress": (Status.IN_PROGRESS,),
    "no_data": (Status.NO_DATA,),
}


def _words(statuses: Sequence[Status]) -> str:
    return ", ".join(STATUS_LABELS[s] for s in statuses)


#: What a count counts: rows of one commune's sheet ("file › sheet", row), or a whole sheet across
#: communes ("file › sheet").
Counted = tuple[str, int] | str


def traced_counts(counts: StatusCounts, trace: Tracer, rows: Mapping[Status, Sequence[Counted]],
                  scope: str = "", *, across: bool = False) -> StatusCounts:
    """``counts`` with each number marked: the rows (or, ``across`` communes, the sheets) of the indicators
    counted, by status; ``scope`` names what is counted ("lĩnh vực Kinh tế")."""
    if not trace.active:
        return counts
    where = f" ({scope})" if scope else ""

    every = [r for s in Status for r in rows.get(s, ())]

    def count(number: int, statuses: Sequence[Status], what: str) -> int:
        how = (f"cộng số chỉ tiêu {_words(statuses)} của các xã" if across else f"đếm chỉ tiêu {_words(statuses)}") \
            if len(statuses) < len(Status) else ("cộng tổng số chỉ tiêu của các xã" if across else "đếm mọi chỉ tiêu")
        counted = [r for s in statuses for r in rows.get(s, ())]
        if not counted:  # none: the rows looked at, none of which has the status
            counted, how = every, f"{how}: không có chỉ tiêu nào"
        return trace.integer(number, Origin(f"{what}{where}", counted_sources(counted), how))

    values = {key: count(counts.get(statuses[0]), statuses, f"Số chỉ tiêu {_words(statuses)}")
              for key, statuses in _COUNTED.items()}
    both = (Status.EXCEEDED, Status.MET)
    return TracedCounts(**values, marked_total=count(counts.total, tuple(Status), "Tổng số chỉ tiêu"),
                        marked_met_or_exceeded=count(counts.met_or_exceeded, both,
                                                     f"Số chỉ tiêu {_words(both)}"))


def counted_sources(entries: Sequence[Counted]) -> tuple[str, ...]:
    """Rows of one sheet as one source ("inputs/a.xlsx › Chỉ tiêu › hàng 4, 5, 9"), sheets as they are."""
    rows: dict[str, list[int]] = {}
    out: dict[str, None] = {}
    for entry in entries:
        if isinstance(entry, str):
            out.setdefault(entry, None)
        else:
            sheet, row = entry
            if sheet not in rows:
                rows[sheet] = []
                out.setdefault(sheet, None)
            rows[sheet].append(row)
    return tuple(f"{key}{SEPARATOR}hàng {', '.join(str(r) for r in sorted(set(rows[key])))}" if key in rows else key
                 for key in out)


def status_rows(items: Sequence[EvaluatedIndicator]) -> dict[Status, list[Counted]]:
    """The rows of ``items`` by status, as a count of one commune names them."""
    rows: dict[Status, list[Counted]] = {}
    for item in items:
        source = item.indicator.source
        if source is not None:
            rows.setdefault(item.evaluation.status, []).append((f"{source.file}{SEPARATOR}{source.sheet}", source.row))
    return rows


# --------------------------------------------------------------------------- the commune sheet


@dataclass(frozen=True)
class TracedCommune:
    """The commune sheet's values as the context prints them, each with its cell."""

    commune: Commune
    file: str
    trace: Tracer

    def origin(self, key: str) -> Origin:
        ref = self.commune.cell(key)
        sheet = self.commune.sheet
        return Origin(commune_label(key), (cell_ref(self.file, sheet, ref),) if ref and sheet else ())

    def text(self, key: str, value: str) -> str:
        return self.trace.text(value, self.origin(key))

    def day(self, key: str) -> date | None:
        value = getattr(self.commune, key)
        return self.trace.day(value, self.origin(key)) if isinstance(value, date) else None

    def year(self) -> int:
        return self.trace.integer(self.commune.year, self.origin("year"))

    def copy(self) -> Commune:
        """The commune with its dates and year marked, for the wording of its phrases."""
        if not self.trace.active:
            return self.commune
        return replace(self.commune, year=self.year(), cutoff=self.day("cutoff"),
                       resolution_date=self.day("resolution_date"), report_date=self.day("report_date"))

    def pieces(self) -> list[tuple[str, Origin]]:
        """The sheet's texts a phrase may copy (a resolution's number "45/NQ-HĐND"), for
        :meth:`~nqreport.render.trace.Tracer.known`."""
        keys = ("resolution_number", "resolution_session", "report_number", "name", "issuing_body", "place",
                "province", "signer", "signer_title", "signer_authority")
        return [(text, self.origin(key)) for key in keys if has_digit(text := str(getattr(self.commune, key)))]


def period_origin(source: str, commune: TracedCommune | None) -> Origin:
    """The reporting period: set on the command line or in nqreport.toml, else the workbook's."""
    if source:
        return Origin("Kỳ báo cáo", (source,))
    if commune is not None:
        return commune.origin("period")
    return Origin("Kỳ báo cáo")
