"""Turning what officials type into figures and dates.

Pure functions. Vietnamese writing is the default: "." groups thousands and "," marks decimals
("1.306" is one thousand three hundred and six, "2,52" is two and fifty-two hundredths). What is
unambiguous is read; what is read by a guess comes back with a note; the rest raises
:class:`ParseError` with a Vietnamese message saying what to type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from nqreport.text import clean

#: Largest magnitude accepted; beyond it the cell is surely a mistake (or a hostile file).
MAX_ABS = Decimal("1e15")


class ParseError(ValueError):
    """A cell cannot be read; ``str()`` is the Vietnamese explanation and what to type instead."""


@dataclass(frozen=True)
class ParsedNumber:
    value: Decimal
    #: The text carried a "%" sign.
    percent: bool = False
    #: A unit typed after the number ("200ha" → "ha").
    unit: str = ""
    #: A comparison sign typed before the number ("≥ 90" → "≥").
    sign: str = ""
    #: A Vietnamese note when the reading was a guess (e.g. English decimal point).
    note: str = ""


_PREFIX = re.compile(r"^(?P<sign>≥|≤|>=|<=|>|<|≈|~|=)?\s*(?P<word>(khoảng|trên|dưới|hơn|từ|đạt|không quá)\s+)?",
                     re.IGNORECASE)
_CORE = re.compile(r"^(?P<minus>[-−–])?\s*(?P<num>\d[\d., ]*\d|\d)(?P<rest>.*)$")
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_THOUSANDS_SPACE = re.compile(r"^\d{1,3}( \d{3})+$")
_SCIENTIFIC = re.compile(r"^[-−]?\d+([.,]\d+)?[eE][+-]?\d+$")
_UNIT_TAIL = re.compile(r"^\s*(?P<pct>%)?\s*(?P<unit>[^\d\s][^\d]*)?$")


def to_decimal(value: int | float | Decimal) -> Decimal:
    """A spreadsheet number as ``Decimal``, through its shortest repr (0.95, not 0.9499999…)."""
    if isinstance(value, bool):
        raise ParseError("ô chứa giá trị đúng/sai (TRUE/FALSE), không phải con số")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    else:
        if value != value or value in (float("inf"), float("-inf")):
            raise ParseError("ô chứa giá trị không phải số (lỗi tính toán)")
        result = Decimal(repr(value))
    if abs(result) >= MAX_ABS:
        shown = (format_plain(f"{result:f}".split(".")[0]) if result == result.to_integral_value()
                 else f"{result:f}")
        raise ParseError(f"con số {shown} quá lớn; hãy kiểm tra lại")
    return _tidy(result)


def _tidy(value: Decimal) -> Decimal:
    """Drop a float's trailing ``.0`` so 62.0 and 62 are the same figure and print the same."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def parse_number_text(raw: str) -> ParsedNumber | None:
    """Read a number typed as text; ``None`` for a blank cell.

    >>> parse_number_text("1.306").value
    Decimal('1306')
    >>> parse_number_text("2,52").value
    Decimal('2.52')
    """
    text = clean(raw)
    if not text or text in {"-", "–", "—", "x", "X"}:
        return None
    prefix = _PREFIX.match(text)
    sign = ""
    if prefix:
        sign = (prefix.group("sign") or prefix.group("word") or "").strip()
        text = text[prefix.end() :]
    if _SCIENTIFIC.match(text):
        raise ParseError(
            f'"{_shown(raw)}" là số viết dạng khoa học (E); hãy gõ đầy đủ chữ số, ví dụ 100.000, hoặc định dạng ô kiểu số'
        )
    core = _CORE.match(text)
    if not core:
        raise ParseError(
            f'"{_shown(raw)}" không phải con số; hãy gõ số theo kiểu Việt Nam, ví dụ 1.306 hoặc 2,52'
        )
    number, note = _read_digits(core.group("num").strip())
    tail = _UNIT_TAIL.match(core.group("rest"))
    if not tail:
        raise ParseError(
            f'"{_shown(raw)}" có nhiều hơn một con số; mỗi ô chỉ ghi một số (ghi phần giải thích vào cột Ghi chú)'
        )
    if core.group("minus"):
        number = -number
    if abs(number) >= MAX_ABS:
        raise ParseError(f'con số "{_shown(raw)}" quá lớn; hãy kiểm tra lại')
    return ParsedNumber(value=_tidy(number), percent=bool(tail.group("pct")),
                        unit=(tail.group("unit") or "").strip(), sign=sign, note=note)


def _read_digits(num: str) -> tuple[Decimal, str]:
    """The digits-and-separators part of a number, with a note when the reading was a guess."""
    note = ""
    if " " in num:
        if not _THOUSANDS_SPACE.match(num):
            raise ParseError(f'"{num}" có khoảng trắng giữa các chữ số; hãy gõ liền, ví dụ 1.306')
        plain = num.replace(" ", "")
    elif "." in num and "," in num:
        if num.rfind(",") > num.rfind("."):  # 1.234,5 (Vietnamese)
            plain = num.replace(".", "").replace(",", ".")
        else:  # 1,234.5 (English)
            plain = num.replace(",", "")
            note = f'đã hiểu "{num}" theo kiểu tiếng Anh là {format_plain(plain)}; nên gõ kiểu Việt Nam'
    elif "." in num:
        if _THOUSANDS_DOT.match(num):
            plain = num.replace(".", "")
        elif num.count(".") == 1:
            plain = num
            note = (
                f'đã hiểu "{num}" là {format_plain(plain)} (dấu chấm là dấu thập phân); '
                "theo kiểu Việt Nam nên gõ dấu phẩy"
            )
        else:
            raise ParseError(f'"{num}" không phải con số hợp lệ; ví dụ đúng: 1.973.949 hoặc 57,96')
    elif "," in num:
        if num.count(",") == 1:
            plain = num.replace(",", ".")
        elif _THOUSANDS_COMMA.match(num):
            plain = num.replace(",", "")
            note = f'đã hiểu "{num}" là {format_plain(plain)} (dấu phẩy phân cách hàng nghìn)'
        else:
            raise ParseError(f'"{num}" không phải con số hợp lệ; ví dụ đúng: 1.973.949 hoặc 57,96')
    else:
        plain = num
    try:
        return Decimal(plain), note
    except InvalidOperation as exc:  # pragma: no cover - the regexes admit only digits here
        raise ParseError(f'"{num}" không phải con số hợp lệ') from exc


def format_plain(plain: str) -> str:
    """A dot-decimal string shown the Vietnamese way, for notes; a number of more than 20 digits (only a
    mistake or a forged file has one) is shown by its length."""
    whole, _, frac = plain.partition(".")
    digits = whole.lstrip("-")
    if len(digits) > 20 or len(frac) > 20:
        return f"có {len(digits) + len(frac)} chữ số"
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{frac}" if frac else grouped


def _shown(raw: str) -> str:
    """A cell's text in a message: at most 40 characters of it."""
    text = clean(raw)
    return text if len(text) <= 40 else f"{text[:40]}… ({len(text)} ký tự)"


# --------------------------------------------------------------------------- dates

_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_LONG = re.compile(r"^(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})$", re.IGNORECASE)
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class ParsedDate:
    value: date
    note: str = ""


def parse_date(raw: object) -> ParsedDate | None:
    """A date from a date cell, "15/7/2026", "2026-07-15", "ngày 15 tháng 7 năm 2026"; None if blank."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return ParsedDate(raw.date())
    if isinstance(raw, date):
        return ParsedDate(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        serial = int(raw)
        if 20000 < serial < 80000:  # 1954 … 2119: a date cell that lost its date format
            day = _EXCEL_EPOCH + timedelta(days=serial)
            return ParsedDate(
                day, f"ô chứa số {serial}, đã hiểu là ngày {day:%d/%m/%Y}; nên định dạng ô kiểu ngày"
            )
        raise ParseError(f"{raw} không phải ngày; hãy gõ ngày dạng 15/7/2026")
    text = clean(str(raw))
    if not text:
        return None
    for pattern, order in ((_DMY, "dmy"), (_LONG, "dmy"), (_YMD, "ymd")):
        match = pattern.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            d, m, y = (a, b, c) if order == "dmy" else (c, b, a)
            try:
                return ParsedDate(date(y, m, d))
            except ValueError as exc:
                raise ParseError(f'"{text}" không phải ngày có thật; hãy kiểm tra ngày và tháng') from exc
    raise ParseError(f'"{text}" không phải ngày; hãy gõ ngày dạng 15/7/2026')
