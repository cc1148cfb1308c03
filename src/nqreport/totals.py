"""Totalling catalog indicators across communes: sums for flows, rates recomputed from their parts.

Pure: no I/O, no clock, no words (:mod:`nqreport.wording.totals` says it in Vietnamese). Each catalog
entry aggregates by its rule — a sum for flows (revenue, hectares planted), Σ numerators / Σ denominators
for rates (never an average of percentages), nothing for the rest. A commune that has the indicator but
lacks the figure is named in the total, never silently left out; a total is judged only against a
yardstick every commune shares (the same kind, and a target each of them set).
"""

from __future__ import annotations

from collections.abc import Sequence
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
    #: Σ estimates for the year over the communes counted (rates: their estimates weighted by their
    #: denominators; None unless every commune counted has one), and, for sums, the communes counted
    #: lacking one. Kept apart from :attr:`period_result` so that a report never shows the period's results
    #: and the year's estimates under one heading.
    estimate: Decimal | None = None
    estimate_missing: tuple[str, ...] = ()
    #: The communes of :attr:`communes` whose figure the verdict is on is their estimate for the year
    #: (in-year, all of them; in a year report, those without a result yet).
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
                       target_max=_round(plan.target_max, places), estimate=_round(plan.estimate, places))


@dataclass(frozen=True)
class CommuneRows:
    """One commune's evaluated indicators as the totals need them."""

    name: str
    code: str
    period: Period
    indicators: Sequence[EvaluatedIndicator]


def catalog_totals(communes: Sequence[CommuneRows], catalog: Catalog, settings: EvalSettings) -> tuple[CatalogTotal, ...]:
    """Every catalog indicator that aggregates and that some commune reports, in catalog order."""
    fold = TotalsFold(catalog, settings)
    for commune in communes:
        fold.add(commune)
    return fold.totals()


def rate(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """A rate in percent from its parts; None for an empty denominator."""
    if denominator == 0:
        return None
    return numerator / denominator * HUNDRED


class TotalsFold:
    """The catalog totals added up one commune at a time, in the order the communes come.

    What it keeps grows with the catalog, not with the communes (sums, the kinds seen, the names of the
    communes counted or lacking a figure): a build of the whole country folds each commune as it reads it
    back and never holds every commune's indicators at once. :func:`catalog_totals` is the same fold over a
    list.
    """

    def __init__(self, catalog: Catalog, settings: EvalSettings) -> None:
        self.catalog = catalog
        self.settings = settings
        self._folds: dict[str, _SumFold | _RatioFold] = {}

    def add(self, commune: CommuneRows) -> None:
        """Fold in one commune: its first indicator of each catalog code (a second one would count twice)."""
        seen: set[str] = set()
        for item in commune.indicators:
            entry = self.catalog.get(item.indicator.code)
            if entry is None or entry.code in seen or entry.aggregation is Aggregation.NONE:
                continue
            seen.add(entry.code)
            fold = self._folds.get(entry.code)
            if fold is None:
                fold = self._folds[entry.code] = (
                    _RatioFold(entry) if entry.aggregation is Aggregation.RATIO else _SumFold(entry))
            fold.add(commune, item)

    def totals(self) -> tuple[CatalogTotal, ...]:
        """The totals so far, in catalog order."""
        return tuple(self._folds[entry.code].total(self.settings) for entry in self.catalog.entries.values()
                     if entry.code in self._folds)


class _Sum:
    """Σ of figures that must all be present: None when there are none or one is missing (a total of some
    would pass for all)."""

    __slots__ = ("broken", "value")

    def __init__(self) -> None:
        self.value: Decimal | None = None
        self.broken = False

    def add(self, value: Decimal | None) -> None:
        if value is None:
            self.broken = True
        elif not self.broken:
            self.value = value if self.value is None else self.value + value

    @property
    def total(self) -> Decimal | None:
        return None if self.broken else self.value


class _Communes:
    """Communes by name and code, in order: two lists of the strings the communes already have (a pair
    per commune and total was 4 MB for a country)."""

    __slots__ = ("codes", "names")

    def __init__(self) -> None:
        self.names: list[str] = []
        self.codes: list[str] = []

    def append(self, commune: CommuneRows) -> None:
        self.names.append(commune.name)
        self.codes.append(commune.code)

    def __bool__(self) -> bool:
        return bool(self.names)


class _Fold:
    """What sums and rates share: the communes counted, those lacking a figure, the kinds they judge by."""

    def __init__(self, entry: CatalogEntry) -> None:
        self.entry = entry
        self.counted = _Communes()
        self.missing = _Communes()
        self.mismatched: list[str] = []
        self.kinds: set[Kind] = set()
        self.directions: set[Any] = set()
        self.first: Indicator | None = None  # the first commune counted

    def count(self, commune: CommuneRows, indicator: Indicator) -> None:
        self.counted.append(commune)
        self.kinds.add(indicator.kind)
        self.directions.add(indicator.effective_direction)
        if self.first is None:
            self.first = indicator

    def common_kind(self) -> Kind | None:
        """The kind every commune counted judges the indicator by; None when they differ (no common
        yardstick)."""
        if len(self.kinds) != 1 or len(self.directions) != 1:
            return None
        kind = next(iter(self.kinds))
        return None if kind in KINDS_WITHOUT_TARGET else kind

    def total_of(self, **figures: Any) -> CatalogTotal:
        return CatalogTotal(entry=self.entry, communes=tuple(self.counted.names),
                            missing=tuple(self.missing.names), codes=tuple(self.counted.codes),
                            missing_codes=tuple(self.missing.codes), unit_mismatch=tuple(self.mismatched),
                            **figures)


class _SumFold(_Fold):
    def __init__(self, entry: CatalogEntry) -> None:
        super().__init__(entry)
        self.value = _Sum()
        self.target = _Sum()
        self.maintained = _Sum()  # target, else the level to keep (the baseline)
        self.target_max = _Sum()
        self.baseline = _Sum()
        self.targets: set[Decimal | None] = set()  # at most two kept: one growth target for all, or not
        self.estimated: list[str] = []
        self.all_estimated = True
        self.results = _Sum()
        self.estimates = _Sum()
        self.period_missing: list[str] = []
        self.estimate_missing: list[str] = []
        self.missing_in_year = True

    def add(self, commune: CommuneRows, item: EvaluatedIndicator) -> None:
        indicator, evaluation = item.indicator, item.evaluation
        unit = indicator.unit
        if unit and self.entry.unit and unit != self.entry.unit and match_key(unit) != match_key(self.entry.unit):
            self.mismatched.append(commune.name)  # adding tỷ to triệu is wrong
            return
        if evaluation.value is None:
            self.missing.append(commune)
            self.missing_in_year = self.missing_in_year and not commune.period.is_year
            return
        self.count(commune, indicator)
        # The period's results and the year's estimates are added over the communes counted, like the plan:
        # a column must never add up other communes than the plan next to it.
        if indicator.result is not None:
            self.results.value = indicator.result if self.results.value is None else self.results.value + indicator.result
        else:
            self.period_missing.append(commune.name)
        if indicator.estimate is not None:
            self.estimates.value = (indicator.estimate if self.estimates.value is None
                                    else self.estimates.value + indicator.estimate)
        else:
            self.estimate_missing.append(commune.name)
        self.value.add(evaluation.value)
        self.target.add(indicator.target)
        self.maintained.add(indicator.target if indicator.target is not None else indicator.baseline)
        self.target_max.add(indicator.target_max)
        self.baseline.add(indicator.baseline)
        if len(self.targets) < 2:
            self.targets.add(indicator.target)
        if evaluation.basis is Basis.ESTIMATE:
            self.estimated.append(commune.name)
        else:
            self.all_estimated = False

    def common_target(self, kind: Kind) -> Decimal | None:
        if kind in KINDS_WITH_PERCENT_TARGET:
            # A growth target of 10% in every commune is not 10% × n: keep it only when all agree.
            return next(iter(self.targets)) if len(self.targets) == 1 else None
        return (self.maintained if kind is Kind.MAINTAIN else self.target).total

    def total(self, settings: EvalSettings) -> CatalogTotal:
        value = self.value.total if self.counted else None
        kind = self.common_kind()
        target = self.common_target(kind) if kind is not None else None
        total = self.indicator(value, kind, target) if value is not None else None
        evaluation = None
        unjudged = _why_unjudged(kind, target, all_targets=not self.target.broken) if value is not None else None
        if total is not None and total.kind in KINDS_NEEDING_BASELINE and total.baseline is None:
            unjudged = Unjudged.NO_BASELINE
        elif total is not None:
            evaluation = evaluate(total, Period.YEAR, None, settings)
        # In-year, what a commune's figure lacks is the estimate for the year; in a year report, any figure.
        in_year = bool(self.missing) and self.missing_in_year
        return self.total_of(value=value, target=target, numerator=None, denominator=None, evaluation=evaluation,
                             period_result=self.results.value, period_missing=tuple(self.period_missing),
                             indicator=total, lack=Lack.ESTIMATE if in_year else Lack.FIGURES, unjudged=unjudged,
                             estimate=self.estimates.value, estimate_missing=tuple(self.estimate_missing),
                             estimated=tuple(self.estimated))

    def indicator(self, value: Decimal, kind: Kind | None, target: Decimal | None) -> Indicator | None:
        """The communes' sum as one indicator, judged like a commune's; None without a common kind and
        target."""
        if kind is None or target is None or self.first is None:
            return None
        first, entry = self.first, self.entry
        return Indicator(field=entry.field, name=entry.name, kind=kind, unit=first.unit or entry.unit,
                         code=entry.code, target=target,
                         target_max=self.target_max.total if kind is Kind.RANGE else None,
                         direction=first.direction, baseline=self.baseline.total,
                         result=None if self.all_estimated else value,
                         estimate=value if self.all_estimated else None)


class _Weighted:
    """Target rates weighted by each commune's denominator: the rate the communes' targets add up to."""

    __slots__ = ("broken", "products", "weight")

    def __init__(self) -> None:
        self.products = Decimal(0)
        self.weight = Decimal(0)
        self.broken = False

    def add(self, target: Decimal | None, denominator: Decimal) -> None:
        if target is None:
            self.broken = True
        elif not self.broken:
            self.products += target * denominator
            self.weight += denominator

    def rate(self, any_counted: bool) -> Decimal | None:
        if self.broken or not any_counted or self.weight == 0:
            return None
        return self.products / self.weight


class _RatioFold(_Fold):
    """Σ numerators / Σ denominators. The parts are the period's figures, so the rate is judged as a
    result for that period (in-year: progress only); communes reporting different periods: no status."""

    def __init__(self, entry: CatalogEntry) -> None:
        super().__init__(entry)
        self.numerator = Decimal(0)
        self.denominator = Decimal(0)
        self.target = _Weighted()
        self.target_max = _Weighted()
        self.estimate = _Weighted()
        self.periods: set[Period] = set()

    def add(self, commune: CommuneRows, item: EvaluatedIndicator) -> None:
        indicator = item.indicator
        numerator, denominator = indicator.numerator, indicator.denominator
        if numerator is None or denominator is None:
            self.missing.append(commune)
            return
        self.count(commune, indicator)
        self.numerator += numerator
        self.denominator += denominator
        self.target.add(indicator.target, denominator)
        self.target_max.add(indicator.target_max, denominator)
        self.estimate.add(indicator.estimate, denominator)
        self.periods.add(commune.period)

    def total(self, settings: EvalSettings) -> CatalogTotal:
        counted = bool(self.counted)
        numerator = self.numerator if counted else None
        denominator = self.denominator if counted else None
        value = rate(numerator, denominator) if numerator is not None and denominator is not None else None
        kind = self.common_kind()
        # Relative kinds (a change against last year) have no such target: last year's parts are unknown.
        target = self.target.rate(counted) if kind is not None and kind not in KINDS_NEEDING_BASELINE else None
        # The communes' estimates for the year weighted like their targets: an in-year rate is judged on it,
        # as each commune's own rate is (one commune's total then has that commune's verdict).
        estimate = self.estimate.rate(counted)
        total = None
        if kind is not None and target is not None and self.first is not None:
            total = Indicator(field=self.entry.field, name=self.entry.name, kind=kind, unit="%", code=self.entry.code,
                              target=target, direction=self.first.direction, result=value, estimate=estimate,
                              target_max=self.target_max.rate(counted) if kind is Kind.RANGE else None)
        evaluation = places = None
        unjudged = None
        if value is None and counted:
            unjudged = Unjudged.ZERO_DENOMINATOR
        elif total is None and counted:
            unjudged = (Unjudged.NO_PRIOR_PARTS if kind in KINDS_NEEDING_BASELINE
                        else _why_unjudged(kind, target, all_targets=not self.target.broken))
        elif len(self.periods) > 1:
            unjudged = Unjudged.PERIODS_DIFFER
        elif total is not None and value is not None:
            evaluation, places = _judge_rate(total, next(iter(self.periods)), settings)
        on_estimate = evaluation is not None and evaluation.basis is Basis.ESTIMATE
        return self.total_of(value=value, target=target, numerator=numerator, denominator=denominator,
                             evaluation=evaluation, indicator=total, lack=Lack.PARTS, places=places,
                             unjudged=unjudged, estimate=estimate,
                             estimated=tuple(self.counted.names) if on_estimate else ())


def _why_unjudged(kind: Kind | None, target: Decimal | None, *, all_targets: bool) -> Unjudged | None:
    """Why a total with figures has no common yardstick (None when it has one)."""
    if kind is None:
        return Unjudged.KINDS_DIFFER
    if target is not None:
        return None
    if kind in KINDS_WITH_PERCENT_TARGET and all_targets:
        return Unjudged.CHANGES_DIFFER
    return Unjudged.NO_TARGET


def _judge_rate(total: Indicator, period: Period, settings: EvalSettings) -> tuple[Evaluation, int]:
    """A recomputed rate has 28 decimals: judged exactly, and shown with the fewest decimals (from
    ``percent_places`` on) whose rounded figures give the same verdict — 89,996% against 90% must not
    read "đạt 90%" next to Không đạt. Returns the evaluation and those decimals."""
    evaluation = evaluate(total, period, None, settings)
    first = settings.percent_places
    for places in range(first, first + 6):
        shown = replace(total, result=_round(total.result, places), target=_round(total.target, places),
                        target_max=_round(total.target_max, places), estimate=_round(total.estimate, places))
        if evaluate(shown, period, None, settings).status is evaluation.status:
            return evaluation, places
    return evaluation, first + 6


def _round(value: Decimal | None, places: int) -> Decimal | None:
    return None if value is None else round_half_up(value, places)
