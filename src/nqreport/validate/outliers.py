"""A commune far outside the others: the rule across workbooks on the figures of the catalog's indicators.

A figure consistent within its own row can still be wrong: a workbook typed in English Excel from start to
finish holds a plan of 1,306 and an estimate of 1,42 triệu đồng where the other communes hold thousands.
Such a figure stands out among the same indicator of the other communes, as in DHIS2's outlier analysis:

- **What is compared**: each figure in the indicator's unit (plan, last year, same period last year,
  result, estimate; not the target of a change against last year, which is a percent or an amount of
  change) of the rows with a catalog code, among the rows of the same code and the same unit; the
  period's figures (result, same period last year) only among communes reporting the same period.
- **The scale**: amounts spread by factors (a town collects ten times what a mountain commune does), so
  they are compared by their logarithm, and only above 0; percentages are bounded, and compared as they
  are.
- **The rule** (the modified z-score of Iglewicz and Hoaglin, robust to the outliers it looks for): with M
  the median and MAD the median absolute deviation of the reference communes' figures, a figure is far
  outside when 0.6745 × |x − M| / MAD > :data:`Z_LIMIT` (3.5), and, so that a group of nearly equal figures
  does not make a small difference an outlier, at least :data:`LOG_FLOOR` away on the log scale (a factor of
  10, an extra or a missing zero; a thousands separator read as a decimal point is a factor of 1000) or
  :data:`PERCENT_FLOOR` (50) points away for a percentage.
- **The reference**: at least :data:`MIN_COMMUNES` (10) communes, below which a median says little; a
  commune counts once: only the workbooks read without error whose commune code no other workbook claims
  (a duplicate would count its commune twice; a workbook with errors may hold anything). Warnings do not
  take a workbook out of the reference: under ``--strict`` the reference would otherwise depend on the
  warnings this very rule gives. Every readable workbook is compared with the reference, those left out of
  it included.

One warning per row of a commune, at its first figure found far outside, naming every such figure; a
figure the checks of its own row (:mod:`nqreport.validate.plausibility`) already warn about is left out,
of the comparison and of the reference. A
build's workers each send their commune's figures (:func:`commune_figures`, a few kilobytes); the parent
folds them into :class:`Peers` as they arrive (arrays of floats, not indicators) and warns once all are in,
before it decides which communes to build: ``nqreport validate`` and ``nqreport build`` call the same
functions, so they warn about the same figures.
"""

from __future__ import annotations

import math
import re
import statistics
from array import array
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from nqreport.config.catalog import Catalog
from nqreport.errors import Problem, Severity
from nqreport.model import ReadResult
from nqreport.schema import KINDS_WITHOUT_TARGET, PERCENT_UNITS
from nqreport.text import match_key
from nqreport.validate.plausibility import check_plausibility, in_unit_keys
from nqreport.wording.numbers import format_number, round_half_up

#: The figures compared, in the order a row's warning names them.
KEYS = ("target", "baseline", "same_period_last_year", "result", "estimate")
#: Figures of the reporting period: compared only between communes reporting the same period.
PERIOD_KEYS = frozenset({"same_period_last_year", "result"})
#: Fewer reference communes than this and the indicator is not compared.
MIN_COMMUNES = 10
#: The modified z-score above which a figure is far outside.
Z_LIMIT = 3.5
#: And how far it must be at least: a factor of 10 for amounts (log10), 50 points for percentages.
LOG_FLOOR = 1.0
PERCENT_FLOOR = 50.0
#: 0.6745 (the 75th percentile of the standard normal) makes the MAD comparable with a standard deviation.
_MAD_SCALE = 0.6745

_LABELS = {
    "target": "chỉ tiêu kế hoạch",
    "baseline": "thực hiện năm trước",
    "same_period_last_year": "thực hiện cùng kỳ năm trước",
    "result": "thực hiện kỳ báo cáo",
    "estimate": "ước cả năm",
}
_DIGITS = re.compile(r"\d+")


class RowFigures(NamedTuple):
    """One catalog row of a workbook: its code, unit, row and figures (by :data:`KEYS`, None when blank or
    not in the unit)."""

    code: str
    unit: str
    row: int
    values: tuple[float | None, ...]


class CommuneFigures(NamedTuple):
    """What the rule across communes needs of a workbook, and no more: a build's worker sends it to the
    parent, which holds the figures of every commune of the country at once."""

    sheet: str
    #: The reporting period (``Period`` value), "" when the commune sheet could not be read.
    period: str
    #: Column letter of each of :data:`KEYS` ("" when the sheet has no such column).
    columns: tuple[str, ...]
    rows: tuple[RowFigures, ...]


def commune_figures(result: ReadResult, catalog: Catalog) -> CommuneFigures | None:
    """The figures of a workbook's rows that have a catalog code (None when it has none), but those the
    plausibility checks of their own row warn about: a cell gets one warning, and a figure already found
    wrong is nobody's reference."""
    period = result.data.commune.period if result.data is not None else None
    warned = {(p.sheet, p.cell) for p in check_plausibility(result.rows, catalog, period)}
    rows = []
    columns: tuple[str, ...] = ()
    sheet = ""
    for ind in result.rows:
        if ind.source is None or ind.kind in KINDS_WITHOUT_TARGET or catalog.get(ind.code) is None:
            continue
        assert ind.code is not None
        source = ind.source
        in_unit = in_unit_keys(ind.kind)
        values = tuple(float(v) if key in in_unit and (v := getattr(ind, key)) is not None
                       and (source.sheet, source.cell(key)) not in warned else None for key in KEYS)
        if not any(v is not None for v in values):
            continue
        if not columns:
            sheet = ind.source.sheet
            columns = tuple(_DIGITS.sub("", ind.source.cell(key)) for key in KEYS)
        rows.append(RowFigures(ind.code, ind.unit, ind.source.row, values))
    if not rows:
        return None
    return CommuneFigures(sheet, period.value if period is not None else "", columns, tuple(rows))


def reference(results: Sequence[ReadResult | None]) -> set[int]:
    """The workbooks (by position) whose figures make the reference: read without error, and the only one
    of their commune code."""
    codes: dict[str, int] = {}
    for result in results:
        if result is not None and result.data is not None:
            code = result.data.commune.code
            codes[code] = codes.get(code, 0) + 1
    return {index for index, result in enumerate(results)
            if result is not None and result.ok and result.data is not None
            and codes[result.data.commune.code] == 1}


@dataclass
class _Group:
    """The figures of one code, unit, column (and period) across workbooks, as compact arrays."""

    unit: str
    percent: bool
    values: array[float] = field(default_factory=lambda: array("d"))
    owners: array[int] = field(default_factory=lambda: array("i"))
    rows: array[int] = field(default_factory=lambda: array("i"))


class _Far(NamedTuple):
    key: str
    value: float
    median: float
    communes: int
    distance: float
    unit: str
    percent: bool


class Peers:
    """The catalog figures of every workbook, grouped for the comparison across communes.

    :meth:`add` each workbook's :class:`CommuneFigures` (by its position among the workbooks), then
    :meth:`problems` once all are in. Pure: no I/O.
    """

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str, str, str], _Group] = {}
        #: Position → (file name, sheet, column letters).
        self.places: dict[int, tuple[str, str, tuple[str, ...]]] = {}

    def add(self, index: int, name: str, figures: CommuneFigures | None) -> None:
        if figures is None:
            return
        self.places[index] = (name, figures.sheet, figures.columns)
        for row in figures.rows:
            unit = match_key(row.unit)
            for key, value in zip(KEYS, row.values, strict=True):
                if value is None:
                    continue
                period = figures.period if key in PERIOD_KEYS else ""
                if key in PERIOD_KEYS and not period:
                    continue
                group = self.groups.get((row.code, unit, key, period))
                if group is None:
                    group = self.groups[(row.code, unit, key, period)] = _Group(row.unit, unit in PERCENT_UNITS)
                if not group.percent and value <= 0:
                    continue  # no logarithm; 0 is a real result (nothing done yet)
                group.values.append(value)
                group.owners.append(index)
                group.rows.append(row.row)

    def problems(self, reference: Collection[int]) -> dict[int, list[Problem]]:
        """The warnings of each workbook (by position) whose figures are far outside the reference's."""
        found: dict[tuple[int, int, str], list[_Far]] = {}
        for (code, _, key, _), group in sorted(self.groups.items()):
            scaled = [v if group.percent else math.log10(v) for v in group.values]
            sample = [s for s, owner in zip(scaled, group.owners, strict=True) if owner in reference]
            if len(sample) < MIN_COMMUNES:
                continue
            middle = statistics.median(sample)
            spread = statistics.median(abs(s - middle) for s in sample)
            floor = PERCENT_FLOOR if group.percent else LOG_FLOOR
            shown = statistics.median(v for v, owner in zip(group.values, group.owners, strict=True)
                                      if owner in reference)
            for value, s, owner, row in zip(group.values, scaled, group.owners, group.rows, strict=True):
                distance = s - middle
                if abs(distance) < floor or (spread > 0 and _MAD_SCALE * abs(distance) / spread <= Z_LIMIT):
                    continue
                found.setdefault((owner, row, code), []).append(
                    _Far(key, value, shown, len(sample), distance, group.unit, group.percent))
        problems: dict[int, list[Problem]] = {}
        for (owner, row, code), far in sorted(found.items()):
            name, sheet, columns = self.places[owner]
            far.sort(key=lambda f: KEYS.index(f.key))
            cells = {f.key: f"{columns[KEYS.index(f.key)]}{row}" if columns[KEYS.index(f.key)] else "" for f in far}
            parts = "; ".join(_part(f, cells[f.key]) for f in far)
            message = (f"chỉ tiêu {code} khác xa các xã khác (so với trung vị, tức số ở giữa, của các xã có chỉ "
                       f"tiêu này): {parts}. Hãy kiểm tra lại con số và đơn vị tính: thừa "
                       "hoặc thiếu chữ số 0, nhầm đơn vị (tỷ đồng với triệu đồng), hoặc Excel đặt kiểu số tiếng Anh đã "
                       "hiểu dấu chấm phân cách hàng nghìn là dấu thập phân (khi đó hãy gõ chữ số liền, không dấu "
                       "chấm)")
            problems.setdefault(owner, []).append(
                Problem(name, sheet, cells[far[0].key] or str(row), Severity.WARNING, message))
        return problems


def _amount(value: float, unit: str, percent: bool, places: int | None = None) -> str:
    number = Decimal(repr(value))
    shown = format_number(number if places is None else round_half_up(number, places))
    return f"{shown}%" if percent else f"{shown} {unit}".strip()


def _part(far: _Far, cell: str) -> str:
    """ "ô N12 (ước cả năm) 1,42 triệu đồng, trung vị của 35 xã 1.380 triệu đồng: thấp hơn khoảng 972 lần"."""
    where = f"ô {cell} ({_LABELS[far.key]})" if cell else _LABELS[far.key]
    if far.percent:
        points = format_number(round_half_up(Decimal(repr(abs(far.distance))), 1))
        gap = f"{'cao' if far.distance > 0 else 'thấp'} hơn {points} điểm %"
    else:
        times = Decimal(repr(10 ** abs(far.distance)))
        times = round_half_up(times, 0 if times >= 10 else 1)
        gap = f"{'gấp' if far.distance > 0 else 'thấp hơn'} khoảng {format_number(times)} lần"
    return (f"{where} {_amount(far.value, far.unit, far.percent)}, trung vị của {far.communes} xã "
            f"{_amount(far.median, far.unit, far.percent, 2)}: {gap}")
