"""The dropdowns of a standardized workbook: the hidden lists sheet and the data validation that points at it.

An official picks a kind, a field, a unit, a direction or a status from a list, and a figure or date cell
warns when something else is typed; the reader still reads what is typed (a list is a help, not a wall).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from nqreport.schema import (
    COMMON_UNITS,
    DIRECTION_LABELS,
    INDICATOR_COLUMNS,
    KIND_LABELS,
    MANUAL_STATUSES,
    NUMBER_PROMPT,
    PERIOD_LABELS,
    SHEET_LISTS,
    STANDARD_FIELDS,
    STATUS_LABELS,
    ValueType,
)


def validations(ws: Any, first: int, last: int) -> None:
    index = {col.key: i for i, col in enumerate(INDICATOR_COLUMNS)}
    lists = {
        "field": ("A", len(STANDARD_FIELDS), "warning", "Lĩnh vực",
                  "Nên chọn lĩnh vực trong danh sách để tổng hợp được giữa các xã. Vẫn giữ giá trị đã gõ?"),
        "kind": ("B", len(KIND_LABELS), "stop", "Loại chỉ tiêu", "Chọn loại chỉ tiêu trong danh sách."),
        "unit": ("C", len(COMMON_UNITS), "information", "Đơn vị tính",
                 "Đơn vị không có trong danh sách; vẫn dùng được."),
        "direction": ("E", len(DIRECTION_LABELS), "stop", "Chiều đánh giá", "Chọn trong danh sách."),
        "manual_status": ("F", len(MANUAL_STATUSES), "stop", "Tự đánh giá", "Chọn trong danh sách."),
    }
    for key, (letter, count, error_type, title, message) in lists.items():
        col = index[key]
        ws.data_validation(
            first,
            col,
            last,
            col,
            {
                "validate": "list",
                "source": f"='{SHEET_LISTS}'!${letter}$2:${letter}${count + 1}",
                "error_type": error_type,
                "error_title": title,
                "error_message": message,
            },
        )
    for col_obj in INDICATOR_COLUMNS:
        col = index[col_obj.key]
        if col_obj.type is ValueType.NUMBER:
            ws.data_validation(
                first,
                col,
                last,
                col,
                {
                    "validate": "decimal",
                    "criteria": "between",
                    "minimum": -1e12,
                    "maximum": 1e12,
                    "error_type": "warning",
                    "error_title": col_obj.header,
                    "error_message": "Ô này cần một con số, gõ chữ số liền, ví dụ 1306 hoặc 2,52. Ghi giải thích "
                                     "vào cột Ghi chú.",
                    "input_title": "Cách gõ số",
                    "input_message": NUMBER_PROMPT,
                },
            )
        elif col_obj.type is ValueType.DATE:
            ws.data_validation(first, col, last, col, date_validation())
def date_validation() -> dict[str, Any]:
    return {
        "validate": "date",
        "criteria": "between",
        "minimum": date(2000, 1, 1),
        "maximum": date(2100, 12, 31),
        "error_type": "warning",
        "error_title": "Ngày",
        "error_message": "Gõ ngày dạng 15/7/2026.",
    }
def lists_sheet(ws: Any, wb: Any) -> None:
    columns = [
        ("Lĩnh vực", list(STANDARD_FIELDS)),
        ("Loại chỉ tiêu", list(KIND_LABELS.values())),
        ("Đơn vị tính", list(COMMON_UNITS)),
        ("Kỳ báo cáo", list(PERIOD_LABELS.values())),
        ("Chiều đánh giá", list(DIRECTION_LABELS.values())),
        ("Tự đánh giá", [STATUS_LABELS[s] for s in MANUAL_STATUSES]),
    ]
    for col_idx, (title, values) in enumerate(columns):
        ws.write_string(0, col_idx, title)
        ws.set_column(col_idx, col_idx, 30)
        for row_idx, value in enumerate(values, start=1):
            ws.write_string(row_idx, col_idx, value)
    del wb
    ws.hide()
    ws.protect()
