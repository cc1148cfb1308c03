"""The commune sheet ("Thông tin chung"): labels in column A, values in column B, one row each.

Rows are found by their labels, in any order; a renamed required label is pointed at by its cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from nqreport.model import Commune
from nqreport.read.cells import Reading, SheetView, quoted, text_of, unusable
from nqreport.read.grid import RawCell, cell_ref
from nqreport.read.headers import COMMUNE_WORDS, label_of, match_label, suggest_rows
from nqreport.read.values import ParseError, parse_number_text, to_decimal
from nqreport.schema import (
    COMMUNE_CODE_LENGTH,
    COMMUNE_ROWS,
    PERIOD_LABELS,
    Column,
    Period,
    ValueType,
    parse_period,
)
from nqreport.text import clean, clean_lines, match_key


def read_commune(reading: Reading, sheet: SheetView) -> Commune | None:
    """The commune, when its identity (code, name, province, year, period) could be read; every problem of
    the sheet is added to ``reading`` either way."""
    values, refs = commune_values(reading, sheet)
    return _commune(values, refs, sheet.name)


def commune_values(reading: Reading, sheet: SheetView) -> tuple[dict[str, object], dict[str, str]]:
    """Every value the commune sheet gives, by schema key, and the A1 reference of each row's value cell,
    even when the commune's identity is incomplete (``nqreport collect`` finds a commune by its name when
    its code is missing)."""
    rows: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for (label_row, label_col), label in sorted(sheet.raw.cells.items()):
        if label_col != 1:
            continue
        found = label_of(label_col, label)
        matched = match_label(found, COMMUNE_WORDS) if found is not None else None
        if matched is not None and matched.key not in rows:
            rows[matched.key] = label_row
        elif matched is None and isinstance(label.value, str):
            unknown.append((label_row, clean(label.value)))
    hints = suggest_rows(unknown, rows)
    values: dict[str, object] = {}
    refs: dict[str, str] = {}
    for column in COMMUNE_ROWS:
        row = rows.get(column.key)
        if row is None:
            if column.required and column.key in hints:
                hint_row, text = hints[column.key]
                reading.error(sheet.name, cell_ref(hint_row, 1),
                              f'thiếu dòng "{column.header}"; nhãn "{text}" ở ô {cell_ref(hint_row, 1)} có phải dòng '
                              f'này? Nếu phải, hãy đổi nhãn thành đúng "{column.header}" (giá trị ở cột B)')
            elif column.required:
                reading.error(sheet.name, "", f'thiếu dòng "{column.header}" (nhãn ở cột A, giá trị ở cột '
                              f"B); hãy thêm dòng này. {column.help}".strip())
            continue
        ref = cell_ref(row, 2)
        raw = sheet.get(row, 2)
        refs[column.key] = ref
        problem = unusable(raw, f"hãy sửa công thức hoặc gõ giá trị. {column.help}")
        if problem:
            reading.error(sheet.name, ref, problem)
            continue
        if raw is None or not text_of(raw):
            if column.required:
                reading.error(sheet.name, ref, f'chưa điền "{column.header}". {column.help}')
            continue
        value = _value(reading, sheet.name, ref, column, raw)
        if value is not None:
            values[column.key] = value
    return values, refs


def _value(reading: Reading, sheet: str, ref: str, column: Column, raw: RawCell) -> object | None:
    key = column.key
    if key == "code":
        return _code(reading, sheet, ref, raw)
    if key == "year":
        return _year(reading, sheet, ref, raw)
    if key == "period":
        period = parse_period(text_of(raw))
        if period is None:
            reading.error(sheet, ref, f'không hiểu kỳ báo cáo "{text_of(raw)}"; hãy chọn một trong: '
                          f"{quoted(PERIOD_LABELS.values())}")
        return period
    if column.type is ValueType.DATE:
        return reading.date_value(sheet, ref, raw)
    if column.type is ValueType.LINES:
        return tuple(clean_lines(raw.value)) if isinstance(raw.value, str) else (text_of(raw),)
    if key == "unit_type":
        text = text_of(raw)
        for known in ("Xã", "Phường", "Đặc khu"):
            if match_key(text) == match_key(known):
                return known
        reading.warn(
            sheet, ref, f'cấp hành chính "{text}" không phải Xã, Phường hay Đặc khu; hãy kiểm tra lại'
        )
        return text
    return text_of(raw)


def _code(reading: Reading, sheet: str, ref: str, raw: RawCell) -> str | None:
    value = raw.value
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = to_decimal(value)
        digits = f"{number:f}"
        if number == number.to_integral_value() and 0 < number < 10 ** (COMMUNE_CODE_LENGTH - 1):
            padded = digits.zfill(COMMUNE_CODE_LENGTH)
            if raw.digits == COMMUNE_CODE_LENGTH:
                return padded  # shown as 06004 by a "00000" number format: what the official sees
            reading.error(sheet, ref, f"mã xã đang là con số {digits} nên đã mất số 0 ở đầu; hãy gõ "
                          f"'{padded} (có dấu nháy đơn ở đầu) hoặc định dạng ô kiểu Văn bản rồi "
                          f"gõ {padded}")
            return None
        if number == number.to_integral_value() and len(digits) == COMMUNE_CODE_LENGTH:
            return digits
        reading.error(sheet, ref, f'mã xã "{digits}" phải gồm đúng {COMMUNE_CODE_LENGTH} chữ số, ví dụ '
                      "06004 (Quyết định 19/2025/QĐ-TTg)")
        return None
    text = text_of(raw)
    if text.isdigit() and len(text) == COMMUNE_CODE_LENGTH and text.isascii():
        return text
    reading.error(sheet, ref, f'mã xã "{text}" phải gồm đúng {COMMUNE_CODE_LENGTH} chữ số, ví dụ 06004 '
                  "(Quyết định 19/2025/QĐ-TTg)")
    return None


def _year(reading: Reading, sheet: str, ref: str, raw: RawCell) -> int | None:
    value = raw.value
    number: Decimal | None = None
    try:
        if isinstance(value, float | int) and not isinstance(value, bool):
            number = to_decimal(value)
        elif isinstance(value, str):
            # "năm 2026", as the year is written in the resolution's title
            text = re.sub(r"^\s*năm\s+", "", clean(value), flags=re.IGNORECASE)
            parsed = parse_number_text(text)
            number = parsed.value if parsed is not None and not parsed.unit else None
    except ParseError:
        number = None
    if number is None or number != number.to_integral_value() or not 2000 <= number <= 2100:
        reading.error(sheet, ref, f'"{text_of(raw)}" không phải năm; hãy gõ năm bằng 4 chữ số, ví dụ 2026')
        return None
    reading.plan_year = int(number)
    return reading.plan_year


def _commune(values: Mapping[str, object], refs: dict[str, str], sheet: str) -> Commune | None:
    """The commune, when its identity (code, name, province, year, period) could be read."""

    def text(key: str) -> str:
        value = values.get(key)
        return value if isinstance(value, str) else ""

    def day(key: str) -> date | None:
        value = values.get(key)
        return value if isinstance(value, date) else None

    code, year, period = values.get("code"), values.get("year"), values.get("period")
    if not (isinstance(code, str) and isinstance(year, int) and isinstance(period, Period) and text("name")
            and text("province")):
        return None
    recipients = values.get("recipients")
    return Commune(code=code, name=text("name"), province=text("province"), year=year, period=period,
                   unit_type=text("unit_type") or "Xã", province_code=text("province_code"),
                   cutoff=day("cutoff"), resolution_number=text("resolution_number"),
                   resolution_date=day("resolution_date"), resolution_session=text("resolution_session"),
                   issuing_body=text("issuing_body"), report_number=text("report_number"),
                   report_date=day("report_date"), place=text("place"),
                   signer_authority=text("signer_authority"), signer_title=text("signer_title"),
                   signer=text("signer"),
                   recipients=tuple(str(line) for line in recipients) if isinstance(recipients, tuple) else (),
                   refs=tuple(refs.items()), sheet=sheet)
