"""Where the summary report's figures come from: counts of statuses across communes, and the catalog
totals as sums of named cells (docs/architecture.md, "Every figure traced to its cell").

A build folds the communes into the totals one at a time (:class:`nqreport.totals.TotalsFold`); beside it,
:class:`SummarySources` keeps, for each catalog indicator, the cells of each commune's figures (not the
figures: memory grows with the cells named, a few hundred bytes a commune). The totals say which
communes they counted, left out for their unit, or lacked a figure; the sources of a column are the
cells of exactly the communes it adds up, chosen by the same rules (``tests/test_trace.py`` adds the
cells up again and finds the printed total). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from nqreport.aggregate import CommuneLine
from nqreport.config.catalog import Aggregation, Catalog
from nqreport.evaluate import Basis, EvaluatedIndicator
from nqreport.render.sources import label
from nqreport.render.trace import SEPARATOR, Origin, cell_ref
from nqreport.schema import KINDS_WITH_PERCENT_TARGET, Kind
from nqreport.totals import CatalogTotal

#: The cells of a commune's catalog indicator the totals may add up.
_KEYS = ("target", "target_max", "baseline", "result", "estimate", "numerator", "denominator")


@dataclass(frozen=True)
class _Cells:
    """One commune's catalog indicator, as the totals' sources need it."""

    name: str
    code: str
    #: key → reference of the cell, for the cells that hold a figure.
    cells: Mapping[str, str]
    #: The figure its evaluation judged ("result" or "estimate"), if any.
    judged: str | None


@dataclass
class SummarySources:
    """The workbooks, sheets and catalog cells of the communes of a summary, by commune code."""

    catalog: Catalog
    #: The catalog file as a source ("nqreport.toml › catalog" or the shipped catalog).
    catalog_source: str = "danh mục chỉ tiêu mặc định của nqreport"
    files: dict[str, str] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    _cells: dict[str, list[_Cells]] = field(default_factory=dict)

    def add(self, line: CommuneLine, name: str, file: str, sheet: str,
            catalog_items: Iterable[EvaluatedIndicator]) -> None:
        """One commune: its workbook (as messages name it), indicator sheet and catalog indicators; the first
        indicator of each catalog code, as the totals take it."""
        code = line.commune.code
        self.files[code] = file
        self.sheets[code] = f"{file}{SEPARATOR}{sheet}" if sheet else file
        seen: set[str] = set()
        for item in catalog_items:
            entry = self.catalog.get(item.indicator.code)
            if entry is None or entry.code in seen or entry.aggregation is Aggregation.NONE:
                continue
            seen.add(entry.code)
            ind, source = item.indicator, item.indicator.source
            cells = {}
            if source is not None:
                refs = dict(source.refs)
                cells = {key: cell_ref(source.file, source.sheet, refs[key]) for key in _KEYS
                         if getattr(ind, key) is not None and refs.get(key)}
            judged = {Basis.RESULT: "result", Basis.ESTIMATE: "estimate"}.get(item.evaluation.basis)
            self._cells.setdefault(entry.code, []).append(_Cells(name, code, cells, judged))

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
        items = self._cells.get(total.entry.code, [])
        counted = [c for c in items if c.code in set(total.codes)]
        n = len(counted)
        if total.entry.aggregation is Aggregation.RATIO:
            numerators, denominators = _column(counted, "numerator"), _column(counted, "denominator")
            value = Origin("Tỷ lệ chung của các xã", (*numerators, *denominators),
                           f"Σ {label('numerator')} / Σ {label('denominator')} × 100 ({n} xã)")
            target = Origin("Chỉ tiêu kế hoạch chung", (*_column(counted, "target"), *denominators),
                            f"Σ ({label('target')} × {label('denominator')}) / Σ {label('denominator')} ({n} xã)")
            upper = Origin("Cận trên chung", (*_column(counted, "target_max"), *denominators),
                           f"Σ ({label('target_max')} × {label('denominator')}) / Σ {label('denominator')} ({n} xã)")
            estimate = Origin("Ước cả năm chung", (*_column(counted, "estimate"), *denominators),
                              f"Σ ({label('estimate')} × {label('denominator')}) / Σ {label('denominator')} ({n} xã)")
            return {"value": value, "period_result": value, "result": value, "target": target, "target_max": upper,
                    "estimate": estimate, "estimate_sum": estimate,
                    "communes": Origin("Số xã được tính", value.sources, "đếm xã có tử số, mẫu số")}
        judged = tuple(c.cells[c.judged] for c in counted if c.judged and c.judged in c.cells)
        value = Origin("Tổng con số được đánh giá", judged, f"Σ con số được đánh giá (thực hiện, hoặc ước cả năm) "
                       f"của {n} xã")
        # the period's results and the estimates over the communes counted, as the totals add them
        results = _column(counted, "result")
        estimates = _column(counted, "estimate")
        kind = total.indicator.kind if total.indicator is not None else None
        if kind in KINDS_WITH_PERCENT_TARGET:
            target = Origin("Chỉ tiêu kế hoạch chung", _column(counted, "target"), "mức các xã cùng giao")
        elif kind is Kind.MAINTAIN:
            target = Origin("Tổng chỉ tiêu kế hoạch", tuple(c.cells.get("target") or c.cells.get("baseline", "")
                                                           for c in counted),
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


def _column(items: Sequence[_Cells], key: str) -> tuple[str, ...]:
    return tuple(c.cells[key] for c in items if key in c.cells)


def _sum(what: str, items: Sequence[_Cells], key: str) -> Origin:
    cells = _column(items, key)
    return Origin(what, cells, f"Σ {label(key)} của {len(cells)} xã")
