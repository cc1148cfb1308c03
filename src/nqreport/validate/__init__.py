"""The validate stage: every rule a workbook must pass, the same for ``nqreport validate`` and ``build``.

Reading (:mod:`nqreport.read`) says what each cell holds; validation says whether the cells, the workbook
and the workspace agree. Both commands call the functions here, so a workbook ``validate`` calls bad is one
``build`` skips, and the reverse:

- per workbook (:func:`check_read`): the plan year against the workspace's; the commune's code, name and
  province against the official list and the communes the workspace expects
  (:mod:`nqreport.validate.communes`); the row rules of :mod:`nqreport.validate.rows`;
- across workbooks (:func:`check_duplicates`): two workbooks with the same commune code are both errors,
  each naming the other, and neither is built. The reports of a commune live in one folder named by its
  code, so only one workbook per commune can be built; which one is right is for a person to say (a
  workbook of another year is already an error of its own);
- across communes (:func:`check_peers`, :mod:`nqreport.validate.outliers`): a figure far outside the same
  indicator's figures in the other communes. The plausibility checks of one row are
  :mod:`nqreport.validate.plausibility`, run by :func:`check_read`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from nqreport.config.catalog import Catalog
from nqreport.config.expected import Expectation
from nqreport.config.workspace import display_name, link_refusal
from nqreport.errors import Problem, Severity
from nqreport.model import ReadResult
from nqreport.read.workbook import read_workbook
from nqreport.schema import SHEET_ASSESSMENT, SHEET_COMMUNE, SHEET_INDICATORS
from nqreport.validate.communes import check_commune
from nqreport.validate.outliers import Peers, commune_figures, reference
from nqreport.validate.plausibility import check_plausibility
from nqreport.validate.rows import check_rows


def validate_workbook(path: Path, catalog: Catalog, *, name: str | None = None, year: int | None = None,
                      expect: Expectation | None = None, root: Path | None = None) -> ReadResult:
    """Read one workbook and apply every rule of a single workbook (``year``: the workspace's plan year;
    ``expect``: the communes it expects, :func:`nqreport.config.expected.expectation`; ``root``: the
    workspace, out of which a link is not followed)."""
    refusal = link_refusal(path, root) if root is not None else None
    if refusal is not None:
        label = name or path.name
        return ReadResult(str(path), None, [Problem(label, "", "", Severity.ERROR, refusal)], name=label)
    return check_read(read_workbook(path, catalog, name=name), catalog, year, expect)


def validate_workbooks(paths: Sequence[Path], catalog: Catalog, *, root: Path | None = None,
                       year: int | None = None, expect: Expectation | None = None) -> list[ReadResult]:
    """Every workbook read and checked, in order, then the rules across workbooks; files are named relative
    to ``root`` when given."""
    results = [validate_workbook(path, catalog, name=display_name(path, root) if root is not None else path.name,
                                 year=year, expect=expect, root=root) for path in paths]
    check_duplicates(results)
    peers = Peers()
    for index, result in enumerate(results):
        peers.add(index, result.name, commune_figures(result, catalog))
    check_peers(results, peers)
    return results


def check_read(result: ReadResult, catalog: Catalog, year: int | None,
               expect: Expectation | None = None) -> ReadResult:
    """The rules of one workbook added to what reading it found (in place; returned for chaining)."""
    added: list[Problem] = []
    data = result.data
    if data is not None and year is not None and data.commune.year != year:
        commune = data.commune
        # Last year's workbook left in inputs/ would be reported, and summed with this year's, as if current.
        added.append(Problem(result.name or Path(result.path).name, commune.sheet, commune.cell("year"),
                             Severity.ERROR,
                             f"năm kế hoạch {commune.year} khác năm {year} của thư mục làm việc (year trong "
                             f"nqreport.toml); nếu đây là sổ năm {commune.year}, hãy bỏ nó ra khỏi thư mục inputs, "
                             "nếu không hãy sửa năm ở ô này (hoặc year trong nqreport.toml)"))
    added += check_commune(result, expect)
    unreadable = {(p.sheet, p.cell) for p in result.problems if p.is_error}
    added += check_rows(result.rows, catalog, unreadable)
    added += check_plausibility(result.rows, catalog, data.commune.period if data is not None else None)
    if added:
        result.problems[:] = sorted([*result.problems, *added], key=_place)
    return result


_SHEET_ORDER = {SHEET_COMMUNE: 1, SHEET_INDICATORS: 2, SHEET_ASSESSMENT: 3}


def _place(problem: Problem) -> tuple[int, int]:
    """Problems in reading order: the file's own first, then sheet by sheet, row by row (a stable sort keeps
    what reading found in a row before what the rules found)."""
    digits = re.sub(r"\D", "", problem.cell)
    rank = 0 if not problem.sheet else _SHEET_ORDER.get(problem.sheet, 4)
    return rank, int(digits) if digits else 0


def check_peers(results: Sequence[ReadResult | None], peers: Peers) -> dict[str, int]:
    """The rule across communes: each workbook's figures far outside the others' get a warning (added in
    place, in reading order). ``results`` are the workbooks in the order ``peers`` got their figures (None
    for one that could not be checked at all). Returns how many warnings each workbook got, by file name."""
    counts: dict[str, int] = {}
    for index, problems in peers.problems(reference(results)).items():
        result = results[index]
        if result is None:
            continue
        result.problems[:] = sorted([*result.problems, *problems], key=_place)
        counts[result.name] = len(problems)
    return counts


def check_duplicates(results: Sequence[ReadResult]) -> dict[str, str]:
    """Two workbooks claiming one commune code: an error on each, naming the other (added in place). Returns
    the duplicates by file name, with the reason in a few words ("trùng mã xã 06004 với b.xlsx")."""
    reasons: dict[str, str] = {}
    by_code: dict[str, list[ReadResult]] = {}
    for result in results:
        if result.data is not None:
            by_code.setdefault(result.data.commune.code, []).append(result)
    for code, group in by_code.items():
        if len(group) < 2:
            continue
        for result in group:
            assert result.data is not None
            commune = result.data.commune
            others = ", ".join(other.name for other in group if other is not result)
            reasons[result.name] = f"trùng mã xã {code} với {others}"
            result.problems.append(Problem(
                result.name, commune.sheet, commune.cell("code"), Severity.ERROR,
                f"mã xã {code} trùng với sổ {others}; không lập báo cáo cho sổ nào để không ghi đè nhau. Hãy "
                "sửa mã xã cho đúng hoặc bỏ sổ thừa khỏi thư mục inputs"))
    return reasons
