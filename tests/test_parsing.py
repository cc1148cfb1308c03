"""Reading what officials type: Vietnamese numbers, units stuck on, signs, dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nqreport.read.values import ParseError, parse_date, parse_number_text, to_decimal
from nqreport.wording.numbers import format_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.306", Decimal("1306")),
        ("2,52", Decimal("2.52")),
        ("1.973.949", Decimal("1973949")),
        ("57,96", Decimal("57.96")),
        ("1.234,5", Decimal("1234.5")),
        ("0,74", Decimal("0.74")),
        ("-3,5", Decimal("-3.5")),
        ("−2", Decimal("-2")),
        ("1 306", Decimal("1306")),
        ("'1.306", Decimal("1306")),
        ("\u00a01.306\u00a0", Decimal("1306")),
        ("62", Decimal("62")),
    ],
)
def test_vietnamese_numbers(text: str, value: Decimal) -> None:
    parsed = parse_number_text(text)
    assert parsed is not None
    assert parsed.value == value
    assert parsed.note == ""


def test_unit_stuck_on_and_percent_sign_and_comparison_sign() -> None:
    assert parse_number_text("200ha") == parse_number_text("200 ha")
    parsed = parse_number_text("200ha")
    assert parsed is not None and (parsed.value, parsed.unit) == (Decimal(200), "ha")
    pct = parse_number_text("95%")
    assert pct is not None and (pct.value, pct.percent) == (Decimal(95), True)
    sign = parse_number_text("≥ 90")
    assert sign is not None and (sign.value, sign.sign) == (Decimal(90), "≥")
    words = parse_number_text("khoảng 13.900 tấn")
    assert words is not None and (words.value, words.unit, words.sign) == (Decimal(13900), "tấn", "khoảng")


def test_guesses_come_with_a_note() -> None:
    english = parse_number_text("1.5")
    assert english is not None and english.value == Decimal("1.5")
    assert english.note == (
        'đã hiểu "1.5" là 1,5 (dấu chấm là dấu thập phân); theo kiểu Việt Nam nên gõ dấu phẩy'
    )
    grouped = parse_number_text("1,973,949")
    assert grouped is not None and grouped.value == Decimal(1973949)
    assert "phân cách hàng nghìn" in grouped.note


@pytest.mark.parametrize("blank", ["", "  ", "\u00a0", "-", "x"])
def test_blank_like_cells_are_blank(blank: str) -> None:
    assert parse_number_text(blank) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("không có", '"không có" không phải con số; hãy gõ số theo kiểu Việt Nam, ví dụ 1.306 hoặc 2,52'),
        (
            "57,96/61,01km",
            '"57,96/61,01km" có nhiều hơn một con số; mỗi ô chỉ ghi một số '
            "(ghi phần giải thích vào cột Ghi chú)",
        ),
        ("1.2.3", '"1.2.3" không phải con số hợp lệ; ví dụ đúng: 1.973.949 hoặc 57,96'),
    ],
)
def test_unreadable_numbers_say_what_to_type(text: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_number_text(text)
    assert str(info.value) == message


def test_spreadsheet_floats_become_exact_decimals() -> None:
    assert to_decimal(0.95) == Decimal("0.95")
    assert str(to_decimal(62.0)) == "62"
    assert to_decimal(2.52) == Decimal("2.52")
    with pytest.raises(ParseError):
        to_decimal(True)
    with pytest.raises(ParseError):
        to_decimal(float("nan"))


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=3, allow_nan=False))
def test_formatted_numbers_read_back_the_same(value: Decimal) -> None:
    text = format_number(value)
    parsed = parse_number_text(text)
    if value == 0:
        assert parsed is not None and parsed.value == 0
        return
    assert parsed is not None
    # "1.306" written by us must not come back as 1,306: the thousands reading wins.
    assert parsed.value == value, text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (datetime(2026, 7, 15, 0, 0), date(2026, 7, 15)),
        (date(2026, 7, 15), date(2026, 7, 15)),
        ("15/7/2026", date(2026, 7, 15)),
        ("15-07-2026", date(2026, 7, 15)),
        ("15.7.2026", date(2026, 7, 15)),
        ("2026-07-15", date(2026, 7, 15)),
        ("ngày 18 tháng 12 năm 2025", date(2025, 12, 18)),
    ],
)
def test_dates(raw: object, expected: date) -> None:
    parsed = parse_date(raw)
    assert parsed is not None and parsed.value == expected and parsed.note == ""


def test_date_serial_number_is_read_with_a_note_and_nonsense_is_refused() -> None:
    parsed = parse_date(46218)
    assert parsed is not None and parsed.value == date(2026, 7, 15)
    assert parsed.note == "ô chứa số 46218, đã hiểu là ngày 15/07/2026; nên định dạng ô kiểu ngày"
    with pytest.raises(ParseError, match="không phải ngày có thật"):
        parse_date("31/2/2026")
    with pytest.raises(ParseError, match="hãy gõ ngày dạng 15/7/2026"):
        parse_date("giữa tháng 7")
    assert parse_date("") is None and parse_date(None) is None


def test_scientific_notation_and_huge_numbers_are_explained_the_vietnamese_way() -> None:
    with pytest.raises(ParseError) as info:
        parse_number_text("1e5")
    assert str(info.value) == (
        '"1e5" là số viết dạng khoa học (E); hãy gõ đầy đủ chữ số, ví dụ 100.000, hoặc định dạng ô kiểu số'
    )
    with pytest.raises(ParseError) as huge:
        to_decimal(1e15)
    assert str(huge.value) == "con số 1.000.000.000.000.000 quá lớn; hãy kiểm tra lại"


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=60), st.from_regex(r"[-−]?[\d.,% ]{1,60}[a-zđ%]{0,5}", fullmatch=True),
                 st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n)))
def test_any_text_is_a_number_or_a_vietnamese_reason_never_a_crash(text: str) -> None:
    """A cell holds anything: 4,400 digits, stray separators, letters. The parser reads it or says why in one
    Vietnamese sentence (which quotes at most 40 characters of it); it never fails another way."""
    try:
        parsed = parse_number_text(text)
    except ParseError as exc:
        assert str(exc) and len(str(exc)) < 400
        return
    assert parsed is None or abs(parsed.value) < Decimal("1e15")
