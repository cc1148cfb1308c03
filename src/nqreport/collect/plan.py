"""What ``nqreport collect`` does with each file: pure decisions, made before anything is written.

Rules, in order:

1. A file that is not a workbook, or a workbook of no commune (no code and no unique name, a code of no
   commune, a code and a name that disagree), is refused with the reason.
2. A workbook of another plan year or period than the workspace's (``year``, ``period`` in
   nqreport.toml), or of a commune the workspace does not expect (``province``, ``communes``), is refused.
3. A workbook whose content is already in inputs/ (same bytes) changes nothing; so does a second copy of a
   file met earlier in the same run. This is what makes a second run on the same sources change nothing.
4. Of the workbooks of one commune (those arriving now and the one in inputs/), the newest is kept: the
   one that fits the workspace's year and period, then the later data cut-off date ("Số liệu tính đến
   ngày"), then the later file time. A workbook with no cut-off date ranks below one with a date.
   Equal on all three, the one in inputs/ stays.
5. The kept workbook is copied to inputs/ as ``<code>-<slug>.<ext>``; the ones it replaces go to the
   archive, each with a line in the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from nqreport.config.expected import Expectation
from nqreport.read.workbook import Identity
from nqreport.schema import PERIOD_LABELS, Period
from nqreport.text import slug
from nqreport.validate.communes import Identified
from nqreport.wording.numbers import format_date, format_moment


class Action(StrEnum):
    """What happened to a file; the values are the codes of ``nqreport collect --format json``."""

    ADDED = "them"
    REPLACED = "thay"
    KEPT = "da_co"
    DUPLICATE = "trung"
    OLDER = "cu_hon"
    REFUSED = "khong_nhan"


#: Actions that write into inputs/.
WRITING = (Action.ADDED, Action.REPLACED)


@dataclass(frozen=True)
class Workbook:
    """A workbook with what it says about itself: arriving (a source) or already in inputs/."""

    #: A source as the user gave it ("Tải về/a.zip › Bao cao.xlsx"), or the file's name in inputs/.
    origin: str
    sha256: str
    modified: datetime | None
    identity: Identity | None
    found: Identified | None
    #: Why it cannot be used at all (not a workbook, unreadable); "" otherwise.
    problem: str = ""
    #: The extension its copy in inputs/ takes (".xlsx", ".xls", ".ods", ".xlsm").
    suffix: str = ".xlsx"

    @property
    def code(self) -> str | None:
        return self.found.unit.code if self.found is not None and self.found.unit is not None else None

    @property
    def cutoff(self) -> date | None:
        return self.identity.cutoff if self.identity is not None else None


@dataclass(frozen=True)
class Decision:
    workbook: Workbook
    action: Action
    #: Why, in Vietnamese.
    reason: str
    #: The file name in inputs/ it is (or would be) filed as.
    target: str = ""
    #: The workbooks in inputs/ it replaces (``Action.REPLACED``).
    replaces: tuple[Workbook, ...] = ()


@dataclass(frozen=True)
class Workspace:
    """What the plan needs to know of the workspace."""

    year: int | None
    period: Period | None
    expect: Expectation
    #: The inputs folder as messages name it ("inputs").
    inputs: str = "inputs"


def target_name(workbook: Workbook) -> str:
    """``06004-quoc-khanh.xlsx``: the code makes it unique, the name makes it readable."""
    assert workbook.found is not None and workbook.found.unit is not None
    unit = workbook.found.unit
    return f"{unit.code}-{slug(unit.name)}{workbook.suffix}"


def plan(arriving: Sequence[Workbook], current: Sequence[Workbook], space: Workspace) -> list[Decision]:
    """A decision for each arriving workbook, in order."""
    decisions: dict[int, Decision] = {}
    in_inputs = {w.sha256: w for w in current if w.sha256}
    seen: dict[str, Workbook] = {}
    by_code: dict[str, list[int]] = {}
    for index, workbook in enumerate(arriving):
        refused = _refusal(workbook, space)
        if refused:
            decisions[index] = Decision(workbook, Action.REFUSED, refused)
        elif workbook.sha256 in in_inputs:
            decisions[index] = Decision(workbook, Action.KEPT, f"đã có trong {space.inputs}/"
                                                               f"{in_inputs[workbook.sha256].origin}, cùng nội dung")
        elif workbook.sha256 in seen:
            decisions[index] = Decision(workbook, Action.DUPLICATE, f"cùng nội dung với {seen[workbook.sha256].origin}")
        else:
            seen[workbook.sha256] = workbook
            assert workbook.code is not None
            by_code.setdefault(workbook.code, []).append(index)
    for code, indices in by_code.items():
        mine = [w for w in current if w.code == code]
        decisions.update(_one_commune([(i, arriving[i]) for i in indices], mine, current, space))
    return [decisions[index] for index in range(len(arriving))]


def _refusal(workbook: Workbook, space: Workspace) -> str:
    if workbook.problem:
        return workbook.problem
    if workbook.found is None or workbook.found.unit is None:
        return workbook.found.reason if workbook.found is not None else "không đọc được"
    identity, unit = workbook.identity, workbook.found.unit
    assert identity is not None
    if space.year is not None and identity.year is not None and identity.year != space.year:
        return (f"sổ năm {identity.year} của {unit.full_name}, thư mục làm việc lập báo cáo năm {space.year} (year "
                "trong nqreport.toml); không chép")
    if space.period is not None and identity.period is not None and identity.period is not space.period:
        return (f"sổ kỳ {PERIOD_LABELS[identity.period]} của {unit.full_name}, thư mục làm việc lập báo cáo kỳ "
                f"{PERIOD_LABELS[space.period]} (period trong nqreport.toml); không chép")
    expect = space.expect
    if expect.province and unit.province_code != expect.province:
        return (f"{unit.described} (mã {unit.code}) không thuộc {expect.province_phrase} của thư mục làm việc; "
                "không chép (nếu sổ ghi nhầm mã, hãy nhờ xã sửa mã rồi gửi lại)")
    if not expect.expects(unit.code):
        return f"{unit.described} (mã {unit.code}) không có trong {expect.source}; không chép"
    return ""


def _fits(workbook: Workbook, space: Workspace) -> bool:
    identity = workbook.identity
    if identity is None:
        return False
    year_ok = space.year is None or identity.year == space.year
    period_ok = space.period is None or identity.period is space.period
    return year_ok and period_ok


def _rank(workbook: Workbook, space: Workspace) -> tuple[bool, int, date, datetime]:
    identity = workbook.identity
    year = identity.year if identity is not None and identity.year is not None else 0
    return (_fits(workbook, space), year, workbook.cutoff or date.min, workbook.modified or datetime.min)


def _one_commune(arriving: list[tuple[int, Workbook]], mine: list[Workbook], current: Sequence[Workbook],
                 space: Workspace) -> dict[int, Decision]:
    """The arriving workbooks of one commune against its workbooks in inputs/ (usually one, or none)."""
    ordered = sorted(arriving, key=lambda pair: _rank(pair[1], space), reverse=True)
    best_index, best = ordered[0]
    target = target_name(best)
    decisions: dict[int, Decision] = {}
    for index, workbook in ordered[1:]:
        decisions[index] = Decision(workbook, Action.OLDER, f"có bản mới hơn cùng lần này: {best.origin} "
                                                            f"({_why(best, workbook, space)})", target)
    newest = max(mine, key=lambda w: _rank(w, space)) if mine else None
    if newest is not None and _rank(best, space) <= _rank(newest, space):
        decisions[best_index] = Decision(best, Action.OLDER, f"không mới hơn sổ đang có {space.inputs}/{newest.origin} "
                                                             f"({_why(newest, best, space, equal_keeps=True)})", target)
        return decisions
    occupant = next((w for w in current if _same_file(w.origin, target)), None)
    if occupant is not None and occupant not in mine and occupant.code is not None:
        decisions[best_index] = Decision(best, Action.REFUSED, f"{space.inputs}/{target} đã có và là sổ của mã "
                                                               f"{occupant.code}; hãy đổi tên tệp đó rồi chạy lại", target)
        return decisions
    replaced = tuple(mine) + ((occupant,) if occupant is not None and occupant not in mine else ())
    unit = best.found.unit if best.found is not None else None
    assert unit is not None
    by_name = " (nhận theo tên và tỉnh vì sổ không ghi mã)" if best.found is not None and best.found.by_name else ""
    if newest is None:
        decisions[best_index] = Decision(best, Action.ADDED, f"sổ của {unit.described}{by_name}", target, replaced)
    else:
        decisions[best_index] = Decision(best, Action.REPLACED, f"{_why(best, newest, space)}{by_name}", target,
                                         replaced)
    return decisions


def _same_file(name: str, other: str) -> bool:
    # Windows and macOS do not tell "06004-Quoc-Khanh.xlsx" from "06004-quoc-khanh.xlsx".
    return name.casefold() == other.casefold()


def _why(newer: Workbook, older: Workbook, space: Workspace, *, equal_keeps: bool = False) -> str:
    """Why ``newer`` wins over ``older``, in a few words."""
    if _fits(newer, space) and not _fits(older, space):
        identity = older.identity
        if identity is not None and identity.year is not None and space.year is not None and identity.year != space.year:
            return f"sổ kia là sổ năm {identity.year}, thư mục làm việc lập báo cáo năm {space.year}"
        return "sổ kia khác năm hoặc kỳ báo cáo của thư mục làm việc"
    if newer.cutoff != older.cutoff:
        if older.cutoff is None:
            return f"số liệu tính đến {format_date(newer.cutoff)}; sổ kia không ghi ngày số liệu"
        return f"số liệu tính đến {format_date(newer.cutoff)}, mới hơn {format_date(older.cutoff)}"
    same = f"cùng số liệu tính đến {format_date(newer.cutoff)}" if newer.cutoff else "cả hai không ghi ngày số liệu"
    if equal_keeps and (newer.modified or datetime.min) >= (older.modified or datetime.min):
        return f"{same}, tệp gửi không sau hơn ({_when(older)}, sổ đang có {_when(newer)})"
    return f"{same}, tệp lúc {_when(newer)}, sau {_when(older)}"


def _when(workbook: Workbook) -> str:
    return format_moment(workbook.modified, "không rõ")
