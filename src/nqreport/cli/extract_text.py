"""What ``nqreport extract`` prints: the table of what was read, each doubtful row with its reason, and
the closing line with what was written and what is left to fill."""

from __future__ import annotations

import shutil
from decimal import Decimal

from nqreport.extract import Extraction, Target
from nqreport.extract.workbook import Written
from nqreport.schema import Kind
from nqreport.wording.numbers import format_date, format_number

#: Kinds as the table shows them, short.
KIND_SHORT = {
    Kind.AT_LEAST: "≥", Kind.MORE_THAN: ">", Kind.AT_MOST: "≤", Kind.LESS_THAN: "<", Kind.APPROX: "≈",
    Kind.EXACT: "=", Kind.RANGE: "từ…đến", Kind.INCREASE_PCT: "tăng %", Kind.DECREASE_PCT: "giảm %",
    Kind.DECREASE_POINTS: "giảm", Kind.MAINTAIN: "duy trì", Kind.DEADLINE: "hạn", Kind.QUALITATIVE: "định tính",
}
DOUBT = "!"


def extraction_lines(extraction: Extraction, width: int | None = None) -> list[str]:
    """The heading lines and one line per row read (two for a row to check)."""
    width = width or shutil.get_terminal_size((110, 24)).columns
    identity = extraction.identity
    where = ", ".join(part for part in (identity.province and f"tỉnh {identity.province}",
                                        identity.code and f"mã {identity.code}") if part)
    about = [identity.body or "không rõ xã"]
    if where:
        about[0] += f" ({where})"
    if identity.year:
        about.append(f"kế hoạch năm {identity.year}")
    if identity.adopted:
        about.append(f"thông qua ngày {format_date(identity.adopted)}")
    doubtful = len(extraction.uncertain)
    lines = [f"Nghị quyết {extraction.source.name}: {', '.join(about)}.",
             f'Mục chỉ tiêu: "{extraction.section}" — {len(extraction.targets)} chỉ tiêu'
             + (f", {doubtful} chỉ tiêu cần kiểm tra (dấu {DOUBT})." if doubtful else ".")]
    if extraction.ocr:
        lines.append("Nghị quyết là bản quét, đã đọc bằng nhận dạng chữ (OCR): hãy so mọi dòng với bản giấy.")
    header = f"{'':1} {'STT':>3}  {'Mục':<6} {'Loại':<9} {'Chỉ tiêu':>14}  {'ĐVT':<12} Nội dung"
    lines += ["", header]
    for number, target in enumerate(extraction.targets, start=1):
        mark = DOUBT if target.uncertain else " "
        start = f"{mark} {number:>3}  {target.item[:6]:<6} {KIND_SHORT[target.kind]:<9} {_value(target):>14}  " \
                f"{target.unit[:12]:<12} "
        lines.append(start + _fit(target.text, width - len(start)))
        if target.uncertain:
            lines.append(" " * 7 + _fit(f"{DOUBT} {target.uncertain}", width - 7))
    return lines


def _value(target: Target) -> str:
    if target.kind is Kind.DEADLINE and target.deadline is not None:
        shown = format_date(target.deadline)
        return f"{_number(target.target)} {shown}" if target.target is not None else shown
    if target.target_max is not None:
        return f"{_number(target.target)}–{_number(target.target_max)}"
    if target.denominator is not None:
        return f"{_number(target.target)}/{_number(target.denominator)}"
    return _number(target.target)


def _number(value: Decimal | None) -> str:
    return format_number(value) if value is not None else ""


def _fit(text: str, room: int) -> str:
    room = max(room, 20)
    return text if len(text) <= room else text[: room - 1] + "…"


def closing_line(written: Written) -> str:
    parts = [f"Đã ghi sổ chỉ tiêu {written.path} ({written.rows} chỉ tiêu"]
    if written.to_review:
        parts[0] += f"; {written.to_review} dòng tô vàng cần kiểm tra, lý do ở ghi chú của ô Tên chỉ tiêu"
    parts[0] += ")."
    if written.to_fill:
        parts.append(f"Hãy điền ở trang Thông tin chung: {', '.join(written.to_fill)}.")
    parts.append(f"Sau khi kiểm tra, chạy: nqreport validate {written.path}")
    return " ".join(parts)
