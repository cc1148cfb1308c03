"""Where the summary report's figures come from: counts of statuses across communes, and the catalog
totals as sums of named cells (docs/architecture.md, "Every figure traced to its cell").

A build folds the communes into the totals one at a time (:class:`nqreport.totals.TotalsFold`); beside it,
:class:`SummarySources` keeps, for each catalog indicator, where each commune's figures are (not the
figures, nor the cells' names: a prefix per commune and references shared between communes laid out
alike; the names are made while the trace is written, :class:`CellColumn`). The totals say which
communes they counted, left out for their unit, or lacked a figure; the sources of a column are the
cells of exactly the communes it adds up, chosen by the same rules (``tests/test_trace.py`` adds the
cells up again and finds the printed total). Pure: no I/O.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from nqreport.aggregate import CommuneLine
from nqreport.config.catalog import Aggregation, Catalog
from nqreport.evaluate import Basis, EvaluatedIndicator
from nqreport.render.sources import label
from nqreport.render.trace import SEPARATOR, Cells, LazyCells, Origin, cell_ref
from nqreport.schema import KINDS_WITH_PERCENT_TARGET, Kind
from nqreport.totals import CatalogTotal

#: The cells of a commune's catalog indicator the totals may add up.
_KEYS = ("target", "target_max", "baseline", "result", "estimate", "numerator", "denominator")
_NO_REFS: tuple[str | None, ...] = (None,) * len(_KEYS)


class _Cells:
    """One commune's catalog indicator, as the totals' sources need it: the prefix of its cells
    (``inputs/a.xlsx › Chỉ tiêu › ``, one string per commune) and the references of those that hold a
    figure, in the order of :data:`_KEYS` (shared between communes laid out alike). The cells' names are
    made only when a trace is written (:class:`CellColumn`): a country's are 40 MB."""

    __slots__ = ("code", "judged", "prefix", "refs")

    def __init__(self, code: str, prefix: str, refs: tuple[str | None, ...], judged: str | None) -> None:
        self.code = code
        self.prefix = prefix
        self.refs = refs
        #: The figure its evaluation judged ("result" or "estimate"), if any.
        self.judged = judged

    def ref(self, key: str | None) -> str | None:
        """The cell of ``key`` ("inputs/a.xlsx › Chỉ tiêu › N5"), None when it holds no figure."""
        if key is None:
            return None
        cell = self.refs[_INDEX[key]]
        return None if cell is None else self.prefix + cell


_INDEX = {key: index for index, key in enumerate(_KEYS)}
#: A column's key that means "the figure each commune's evaluation judged".
JUDGED = "judged"


class CellColumn(LazyCells):
    """The cells of one figure of the communes a total counts: what :class:`Origin` lists for a total, in
    the order of the communes. ``keys`` are tried in turn for each commune (a maintained total names the
    baseline where a commune gives no plan); ``blank`` keeps a commune that has none of them as an empty
    name, as such totals always listed it."""

    __slots__ = ("blank", "items", "keys")

    def __init__(self, items: tuple[_Cells, ...], keys: tuple[str, ...], *, blank: bool = False) -> None:
        super().__init__()
        self.items = items
        self.keys = keys
        self.blank = blank

    def _identity(self) -> tuple[Any, ...]:
        # the communes' own entries, compared and hashed as objects: the same entries name the same cells
        return (self.keys, self.blank, self.items)

    def __iter__(self) -> Iterator[str]:
        for item in self.items:
            for key in self.keys:
                cell = item.ref(item.judged if key == JUDGED else key)
                if cell is not None:
                    yield cell
                    break
            else:
                if self.blank:
                    yield ""


@dataclass
class SummarySources:
    """The workbooks, sheets and catalog cells of the communes of a summary, by commune code."""

    catalog: Catalog
    #: The catalog file as a source ("nqreport.toml › catalog" or the shipped catalog).
    catalog_source: str = "danh mục chỉ tiêu mặc định của nqreport"
    files: dict[str, str] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    _cells: dict[str, list[_Cells]] = field(default_factory=dict)
    #: Reference tuples shared between communes laid out alike, and the communes' cell prefixes.
    _shapes: dict[tuple[str | None, ...], tuple[str | None, ...]] = field(default_factory=dict)

    def add(self, line: CommuneLine, name: str, file: str, sheet: str,
            catalog_items: Iterable[EvaluatedIndicator]) -> None:
        """One commune: its workbook (as messages name it), indicator sheet and catalog indicators; the first
        indicator of each catalog code, as the totals take it."""
        code = line.commune.code
        self.files[code] = file
        self.sheets[code] = f"{file}{SEPARATOR}{sheet}" if sheet else file
        seen: set[str] = set()
        prefixes: dict[tuple[str, str], str] = {}
        for item in catalog_items:
            entry = self.catalog.get(item.indicator.code)
            if entry is None or entry.code in seen or entry.aggregation is Aggregation.NONE:
                continue
            seen.add(entry.code)
            ind, source = item.indicator, item.indicator.source
            prefix, shape = "", _NO_REFS
            if source is not None:
                refs = dict(source.refs)
                shape = tuple(sys.intern(refs[key]) if getattr(ind, key) is not None and refs.get(key) else None
                              for key in _KEYS)
                shape = self._shapes.setdefault(shape, shape)
                prefix = prefixes.setdefault((source.file, source.sheet), cell_ref(source.file, source.sheet, ""))
            judged = {Basis.RESULT: "result", Basis.ESTIMATE: "estimate"}.get(item.evaluation.basis)
            self._cells.setdefault(entry.code, []).append(_Cells(code, prefix, shape, judged))

    def sheet(self, code: str) -> str:
        return self.sheets.get(code, self.files.get(code, ""))

    def commune_cell(self, line: CommuneLine, key: str) -> tuple[str, ...]:
        """A cell of a commune's sheet ("inputs/a.xlsx › Thông tin chung › B7")."""
        commune = line.commune
        ref = commune.cell(key)
        file = self.files.get(commune.code, line.path)
        return (cell_ref(file, commune.sheet, ref),) if ref and commune.sheet else ()

    def total_origins(self, total: CatalogTotal) -> dict[str, Origin]:
        """The origin of each column of a catalog total: ``value`` (the figure judged), ``period_result``,
        ``estimate``, ``target``, ``target_max``, ``baseline`` and ``communes`` (how many are counted)."""
        codes = set(total.codes)
        counted = tuple(c for c in self._cells.get(total.entry.code, []) if c.code in codes)
        n = len(counted)
        if total.entry.aggregation is Aggregation.RATIO:
            denominators = _column(counted, "denominator")

            def weighted(key: str) -> Sequence[str]:
                return _then(_column(counted, key), denominators)

            value = Origin("Tỷ lệ chung của các xã", weighted("numerator"),
                           f"Σ {label('numerator')} / Σ {label('denominator')} × 100 ({n} xã)")
            target = Origin("Chỉ tiêu kế hoạch chung", weighted("target"),
                            f"Σ ({label('target')} × {label('denominator')}) / Σ {label('denominator')} ({n} xã)")
            upper = Origin("Cận trên chung", weighted("target_max"),
                           f"Σ ({label('target_max')} × {label('denominator')}) / Σ {label('denominator')} ({n} xã)")
            estimate = Origin("Ước cả năm chung", weighted("estimate"),
                              f"Σ ({label('estimate')} × {label('denominator')}) / Σ {label('denominator')} ({n} xã)")
            return {"value": value, "period_result": value, "result": value, "target": target, "target_max": upper,
                    "estimate": estimate, "estimate_sum": estimate,
                    "communes": Origin("Số xã được tính", value.sources, "đếm xã có tử số, mẫu số")}
        judged = CellColumn(counted, (JUDGED,))
        value = Origin("Tổng con số được đánh giá", judged, f"Σ con số được đánh giá (thực hiện, hoặc ước cả năm) "
                       f"của {n} xã")
        # the period's results and the estimates over the communes counted, as the totals add them
        results = _column(counted, "result")
        estimates = _column(counted, "estimate")
        kind = total.indicator.kind if total.indicator is not None else None
        if kind in KINDS_WITH_PERCENT_TARGET:
            target = Origin("Chỉ tiêu kế hoạch chung", _column(counted, "target"), "mức các xã cùng giao")
        elif kind is Kind.MAINTAIN:
            target = Origin("Tổng chỉ tiêu kế hoạch", CellColumn(counted, ("target", "baseline"), blank=True),
                            f"Σ {label('target')} (xã không ghi: {label('baseline')}) của {n} xã")
        else:
            target = _sum("Tổng chỉ tiêu kế hoạch", counted, "target")
        return {
            "value": value, "result": value, "estimate": value,
            "period_result": Origin(f"Tổng {label('result')}", results,
                                    f"Σ {label('result')} của {len(results)} xã"),
            "estimate_sum": Origin(f"Tổng {label('estimate')}", estimates,
                                   f"Σ {label('estimate')} của {len(estimates)} xã"),
            "target": target,
            "target_max": _sum("Tổng cận trên", counted, "target_max"),
            "baseline": _sum(f"Tổng {label('baseline')}", counted, "baseline"),
            "communes": Origin("Số xã được tính", judged, "đếm xã có con số được đánh giá"),
        }


def _column(items: tuple[_Cells, ...], key: str) -> CellColumn:
    return CellColumn(items, (key,))


def _then(first: Sequence[str], second: Sequence[str]) -> Sequence[str]:
    """Two columns one after the other, every cell of both (a rate names each commune's numerator, then
    each commune's denominator), as the totals always listed them."""
    return Cells((first, second), unique=False)


def _sum(what: str, items: tuple[_Cells, ...], key: str) -> Origin:
    cells = _column(items, key)
    return Origin(what, cells, f"Σ {label(key)} của {len(cells)} xã")
