"""A synthetic workspace of many communes, for the build benchmark.

Commune i is the i-th unit of the official list (its real code, name and province: the first 100 are in Hà
Nội, all 3,321 make the country). Each takes the indicator rows of one of the two example communes (30 or 18 rows, every kind of
the seeds) with its figures scaled by a factor drawn from a seeded generator, so that statuses vary from
commune to commune while the same ``count`` always gives the same workbooks. Workbooks are written by the
project's own blank-workbook writer (plain values, no formulas), so they follow the standard.

    python benchmarks/synth.py /tmp/bench-100 100
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from nqreport.config.communes import load_register
from nqreport.scaffold.blank import BlankSpec, CellValue, write_blank
from nqreport.scaffold.examples import examples
from nqreport.scaffold.init import init_workspace

EXAMPLES = examples()

#: Figures scaled per commune; the targets stay those of the resolution.
SCALED = ("result", "estimate", "same_period_last_year", "numerator")



def _scaled(rows: tuple[dict[str, CellValue], ...], rng: random.Random) -> list[dict[str, CellValue]]:
    """Each row's figures times one factor, kept plausible: whole figures stay whole (counts of people,
    households), a numerator stays within its denominator and a rate is its numerator over its denominator,
    percentages stay within 100 (nqreport validate would rightly warn otherwise)."""
    result = []
    for row in rows:
        factor = Decimal(rng.randint(70, 125)) / 100
        new = dict(row)
        for key in SCALED:
            value = new.get(key)
            if isinstance(value, Decimal):
                whole = value == value.to_integral_value()
                scaled = (value * factor).quantize(Decimal(1) if whole else Decimal("0.01"))
                if new.get("unit") == "%" and key != "numerator":
                    scaled = min(scaled, Decimal(100))
                new[key] = scaled
        numerator, denominator = new.get("numerator"), new.get("denominator")
        if isinstance(numerator, Decimal) and isinstance(denominator, Decimal) and denominator > 0:
            numerator = min(numerator, denominator).quantize(Decimal(1))
            new["numerator"] = numerator
            before, was = row.get("numerator"), row.get("result")
            # a rate that was its parts' quotient stays so
            if isinstance(before, Decimal) and isinstance(was, Decimal) and abs(before / denominator * 100 - was) < 1:
                new["result"] = (numerator / denominator * 100).quantize(Decimal("0.01"))
        result.append(new)
    return result


def spec_for(number: int) -> BlankSpec:
    """The ``number``-th commune of the official list (in its order: province by province), with the
    indicators of one of the two example communes and figures scaled for it."""
    example = EXAMPLES[number % len(EXAMPLES)].spec
    rng = random.Random(number)
    units = load_register().units
    unit = units[number % len(units)]
    body = f"Ủy ban nhân dân {unit.level.lower()} {unit.name}"
    commune = {**example.commune, "place": unit.name, "issuing_body": body, "province_code": unit.province_code}
    return replace(example, code=unit.code, name=unit.name, unit_type=unit.level, province=unit.province,
                   commune=commune, indicators=_scaled(tuple(example.indicators), rng),
                   banner="Số liệu tổng hợp giả lập.")


def make_workspace(directory: Path, count: int) -> Path:
    """Create (or reuse, when it already holds ``count`` workbooks) a workspace of ``count`` communes."""
    inputs = directory / "inputs"
    ready = (directory / "nqreport.toml").is_file() and inputs.is_dir()
    if ready and len(list(inputs.glob("*.xlsx"))) == count and (inputs / f"{spec_for(0).code}.xlsx").is_file():
        return directory
    if directory.exists():
        shutil.rmtree(directory)
    init_workspace(directory)
    for number in range(count):
        spec = spec_for(number)
        write_blank(inputs / f"{spec.code}.xlsx", spec)
    return directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("count", type=int)
    args = parser.parse_args(argv)
    make_workspace(args.directory, args.count)
    print(f"{args.directory}: {args.count} xã")
    return 0


if __name__ == "__main__":
    sys.exit(main())
