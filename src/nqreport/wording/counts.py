"""How officials write the counts of statuses: "22/27 chỉ tiêu đạt và vượt kế hoạch, trong đó 10 chỉ tiêu vượt"."""

from __future__ import annotations

from nqreport.aggregate import StatusCounts


def counts_sentence(counts: StatusCounts) -> str:
    """The sentence officials write: "5/7 chỉ tiêu đạt và vượt kế hoạch, trong đó 2 chỉ tiêu vượt; …"."""
    if counts.total == 0:
        return "Không có chỉ tiêu nào"
    if counts.met_or_exceeded == 0:
        head = f"Chưa có chỉ tiêu nào đạt kế hoạch ({counts.met_or_exceeded}/{counts.total} chỉ tiêu)"
    elif counts.exceeded == 0:
        head = f"{counts.met_or_exceeded}/{counts.total} chỉ tiêu đạt kế hoạch"
    else:
        head = (f"{counts.met_or_exceeded}/{counts.total} chỉ tiêu đạt và vượt kế hoạch, "
                f"trong đó {counts.exceeded} chỉ tiêu vượt")
    rest = [f"{number} chỉ tiêu {words}" for number, words in ((counts.not_met, "không đạt"),
                                                               (counts.in_progress, "đang thực hiện"),
                                                               (counts.no_data, "chưa có số liệu")) if number]
    return "; ".join([head, *rest])


def lower_first(text: str) -> str:
    """Counts sentences start with a capital when they open with a word; inside a sentence they do not."""
    return text[:1].lower() + text[1:] if text[:1].isalpha() else text
