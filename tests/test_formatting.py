"""Figures and dates written the Vietnamese way; rounding half-up only here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from nqreport.schema import Status
from nqreport.wording.numbers import (
    format_date,
    format_date_long,
    format_number,
    format_percent,
    format_status,
)


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("1306"), None, "1.306"),
        (Decimal("2.52"), None, "2,52"),
        (Decimal("2.520"), None, "2,52"),
        (Decimal("1973949"), None, "1.973.949"),
        (Decimal("57.96"), None, "57,96"),
        (Decimal("0.74"), None, "0,74"),
        (Decimal("-1306.5"), None, "-1.306,5"),
        (Decimal("108.65"), 1, "108,7"),
        (Decimal("108.64"), 1, "108,6"),
        (Decimal("0.05"), 1, "0,1"),
        (Decimal("-0.04"), 1, "0,0"),
        (Decimal("95"), 1, "95,0"),
        (Decimal("1E+3"), None, "1.000"),
    ],
)
def test_format_number(value: Decimal, places: int | None, text: str) -> None:
    assert format_number(value, places) == text


def test_percent_and_blank() -> None:
    assert format_percent(Decimal("108.695")) == "108,7%"
    assert format_percent(Decimal("95"), places=1) == "95,0%"
    assert format_percent(Decimal("94.25"), places=0) == "94%"
    assert format_percent(None) == ""
    assert format_number(None, blank="-") == "-"


def test_dates_as_in_official_documents() -> None:
    assert format_date_long(date(2025, 12, 18)) == "ngày 18 tháng 12 năm 2025"
    assert format_date_long(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert format_date_long(date(2026, 7, 15)) == "ngày 15 tháng 7 năm 2026"
    assert format_date_long(None) == "ngày … tháng … năm …"
    assert format_date(date(2026, 7, 5)) == "05/07/2026"


def test_status_words() -> None:
    assert [format_status(s) for s in Status] == [
        "Vượt",
        "Đạt",
        "Không đạt",
        "Đang thực hiện",
        "Chưa có số liệu",
    ]
    assert format_status(None) == ""
