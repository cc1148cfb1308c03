"""Totalling catalog indicators across communes: sums for flows, rates recomputed from their parts.

Pure: no I/O, no clock, no words (:mod:`nqreport.wording.totals` says it in Vietnamese). Each catalog
entry aggregates by its rule — a sum for flows (revenue, hectares planted), Σ numerators / Σ denominators
for rates (never an average of percentages), nothing for the rest. A commune that has the indicator but
lacks the figure is named in the total, never silently left out; a total is judged only against a
yardstick every commune shares (the same kind, and a target each of them set).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from nqreport.config.catalog import Aggregation, Catalog, CatalogEntry
from nqreport.config.settings import EvalSettings
from nqreport.evaluate import HUNDRED, Basis, EvaluatedIndicator, Evaluation, evaluate
from nqreport.model import Indicator
from nqreport.schema import (
    KINDS_NEEDING_BASELINE,
    KINDS_WITH_PERCENT_TARGET,
    KINDS_WITHOUT_TARGET,
    Kind,
    Period,
    Status,
)
from nqreport.text import match_key
from nqreport.wording.numbers import round_half_up


class Lack(StrEnum):
    """What the communes left out of a total lack."""

    FIGURES = "figures"  # any figure (a year report)
    ESTIMATE = "estimate"  # the estimate for the year (in-year)
    PARTS = "parts"  # a rate's numerator and denominator


class Unjudged(StrEnum):
    """Why a total with figures has no verdict."""

    KINDS_DIFFER = "kinds_differ"
    CHANGES_DIFFER = "changes_differ"  # growth targets that differ cannot be added
    NO_TARGET = "no_target"
    NO_BASELINE = "no_baseline"
    ZERO_DENOMINATOR = "zero_denominator"
    NO_PRIOR_PARTS = "no_prior_parts"  # a rate's change needs last year's parts
    PERIODS_DIFFER = "periods_differ"


class ValueBasis(StrEnum):
    """Which figure a sum adds up: the period's results (every rate too), every commune's estimate for the
    year, or results with estimates where a commune has no result yet."""

    RESULT = "result"
    ESTIMATE = "estimate"
    MIXED = "mixed"


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
    #: What the communes in ``missing`` lack.
    lack: Lack = Lack.FIGURES
    #: A judged rate: the decimals to show it and its target with, the fewest (from ``percent_places``)
    #: that keep its verdict; 89,996% of 90% shows as 89,996, not as a "90,0" that is Không đạt.
    places: int | None = None
    #: A total with figures but no verdict: why.
    unjudged: Unjudged | None = None
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
    def value_basis(self) -> ValueBasis:
        """Which figure :attr:`value` adds up; tells a reader which column the verdict was judged on."""
        if not self.estimated:
            return ValueBasis.RESULT
        return ValueBasis.ESTIMATE if len(self.estimated) == len(self.communes) else ValueBasis.MIXED

    @property
    def counted(self) -> bool:
        """Whether any commune's figure is in the total; a total of none is only a list of gaps."""
        return bool(self.communes)

    def rounded(self, places: int) -> Indicator | None:
        """The total as an indicator with a weighted rate's 28 decimals rounded to ``places`` (or to its own
        :attr:`places`), as a table shows it; the indicator itself for a sum."""
        plan = self.indicator
        if plan is None or self.entry.aggregation is not Aggregation.RATIO:
            return plan
        places = self.places if self.places is not None else places
        return replace(plan, result=_round(plan.result, places), target=_round(plan.target, places),
                       target_max=_round(plan.target_max, places))


@dataclass(frozen=True)
class CommuneRows:
    """One commune's evaluated indicators as the totals need them."""

    name: str
    code: str
    period: Period
    indicators: Sequence[EvaluatedIndicator]


def catalog_totals(communes: Sequence[CommuneRows], catalog: Catalog, settings: EvalSettings) -> tuple[CatalogTotal, ...]:
    """Every catalog indicator that aggregates and that some commune reports, in catalog order."""
    # Each commune's catalog indicators, found once (matching codes is the costly part across a country).
    indexed = [(commune, _catalog_index(commune, catalog)) for commune in communes]
    present = {code for _, index in indexed for code in index}
    return tuple(total for entry in catalog.entries.values()
                 if entry.aggregation is not Aggregation.NONE and entry.code in present
                 and (total := _catalog_total(entry, indexed, settings)) is not None)


def rate(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """A rate in percent from its parts; None for an empty denominator."""
    if denominator == 0:
        return None
    return numerator / denominator * HUNDRED


@dataclass(frozen=True)
class _Row:
    """One commune's row for a catalog indicator."""

    name: str
    code: str
    indicator: Indicator
    evaluation: Evaluation
    period: Period


def _catalog_index(commune: CommuneRows, catalog: Catalog) -> dict[str, EvaluatedIndicator]:
    """Catalog code → the commune's first indicator with that code (a second one would count twice)."""
    index: dict[str, EvaluatedIndicator] = {}
    for item in commune.indicators:
        entry = catalog.get(item.indicator.code)
        if entry is not None:
            index.setdefault(entry.code, item)
    return index


def _catalog_total(entry: CatalogEntry, indexed: list[tuple[CommuneRows, dict[str, EvaluatedIndicator]]],
                   settings: EvalSettings) -> CatalogTotal | None:
    rows: list[_Row] = []
    mismatched: list[str] = []
    for commune, index in indexed:
        found = index.get(entry.code)
        if found is None:
            continue
        unit = found.indicator.unit
        if entry.aggregation is Aggregation.SUM and unit and entry.unit and unit != entry.unit \
                and match_key(unit) != match_key(entry.unit):
            mismatched.append(commune.name)
            continue
        rows.append(_Row(commune.name, commune.code, found.indicator, found.evaluation, commune.period))
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
    unjudged = _why_unjudged(counted, kind, target) if value is not None else None
    if total is not None and total.kind in KINDS_NEEDING_BASELINE and total.baseline is None:
        unjudged = Unjudged.NO_BASELINE
    elif total is not None:
        evaluation = evaluate(total, Period.YEAR, None, settings)
    with_result = [r.indicator.result for r in rows if r.indicator.result is not None]
    with_estimate = [r.indicator.estimate for r in rows if r.indicator.estimate is not None]
    # In-year, what a commune's figure lacks is the estimate for the year; in a year report, any figure.
    in_year = bool(missing) and all(not r.period.is_year for r in missing)
    return _total(entry, counted, missing, mismatched, value=value, target=target, numerator=None,
                  denominator=None, evaluation=evaluation,
                  period_result=sum(with_result, Decimal(0)) if with_result else None,
                  period_missing=tuple(r.name for r in rows if r.indicator.result is None), indicator=total,
                  lack=Lack.ESTIMATE if in_year else Lack.FIGURES, unjudged=unjudged,
                  estimate=sum(with_estimate, Decimal(0)) if with_estimate else None,
                  estimate_missing=tuple(r.name for r in rows if r.indicator.estimate is None),
                  estimated=tuple(r.name for r in counted if r.evaluation.basis is Basis.ESTIMATE))


def _why_unjudged(rows: list[_Row], kind: Kind | None, target: Decimal | None) -> Unjudged | None:
    """Why a total with figures has no common yardstick (None when it has one)."""
    if kind is None:
        return Unjudged.KINDS_DIFFER
    if target is not None:
        return None
    if kind in KINDS_WITH_PERCENT_TARGET and all(r.indicator.target is not None for r in rows):
        return Unjudged.CHANGES_DIFFER
    return Unjudged.NO_TARGET


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
    return Indicator(field=entry.field, name=entry.name, kind=kind, unit=first.unit or entry.unit,
                     code=entry.code, target=target,
                     target_max=_sum_of(r.indicator.target_max for r in rows) if kind is Kind.RANGE else None,
                     direction=first.direction, baseline=_sum_of(r.indicator.baseline for r in rows),
                     result=None if estimated else value, estimate=value if estimated else None)


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
    unjudged = None
    if value is None and counted:
        unjudged = Unjudged.ZERO_DENOMINATOR
    elif total is None and counted:
        unjudged = Unjudged.NO_PRIOR_PARTS if kind in KINDS_NEEDING_BASELINE else _why_unjudged(counted, kind, target)
    elif len(periods) > 1:
        unjudged = Unjudged.PERIODS_DIFFER
    elif total is not None and value is not None:
        evaluation, places = _judge_rate(total, periods.pop(), settings)
    return _total(entry, counted, missing, mismatched, value=value, target=target, numerator=numerator,
                  denominator=denominator, evaluation=evaluation, indicator=total, lack=Lack.PARTS,
                  places=places, unjudged=unjudged)


def _judge_rate(total: Indicator, period: Period, settings: EvalSettings) -> tuple[Evaluation, int]:
    """A recomputed rate has 28 decimals: judged exactly, and shown with the fewest decimals (from
    ``percent_places`` on) whose rounded figures give the same verdict — 89,996% against 90% must not
    read "đạt 90%" next to Không đạt. Returns the evaluation and those decimals."""
    evaluation = evaluate(total, period, None, settings)
    first = settings.percent_places
    for places in range(first, first + 6):
        shown = replace(total, result=_round(total.result, places), target=_round(total.target, places),
                        target_max=_round(total.target_max, places))
        if evaluate(shown, period, None, settings).status is evaluation.status:
            return evaluation, places
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
