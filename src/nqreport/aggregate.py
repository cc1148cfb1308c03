"""Counting statuses per field, per commune and across communes.

Pure, like :mod:`nqreport.evaluate`: no I/O, no clock, no globals, no words. Counts are summed; the
catalog indicators' figures are added up by :mod:`nqreport.totals`. Sentences about counts ("22/27 chỉ
tiêu đạt và vượt kế hoạch, trong đó 10 chỉ tiêu vượt") are :mod:`nqreport.wording.counts`'.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from nqreport.config.catalog import Catalog
from nqreport.config.settings import EvalSettings
from nqreport.evaluate import EvaluatedIndicator, evaluate
from nqreport.model import Commune, CommuneData
from nqreport.schema import STANDARD_FIELDS, Period, Status
from nqreport.text import match_key
from nqreport.totals import CatalogTotal, CommuneRows, TotalsFold

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



# --------------------------------------------------------------------------- one commune


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
    fields = tuple(FieldReport(name, tuple(items), StatusCounts.of(i.evaluation.status for i in items))
                   for name, items in by_field.items())
    total = sum((f.counts for f in fields), StatusCounts())
    return CommuneReport(data, chosen, fields, total)


# --------------------------------------------------------------------------- across communes


@dataclass(frozen=True)
class CommuneLine:
    """A commune as the summary shows it: who, which period, its counts per field and in all.

    A few hundred bytes, where a :class:`CommuneReport` holds every indicator: a build hands the parent
    one line per commune, so that the summary of the whole country fits in the memory of a province's.
    """

    commune: Commune
    path: str
    period: Period
    counts: StatusCounts
    #: (field, counts) in the order of the commune's indicator sheet.
    fields: tuple[tuple[str, StatusCounts], ...]


def commune_line(report: CommuneReport) -> CommuneLine:
    return CommuneLine(report.data.commune, report.data.path, report.period, report.counts,
                       tuple((f.field, f.counts) for f in report.fields))


def not_met(report: CommuneReport) -> tuple[EvaluatedIndicator, ...]:
    """The commune's indicators not met, as the summary report lists them."""
    return tuple(item for item in report.indicators if item.evaluation.status is Status.NOT_MET)


@dataclass(frozen=True)
class CrossCommune:
    communes: tuple[CommuneLine, ...]
    #: Fields of the matrix: the standard ones first (in their order), then others as first seen.
    fields: tuple[str, ...]
    #: (commune code, field) → counts; every pair is present (zero counts where a field is absent).
    matrix: dict[tuple[str, str], StatusCounts]
    totals: tuple[CatalogTotal, ...]
    counts: StatusCounts
    #: Display names, by commune code ("xã Quốc Khánh"; the province added when names clash).
    names: dict[str, str] = field(default_factory=dict)
    #: Commune code → its indicators not met (a build reads them back from disk when asked).
    not_met: Mapping[str, Sequence[EvaluatedIndicator]] = field(default_factory=dict)

    def field_counts(self, name: str) -> StatusCounts:
        """Every commune's counts in one field: the matrix's total row."""
        return sum((c for (_, f), c in self.matrix.items() if f == name), StatusCounts())

    @property
    def provinces(self) -> tuple[str, ...]:
        """The provinces of the communes, in order of first appearance (spelled as first met)."""
        return provinces_of(self.communes)

    @property
    def by_province(self) -> bool:
        """Communes of more than one province: the summary groups them by province (a country-wide
        summary of 3,321 rows would be unreadable)."""
        return len(self.provinces) > 1


def provinces_of(lines: Sequence[CommuneLine]) -> tuple[str, ...]:
    """The provinces of ``lines``, in order of first appearance (spelled as first met); a blank one is none."""
    seen: dict[str, str] = {}
    for line in lines:
        key = match_key(line.commune.province)
        if key:
            seen.setdefault(key, line.commune.province)
    return tuple(seen.values())


def aggregate_communes(
    reports: Sequence[CommuneReport],
    catalog: Catalog,
    settings: EvalSettings = EvalSettings(),  # noqa: B008 - frozen, never mutated
) -> CrossCommune:
    """The communes × fields matrix of counts, and the totals of catalog indicators."""
    lines = [commune_line(r) for r in reports]
    names = display_names(lines)
    fold = TotalsFold(catalog, settings)
    for report, name in zip(reports, names, strict=True):
        fold.add(CommuneRows(name, report.data.commune.code, report.period, report.indicators))
    return cross_commune(lines, names, fold.totals(), {r.data.commune.code: not_met(r) for r in reports})


def cross_commune(lines: Sequence[CommuneLine], names: Sequence[str], totals: tuple[CatalogTotal, ...],
                  failed: Mapping[str, Sequence[EvaluatedIndicator]]) -> CrossCommune:
    """The matrix of ``lines`` (named by :func:`display_names`) with the catalog ``totals`` folded over the
    same communes and their indicators not met (``failed``, by code)."""
    fields = _matrix_fields(lines)
    matrix: dict[tuple[str, str], StatusCounts] = {}
    for line in lines:
        code = line.commune.code
        for name in fields:
            matrix.setdefault((code, name), StatusCounts())
        for field_name, counts in line.fields:
            key = (code, field_name)
            matrix[key] = matrix[key] + counts
    counts = sum((line.counts for line in lines), StatusCounts())
    return CrossCommune(tuple(lines), fields, matrix, totals, counts,
                        {line.commune.code: name for line, name in zip(lines, names, strict=True)}, failed)


def display_names(lines: Sequence[CommuneLine]) -> list[str]:
    """A name per commune: "xã Quốc Khánh", with the province where names clash."""
    plain = [line.commune.full_name for line in lines]
    clashes = {name for name, number in Counter(plain).items() if number > 1}
    return [f"{name} ({line.commune.province})" if name in clashes and line.commune.province else name
            for line, name in zip(lines, plain, strict=True)]


def _matrix_fields(lines: Sequence[CommuneLine]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for line in lines:
        for name, _ in line.fields:
            seen.setdefault(name, None)
    standard_keys = {match_key(f): f for f in STANDARD_FIELDS}
    present = {match_key(f) for f in seen}
    first = [f for key, f in standard_keys.items() if key in present]
    # A workbook may spell a standard field its own way ("Văn hoá - Xã hội"); keep its spelling then.
    first = [next(s for s in seen if match_key(s) == match_key(f)) for f in first]
    return (*first, *(f for f in seen if f not in first))
