"""The optional assessment sheet ("Đánh giá"): the officials' own words per field, quoted by the reports."""

from __future__ import annotations

from collections.abc import Sequence

from nqreport.model import Assessment, Indicator, Source
from nqreport.read.cells import MSG_STALE_FORMULA, Reading, SheetView, lines_of, quoted
from nqreport.read.grid import RawSheet, cell_ref
from nqreport.read.headers import ASSESSMENT_WORDS, find_header
from nqreport.schema import ASSESSMENT_COLUMNS, SHEET_INDICATORS
from nqreport.text import match_key


def read_assessments(reading: Reading, raw: RawSheet, indicators: Sequence[Indicator]) -> list[Assessment]:
    """The officials' free text per field; a field the indicator sheet does not have is named, not dropped."""
    header = find_header(reading, raw, ASSESSMENT_WORDS)
    if header is None or "field" not in header.columns:
        reading.warn(raw.name, "", 'không tìm thấy hàng tiêu đề có cột "Lĩnh vực" nên trang đánh giá '
                     "bị bỏ qua; hàng tiêu đề cần các cột " f"{quoted(c.header for c in ASSESSMENT_COLUMNS)}")
        return []
    sheet = SheetView.of(raw, below=header.row)
    known = {match_key(ind.field): ind.field for ind in indicators}
    result: dict[str, Assessment] = {}
    first_row: dict[str, int] = {}
    field_col = header.columns["field"]
    for row in range(header.row + 1, sheet.raw.max_row + 1):
        texts: dict[str, str] = {}
        for key, col in header.columns.items():
            cell = sheet.get(row, col)
            if cell is not None and cell.stale_formula:
                reading.error(sheet.name, cell_ref(row, col), MSG_STALE_FORMULA)
                continue
            texts[key] = lines_of(cell)
        body = {k: v for k, v in texts.items() if k != "field" and v}
        name = texts.get("field", "")
        ref = cell_ref(row, field_col)
        if not body:
            continue
        if not name:
            reading.error(sheet.name, ref,
                          "chưa ghi lĩnh vực cho đoạn đánh giá ở hàng này; hãy ghi lĩnh vực, ví dụ Kinh tế")
            continue
        key = match_key(name)
        if key in result:
            reading.warn(sheet.name, ref, f'lĩnh vực "{name}" đã có đánh giá ở hàng {first_row[key]}; '
                         "hàng này bị bỏ qua. Hãy gộp hai đoạn vào một hàng")
            continue
        if indicators and key not in known:
            reading.warn(sheet.name, ref, f'lĩnh vực "{name}" không có ở trang "{SHEET_INDICATORS}" nên '
                         "đoạn đánh giá này không được đưa vào báo cáo; hãy ghi đúng tên "
                         f'lĩnh vực như ở trang "{SHEET_INDICATORS}"')
        first_row[key] = row
        result[key] = Assessment(field=known.get(key, name), overview=body.get("overview", ""),
                                 shortcomings=body.get("shortcomings", ""), tasks=body.get("tasks", ""),
                                 source=Source(reading.label, sheet.name, row, header.refs(row)))
    return list(result.values())

