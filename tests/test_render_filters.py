"""filters.py: figures, percentages, dates and statuses written the Vietnamese way (with properties)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nqreport.read.values import parse_number_text
from nqreport.render.environment import make_environment
from nqreport.render.filters import (
    FilterError,
    danh_gia,
    finalize,
    hoa_dau,
    la_ma,
    ngay,
    ngay_ngan,
    roman,
    so,
    status_of,
    thuong_dau,
)
from nqreport.schema import Status

D = Decimal


def test_so_examples() -> None:
    assert so(D(1306)) == "1.306"
    assert so(D("2.52")) == "2,52"
    assert so(D("1973949")) == "1.973.949"
    assert so(D("-1234.5")) == "-1.234,5"
    assert so(D("2.5"), 0) == "3"  # half-up, not banker's rounding
    assert so(D("0.125"), 2) == "0,13"
    assert so(7) == "7"
    assert so(None) == ""


@given(st.decimals(min_value=D("-1e14"), max_value=D("1e14"), places=4, allow_nan=False, allow_infinity=False))
def test_so_reads_back_as_the_same_figure(value: Decimal) -> None:
    """What the report prints, an official would read (and type) back as the same number."""
    parsed = parse_number_text(so(value))
    assert parsed is not None and parsed.value == value


@given(st.decimals(min_value=D(0), max_value=D(100000), places=6, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=3))
def test_so_with_places_shows_exactly_that_many_decimals(value: Decimal, places: int) -> None:
    text = so(value, places)
    whole, _, decimals = text.partition(",")
    assert len(decimals) == places
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", whole)
    parsed = parse_number_text(text)
    assert parsed is not None and abs(parsed.value - value) <= D(1).scaleb(-places) / 2


def _render(source: str, **context: Any) -> str:
    return make_environment().from_string(source).render(**context)


def test_phan_tram() -> None:
    assert _render("{{ p|phan_tram }}", p=D("108.695652")) == "108,7%"
    assert _render("{{ p|phan_tram }}", p=D("0.05")) == "0,1%"
    assert _render("{{ p|phan_tram(0) }}", p=D("99.5")) == "100%"
    assert _render("{{ p|phan_tram }}", p=D(95), chu_so_phan_tram=1) == "95,0%"
    assert _render("[{{ p|phan_tram }}]", p=None) == "[]"


def test_dates() -> None:
    assert ngay(date(2025, 12, 18)) == "ngày 18 tháng 12 năm 2025"
    assert ngay(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"  # Nghị định 30: 0 before days 1-9, months 1-2
    assert ngay(date(2026, 7, 1)) == "ngày 01 tháng 7 năm 2026"
    assert ngay(datetime(2026, 7, 15, 8, 30)) == "ngày 15 tháng 7 năm 2026"
    assert ngay(None) == "ngày … tháng … năm …"
    assert ngay_ngan(date(2026, 7, 5)) == "05/07/2026"
    assert ngay_ngan(None) == ""


def test_status_words() -> None:
    assert [danh_gia(s) for s in Status] == ["Vượt", "Đạt", "Không đạt", "Đang thực hiện", "Chưa có số liệu"]
    assert danh_gia("khong_dat") == "Không đạt"
    assert danh_gia("exceeded") == "Vượt"
    assert danh_gia("Đang thực hiện") == "Đang thực hiện"
    assert danh_gia(None) == ""
    assert status_of("chua_co_so_lieu") is Status.NO_DATA


def test_capitals() -> None:
    assert hoa_dau("xã Bằng Mạc") == "Xã Bằng Mạc"
    assert thuong_dau("Ước cả năm đạt 46,3") == "ước cả năm đạt 46,3"
    assert hoa_dau("") == "" and thuong_dau(None) == ""


@pytest.mark.parametrize(("call", "message"), [
    (lambda: so("1.306"), 'bộ lọc "so" cần một con số, nhưng nhận được "1.306"'),
    (lambda: so(True), 'bộ lọc "so" cần một con số, nhưng nhận được "True"'),
    (lambda: so(D(1), 9), 'bộ lọc "so": số chữ số thập phân phải là số nguyên từ 0 đến 6, ví dụ so(1)'),
    (lambda: ngay("18/12/2025"), 'bộ lọc "ngay" cần một ngày, nhưng nhận được "18/12/2025"'),
    (lambda: danh_gia("tốt"), 'bộ lọc "danh_gia" không hiểu "tốt"; cần một mức đánh giá (vuot, dat, '
                              'khong_dat, dang_thuc_hien, chua_co_so_lieu)'),
    (lambda: la_ma(0), 'bộ lọc "la_ma" cần một số nguyên dương, nhưng nhận được "0"'),
])
def test_wrong_values_get_a_vietnamese_message(call: Any, message: str) -> None:
    with pytest.raises(FilterError) as caught:
        call()
    assert caught.value.message == message


def _from_roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for letter, following in zip(text, [*text[1:], ""], strict=True):
        value = values[letter]
        total += -value if following and values[following] > value else value
    return total


def test_roman_examples() -> None:
    assert [roman(n) for n in (1, 2, 3, 4, 5, 9, 14, 40, 90, 400, 1994)] == [
        "I", "II", "III", "IV", "V", "IX", "XIV", "XL", "XC", "CD", "MCMXCIV"]


@given(st.integers(min_value=1, max_value=3999))
def test_roman_reads_back(number: int) -> None:
    text = roman(number)
    assert re.fullmatch(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", text)
    assert _from_roman(text) == number


def test_finalize_prints_values_as_a_reader_expects() -> None:
    assert finalize(D("1306.0")) == "1.306"
    assert finalize(date(2025, 12, 18)) == "18/12/2025"
    assert finalize(Status.NOT_MET) == "Không đạt"
    assert finalize(None) == ""
    assert finalize(True) == "có"
    assert finalize(2026) == 2026  # years and counts print as they are, without a thousands dot
    with pytest.raises(FilterError):
        finalize({"tong": 1})
