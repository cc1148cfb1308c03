"""The figures and dates of an indicator row: what officials type, read where it is unambiguous.

Vietnamese numbers typed as text ("1.306", "2,52"), units stuck on ("200ha"), a comparison sign before a
target ("≥ 90"), percent-formatted cells (a fraction: ×100 when the figure is in percent, decided by the
cell's format, never by its size), a formula whose result the file does not hold (an error, never 0).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from nqreport.read.cells import Reading, SheetView, is_percent_unit, show, text_of, unusable
from nqreport.read.grid import RawCell, cell_ref
from nqreport.read.headers import Header
from nqreport.read.values import ParseError, parse_number_text, to_decimal
from nqreport.schema import KIND_LABELS, KINDS_WITH_PERCENT_TARGET, Kind
from nqreport.text import clean, match_key

_CHANGE_KINDS = frozenset({Kind.INCREASE_PCT, Kind.DECREASE_PCT, Kind.DECREASE_POINTS})
#: Signs typed before a target, and the kinds they agree with ("đạt 95%" agrees with any).
_SIGN_KINDS: dict[str, frozenset[Kind]] = {
    sign: frozenset(kinds)
    for signs, kinds in ((("≥", ">=", "từ", "trở lên"), {Kind.AT_LEAST, Kind.MAINTAIN, *_CHANGE_KINDS}),
                         ((">", "trên", "hơn"), {Kind.MORE_THAN, *_CHANGE_KINDS}),
                         (("≤", "<=", "không quá", "trở xuống"), {Kind.AT_MOST}),
                         (("<", "dưới"), {Kind.LESS_THAN}), (("≈", "~", "khoảng"), {Kind.APPROX}),
                         (("=",), {Kind.EXACT, Kind.MAINTAIN}))
    for sign in signs
}
#: Words after a number that are a comparison, not a unit ("5% trở lên").
_SIGN_TAILS = frozenset({"trở lên", "trở xuống"})


class RowCells:
    """The cells of the indicator rows by column key, and the figures and dates in them."""

    def __init__(self, reading: Reading, sheet: SheetView, header: Header) -> None:
        self.reading = reading
        self.sheet = sheet
        self.header = header
        #: Cells already reported as unreadable: not to be reported again as missing.
        self.reported: set[tuple[int, str]] = set()
        #: The row being read, its cells by key, and their texts (each row's cells are looked at often).
        self.row = 0
        self.cells: dict[str, RawCell | None] = {}
        self.texts: dict[str, str] = {}

    def ref(self, row: int, key: str) -> str:
        col = self.header.columns.get(key)
        return cell_ref(row, col) if col is not None else ""

    def cell(self, row: int, key: str) -> RawCell | None:
        if row != self.row:
            self.row = row
            self.cells = {k: self.sheet.get(row, col) for k, col in self.header.columns.items()}
            self.texts = {}
        return self.cells.get(key)

    def text(self, row: int, key: str) -> str:
        if row != self.row or key not in self.texts:
            raw = self.cell(row, key)
            self.texts[key] = text_of(raw)
        return self.texts[key]

    def error(self, row: int, key: str, message: str) -> None:
        self.reported.add((row, key))
        self.reading.error(self.sheet.name, self.ref(row, key) or self.ref(row, "name"), message)

    def warn(self, row: int, key: str, message: str) -> None:
        self.reading.warn(self.sheet.name, self.ref(row, key) or self.ref(row, "name"), message)

    @staticmethod
    def in_percent(key: str, unit_is_percent: bool, kind: Kind | None) -> bool:
        if key in ("numerator", "denominator"):
            return False
        if key in ("target", "target_max") and kind in KINDS_WITH_PERCENT_TARGET:
            return True
        return unit_is_percent

    def figure(self, row: int, key: str, unit: str, kind: Kind | None) -> Decimal | None:
        raw = self.cell(row, key)
        if raw is None:
            return None
        problem = unusable(raw, "hãy sửa công thức hoặc gõ con số")
        if problem:
            self.error(row, key, problem)
            return None
        value = raw.value
        in_percent = self.in_percent(key, is_percent_unit(unit), kind)
        shown_percent = False
        try:
            if isinstance(value, bool):
                raise ParseError("ô chứa giá trị đúng/sai (TRUE/FALSE), không phải con số; hãy gõ con số")
            if isinstance(value, datetime | date):
                raise ParseError(f"ô chứa ngày {value.day}/{value.month}/{value.year}, không phải con số; "
                                 "hãy định dạng ô kiểu Số rồi gõ lại con số, ví dụ 1.306 hoặc 2,52")
            if isinstance(value, float | int):
                number = to_decimal(value)
                if raw.percent:
                    number = to_decimal(number * 100)
                    shown_percent = True
            else:
                parsed = parse_number_text(str(value))
                if parsed is None:
                    return None
                number = parsed.value
                shown_percent = parsed.percent
                self.figure_text(row, key, str(value), parsed.unit, parsed.sign, parsed.note, unit, kind)
        except ParseError as exc:
            hint = ""
            if key == "target" and kind is Kind.RANGE:
                hint = (
                    f'. Với loại "{KIND_LABELS[Kind.RANGE]}", ghi cận dưới ở ô '
                    f"{self.ref(row, 'target')} và cận trên ở ô "
                    f"{self.ref(row, 'target_max') or 'cột Cận trên'}."
                )
            self.error(row, key, f"{exc}{hint}")
            return None
        if shown_percent and not in_percent:
            shown = f"{show(number)}%"
            if not unit:
                self.warn(row, key, f"ô ghi {shown} nhưng cột Đơn vị tính để trống; đã đọc là "
                          f"{show(number)}. Nếu chỉ tiêu tính bằng %, hãy ghi % ở ô "
                          f"{self.ref(row, 'unit') or 'cột Đơn vị tính'}")
            else:
                self.warn(row, key, f"ô ghi {shown} (phần trăm) nhưng đơn vị tính của chỉ tiêu là "
                          f'"{unit}"; đã đọc là {show(number)}. Hãy bỏ định dạng/dấu % hoặc sửa '
                          "đơn vị tính")
        return number

    def figure_text(
        self, row: int, key: str, typed: str, stuck: str, sign: str, note: str, unit: str, kind: Kind | None
    ) -> None:
        typed = clean(typed)
        if note:
            self.warn(row, key, note)
        if stuck and match_key(stuck) in _SIGN_TAILS:
            sign, stuck = sign or match_key(stuck), ""
        if stuck:
            if not unit:
                self.warn(row, key, f'ô ghi "{typed}" có đơn vị "{stuck}" nhưng cột Đơn vị tính để '
                          f'trống; hãy ghi "{stuck}" ở ô '
                          f"{self.ref(row, 'unit') or 'cột Đơn vị tính'} và chỉ gõ con số ở ô này")
            elif match_key(stuck) != match_key(unit):
                self.warn(row, key, f'ô ghi "{typed}": đơn vị "{stuck}" khác đơn vị tính "{unit}" của '
                          "chỉ tiêu; chương trình chỉ đọc con số. Hãy kiểm tra lại và chỉ gõ con "
                          "số ở ô này")
        if not sign:
            return
        if key not in ("target", "target_max"):
            self.warn(row, key, f'ô ghi "{typed}" có dấu so sánh; dấu so sánh chỉ dùng ở cột chỉ tiêu, ở '
                      "đây chỉ đọc con số. Hãy chỉ gõ con số")
            return
        agreeing = _SIGN_KINDS.get(match_key(sign))
        if kind is not None and agreeing is not None and kind not in agreeing:
            self.warn(row, key, f'ô ghi "{typed}" nhưng loại chỉ tiêu là "{KIND_LABELS[kind]}"; chỉ tiêu '
                      "được đánh giá theo loại chỉ tiêu. Hãy kiểm tra lại loại chỉ tiêu hoặc bỏ "
                      "dấu so sánh")

    def day(self, row: int, key: str) -> date | None:
        raw = self.cell(row, key)
        if raw is None:
            return None
        value = self.reading.date_value(self.sheet.name, self.ref(row, key), raw)
        if value is None and (raw.stale_formula or raw.error or text_of(raw)):
            self.reported.add((row, key))
        return value
