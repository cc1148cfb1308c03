"""Counting statuses per field, per commune and across communes, and totalling catalog indicators.

Pure, like :mod:`nqreport.evaluate`: no I/O, no clock, no globals. Counts are summed; figures of catalog
indicators are added up by the catalog's rule — sums for flows, rates recomputed as Σ numerators /
Σ denominators (never an average of percentages), nothing for the rest. A commune that has an indicator
but lacks the figure is named in the total, never silently left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from nqreport.config.catalog import Aggregation, Catalog, CatalogEntry
from nqreport.config.settings import EvalSettings
from nqreport.evaluate import Basis, Evaluation, evaluate
from nqreport.model import CommuneData, Indicator
from nqreport.schema import (
    KINDS_NEEDING_BASELINE,
    KINDS_WITH_PERCENT_TARGET,
    KINDS_WITHOUT_TARGET,
    STANDARD_FIELDS,
    Kind,
    Period,
    Status,
)
from nqreport.text import match_key
from nqreport.wording.figures import HUNDRED, target_text
from nqreport.wording.numbers import format_number, round_half_up

# --------------------------------------------------------------------------- counts


@dataclass(frozen=True)
class StatusCounts:
    """How many indicators have each status; adds up across fields and communes."""

    exceeded: int = 0
    met: int = 0
    not_met: int = 0
    in_progress: int = 0
    no_data: int = 0

    @property
    def total(self) -> int:
        return self.exceeded + self.met + self.not_met + self.in_progress + self.no_data

    @property
    def met_or_exceeded(self) -> int:
        return self.exceeded + self.met

    @property
    def share(self) -> str:
        """"5/7": met or exceeded over all, as a cell of the communes × fields matrix reads."""
        return f"{self.met_or_exceeded}/{self.total}"

    def worst(self) -> Status | None:
        """The colour of a cell of counts: the worst status present, so that a problem is never hidden by
        a majority of good ones; all exceeded shows as exceeded. None when there is no indicator."""
        if self.total == 0:
            return None
        for status in (Status.NOT_MET, Status.NO_DATA, Status.IN_PROGRESS):
            if self.get(status):
                return status
        return Status.EXCEEDED if self.exceeded == self.total else Status.MET

    def get(self, status: Status) -> int:
        value: int = getattr(self, status.value)
        return value

    @classmethod
    def of(cls, statuses: Iterable[Status]) -> StatusCounts:
        tally = dict.fromkeys(Status, 0)
        for status in statuses:
            tally[status] += 1
        return cls(**{status.value: number for status, number in tally.items()})

    def __add__(self, other: StatusCounts) -> StatusCounts:
        return StatusCounts(*(self.get(s) + other.get(s) for s in Status))

    def sentence(self) -> str:
        """The sentence officials write: "5/7 chỉ tiêu đạt và vượt kế hoạch, trong đó 2 chỉ tiêu vượt; …"."""
        if self.total == 0:
            return "Không có chỉ tiêu nào"
        if self.met_or_exceeded == 0:
            head = f"Chưa có chỉ tiêu nào đạt kế hoạch (0/{self.total} chỉ tiêu)"
        elif self.exceeded == 0:
            head = f"{self.met_or_exceeded}/{self.total} chỉ tiêu đạt kế hoạch"
        else:
            head = (f"{self.met_or_exceeded}/{self.total} chỉ tiêu đạt và vượt kế hoạch, "
                    f"trong đó {self.exceeded} chỉ tiêu vượt")
        rest = [f"{number} chỉ tiêu {words}" for number, words in (
            (self.not_met, "không đạt"),
            (self.in_progress, "đang thực hiện"),
            (self.no_data, "chưa có số liệu"),
        ) if number]
        return "; ".join([head, *rest])

    def to_json(self) -> dict[str, int | str]:
        return {
            **{status.value: self.get(status) for status in Status},
            "total": self.total,
            "met_or_exceeded": self.met_or_exceeded,
            "sentence": self.sentence(),
        }


# --------------------------------------------------------------------------- one commune


@dataclass(frozen=True)
class EvaluatedIndicator:
    indicator: Indicator
    evaluation: Evaluation


@dataclass(frozen=True)
class FieldReport:
    field: str
    indicators: tuple[EvaluatedIndicator, ...]
    counts: StatusCounts


@dataclass(frozen=True)
class CommuneReport:
    data: CommuneData
    period: Period
    fields: tuple[FieldReport, ...]
    counts: StatusCounts

    @property
    def indicators(self) -> tuple[EvaluatedIndicator, ...]:
        """Every evaluated indicator, field by field (fields in order of first appearance)."""
        return tuple(item for report in self.fields for item in report.indicators)


def evaluate_commune(
    data: CommuneData,
    period: Period | None = None,
    settings: EvalSettings = EvalSettings(),  # noqa: B008 - frozen, never mutated
) -> CommuneReport:
    """Evaluate every indicator of a commune (for ``period``, default the workbook's own) and count."""
    chosen = period if period is not None else data.commune.period
    by_field: dict[str, list[EvaluatedIndicator]] = {}
    for indicator in data.indicators:
        evaluation = evaluate(indicator, chosen, data.commune.cutoff, settings)
        by_field.setdefault(indicator.field, []).append(EvaluatedIndicator(indicator, evaluation))
    fields = tuple(
        FieldReport(name, tuple(items), StatusCounts.of(i.evaluation.status for i in items))
        for name, items in by_field.items()
    )
    total = sum((f.counts for f in fields), StatusCounts())
    return CommuneReport(data, chosen, fields, total)


# --------------------------------------------------------------------------- across communes


@dataclass(frozen=True)
class CatalogTotal:
    """One catalog indicator added up over the communes that report it."""

    entry: CatalogEntry
    #: Σ figures (sum) or Σ numerators / Σ denominators in percent (ratio).
    value: Decimal | None
    #: Σ targets (sum) or the targets weighted by denominators (ratio); None where it means nothing.
    target: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    #: Names of the communes counted.
    communes: tuple[str, ...]
    #: Names of communes that have the indicator but lack a figure.
    missing: tuple[str, ...]
    #: Codes of the communes counted and missing, in the same order as the names.
    codes: tuple[str, ...] = ()
    missing_codes: tuple[str, ...] = ()
    #: Communes left out because their unit differs from the catalog's (adding tỷ to triệu is wrong).
    unit_mismatch: tuple[str, ...] = ()
    #: The evaluation of the total, where it could be judged (its status, reason, percent of plan).
    evaluation: Evaluation | None = None
    #: Sums only: Σ results for the reporting period (in-year: the progress so far) and the communes
    #: counted there lacking one.
    period_result: Decimal | None = None
    period_missing: tuple[str, ...] = ()
    #: The total as one indicator of the kind the communes share (its target, bounds, baseline): what it
    #: was judged as, and how its target reads ("giảm 5%", "khoảng 13.900"). None when kinds differ.
    indicator: Indicator | None = None
    #: What the communes in ``missing`` lack: "tử số, mẫu số", "ước cả năm" or "số liệu".
    missing_figure: str = "số liệu"
    #: A judged rate: the decimals to show it and its target with, the fewest (from ``percent_places``)
    #: that keep its verdict; 89,996% of 90% shows as 89,996, not as a "90,0" that is Không đạt.
    places: int | None = None
    #: A total with figures but no verdict: why, for the report's note ("các xã báo cáo khác kỳ").
    unjudged: str = ""
    #: Sums only: Σ estimates for the year, and the communes counted there lacking one. Kept apart from
    #: :attr:`period_result` so that a report never shows the period's results and the year's estimates
    #: under one heading.
    estimate: Decimal | None = None
    estimate_missing: tuple[str, ...] = ()
    #: Sums only: the communes of :attr:`communes` whose figure in :attr:`value` is their estimate for the
    #: year (in-year, all of them; in a year report, those without a result yet).
    estimated: tuple[str, ...] = ()

    @property
    def status(self) -> Status | None:
        return self.evaluation.status if self.evaluation is not None else None

    @property
    def value_basis(self) -> str:
        """Which figure :attr:`value` adds up: "result" (the period's results; every rate), "estimate"
        (every commune's estimate for the year) or "mixed" (results, and estimates where a commune has no
        result yet). Tells a reader which column the verdict was judged on."""
        if not self.estimated:
            return "result"
        return "estimate" if len(self.estimated) == len(self.communes) else "mixed"

    @property
    def judged_on(self) -> str:
        """:attr:`value_basis` in words, after "đánh giá trên": "ước cả năm", "thực hiện", "thực hiện,
        riêng xã B lấy ước cả năm"."""
        basis = self.value_basis
        if basis == "estimate":
            return "ước cả năm"
        if basis == "mixed":
            return f"thực hiện, riêng {', '.join(self.estimated)} lấy ước cả năm"
        return "thực hiện"

    @property
    def counted(self) -> bool:
        """Whether any commune's figure is in the total; a total of none is only a list of gaps."""
        return bool(self.communes)

    def plan(self, places: int) -> str:
        """The total's target as the resolution writes it, for a table with a unit column ("giảm 5%",
        "khoảng 13.900"; a bare 5 next to 29 vụ reads as missed); a weighted rate rounded to ``places``
        (or to its own :attr:`places`). Empty when the communes share no kind of target."""
        plan = self.indicator
        if plan is None:
            return ""
        if self.entry.aggregation is Aggregation.RATIO:  # a weighted target has 28 decimals
            places = self.places if self.places is not None else places
            plan = replace(plan, target=_round(plan.target, places), target_max=_round(plan.target_max, places))
        return target_text(plan)

    @property
    def gap(self) -> str:
        """Why the communes left out are left out, after "các xã": "chưa nhập tử số, mẫu số"."""
        if self.missing:
            return f"chưa nhập {self.missing_figure}"
        return f"ghi đơn vị tính khác danh mục ({self.entry.unit})" if self.unit_mismatch else ""


def results_heading(reports: Sequence[CommuneReport]) -> str:
    """The heading of a totals table's results column, worded like the commune appendix: "Thực hiện kỳ
    báo cáo", or "Thực hiện" when every commune reports the whole year."""
    return "Thực hiện" if reports and all(r.period.is_year for r in reports) else "Thực hiện kỳ báo cáo"


def total_notes(total: CatalogTotal, heading: str, *, gaps: bool = True, judged: bool = True) -> list[str]:
    """The notes of a total's row: which figure was judged where it is not the results column ``heading``
    names, why there is no verdict, and who each column leaves out — a column added up over some communes
    must not pass for all of them. Without ``gaps`` (the communes lacking the judged figure or using another
    unit) and ``judged`` (the figure judged), those are left to columns of their own."""
    notes = []
    if judged and total.evaluation is not None and total.value_basis == "estimate":
        notes.append("Đánh giá trên ước cả năm")
    elif judged and total.evaluation is not None and total.value_basis == "mixed":
        notes.append(f"Đánh giá trên tổng {format_number(total.value)}: {total.judged_on}")
    if total.unjudged:
        notes.append(f"Không đánh giá chung: {total.unjudged}")
    if gaps and total.missing:
        notes.append(f"Thiếu {total.missing_figure}: {', '.join(total.missing)}")
    if gaps and total.unit_mismatch:
        notes.append(f"Khác đơn vị tính, không cộng: {', '.join(total.unit_mismatch)}")
    named = set(total.missing) | (set(total.estimated) if total.value_basis == "mixed" else set())
    for figure, column, lacking in ((heading.lower(), total.period_result, total.period_missing),
                                    ("ước cả năm", total.estimate, total.estimate_missing)):
        others = [name for name in lacking if name not in named]
        if column is not None and others:
            notes.append(f"Thiếu {figure}: {', '.join(others)}")
    return notes


def uncounted_sentence(totals: Iterable[CatalogTotal], *, names: bool = False) -> str:
    """The totals no commune could contribute to, in one sentence (no final stop), grouped by what the
    communes lack: "Chưa tổng hợp được do các xã chưa nhập tử số, mẫu số: XH03 Tỷ lệ …; XH06 …; và chưa
    nhập ước cả năm: KT06 …". With ``names``, each is followed by the communes concerned. Empty when
    every total has a figure. A table of rows "0 xã, thiếu số liệu" would say the same at length."""
    groups: dict[str, list[str]] = {}
    for total in totals:
        if total.counted:
            continue
        item = f"{total.entry.code} {total.entry.name}"
        if names:
            item += f" ({', '.join(total.missing or total.unit_mismatch)})"
        groups.setdefault(total.gap, []).append(item)
    if not groups:
        return ""
    parts = [f"{gap}: {'; '.join(items)}" for gap, items in groups.items()]
    return "Chưa tổng hợp được do các xã " + "; và ".join(parts)


@dataclass(frozen=True)
class CrossCommune:
    communes: tuple[CommuneReport, ...]
    #: Fields of the matrix: the standard ones first (in their order), then others as first seen.
    fields: tuple[str, ...]
    #: (commune code, field) → counts; every pair is present (zero counts where a field is absent).
    matrix: dict[tuple[str, str], StatusCounts]
    totals: tuple[CatalogTotal, ...]
    counts: StatusCounts
    #: Display names, by commune code ("xã Quốc Khánh"; the province added when names clash).
    names: dict[str, str] = field(default_factory=dict)

    def field_counts(self, name: str) -> StatusCounts:
        """Every commune's counts in one field: the matrix's total row."""
        return sum((c for (_, f), c in self.matrix.items() if f == name), StatusCounts())


def aggregate_communes(
    reports: Sequence[CommuneReport],
    catalog: Catalog,
    settings: EvalSettings = EvalSettings(),  # noqa: B008 - frozen, never mutated
) -> CrossCommune:
    """The communes × fields matrix of counts, and the totals of catalog indicators."""
    fields = _matrix_fields(reports)
    matrix: dict[tuple[str, str], StatusCounts] = {}
    for report in reports:
        code = report.data.commune.code
        for name in fields:
            matrix.setdefault((code, name), StatusCounts())
        for field_report in report.fields:
            key = (code, field_report.field)
            matrix[key] = matrix[key] + field_report.counts
    names = display_names(reports)
    # Each report's catalog indicators, found once (matching codes is the costly part across a country).
    indexed = [(report, _catalog_index(report, catalog)) for report in reports]
    present = {code for _, index in indexed for code in index}
    totals = tuple(
        total
        for entry in catalog.entries.values()
        if entry.aggregation is not Aggregation.NONE and entry.code in present
        and (total := _catalog_total(entry, indexed, names, settings)) is not None
    )
    counts = sum((r.counts for r in reports), StatusCounts())
    return CrossCommune(tuple(reports), fields, matrix, totals, counts,
                        {r.data.commune.code: names[id(r)] for r in reports})


def rate(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """A rate in percent from its parts; None for an empty denominator."""
    if denominator == 0:
        return None
    return numerator / denominator * HUNDRED


def display_names(reports: Sequence[CommuneReport]) -> dict[int, str]:
    """A name per report (keyed by ``id``): "xã Quốc Khánh", with the province where names clash."""
    plain = [r.data.commune.full_name for r in reports]
    clashes = {name for name, number in Counter(plain).items() if number > 1}
    return {
        id(r): f"{name} ({r.data.commune.province})" if name in clashes and r.data.commune.province else name
        for r, name in zip(reports, plain, strict=True)
    }


def _matrix_fields(reports: Sequence[CommuneReport]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for report in reports:
        for field_report in report.fields:
            seen.setdefault(field_report.field, None)
    standard_keys = {match_key(f): f for f in STANDARD_FIELDS}
    present = {match_key(f) for f in seen}
    first = [f for key, f in standard_keys.items() if key in present]
    # A workbook may spell a standard field its own way ("Văn hoá - Xã hội"); keep its spelling then.
    first = [next(s for s in seen if match_key(s) == match_key(f)) for f in first]
    return (*first, *(f for f in seen if f not in first))


@dataclass(frozen=True)
class _Row:
    """One commune's row for a catalog indicator."""

    name: str
    code: str
    indicator: Indicator
    evaluation: Evaluation
    period: Period


def _catalog_index(report: CommuneReport, catalog: Catalog) -> dict[str, EvaluatedIndicator]:
    """Catalog code → the commune's first indicator with that code (a second one would count twice)."""
    index: dict[str, EvaluatedIndicator] = {}
    for item in report.indicators:
        entry = catalog.get(item.indicator.code)
        if entry is not None:
            index.setdefault(entry.code, item)
    return index


def _catalog_total(entry: CatalogEntry, indexed: list[tuple[CommuneReport, dict[str, EvaluatedIndicator]]],
                   names: dict[int, str], settings: EvalSettings) -> CatalogTotal | None:
    rows: list[_Row] = []
    mismatched: list[str] = []
    for report, index in indexed:
        found = index.get(entry.code)
        if found is None:
            continue
        unit = found.indicator.unit
        if entry.aggregation is Aggregation.SUM and unit and entry.unit and unit != entry.unit \
                and match_key(unit) != match_key(entry.unit):
            mismatched.append(names[id(report)])
            continue
        rows.append(_Row(names[id(report)], report.data.commune.code, found.indicator, found.evaluation,
                         report.period))
    if not rows and not mismatched:
        return None
    if entry.aggregation is Aggregation.RATIO:
        return _ratio_total(entry, rows, tuple(mismatched), settings)
    return _sum_total(entry, rows, tuple(mismatched), settings)


def _total(entry: CatalogEntry, counted: list[_Row], missing: list[_Row], mismatched: tuple[str, ...],
           **figures: Any) -> CatalogTotal:
    """The parts every total shares: who was counted, who lacks a figure, who uses another unit."""
    return CatalogTotal(entry=entry, communes=tuple(r.name for r in counted), missing=tuple(r.name for r in missing),
                        codes=tuple(r.code for r in counted), missing_codes=tuple(r.code for r in missing),
                        unit_mismatch=mismatched, **figures)


def _sum_total(entry: CatalogEntry, rows: list[_Row], mismatched: tuple[str, ...],
               settings: EvalSettings) -> CatalogTotal:
    counted = [r for r in rows if r.evaluation.value is not None]
    missing = [r for r in rows if r.evaluation.value is None]
    value = _sum_of(r.evaluation.value for r in counted)
    kind = _common_kind(counted)
    target = _sum_target(counted, kind) if kind is not None else None
    total = _sum_indicator(entry, counted, value, kind, target) if value is not None else None
    evaluation = None
    unjudged = _why_unjudged(counted, kind, target) if value is not None else ""
    if total is not None and total.kind in KINDS_NEEDING_BASELINE and total.baseline is None:
        unjudged = "có xã thiếu kết quả năm trước"
    elif total is not None:
        evaluation = evaluate(total, Period.YEAR, None, settings)
    with_result = [r.indicator.result for r in rows if r.indicator.result is not None]
    with_estimate = [r.indicator.estimate for r in rows if r.indicator.estimate is not None]
    # In-year, what a commune's figure lacks is the estimate for the year; in a year report, any figure.
    in_year = bool(missing) and all(not r.period.is_year for r in missing)
    return _total(
        entry, counted, missing, mismatched,
        value=value,
        target=target,
        numerator=None,
        denominator=None,
        evaluation=evaluation,
        period_result=sum(with_result, Decimal(0)) if with_result else None,
        period_missing=tuple(r.name for r in rows if r.indicator.result is None),
        indicator=total,
        missing_figure="ước cả năm" if in_year else "số liệu",
        unjudged=unjudged,
        estimate=sum(with_estimate, Decimal(0)) if with_estimate else None,
        estimate_missing=tuple(r.name for r in rows if r.indicator.estimate is None),
        estimated=tuple(r.name for r in counted if r.evaluation.basis is Basis.ESTIMATE),
    )


def _why_unjudged(rows: list[_Row], kind: Kind | None, target: Decimal | None) -> str:
    """Why a total with figures has no common yardstick ("" when it has one)."""
    if kind is None:
        return "các xã giao chỉ tiêu theo cách đánh giá khác nhau"
    if target is not None:
        return ""
    if kind in KINDS_WITH_PERCENT_TARGET and all(r.indicator.target is not None for r in rows):
        return "các xã giao mức tăng, giảm khác nhau"
    return "có xã chưa có chỉ tiêu kế hoạch"


def _common_kind(rows: list[_Row]) -> Kind | None:
    """The kind every commune judges the indicator by; None when they differ (no common yardstick)."""
    kinds = {r.indicator.kind for r in rows}
    directions = {r.indicator.effective_direction for r in rows}
    if len(kinds) != 1 or len(directions) != 1:
        return None
    kind = kinds.pop()
    return None if kind in KINDS_WITHOUT_TARGET else kind


def _sum_of(values: Iterable[Decimal | None]) -> Decimal | None:
    """Σ values; None when there are none or one is missing (a total of some would pass for all)."""
    items = list(values)
    if not items or any(v is None for v in items):
        return None
    return sum((v for v in items if v is not None), Decimal(0))


def _sum_target(rows: list[_Row], kind: Kind) -> Decimal | None:
    if kind in KINDS_WITH_PERCENT_TARGET:
        # A growth target of 10% in every commune is not 10% × n: keep it only when all agree.
        targets = {r.indicator.target for r in rows}
        return targets.pop() if len(targets) == 1 else None
    if kind is Kind.MAINTAIN:
        return _sum_of(r.indicator.target if r.indicator.target is not None else r.indicator.baseline
                       for r in rows)
    return _sum_of(r.indicator.target for r in rows)


def _sum_indicator(entry: CatalogEntry, rows: list[_Row], value: Decimal, kind: Kind | None,
                   target: Decimal | None) -> Indicator | None:
    """The communes' sum as one indicator, judged like a commune's; None without a common kind and target."""
    if kind is None or target is None:
        return None
    first = rows[0].indicator
    estimated = all(r.evaluation.basis is Basis.ESTIMATE for r in rows)
    return Indicator(
        field=entry.field,
        name=entry.name,
        kind=kind,
        unit=first.unit or entry.unit,
        code=entry.code,
        target=target,
        target_max=_sum_of(r.indicator.target_max for r in rows) if kind is Kind.RANGE else None,
        direction=first.direction,
        baseline=_sum_of(r.indicator.baseline for r in rows),
        result=None if estimated else value,
        estimate=value if estimated else None,
    )


def _ratio_total(entry: CatalogEntry, rows: list[_Row], mismatched: tuple[str, ...],
                 settings: EvalSettings) -> CatalogTotal:
    """Σ numerators / Σ denominators. The parts are the period's figures, so the rate is judged as a
    result for that period (in-year: progress only); communes reporting different periods: no status."""
    counted: list[_Row] = []
    missing: list[_Row] = []
    for row in rows:
        complete = row.indicator.numerator is not None and row.indicator.denominator is not None
        (counted if complete else missing).append(row)
    numerator = _sum_of(r.indicator.numerator for r in counted)
    denominator = _sum_of(r.indicator.denominator for r in counted)
    value = rate(numerator, denominator) if numerator is not None and denominator is not None else None
    kind = _common_kind(counted)
    # Relative kinds (a change against last year) have no such target: last year's parts are unknown.
    target = _weighted(counted, "target") if kind is not None and kind not in KINDS_NEEDING_BASELINE else None
    total = None
    if kind is not None and target is not None:
        total = Indicator(field=entry.field, name=entry.name, kind=kind, unit="%", code=entry.code,
                          target=target, direction=counted[0].indicator.direction, result=value,
                          target_max=_weighted(counted, "target_max") if kind is Kind.RANGE else None)
    periods = {r.period for r in counted}
    evaluation = places = None
    unjudged = ""
    if value is None and counted:
        unjudged = "tổng mẫu số bằng 0"
    elif total is None and counted:
        unjudged = ("không tính được mức tăng, giảm chung khi chưa có tử số, mẫu số năm trước"
                    if kind in KINDS_NEEDING_BASELINE else _why_unjudged(counted, kind, target))
    elif len(periods) > 1:
        unjudged = "các xã báo cáo khác kỳ"
    elif total is not None and value is not None:
        evaluation, places = _judge_rate(total, periods.pop(), settings)
    return _total(entry, counted, missing, mismatched, value=value, target=target, numerator=numerator,
                  denominator=denominator, evaluation=evaluation, indicator=total, missing_figure="tử số, mẫu số",
                  places=places, unjudged=unjudged)


def _judge_rate(total: Indicator, period: Period, settings: EvalSettings) -> tuple[Evaluation, int]:
    """A recomputed rate has 28 decimals: judged exactly, and worded on figures rounded to the fewest
    decimals (from ``percent_places`` on) that give the same verdict — 89,996% against 90% must not
    read "đạt 90%" next to Không đạt. Returns the evaluation and those decimals."""
    evaluation = evaluate(total, period, None, settings)
    first = settings.percent_places
    for places in range(first, first + 6):
        shown = replace(total, result=_round(total.result, places), target=_round(total.target, places),
                        target_max=_round(total.target_max, places))
        worded = evaluate(shown, period, None, settings)
        if worded.status is evaluation.status:
            return replace(evaluation, reason=worded.reason), places
    return evaluation, first + 6


def _round(value: Decimal | None, places: int) -> Decimal | None:
    return None if value is None else round_half_up(value, places)


def _weighted(rows: list[_Row], attribute: str) -> Decimal | None:
    """Target rates weighted by each commune's denominator: the rate the communes' targets add up to."""
    parts: list[tuple[Decimal, Decimal]] = []
    for row in rows:
        target = getattr(row.indicator, attribute)
        denominator = row.indicator.denominator
        if target is None or denominator is None:
            return None
        parts.append((target, denominator))
    weight = sum((d for _, d in parts), Decimal(0))
    if not parts or weight == 0:
        return None
    return sum((t * d for t, d in parts), Decimal(0)) / weight
