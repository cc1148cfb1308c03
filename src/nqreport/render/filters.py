"""Jinja filters that write figures, dates and statuses the Vietnamese way inside Word templates.

Secretaries write ``{{ ct.thuc_hien|so(2) }}`` or ``{{ ngay_bao_cao|ngay }}`` in Word; the names are
Vietnamese so that a template reads like the report it makes. Every filter accepts ``None`` (a blank
cell) and prints nothing for it, except :func:`ngay`, which prints the "ngày … tháng … năm …" form
that is filled in by hand. A filter given the wrong kind of value raises :class:`FilterError`, whose
Vietnamese message the renderer shows with the template paragraph.

The same functions print the values that reach ``{{ }}`` without a filter (:func:`finalize`), so a
``Decimal`` never shows as ``1306.0`` and a date never as ``2025-12-18``.

A traced context's values carry marks (:mod:`nqreport.marks`); every filter here, and ``upper`` and
``lower`` in place of Jinja's own, prints a marked value with its mark, so that the report's trace sees
the figure wherever the template puts it. A filter that makes a new value (Jinja's ``round``, ``replace``,
arithmetic in the template) prints it unmarked: the trace then lists it as a number with no source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jinja2 import pass_context
from jinja2.exceptions import TemplateRuntimeError
from jinja2.runtime import Context
from markupsafe import soft_str

from nqreport.marks import MarkedInt, MarkedText, mark, marked_like
from nqreport.schema import STATUS_LABELS, Status, parse_status
from nqreport.text import match_key, strip_accents
from nqreport.wording.numbers import format_date, format_date_long, format_number, format_percent

#: Context key holding how many decimals :func:`phan_tram` shows when none is given.
PERCENT_PLACES_KEY = "chu_so_phan_tram"
DEFAULT_PERCENT_PLACES = 1


class FilterError(TemplateRuntimeError):
    """A filter was given a value it cannot print; ``str()`` is the Vietnamese explanation."""


def _number(value: Any, filter_name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float)):
        raise FilterError(f"bộ lọc \"{filter_name}\" cần một con số, nhưng nhận được \"{value}\"")
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _places(places: Any, filter_name: str) -> int | None:
    if places is None:
        return None
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 6:
        raise FilterError(f"bộ lọc \"{filter_name}\": số chữ số thập phân phải là số nguyên từ 0 đến 6, "
                          f"ví dụ {filter_name}(1)")
    return places


def so(value: Any, places: int | None = None) -> str:
    """A number with "." between thousands and "," before decimals; rounded half-up when given places."""
    number = _number(value, "so")
    return marked_like(value, format_number(number, _places(places, "so")))


@pass_context
def phan_tram(context: Context, value: Any, places: int | None = None) -> str:
    """A value already in percent points, with its "%" sign: 108.69 → "108,7%"."""
    number = _number(value, "phan_tram")
    wanted = _places(places, "phan_tram")
    if wanted is None:
        default = context.get(PERCENT_PLACES_KEY, DEFAULT_PERCENT_PLACES)
        wanted = default if isinstance(default, int) and not isinstance(default, bool) else 1
    return marked_like(value, format_percent(number, int(wanted)))


def _date(value: Any, filter_name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise FilterError(f"bộ lọc \"{filter_name}\" cần một ngày, nhưng nhận được \"{value}\"")


def ngay(value: Any) -> str:
    """"ngày 18 tháng 12 năm 2025"; a missing date leaves "ngày … tháng … năm …" to fill in by hand."""
    return format_date_long(_date(value, "ngay"))


def ngay_ngan(value: Any) -> str:
    """"18/12/2025"."""
    return format_date(_date(value, "ngay_ngan"))


#: Unaccented codes of the statuses, for conditions in templates (``ct.ma_danh_gia == "khong_dat"``).
STATUS_CODES: dict[Status, str] = {
    Status.EXCEEDED: "vuot",
    Status.MET: "dat",
    Status.NOT_MET: "khong_dat",
    Status.IN_PROGRESS: "dang_thuc_hien",
    Status.NO_DATA: "chua_co_so_lieu",
}
_STATUS_BY_CODE = {code: status for status, code in STATUS_CODES.items()}


def status_of(value: Any) -> Status | None:
    """A status from the enum, its code ("khong_dat"), its English key or its label ("Không đạt")."""
    if value is None or value == "":
        return None
    if isinstance(value, Status):
        return value
    if isinstance(value, str):
        key = strip_accents(match_key(value)).replace(" ", "_")
        if key in _STATUS_BY_CODE:
            return _STATUS_BY_CODE[key]
        try:
            return Status(value)
        except ValueError:
            return parse_status(value)
    return None


def danh_gia(value: Any) -> str:
    """The status word an official writes: "Vượt", "Đạt", "Không đạt", "Đang thực hiện", "Chưa có số liệu"."""
    if value is None or value == "":
        return ""
    status = status_of(value)
    if status is None:
        codes = ", ".join(STATUS_CODES.values())
        raise FilterError(f"bộ lọc \"danh_gia\" không hiểu \"{value}\"; cần một mức đánh giá ({codes})")
    return STATUS_LABELS[status]


_ROMAN_DIGITS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def roman(number: int) -> str:
    """Roman numerals for field rows of the appendix (I, II, …) and quarters."""
    if number < 1:
        raise ValueError(number)
    out = []
    for value, letters in _ROMAN_DIGITS:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def la_ma(value: Any) -> str:
    """A whole number in Roman numerals: 4 → "IV"."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3999:
        raise FilterError(f"bộ lọc \"la_ma\" cần một số nguyên dương, nhưng nhận được \"{value}\"")
    return marked_like(value, roman(value))


def hoa_dau(value: Any) -> str:
    """The first letter in capitals, the rest untouched ("xã Bằng Mạc" → "Xã Bằng Mạc")."""
    return _first_letter(value, str.upper)


def thuong_dau(value: Any) -> str:
    """The first letter in lower case, to continue a sentence ("Ước cả năm …" → "ước cả năm …")."""
    return _first_letter(value, str.lower)


def _first_letter(value: Any, change: Callable[[str], str]) -> str:
    if value is None:
        return ""
    if isinstance(value, MarkedText):
        return value.cased(change, first=True)
    text = str(value)
    return change(text[:1]) + text[1:]


#: The no-break space: words joined by it stay on one line.
NO_BREAK_SPACE = "\u00a0"


def giu_lien(value: Any) -> str:
    """The words kept on one line (spaces become no-break spaces): a title's last line then holds "6 tháng
    đầu năm 2026", never "2026" alone."""
    if value is None:
        return ""
    return str(finalize(value)).replace(" ", NO_BREAK_SPACE)  # a traced value's marks are kept


def upper(value: Any) -> str:
    """Jinja's ``upper``, keeping a traced text's marks."""
    return value.cased(str.upper) if isinstance(value, MarkedText) else soft_str(value).upper()


def lower(value: Any) -> str:
    """Jinja's ``lower``, keeping a traced text's marks."""
    return value.cased(str.lower) if isinstance(value, MarkedText) else soft_str(value).lower()


def finalize(value: Any) -> Any:
    """What ``{{ value }}`` prints when no filter is given: figures and dates the Vietnamese way."""
    if value is None:
        return ""
    if isinstance(value, MarkedText):
        return value.marked
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, MarkedInt):
        return mark(str(int(value)), value.mark)
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, float):
        return format_number(Decimal(repr(value)))
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Status):
        return STATUS_LABELS[value]
    if isinstance(value, Mapping):
        names = ", ".join(sorted(str(k) for k in value)[:6])
        raise FilterError(f"đây là một nhóm thông tin, không in trực tiếp được; hãy in một thuộc tính của nó "
                          f"({names})")
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return "; ".join(str(finalize(item)) for item in value)
    return value


@dataclass(frozen=True)
class FilterDoc:
    """A filter as the contract lists it for secretaries."""

    name: str
    description: str
    example: str


FILTERS: dict[str, Callable[..., str]] = {
    "so": so,
    "phan_tram": phan_tram,
    "ngay": ngay,
    "ngay_ngan": ngay_ngan,
    "danh_gia": danh_gia,
    "la_ma": la_ma,
    "hoa_dau": hoa_dau,
    "thuong_dau": thuong_dau,
    "giu_lien": giu_lien,
}

#: Jinja's own filters, replaced by ones that do the same and keep a traced text's marks.
JINJA_REPLACED: dict[str, Callable[..., str]] = {"upper": upper, "lower": lower}

FILTER_DOCS: tuple[FilterDoc, ...] = (
    FilterDoc("so", "Viết số kiểu Việt Nam; so(2) làm tròn (nửa lên) 2 chữ số thập phân.",
              "{{ ct.thuc_hien|so }} → 1.420; {{ ct.thuc_hien|so(2) }} → 1.420,00"),
    FilterDoc("phan_tram", "Viết tỷ lệ phần trăm kèm dấu %, mặc định số chữ số thập phân theo "
              "chu_so_phan_tram.", "{{ ct.ty_le_ke_hoach|phan_tram }} → 108,7%"),
    FilterDoc("ngay", "Viết ngày đầy đủ; ngày trống in \"ngày … tháng … năm …\" để điền tay.",
              "{{ ngay_nghi_quyet|ngay }} → ngày 18 tháng 12 năm 2025"),
    FilterDoc("ngay_ngan", "Viết ngày dạng ngày/tháng/năm.", "{{ ngay_nghi_quyet|ngay_ngan }} → 18/12/2025"),
    FilterDoc("danh_gia", "Viết mức đánh giá từ mã (vuot, dat, khong_dat, dang_thuc_hien, chua_co_so_lieu).",
              "{{ ct.ma_danh_gia|danh_gia }} → Vượt"),
    FilterDoc("la_ma", "Viết số La Mã.", "{{ loop.index|la_ma }} → II"),
    FilterDoc("hoa_dau", "Viết hoa chữ cái đầu, giữ nguyên phần còn lại.",
              "{{ ten_day_du|hoa_dau }} → Xã Quốc Khánh"),
    FilterDoc("thuong_dau", "Viết thường chữ cái đầu, để nối vào giữa câu.",
              "{{ ct.ly_do|thuong_dau }} → ước cả năm đạt 46,3 triệu đồng/người, …"),
    FilterDoc("giu_lien", "Giữ các chữ trên cùng một dòng (không xuống dòng giữa chúng), cho tiêu đề khỏi để "
              "một chữ đứng riêng ở dòng cuối.", "{{ ky_bao_cao|giu_lien }} → 6 tháng đầu năm 2026 (liền một dòng)"),
    FilterDoc("upper", "(có sẵn trong Jinja) Viết hoa toàn bộ.", "{{ ten_xa|upper }} → QUỐC KHÁNH"),
    FilterDoc("lower", "(có sẵn trong Jinja) Viết thường toàn bộ.", "{{ lv.ten|lower }} → kinh tế"),
)
