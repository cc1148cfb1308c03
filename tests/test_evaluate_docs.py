"""docs/danh-gia.md tells officials how indicators are judged: its examples must be what the code says."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from nqreport.aggregate import StatusCounts
from nqreport.config.settings import EvalSettings
from nqreport.evaluate import evaluate
from nqreport.model import Indicator
from nqreport.schema import KIND_LABELS, Kind, Period, Status
from nqreport.wording.counts import counts_sentence
from nqreport.wording.numbers import format_status
from nqreport.wording.verdicts import reason_text

D = Decimal
DOC = Path(__file__).resolve().parent.parent / "docs" / "danh-gia.md"


def doc_text() -> str:
    # an example's "→ status" may be wrapped onto the next line
    return re.sub(r"\s*\n\s*→", " →", DOC.read_text(encoding="utf-8"))


def make(kind: Kind, **values: object) -> Indicator:
    return Indicator(field="Kinh tế", name="x", kind=kind, **values)  # type: ignore[arg-type]


EXAMPLES = [
    (make(Kind.AT_LEAST, unit="triệu đồng", target=D(1306), estimate=D(1420)), Period.YEAR, None),
    (make(Kind.AT_LEAST, unit="ha", target=D(200), result=D(120)), Period.SIX_MONTHS, None),
    (make(Kind.AT_LEAST, unit="ha", target=D(200), result=D(120), estimate=D(210)), Period.SIX_MONTHS, None),
    (make(Kind.MORE_THAN, unit="%", target=D(90), result=D(90)), Period.YEAR, None),
    (make(Kind.AT_MOST, unit="vụ", target=D(5), result=D(4)), Period.YEAR, None),
    (make(Kind.APPROX, unit="tấn", target=D(13900), result=D(13300)), Period.YEAR, None),
    (make(Kind.RANGE, unit="%", target=D(10), target_max=D("10.5"), result=D(11)), Period.YEAR, None),
    (
        make(
            Kind.INCREASE_PCT, unit="triệu đồng/người", target=D(10), baseline=D("42.5"), estimate=D("46.3")
        ),
        Period.YEAR,
        None,
    ),
    (
        make(Kind.DECREASE_POINTS, unit="%", target=D(2), baseline=D("4.5"), result=D("2.5")),
        Period.YEAR,
        None,
    ),
    (make(Kind.INCREASE_PCT, unit="%", target=D(10), result=D(12)), Period.YEAR, None),
    (make(Kind.MAINTAIN, unit="thôn", target=D(7), result=D(7)), Period.YEAR, None),
    (make(Kind.DEADLINE, deadline=date(2026, 7, 15)), Period.SIX_MONTHS, date(2026, 7, 16)),
    (make(Kind.QUALITATIVE, manual_status=Status.MET), Period.YEAR, None),
]


@pytest.mark.parametrize(("indicator", "period", "cutoff"), EXAMPLES)
def test_every_example_is_what_the_code_writes(
    indicator: Indicator, period: Period, cutoff: date | None
) -> None:
    evaluation = evaluate(indicator, period, cutoff)
    assert f"`{reason_text(indicator, evaluation)}` → {format_status(evaluation.status)}" in doc_text()


def test_the_example_list_covers_every_example_in_the_doc() -> None:
    assert doc_text().count("` → ") == len(EXAMPLES)


@pytest.mark.parametrize(
    "counts",
    [
        StatusCounts(exceeded=2, met=3, not_met=1, no_data=1),
        StatusCounts(met=3, in_progress=1),
        StatusCounts(in_progress=3),
    ],
)
def test_sentences_in_the_doc(counts: StatusCounts) -> None:
    assert f'"{counts_sentence(counts)}"' in doc_text()


def test_kinds_statuses_and_defaults_in_the_doc() -> None:
    text = doc_text()
    for label in KIND_LABELS.values():
        assert f"| {label} |" in text
    for status in Status:
        assert f"| {format_status(status)} |" in text
    defaults = EvalSettings()
    assert f"approx_tolerance_pct = {defaults.approx_tolerance_pct}" in text
    assert f"percent_places = {defaults.percent_places}" in text
