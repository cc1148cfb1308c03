"""The workbook standard as a Vietnamese document for officials, generated from :mod:`nqreport.schema`.

``docs/so-chi-tieu.md`` is this function's output (``python tools/make_docs.py``); a test keeps them equal,
so the document cannot drift from what the reader reads.
"""

from __future__ import annotations

from nqreport.config.catalog import AGGREGATION_LABELS, Catalog
from nqreport.schema import (
    ASSESSMENT_COLUMNS,
    COMMUNE_ROWS,
    DIRECTION_LABELS,
    INDICATOR_COLUMNS,
    INDICATOR_HEADER_ROW,
    KIND_HELP,
    KIND_LABELS,
    MANUAL_STATUSES,
    NUMBER_TYPING,
    PERIOD_LABELS,
    SHEET_ASSESSMENT,
    SHEET_COMMUNE,
    SHEET_INDICATORS,
    SHEET_INSTRUCTIONS,
    SHEET_LISTS,
    STANDARD_FIELDS,
    STATUS_LABELS,
    Column,
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _columns_table(columns: tuple[Column, ...], first: str) -> list[str]:
    lines = [f"| {first} | Bắt buộc | Ghi chú |", "|---|---|---|"]
    for col in columns:
        aliases = f" (cũng nhận: {', '.join(col.aliases)})" if col.aliases else ""
        lines.append(
            f"| {_cell(col.header)} | {'có' if col.required else ''} | {_cell(col.help + aliases)} |"
        )
    return lines


def standard_markdown(catalog: Catalog) -> str:
    out: list[str] = [
        "# Sổ chỉ tiêu: mẫu chuẩn",
        "",
        "<!-- Tệp này được sinh từ src/nqreport/schema.py bằng: python tools/make_docs.py. Đừng sửa tay. -->",
        "",
        "Mỗi xã, phường có một sổ chỉ tiêu (tệp Excel .xlsx; cũng đọc được .xls và .ods của LibreOffice, WPS).",
        "Tạo sổ trống đúng mẫu bằng lệnh:",
        "",
        '    nqreport blank inputs/06004-quoc-khanh.xlsx --code 06004 --name "Quốc Khánh" --province "Lạng Sơn"',
        "",
        "thêm `--catalog` để điền sẵn các chỉ tiêu của danh mục. Kiểm tra sổ trước khi nộp:",
        "",
        "    nqreport validate inputs/06004-quoc-khanh.xlsx",
        "",
        "## Các trang của sổ",
        "",
        f"- **{SHEET_INSTRUCTIONS}**: hướng dẫn (chương trình không đọc).",
        f"- **{SHEET_COMMUNE}**: thông tin chung của xã và của báo cáo; nhãn ở cột A, nội dung ở cột B.",
        f"- **{SHEET_INDICATORS}**: mỗi chỉ tiêu của Nghị quyết một dòng, dưới dòng tiêu đề cột "
        f"(dòng {INDICATOR_HEADER_ROW} trong sổ trống; chương trình tự tìm dòng tiêu đề trong 15 dòng đầu).",
        f"- **{SHEET_ASSESSMENT}** (không bắt buộc): nhận xét theo lĩnh vực, được trích vào báo cáo.",
        f"- **{SHEET_LISTS}** (ẩn): các danh sách chọn.",
        "",
        f'## Trang "{SHEET_COMMUNE}"',
        "",
        *_columns_table(COMMUNE_ROWS, "Mục (cột A)"),
        "",
        f'## Trang "{SHEET_INDICATORS}"',
        "",
        "Các cột được nhận theo tiêu đề, không theo vị trí: có thể đổi thứ tự, thêm cột riêng (chương trình bỏ "
        "qua). Dòng trống được bỏ qua; dòng bị ẩn vẫn được đọc (có cảnh báo). Chỉ tiêu có hai con số (ví dụ "
        '"giảm tỷ lệ hộ nghèo 2%, giảm 11 hộ") ghi thành hai dòng.',
        "",
        *_columns_table(INDICATOR_COLUMNS, "Cột"),
        "",
        "## Loại chỉ tiêu",
        "",
        "| Loại (chọn trong danh sách) | Cách đánh giá |",
        "|---|---|",
        *[f"| {_cell(KIND_LABELS[k])} | {_cell(KIND_HELP[k])} |" for k in KIND_LABELS],
        "",
        "Chiều đánh giá (chỉ cần khi loại chỉ tiêu chưa cho biết): "
        + "; ".join(f'"{v}"' for v in DIRECTION_LABELS.values())
        + ".",
        "",
        "Kết quả đánh giá: "
        + ", ".join(STATUS_LABELS.values())
        + '. Cột "Tự đánh giá" (chỉ tiêu định tính) nhận: '
        + ", ".join(STATUS_LABELS[s] for s in MANUAL_STATUSES)
        + ".",
        "",
        "Kỳ báo cáo: " + ", ".join(PERIOD_LABELS.values()) + ".",
        "",
        "Lĩnh vực chuẩn (nên dùng để tổng hợp được giữa các xã): " + "; ".join(STANDARD_FIELDS) + ".",
        "",
        "## Cách gõ số liệu",
        "",
        "Gõ như dưới đây thì Excel đọc số như nhau dù máy đặt kiểu Việt Nam hay kiểu tiếng Anh:",
        "",
        *[f"- {line}" for line in NUMBER_TYPING],
        "",
        "Các ngưỡng cảnh báo số liệu bất thường: xem [Cách nqreport đánh giá chỉ tiêu](danh-gia.md), mục "
        '"Kiểm tra số liệu bất thường".',
        "",
        f'## Trang "{SHEET_ASSESSMENT}"',
        "",
        *_columns_table(ASSESSMENT_COLUMNS, "Cột"),
        "",
        "## Danh mục chỉ tiêu",
        "",
        "Mã chỉ tiêu giúp cộng số liệu của nhiều xã. Danh mục mặc định (có thể bổ sung bằng tệp TOML riêng, khóa "
        "`catalog` trong nqreport.toml):",
        "",
        "| Mã | Tên | ĐVT | Lĩnh vực | Tổng hợp giữa các xã |",
        "|---|---|---|---|---|",
        *[
            f"| {e.code} | {_cell(e.name)} | {_cell(e.unit)} | {_cell(e.field)} | {AGGREGATION_LABELS[e.aggregation]} |"
            for e in catalog.entries.values()
        ],
        "",
    ]
    return "\n".join(out)
