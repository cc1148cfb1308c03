"""Properties of aggregation (hypothesis): counts add up; rates merge as one commune would."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from nqreport.aggregate import StatusCounts, aggregate_communes, evaluate_commune
from nqreport.config.catalog import Aggregation, Catalog, CatalogEntry
from nqreport.model import Commune, CommuneData, Indicator
from nqreport.schema import STANDARD_FIELDS, Kind, Period, Status

D = Decimal
CATALOG = Catalog({"R1": CatalogEntry("R1", "Tỷ lệ", "%", "Kinh tế", Aggregation.RATIO)})

figures = st.none() | st.decimals(
    min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False
)
indicators = st.builds(
    Indicator,
    field=st.sampled_from([*STANDARD_FIELDS, "Khác"]),
    name=st.just("x"),
    kind=st.sampled_from(list(Kind)),
    target=figures,
    target_max=figures,
    baseline=figures,
    result=figures,
    estimate=figures,
    manual_status=st.none() | st.sampled_from(list(Status)),
)


def data(code: str, items: list[Indicator], period: Period = Period.YEAR) -> CommuneData:
    return CommuneData(
        Commune(code=code, name=f"X{code}", province="P", year=2026, period=period), tuple(items)
    )


@settings(max_examples=100, deadline=None)
@given(statuses=st.lists(st.sampled_from(list(Status))))
def test_counts_of_statuses_add_up(statuses: list[Status]) -> None:
    counts = StatusCounts.of(statuses)
    assert counts.total == len(statuses)
    assert all(counts.get(s) == statuses.count(s) for s in Status)


@settings(max_examples=60, deadline=None)
@given(
    communes=st.lists(st.lists(indicators, max_size=8), min_size=1, max_size=4),
    period=st.sampled_from([Period.YEAR, Period.SIX_MONTHS]),
)
def test_counts_add_up_to_the_number_of_indicators(communes: list[list[Indicator]], period: Period) -> None:
    reports = [evaluate_commune(data(f"{n:05d}", items), period) for n, items in enumerate(communes)]
    for report, items in zip(reports, communes, strict=True):
        assert report.counts.total == len(items)
        assert sum(f.counts.total for f in report.fields) == len(items)
        assert len(report.indicators) == len(items)
    cross = aggregate_communes(reports, CATALOG)
    assert cross.counts.total == sum(len(items) for items in communes)
    assert sum((c for c in cross.matrix.values()), StatusCounts()) == cross.counts
    assert len(cross.matrix) == len(reports) * len(cross.fields)


parts = st.tuples(
    st.decimals(min_value=0, max_value=10**5, places=0, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=1, max_value=10**5, places=0, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(parts, min_size=1, max_size=6))
def test_summed_parts_give_the_rate_of_the_merged_commune(rows: list[tuple[Decimal, Decimal]]) -> None:
    def rate_indicator(numerator: Decimal, denominator: Decimal) -> Indicator:
        return Indicator(
            field="Kinh tế",
            name="Tỷ lệ",
            kind=Kind.AT_LEAST,
            unit="%",
            code="R1",
            target=D(50),
            result=numerator / denominator * 100,
            numerator=numerator,
            denominator=denominator,
        )

    separate = [evaluate_commune(data(f"{n:05d}", [rate_indicator(a, b)])) for n, (a, b) in enumerate(rows)]
    merged_numerator = sum((a for a, _ in rows), D(0))
    merged_denominator = sum((b for _, b in rows), D(0))
    merged = evaluate_commune(data("99999", [rate_indicator(merged_numerator, merged_denominator)]))

    total = aggregate_communes(separate, CATALOG).totals[0]
    merged_total = aggregate_communes([merged], CATALOG).totals[0]
    assert (total.numerator, total.denominator) == (merged_numerator, merged_denominator)
    assert total.value == merged_total.value == merged.indicators[0].indicator.result
    assert total.status == merged_total.status == merged.indicators[0].evaluation.status
