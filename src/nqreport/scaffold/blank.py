"""Writing a standardized indicator workbook with xlsxwriter.

The layout comes from :mod:`nqreport.schema`, so that a blank workbook is exactly what the reader reads:
dropdowns (data validation) for field, kind, unit, direction and status; number and date validation on
figure cells; frozen, protected header rows (no password: protection only prevents accidents);
readable column widths; an instructions sheet in Vietnamese. The same writer, given rows, produces the
example workbooks.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.utility import xl_col_to_name

from nqreport import __version__
from nqreport.config.catalog import Catalog
from nqreport.errors import ConfigError, OutputError, os_reason
from nqreport.scaffold.dropdowns import date_validation, lists_sheet, validations
from nqreport.schema import (
    ASSESSMENT_COLUMNS,
    COMMUNE_CODE_LENGTH,
    COMMUNE_ROWS,
    INDICATOR_COLUMNS,
    INDICATOR_HEADER_ROW,
    INDICATOR_TITLE,
    KIND_HELP,
    KIND_LABELS,
    NUMBER_TYPING,
    PERIOD_LABELS,
    SHEET_ASSESSMENT,
    SHEET_COMMUNE,
    SHEET_INDICATORS,
    SHEET_INSTRUCTIONS,
    SHEET_LISTS,
    STANDARD_FIELDS,
    ValueType,
)
from nqreport.text import clean, match_key

#: Rows of the indicator sheet prepared with validation in a blank workbook.
BLANK_ROWS = 150
#: Fixed creation date: the same spec gives the same bytes.
_CREATED = datetime(2025, 1, 1)
#: The fill of cells a person must check (Excel's "Neutral" yellow).
REVIEW_FILL = "#FFEB9C"
_COMMENT = {"x_scale": 2.5, "y_scale": 1.5}

CellValue = str | int | Decimal | date | None


@dataclass(frozen=True)
class BlankSpec:
    """What to put in a new workbook. ``commune`` and ``indicators`` pre-fill it (example workbooks)."""

    code: str
    name: str
    unit_type: str = "Xã"
    province: str = ""
    year: int | None = None
    catalog: Catalog | None = None
    #: Extra values of the commune sheet, by schema key.
    commune: Mapping[str, CellValue] = field(default_factory=dict)
    #: Indicator rows, by schema key; a Decimal in a "%"-unit row may be given as a fraction with
    #: ``percent_cells`` naming the keys to write as percent-formatted fractions.
    indicators: Sequence[Mapping[str, CellValue]] = ()
    percent_cells: Mapping[int, Sequence[str]] = field(default_factory=dict)
    #: Assessment rows, by schema key.
    assessments: Sequence[Mapping[str, str]] = ()
    #: A sentence shown under the title (e.g. that figures are illustrative).
    banner: str = ""
    #: Indicator rows a person must check (by position in ``indicators``) and why: the row is filled
    #: with the review colour and its name cell carries the reason as a comment.
    review: Mapping[int, str] = field(default_factory=dict)
    #: The same for values of the commune sheet, by schema key.
    commune_review: Mapping[str, str] = field(default_factory=dict)


def check_code(code: str) -> str:
    code = clean(code)
    if not (code.isdigit() and len(code) == COMMUNE_CODE_LENGTH):
        raise ConfigError(
            f'--code: mã xã phải gồm đúng {COMMUNE_CODE_LENGTH} chữ số (ví dụ 06004), không phải "{code}"'
        )
    return code


#: Unit types the reader knows (anything else is a warning there).
UNIT_TYPES = ("Xã", "Phường", "Đặc khu")


def check_spec(spec: BlankSpec) -> BlankSpec:
    """What the reader would reject in the new workbook, refused before writing it: a workbook that
    fails ``nqreport validate`` the moment it is made helps nobody."""
    code = check_code(spec.code)
    name = clean(spec.name)
    if not name:
        raise ConfigError('--name: hãy ghi tên xã, không kèm chữ "xã", ví dụ --name "Quốc Khánh"')
    if spec.year is not None and not 2000 <= spec.year <= 2100:
        raise ConfigError(f"--year: {spec.year} không phải năm kế hoạch; hãy ghi năm bằng 4 chữ số, ví dụ 2026")
    unit_type = next((u for u in UNIT_TYPES if match_key(u) == match_key(spec.unit_type)), None)
    if unit_type is None:
        raise ConfigError(f'--unit-type: "{spec.unit_type}" không phải cấp xã; hãy dùng một trong: '
                          + ", ".join(UNIT_TYPES))
    return replace(spec, code=code, name=name, unit_type=unit_type)


def write_blank(path: Path, spec: BlankSpec, *, overwrite: bool = False) -> None:
    """Write the workbook atomically: a reader never sees half a file, an existing file is kept unless asked."""
    spec = check_spec(spec)
    if path.suffix.lower() != ".xlsx":
        raise ConfigError(f"{path.name}: sổ chỉ tiêu mới phải có đuôi .xlsx (chương trình chỉ tạo sổ .xlsx, "
                          f"mở được bằng Excel, LibreOffice, WPS); hãy đặt tên, ví dụ {path.stem or 'so'}.xlsx")
    if path.exists() and not overwrite:
        raise OutputError(f"{path}: tệp đã có; hãy chọn tên khác hoặc thêm --force để ghi đè")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".~nqreport-", suffix=".xlsx", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"{path}: không tạo được tệp ({os_reason(exc)})") from exc
    try:
        _write(Path(tmp_name), spec, spec.code)
        Path(tmp_name).replace(path)
    except (OSError, FileCreateError) as exc:
        cause = exc.args[0] if isinstance(exc, FileCreateError) and exc.args else exc
        reason = os_reason(cause) if isinstance(cause, OSError) else "không ghi được tệp"
        raise OutputError(f"{path}: không ghi được tệp ({reason})") from exc
    finally:
        Path(tmp_name).unlink(missing_ok=True)


class _Formats:
    def __init__(self, wb: Any) -> None:
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}
        self.title = wb.add_format({**base, "bold": True, "font_size": 14})
        self.banner = wb.add_format({**base, "italic": True, "font_color": "#9C0006"})
        self.header = wb.add_format(
            {
                **base,
                "bold": True,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
                "border": 1,
                "bg_color": "#DDEBF7",
            }
        )
        self.label = wb.add_format(
            {**base, "bold": True, "text_wrap": True, "border": 1, "bg_color": "#F2F2F2"}
        )
        self._wb = wb
        self._cells: dict[str, dict[str, Any]] = {
            "text": {**base, "text_wrap": True, "border": 1, "locked": False},
            "code": {**base, "border": 1, "locked": False, "num_format": "@"},
            # Figures are typed as digits only and shown grouped in the locale's own way (1.306 or 1,306).
            "number": {**base, "border": 1, "locked": False, "num_format": "#,##0.###"},
            "year": {**base, "border": 1, "locked": False, "num_format": "0"},
            "percent": {**base, "border": 1, "locked": False, "num_format": "0.0%"},
            "date": {**base, "border": 1, "locked": False, "num_format": "dd/mm/yyyy"},
        }
        self.text, self.code, self.number, self.year, self.percent, self.date = (
            wb.add_format(props) for props in self._cells.values())
        self._flagged: dict[int, Any] = {}
        # Column formats: cells an official adds below the filled rows are unlocked and typed like the
        # rest, without writing thousands of empty cells (which every read would have to parse).
        self.column_text = wb.add_format({**base, "text_wrap": True, "locked": False})
        self.column_number = wb.add_format({**base, "locked": False, "num_format": "#,##0.###"})
        self.column_date = wb.add_format({**base, "locked": False, "num_format": "dd/mm/yyyy"})
        self.wrap = wb.add_format({**base, "text_wrap": True})
        self.help = wb.add_format({**base, "italic": True, "text_wrap": True, "font_color": "#595959"})

    def flagged(self, cell_format: Any) -> Any:
        """A value cell's format on the review fill; made when first needed, so that a workbook with
        nothing to review keeps its bytes."""
        if id(cell_format) not in self._flagged:
            name = next(n for n in self._cells if getattr(self, n) is cell_format)
            self._flagged[id(cell_format)] = self._wb.add_format({**self._cells[name], "bg_color": REVIEW_FILL})
        return self._flagged[id(cell_format)]


def _write(path: Path, spec: BlankSpec, code: str) -> None:
    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    wb.set_properties(
        {
            "title": f"Sổ chỉ tiêu {spec.unit_type.lower()} {spec.name}",
            "created": _CREATED,
            "comments": f"Tạo bởi nqreport {__version__}",
        }
    )
    fmt = _Formats(wb)
    _instructions(wb.add_worksheet(SHEET_INSTRUCTIONS), fmt)
    _commune_sheet(wb.add_worksheet(SHEET_COMMUNE), fmt, spec, code)
    _indicator_sheet(wb.add_worksheet(SHEET_INDICATORS), fmt, spec)
    _assessment_sheet(wb.add_worksheet(SHEET_ASSESSMENT), fmt, spec)
    lists_sheet(wb.add_worksheet(SHEET_LISTS), wb)
    wb.worksheets()[2].activate()
    wb.close()


def _instructions(ws: Any, fmt: _Formats) -> None:
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 100)
    lines: list[tuple[str, str]] = [
        ("SỔ CHỈ TIÊU KẾ HOẠCH VÀ KẾT QUẢ THỰC HIỆN", ""),
        (
            "",
            'Sổ này theo mẫu chuẩn của nqreport. Điền thông tin ở trang "Thông tin chung", mỗi chỉ tiêu '
            'của Nghị quyết HĐND một dòng ở trang "Chỉ tiêu", và nhận xét theo lĩnh vực ở trang "Đánh giá".',
        ),
        (
            "",
            "Không đổi tên các trang và các tiêu đề cột. Có thể thêm cột riêng (chương trình bỏ qua), thêm dòng, "
            "ẩn dòng; dòng trống được bỏ qua.",
        ),
        ("", "Chỉ tiêu có hai con số (ví dụ: giảm tỷ lệ hộ nghèo 2%, giảm 11 hộ) thì ghi thành hai dòng."),
        ("", "Kiểm tra sổ trước khi nộp: nqreport validate tên-tệp.xlsx"),
        ("", ""),
        ("CÁCH GÕ SỐ LIỆU", ""),
        *[("", line.replace("`", "")) for line in NUMBER_TYPING],
        ("", ""),
        ('CÁC CỘT TRANG "CHỈ TIÊU"', ""),
    ]
    lines += [(col.header, col.help or "") for col in INDICATOR_COLUMNS]
    lines += [("", ""), ("LOẠI CHỈ TIÊU", "")]
    lines += [(KIND_LABELS[kind], KIND_HELP[kind]) for kind in KIND_LABELS]
    lines += [
        ("", ""),
        (
            "CÁCH ĐÁNH GIÁ",
            "Vượt: đạt và tốt hơn chỉ tiêu; Đạt; Không đạt; Đang thực hiện (báo cáo giữa "
            "năm chưa có ước cả năm); Chưa có số liệu.",
        ),
    ]
    # the section titles: a column without help text is still a column, not a title
    headings = {lines[0][0], "CÁCH GÕ SỐ LIỆU", 'CÁC CỘT TRANG "CHỈ TIÊU"', "LOẠI CHỈ TIÊU", "CÁCH ĐÁNH GIÁ"}
    for row, (label, text) in enumerate(lines):
        ws.write_string(row, 0, label, fmt.title if label in headings else fmt.label if label else fmt.wrap)
        if text:
            ws.write_string(row, 1, text, fmt.wrap)


def _commune_sheet(ws: Any, fmt: _Formats, spec: BlankSpec, code: str) -> None:
    ws.set_column(0, 0, 36)
    ws.set_column(1, 1, 52)
    ws.set_column(2, 2, 70)
    ws.write_string(0, 0, "Mục", fmt.header)
    ws.write_string(0, 1, "Nội dung", fmt.header)
    ws.write_string(0, 2, "Hướng dẫn", fmt.header)
    values: dict[str, CellValue] = {
        "code": code,
        "unit_type": spec.unit_type,
        "name": spec.name,
        "province": spec.province,
        "year": spec.year,
        "issuing_body": f"Ủy ban nhân dân {spec.unit_type.lower()} {spec.name}",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
    }
    values.update(spec.commune)
    for row, col in enumerate(COMMUNE_ROWS, start=1):
        label = col.header + (" *" if col.required else "")
        ws.write_string(row, 0, label, fmt.label)
        ws.write_string(row, 2, col.help, fmt.help)
        # The commune sheet's only number is the year: shown 2026, not 2.026.
        cell_format = {ValueType.DATE: fmt.date, ValueType.NUMBER: fmt.year, ValueType.CODE: fmt.code}.get(
            col.type, fmt.text
        )
        reason = spec.commune_review.get(col.key)
        _write_value(ws, row, 1, values.get(col.key), fmt.flagged(cell_format) if reason else cell_format)
        if reason:
            ws.write_comment(row, 1, reason, _COMMENT)
        if col.type is ValueType.PERIOD:
            ws.data_validation(
                row,
                1,
                row,
                1,
                {
                    "validate": "list",
                    "source": f"='{SHEET_LISTS}'!$D$2:$D${len(PERIOD_LABELS) + 1}",
                    "error_title": "Kỳ báo cáo",
                    "error_message": "Chọn trong danh sách.",
                },
            )
        elif col.type is ValueType.DATE:
            ws.data_validation(row, 1, row, 1, date_validation())
        elif col.type is ValueType.CODE:
            ws.data_validation(
                row,
                1,
                row,
                1,
                {
                    "validate": "length",
                    "criteria": "==",
                    "value": COMMUNE_CODE_LENGTH,
                    "error_title": "Mã xã",
                    "error_message": "Mã xã gồm đúng 5 chữ số, ví dụ 06004.",
                },
            )
        if col.type is ValueType.LINES:
            ws.set_row(row, 120)
    ws.freeze_panes(1, 1)
    ws.protect("", {"format_columns": True, "format_rows": True})


def _indicator_sheet(ws: Any, fmt: _Formats, spec: BlankSpec) -> None:
    header_row = INDICATOR_HEADER_ROW - 1
    ws.write_string(0, 0, INDICATOR_TITLE, fmt.title)
    if spec.banner:
        ws.write_string(1, 0, spec.banner, fmt.banner)
    ws.set_row(header_row, 48)
    column_formats = {ValueType.NUMBER: fmt.column_number, ValueType.DATE: fmt.column_date}
    for col_idx, col in enumerate(INDICATOR_COLUMNS):
        ws.set_column(col_idx, col_idx, col.width, column_formats.get(col.type, fmt.column_text))
        ws.write_string(header_row, col_idx, col.header, fmt.header)
        if col.help:
            ws.write_comment(header_row, col_idx, col.help, {"x_scale": 2, "y_scale": 1.2})
    rows = list(spec.indicators)
    if spec.catalog is not None and not rows:
        rows = [
            {
                "code": e.code,
                "field": e.field,
                "name": e.name,
                "unit": e.unit,
                "kind": KIND_LABELS[e.kind] if e.kind else None,
            }
            for e in spec.catalog.entries.values()
        ]
    first = header_row + 1
    last = first + max(BLANK_ROWS, len(rows) + 50) - 1
    formats = {ValueType.NUMBER: fmt.number, ValueType.DATE: fmt.date}
    for offset, values in enumerate(rows):
        percent_keys = set(spec.percent_cells.get(offset, ()))
        reason = spec.review.get(offset)
        for col_idx, col in enumerate(INDICATOR_COLUMNS):
            value = values.get(col.key)
            if col.key == "stt" and value is None:
                value = offset + 1
            cell_format = fmt.percent if col.key in percent_keys else formats.get(col.type, fmt.text)
            if col.key in percent_keys and isinstance(value, Decimal):
                value = value / 100
            _write_value(ws, first + offset, col_idx, value, fmt.flagged(cell_format) if reason else cell_format)
            if reason and col.key == "name":
                ws.write_comment(first + offset, col_idx, f"Cần kiểm tra: {reason}", _COMMENT)
    validations(ws, first, last)
    ws.freeze_panes(first, 4)
    ws.autofilter(header_row, 0, last, len(INDICATOR_COLUMNS) - 1)
    ws.protect(
        "",
        {
            "format_columns": True,
            "format_rows": True,
            "insert_rows": True,
            "delete_rows": True,
            "sort": True,
            "autofilter": True,
        },
    )






def _assessment_sheet(ws: Any, fmt: _Formats, spec: BlankSpec) -> None:
    for col_idx, col in enumerate(ASSESSMENT_COLUMNS):
        ws.set_column(col_idx, col_idx, col.width)
        ws.write_string(0, col_idx, col.header, fmt.header)
    rows = list(spec.assessments) or [{"field": f} for f in STANDARD_FIELDS]
    for row_idx, values in enumerate(rows, start=1):
        ws.set_row(row_idx, 90)
        for col_idx, col in enumerate(ASSESSMENT_COLUMNS):
            _write_value(ws, row_idx, col_idx, values.get(col.key), fmt.text)
    for row_idx in range(len(rows) + 1, len(rows) + 11):
        for col_idx in range(len(ASSESSMENT_COLUMNS)):
            ws.write_blank(row_idx, col_idx, None, fmt.text)
    ws.data_validation(
        1,
        0,
        len(rows) + 10,
        0,
        {
            "validate": "list",
            "source": f"='{SHEET_LISTS}'!$A$2:$A${len(STANDARD_FIELDS) + 1}",
            "error_type": "warning",
            "error_title": "Lĩnh vực",
            "error_message": "Nên chọn lĩnh vực trong danh sách.",
        },
    )
    ws.freeze_panes(1, 1)
    ws.protect("", {"format_columns": True, "format_rows": True, "insert_rows": True, "delete_rows": True})




def _write_value(ws: Any, row: int, col: int, value: CellValue, cell_format: Any) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, cell_format)
    elif isinstance(value, (date, datetime)):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), cell_format)
    elif isinstance(value, Decimal):
        ws.write_number(row, col, float(value), cell_format)
    elif isinstance(value, int) and not isinstance(value, bool):
        ws.write_number(row, col, value, cell_format)
    else:
        ws.write_string(row, col, str(value), cell_format)


def column_letter(key: str) -> str:
    """Column letter of an indicator column in a blank workbook."""
    for idx, col in enumerate(INDICATOR_COLUMNS):
        if col.key == key:
            letter: str = xl_col_to_name(idx)
            return letter
    raise KeyError(key)
