"""What changed since the last build, in words: the lines of ``outputs/thay-doi.md`` and of the closing
summary of ``nqreport build``."""

from __future__ import annotations

from collections.abc import Sequence

from nqreport.changes import Change, Comparison, total_changes

#: How an empty cell reads in a change.
BLANK = "(trống)"
NO_EARLIER = "Chưa có lần lập báo cáo trước trong {outputs}/ để so sánh."
NOTHING_MOVED = "Không có số liệu hay đánh giá nào thay đổi so với lần lập trước."


def change_line(change: Change) -> str:
    """"Thu ngân sách nhà nước trên địa bàn › Ước thực hiện cả năm: 1.420 → 1.500 (inputs/… › Chỉ tiêu ›
    N4)"."""
    where = f" ({change.cell})" if change.cell else ""
    return f"{change.indicator} › {change.what}: {change.old or BLANK} → {change.new or BLANK}{where}"


def comparison_lines(comparison: Comparison) -> list[str]:
    """One commune's changes, one line each (without the commune's name)."""
    if not comparison.earlier:
        return ["lập lần đầu, chưa có bản trước để so sánh"]
    lines = [change_line(change) for change in comparison.changes]
    lines += [f"Chỉ tiêu mới: {name}" for name in comparison.added]
    lines += [f"Không còn chỉ tiêu: {name}" for name in comparison.removed]
    return lines


def summary_lines(comparisons: Sequence[Comparison], outputs: str, limit: int) -> list[str]:
    """The closing summary: every change, commune by commune, at most ``limit`` lines of changes; nothing
    on a first build (thay-doi.md says there is no earlier one)."""
    if not any(c.earlier for c in comparisons):
        return []
    count = total_changes(comparisons) + sum(not c.earlier for c in comparisons)
    if count == 0:
        return [NOTHING_MOVED]
    lines = [f"Thay đổi so với lần lập trước ({count}; chi tiết: {outputs}/thay-doi.md):"]
    shown = 0
    for comparison in comparisons:
        if comparison.earlier and not (comparison.changes or comparison.added or comparison.removed):
            continue
        for line in comparison_lines(comparison):
            if shown == limit:
                lines.append(f"  … và {count - shown} thay đổi khác, xem {outputs}/thay-doi.md")
                return lines
            lines.append(f"  {comparison.commune} › {line}")
            shown += 1
    return lines


def changes_markdown(comparisons: Sequence[Comparison], outputs: str, *, only: bool = False) -> str:
    """``thay-doi.md``: every change of every commune built, with the cell it is read from."""
    out = ["# Thay đổi so với lần lập báo cáo trước", ""]
    scope = "các xã được lập lần này (--only)" if only else "mọi xã được lập lần này"
    out += [f"So sánh số liệu và đánh giá của {scope} với lần lập trước còn trong {outputs}/ (tệp truy-vet.json "
            "của từng xã). Chỉ ghi số liệu đọc từ sổ và mức đánh giá; các con số tính từ đó (tỷ lệ so với kế "
            "hoạch, số chỉ tiêu đạt) thay đổi theo.", ""]
    if not any(c.earlier for c in comparisons):
        return "\n".join([*out, NO_EARLIER.format(outputs=outputs), ""])
    if total_changes(comparisons) == 0 and all(c.earlier for c in comparisons):
        out += [NOTHING_MOVED, ""]
    for comparison in comparisons:
        heading = f"## {comparison.commune[:1].upper()}{comparison.commune[1:]} ({comparison.code})"
        if not comparison.earlier:
            out += [heading, "", "Lập lần đầu, chưa có bản trước để so sánh.", ""]
            continue
        if not (comparison.changes or comparison.added or comparison.removed):
            out += [heading, "", "Không thay đổi.", ""]
            continue
        out += [heading, ""]
        if comparison.changes:
            out += ["| Chỉ tiêu | Nội dung | Lần trước | Lần này | Ô |", "|---|---|---|---|---|"]
            out += [f"| {_cell(c.indicator)} | {_cell(c.what)} | {_cell(c.old or BLANK)} | {_cell(c.new or BLANK)} "
                    f"| {_cell(c.cell)} |" for c in comparison.changes]
            out.append("")
        out += [f"- Chỉ tiêu mới: {name}" for name in comparison.added]
        out += [f"- Không còn chỉ tiêu: {name}" for name in comparison.removed]
        if comparison.added or comparison.removed:
            out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    """Text inside a Markdown table cell: a "|" would end the cell, a line break the row."""
    return " ".join(text.replace("|", "\\|").split())
