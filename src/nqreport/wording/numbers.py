"""Writing figures and dates the Vietnamese way: 1.306; 2,52; 95,0%; ngày 18 tháng 12 năm 2025.

Pure functions over ``Decimal``; rounding happens here and only here, half-up. A figure that carries a
mark (:mod:`nqreport.marks`: a traced context) is written with its mark around it, so that the report's
trace finds it in any sentence.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from nqreport.marks import marked_like
from nqreport.schema import STATUS_LABELS, Status


def round_half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value: Decimal | int | None, places: int | None = None, blank: str = "") -> str:
    """``Decimal("1306")`` → ``"1.306"``; ``Decimal("2.52")`` → ``"2,52"``.

    With ``places`` the value is rounded half-up to that many decimals and they are all shown;
    without, it is shown as exact as it is, with no trailing zeros.
    """
    if value is None:
        return blank
    return marked_like(value, _format_number(Decimal(value), places))


def _format_number(number: Decimal, places: int | None) -> str:
    if places is not None:
        number = round_half_up(number, places)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    digits = f"{abs(number):f}"
    whole, _, frac = digits.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    if sign and int(whole) == 0 and not frac.strip("0"):
        sign = ""  # -0,0 reads as a mistake
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def format_seconds(value: float, places: int = 1) -> str:
    """A duration in seconds as the closing lines and pages say it: ``7.25`` → ``"7,3"``."""
    return format_number(Decimal(str(round(value, places))), places)


def format_moment(value: datetime | None, blank: str = "", *, seconds: bool = False) -> str:
    """A date and time as every message and page writes it: ``21/06/2026 09:30`` (with ``seconds``,
    ``21/06/2026 09:30:15``: two workbooks of one commune sent in the same minute)."""
    if value is None:
        return blank
    return value.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def format_percent(value: Decimal | None, places: int = 1, blank: str = "") -> str:
    """A percentage already in percent points: ``Decimal("108.695")`` → ``"108,7%"``."""
    if value is None:
        return blank
    return marked_like(value, f"{_format_number(Decimal(value), places)}%")


def format_date(value: date | None, blank: str = "") -> str:
    """``18/12/2025``: zero-padded day and month, as in "Số: …, ngày 18/12/2025"."""
    if value is None:
        return blank
    return marked_like(value, f"{value.day:02d}/{value.month:02d}/{value.year}")


def format_date_long(value: date | None, blank: str = "ngày … tháng … năm …") -> str:
    """``ngày 18 tháng 12 năm 2025``. Day and month below 10 are written with a leading zero for
    days 1–9 and months 1–2, as Nghị định 30/2020/NĐ-CP asks (ngày 05 tháng 02 năm 2026)."""
    if value is None:
        return blank
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return marked_like(value, f"ngày {day} tháng {month} năm {value.year}")


def format_status(status: Status | None) -> str:
    return STATUS_LABELS[status] if status is not None else ""
