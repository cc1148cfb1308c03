"""Catalog totals across communes in words: their plan, their reason, their notes, and what is missing.

A total added up over some communes must never pass for all of them: every column's gaps are named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nqreport.aggregate import CommuneLine
from nqreport.config.settings import EvalSettings
from nqreport.evaluate import evaluate
from nqreport.totals import CatalogTotal, Lack, Unjudged, ValueBasis
from nqreport.wording.figures import target_text
from nqreport.wording.numbers import format_number
from nqreport.wording.verdicts import reason_text

LACK_WORDS = {Lack.FIGURES: "số liệu", Lack.ESTIMATE: "ước cả năm", Lack.PARTS: "tử số, mẫu số"}
UNJUDGED_WORDS = {
    Unjudged.KINDS_DIFFER: "các xã giao chỉ tiêu theo cách đánh giá khác nhau",
    Unjudged.CHANGES_DIFFER: "các xã giao mức tăng, giảm khác nhau",
    Unjudged.NO_TARGET: "có xã chưa có chỉ tiêu kế hoạch",
    Unjudged.NO_BASELINE: "có xã thiếu kết quả năm trước",
    Unjudged.ZERO_DENOMINATOR: "tổng mẫu số bằng 0",
    Unjudged.NO_PRIOR_PARTS: "không tính được mức tăng, giảm chung khi chưa có tử số, mẫu số năm trước",
    Unjudged.PERIODS_DIFFER: "các xã báo cáo khác kỳ",
}


def unjudged_text(total: CatalogTotal) -> str:
    """Why a total with figures has no verdict ("" when it has one or has no figure)."""
    return UNJUDGED_WORDS[total.unjudged] if total.unjudged is not None else ""


def total_reason(total: CatalogTotal, settings: EvalSettings = EvalSettings()) -> str:  # noqa: B008
    """Why the total has its status, worded on the figures as the table shows them ("" when unjudged)."""
    if total.evaluation is None or total.indicator is None:
        return ""
    shown = total.rounded(settings.percent_places)
    assert shown is not None
    evaluation = total.evaluation if shown is total.indicator else \
        evaluate(shown, total.evaluation.period, None, settings)
    return reason_text(shown, evaluation, settings)


def plan_text(total: CatalogTotal, places: int) -> str:
    """The total's target as the resolution writes it, for a table with a unit column ("giảm 5%",
    "khoảng 13.900"; a bare 5 next to 29 vụ reads as missed). Empty when the communes share no kind of
    target."""
    plan = total.rounded(places)
    return target_text(plan) if plan is not None else ""


def gap(total: CatalogTotal) -> str:
    """Why the communes left out are left out, after "các xã": "chưa nhập tử số, mẫu số"."""
    if total.missing:
        return f"chưa nhập {LACK_WORDS[total.lack]}"
    return f"ghi đơn vị tính khác danh mục ({total.entry.unit})" if total.unit_mismatch else ""


def judged_on(total: CatalogTotal) -> str:
    """Which figure the total adds up, after "đánh giá trên": "ước cả năm", "thực hiện", "thực hiện,
    riêng xã B lấy ước cả năm"."""
    if total.value_basis is ValueBasis.ESTIMATE:
        return "ước cả năm"
    if total.value_basis is ValueBasis.MIXED:
        return f"thực hiện, riêng {', '.join(total.estimated)} lấy ước cả năm"
    return "thực hiện"


def results_heading(reports: Sequence[CommuneLine]) -> str:
    """The heading of a totals table's results column, worded like the commune appendix: "Thực hiện kỳ
    báo cáo", or "Thực hiện" when every commune reports the whole year."""
    return "Thực hiện" if reports and all(r.period.is_year for r in reports) else "Thực hiện kỳ báo cáo"


def total_notes(total: CatalogTotal, heading: str, *, gaps: bool = True, judged: bool = True) -> list[str]:
    """The notes of a total's row: which figure was judged where it is not the results column ``heading``
    names, why there is no verdict, and who each column leaves out — a column added up over some communes
    must not pass for all of them. Without ``gaps`` (the communes lacking the judged figure or using another
    unit) and ``judged`` (the figure judged), those are left to columns of their own."""
    notes = []
    mixed = total.value_basis is ValueBasis.MIXED
    if judged and total.evaluation is not None and total.value_basis is ValueBasis.ESTIMATE:
        notes.append("Đánh giá trên ước cả năm")
    elif judged and total.evaluation is not None and mixed:
        notes.append(f"Đánh giá trên tổng {format_number(total.value)}: {judged_on(total)}")
    if total.unjudged is not None:
        notes.append(f"Không đánh giá chung: {unjudged_text(total)}")
    if gaps and total.missing:
        notes.append(f"Thiếu {LACK_WORDS[total.lack]}: {', '.join(total.missing)}")
    if gaps and total.unit_mismatch:
        notes.append(f"Khác đơn vị tính, không cộng: {', '.join(total.unit_mismatch)}")
    named = set(total.missing) | (set(total.estimated) if mixed else set())
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
        groups.setdefault(gap(total), []).append(item)
    if not groups:
        return ""
    parts = [f"{reason}: {'; '.join(items)}" for reason, items in groups.items()]
    return "Chưa tổng hợp được do các xã " + "; và ".join(parts)
