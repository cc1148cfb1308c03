"""How long evaluation, aggregation and the summary views take for many communes (no files involved).

Builds synthetic communes in memory from the example workbooks' indicators (both seed communes, figures
jittered per commune), then times: evaluating every commune, aggregating across communes, and the two
``summary`` views.

    python benchmarks/bench_aggregate.py              # 100 and 3,321 communes (a province, the country)
    python benchmarks/bench_aggregate.py 1000 --profile
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from nqreport.aggregate import aggregate_communes, evaluate_commune
from nqreport.cli.summary_text import summary_text
from nqreport.config.catalog import load_catalog
from nqreport.config.settings import Settings
from nqreport.model import Commune, CommuneData, Indicator, ReadResult
from nqreport.read.values import parse_number_text
from nqreport.scaffold.examples import examples
from nqreport.schema import NUMBER_KEYS, Period, parse_direction, parse_kind, parse_status
from nqreport.summary import summary_json

EXAMPLES = examples()
QUOC_KHANH_ROWS = list(EXAMPLES[0].spec.indicators)
BANG_MAC_ROWS = list(EXAMPLES[1].spec.indicators)


def _figure(value: object) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    parsed = parse_number_text(str(value))
    return parsed.value if parsed else None


def _indicator(row: dict[str, object]) -> Indicator:
    kind = parse_kind(str(row["kind"]))
    assert kind is not None
    return Indicator(
        field=str(row["field"]),
        name=str(row["name"]),
        kind=kind,
        unit=str(row.get("unit") or ""),
        code=str(row["code"]) if row.get("code") else None,
        direction=parse_direction(str(row["direction"])) if row.get("direction") else None,
        manual_status=parse_status(str(row["manual_status"])) if row.get("manual_status") else None,
        deadline=row.get("deadline"),  # type: ignore[arg-type]
        completed_on=row.get("completed_on"),  # type: ignore[arg-type]
        **{key: _figure(row.get(key)) for key in NUMBER_KEYS},
    )


def communes(count: int, seed: int = 1) -> list[ReadResult]:
    rng = random.Random(seed)
    templates = [[_indicator(r) for r in rows] for rows in (QUOC_KHANH_ROWS, BANG_MAC_ROWS)]
    results = []
    for number in range(count):
        items = []
        for indicator in templates[number % 2]:
            factor = Decimal(rng.randint(80, 120)) / 100
            changes = {
                k: getattr(indicator, k) * factor
                for k in ("result", "estimate")
                if getattr(indicator, k) is not None
            }
            items.append(replace(indicator, **changes))
        code = f"{number:05d}"
        commune = Commune(
            code=code, name=f"Xã {number}", province="Tỉnh", year=2026, period=Period.SIX_MONTHS
        )
        results.append(ReadResult(f"{code}.xlsx", CommuneData(commune, tuple(items), path=f"{code}.xlsx")))
    return results


def run(count: int) -> None:
    results = communes(count)
    catalog = load_catalog()
    settings = Settings(root=Path())
    indicators = sum(len(r.data.indicators) for r in results if r.data)
    start = time.perf_counter()
    reports = [evaluate_commune(r.data) for r in results if r.data is not None]
    evaluated = time.perf_counter()
    aggregate_communes(reports, catalog)
    aggregated = time.perf_counter()
    summary_json(results, catalog, settings)
    as_json = time.perf_counter()
    summary_text(results, catalog, settings)
    as_text = time.perf_counter()
    print(
        f"{count} xã, {indicators} chỉ tiêu: evaluate {evaluated - start:.3f} s "
        f"({(evaluated - start) / indicators * 1e6:.1f} µs/chỉ tiêu), "
        f"aggregate {aggregated - evaluated:.3f} s, "
        f"summary_json {as_json - aggregated:.3f} s, summary_text {as_text - as_json:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("counts", nargs="*", type=int, default=[100, 3321])
    parser.add_argument("--profile", action="store_true", help="cProfile the largest count, top functions")
    args = parser.parse_args()
    for count in args.counts:
        run(count)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(run, max(args.counts))
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
