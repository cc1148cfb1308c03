"""The indicator sheet ("Chỉ tiêu"): one row per indicator under a header row found by its headers.

What officials type is read where it is unambiguous: Vietnamese numbers as text, units stuck on, a
comparison sign before a target, percent-formatted cells (a fraction: ×100 when the figure is in percent,
decided by the format, never by the size), dates as dates or text, merged cells (a vertical merge applies
to every row it covers), blank, heading and hidden rows, extra columns. A formula whose result the file
does not hold is an error, never 0. Rules across the cells of a row (a target the kind needs, a rate over
100%) are :mod:`nqreport.validate`'s.
"""

from __future__ import annotations

import re

from nqreport.config.catalog import normalize_code
from nqreport.model import Indicator, Source
from nqreport.read.cells import (
    MSG_STALE_FORMULA,
    Reading,
    SheetView,
    cached_direction,
    cached_kind,
    cached_status,
    quoted,
    text_of,
)
from nqreport.read.figures import RowCells
from nqreport.read.grid import RawSheet, cell_ref, column_letter
from nqreport.read.headers import FAR_HEADER_ROWS, INDICATOR_WORDS, Header, find_header, suggest_columns
from nqreport.schema import (
    DIRECTION_LABELS,
    INDICATOR_COLUMNS,
    KIND_DIRECTION,
    KIND_LABELS,
    MANUAL_STATUSES,
    NUMBER_KEYS,
    STANDARD_FIELDS,
    STATUS_LABELS,
    Direction,
    Kind,
    Status,
)
from nqreport.text import match_key

#: Everything that makes a row an indicator rather than a heading.
_SUBSTANCE_KEYS = frozenset(
    {
        "code",
        "unit",
        "kind",
        "deadline",
        "direction",
        "completed_on",
        "manual_status",
        "responsible",
        *NUMBER_KEYS,
    }
)
_ROMAN = re.compile(r"^[IVXLC]+[.)]?$")
_LETTER = re.compile(r"^[A-ZĐ][.)]?$")
_HEADING_PREFIX = re.compile(r"^([IVXLC]+|[A-ZĐ])(\.|\)|\s+[-–:])\s*")


def read_indicators(reading: Reading, raw: RawSheet) -> tuple[list[Indicator], list[Indicator]]:
    """The indicators whose field, name and kind could be read, and every row whose kind could be (for the
    row rules of :mod:`nqreport.validate`); the sheet's problems are added to ``reading``."""
    # A letterhead, a title and a few lines of notes can push the header further down: looked for
    # there only when the first rows have none, so that the usual place always wins.
    header = find_header(reading, raw, INDICATOR_WORDS) or find_header(reading, raw, INDICATOR_WORDS, FAR_HEADER_ROWS)
    required = [c for c in INDICATOR_COLUMNS if c.required]
    if header is None:
        reading.error(raw.name, "", f"không tìm thấy hàng tiêu đề trong {FAR_HEADER_ROWS} hàng đầu; "
                      f"hàng tiêu đề phải có các cột {quoted(c.header for c in required)} "
                      "(xem sổ mẫu: nqreport blank)")
        return [], []
    suggestions = suggest_columns(raw, header, reading.plan_year)
    missing = [c for c in required if c.key not in header.columns]
    if missing:
        hints = "".join(f'; ô {cell_ref(header.row, col)} "{text}" có phải cột "{INDICATOR_WORDS.header(key)}"? '
                        f'Nếu phải, hãy đổi tiêu đề thành đúng "{INDICATOR_WORDS.header(key)}"'
                        for key, (col, text) in suggestions.items() if key in {c.key for c in missing})
        reading.error(raw.name, cell_ref(header.row, 1),
                      f"hàng tiêu đề (hàng {header.row}) thiếu cột {quoted(c.header for c in missing)}; "
                      f"hãy thêm cột có đúng tiêu đề này (xem sổ mẫu: nqreport blank){hints}")
        return [], []
    for key, (col, text) in suggestions.items():
        standard = INDICATOR_WORDS.header(key)
        reading.warn(raw.name, cell_ref(header.row, col),
                     f'tiêu đề "{text}" không đúng mẫu nên cột {column_letter(col)} KHÔNG được đọc; nếu đây là cột '
                     f'"{standard}", hãy đổi tiêu đề thành đúng "{standard}" (nếu là cột riêng, hãy đặt tên khác)')
    sheet = SheetView.of(raw, below=header.row)
    rows = IndicatorRows(reading, sheet, header, FieldNames())
    indicators = rows.read()
    if rows.count == 0:
        reading.error(sheet.name, "", f"không có chỉ tiêu nào dưới hàng tiêu đề (hàng {header.row}); hãy "
                      "nhập mỗi chỉ tiêu của Nghị quyết một dòng")
    return indicators, rows.rows


class FieldNames:
    """One spelling per field: the standard one, else the first one typed."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {match_key(f): f for f in STANDARD_FIELDS}

    def canonical(self, text: str) -> str:
        return self.names.setdefault(match_key(text), text)

    def is_field(self, text: str) -> bool:
        return match_key(text) in self.names




class IndicatorRows(RowCells):
    """The rows under the header of the indicator sheet."""

    def __init__(self, reading: Reading, sheet: SheetView, header: Header, fields: FieldNames) -> None:
        super().__init__(reading, sheet, header)
        self.fields = fields
        self.count = 0
        #: Every row whose kind could be read, sane or not.
        self.rows: list[Indicator] = []
    def read(self) -> list[Indicator]:
        indicators: list[Indicator] = []
        # Rows with a cell of their own under a header other than STT: blank rows, rows only covered by
        # merges from above and rows only numbered are skipped.
        columns = {col for key, col in self.header.columns.items() if key != "stt"}
        rows = sorted({r for r, c in self.sheet.raw.cells if r > self.header.row and c in columns})
        for row in rows:
            if self.is_heading(row):
                continue
            self.count += 1
            if row in self.sheet.raw.hidden_rows:
                self.warn(row, "name", f"hàng {row} đang bị ẩn nhưng vẫn được đọc và tính vào báo cáo; nếu "
                          "chỉ tiêu này không còn dùng, hãy xóa hàng thay vì ẩn")
            indicator, sane = self.read_row(row)
            if indicator is not None:
                self.rows.append(indicator)
                if sane:
                    indicators.append(indicator)
        return indicators

    def is_heading(self, row: int) -> bool:
        """A group title such as "I. KINH TẾ": nothing but a number, a field or a name, and no kind.

        Such rows are skipped silently when they look like titles (Roman numeral or letter in STT, a
        field's name, capitals); a row with nothing but a name that does not look like a title is skipped
        with a warning, in case it was an indicator whose kind was forgotten.
        """
        for key in _SUBSTANCE_KEYS:
            raw = self.cell(row, key)
            if raw is not None and (raw.stale_formula or raw.error or self.text(row, key)):
                return False
        stt = self.text(row, "stt")
        name = self.text(row, "name")
        own_field = text_of(self.sheet.own(row, self.header.columns["field"]))
        title = name or own_field
        bare = _HEADING_PREFIX.sub("", title)
        if (_ROMAN.match(stt) or _LETTER.match(stt) or not name or self.fields.is_field(bare)
            or (title.upper() == title and any(ch.isalpha() for ch in title)) or bare != title):
            return True
        self.warn(row, "kind", f"hàng {row} chỉ có tên, không có loại chỉ tiêu và số liệu nên được coi là "
                  "dòng tiêu đề nhóm và bỏ qua; nếu đây là một chỉ tiêu, hãy chọn loại chỉ "
                  f"tiêu ở ô {self.ref(row, 'kind')} và điền số liệu")
        return True

    # ---------------------------------------------------------------- one row

    def read_row(self, row: int) -> tuple[Indicator | None, bool]:
        """The row as an indicator when its kind can be read, and whether its field and name could be too."""
        for key in ("name", "field", "kind", "unit", "code", "direction", "manual_status", "note",
                    "responsible"):
            raw = self.cell(row, key)
            if raw is not None and raw.stale_formula:
                self.error(row, key, MSG_STALE_FORMULA)
        name = self.text(row, "name")
        if not name and (row, "name") not in self.reported:
            self.error(row, "name", "chưa có tên chỉ tiêu; hãy ghi tên như trong Nghị quyết")
        field_text = self.text(row, "field")
        if not field_text and (row, "field") not in self.reported:
            self.error(row, "field", "chưa ghi lĩnh vực; hãy ghi lĩnh vực, ví dụ Kinh tế (nhiều dòng liền "
                       "nhau cùng lĩnh vực thì có thể gộp ô cột Lĩnh vực)")
        sane = bool(name and field_text)
        kind = self.kind(row)
        if kind is None:
            sane = False
        code = normalize_code(self.text(row, "code")) or None
        entry = self.reading.catalog.get(code) if code else None
        unit = self.text(row, "unit") or (entry.unit if entry is not None else "")
        figures = {key: self.figure(row, key, unit, kind) for key in NUMBER_KEYS}
        deadline = self.day(row, "deadline")
        completed_on = self.day(row, "completed_on")
        direction = self.direction(row, kind)
        status = self.status(row, kind)
        if kind is None:
            return None, False
        return Indicator(field=self.fields.canonical(field_text) if field_text else "", name=name, kind=kind,
                         unit=unit, code=code, target=figures["target"], target_max=figures["target_max"],
                         deadline=deadline, direction=direction, baseline=figures["baseline"],
                         same_period_last_year=figures["same_period_last_year"], result=figures["result"],
                         estimate=figures["estimate"], completed_on=completed_on, manual_status=status,
                         numerator=figures["numerator"], denominator=figures["denominator"],
                         note=self.text(row, "note"), responsible=self.text(row, "responsible"),
                         source=Source(self.reading.label, self.sheet.name, row, self.header.refs(row))), sane

    def kind(self, row: int) -> Kind | None:
        text = self.text(row, "kind")
        if (row, "kind") in self.reported:
            return None
        if not text:
            self.error(
                row, "kind", f"chưa chọn loại chỉ tiêu; hãy chọn một trong: {quoted(KIND_LABELS.values())}"
            )
            return None
        kind = cached_kind(text)
        if kind is None:
            self.error(row, "kind",
                       f'không hiểu loại chỉ tiêu "{text}"; hãy chọn một trong: {quoted(KIND_LABELS.values())}')
        return kind





    def direction(self, row: int, kind: Kind | None) -> Direction | None:
        text = self.text(row, "direction")
        if not text:
            return None
        direction = cached_direction(text)
        if direction is None:
            self.error(row, "direction", f'không hiểu chiều đánh giá "{text}"; hãy chọn '
                       f"{quoted(DIRECTION_LABELS.values())} hoặc để trống")
            return None
        implied = KIND_DIRECTION.get(kind) if kind is not None else None
        if implied is not None and implied is not direction and kind is not None:
            self.warn(row, "direction", f'chiều đánh giá "{DIRECTION_LABELS[direction]}" ngược với loại '
                      f'chỉ tiêu "{KIND_LABELS[kind]}"; chỉ tiêu được đánh giá theo loại '
                      "chỉ tiêu. Hãy để trống ô này hoặc sửa loại chỉ tiêu")
        return direction

    def status(self, row: int, kind: Kind | None) -> Status | None:
        text = self.text(row, "manual_status")
        choices = quoted(STATUS_LABELS[s] for s in MANUAL_STATUSES)
        if not text:
            if kind is Kind.QUALITATIVE:
                self.warn(row, "manual_status", "chỉ tiêu định tính chưa có tự đánh giá; báo cáo sẽ ghi "
                          f'"{STATUS_LABELS[Status.NO_DATA]}". Hãy chọn một trong: ' f"{choices}")
            return None
        status = cached_status(text)
        if status is None or (status not in MANUAL_STATUSES and status is not Status.NO_DATA):
            self.error(
                row, "manual_status", f'không hiểu tự đánh giá "{text}"; hãy chọn một trong: {choices}'
            )
            return None
        if kind is not None and kind is not Kind.QUALITATIVE:
            self.warn(row, "manual_status", 'cột "Tự đánh giá" chỉ dùng cho chỉ tiêu định tính; chỉ tiêu '
                      "này được đánh giá tự động theo số liệu nên ô này bị bỏ qua")
            return None
        return None if status is Status.NO_DATA else status

    # ---------------------------------------------------------------- checks across a row

