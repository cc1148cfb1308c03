"""Scoring what ``nqreport extract`` read against the answer key of a test resolution.

A key row is paired with the first row read after the previous pair whose phrase holds the key's anchor
(a few words of the row's own phrase): the anchor pairs rows, it does not judge them. Then:

- values: key rows whose pair has the same target, upper bound and deadline, and the same whole of a
  cumulative form where the key gives one (``denominator``); an unpaired key row is wrong;
- kinds: key rows whose pair has the same kind;
- precision: rows read that are paired with a key row (a row read that is no target lowers it);
- units: key rows whose pair has the same unit (reported, not a threshold).

Used by tests/test_extract_accuracy.py and benchmarks/bench_extract.py.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from nqreport.extract import Extraction, Target
from nqreport.text import match_key

RESOLUTIONS = Path(__file__).resolve().parent / "data" / "resolutions"


@dataclass(frozen=True)
class KeyRow:
    anchor: str
    kind: str
    target: Decimal | None
    target_max: Decimal | None
    unit: str
    deadline: date | None
    #: The whole of a cumulative form ("31,5/36,2 km" → 36.2), where the key gives it.
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Key:
    name: str
    style: str
    commune: dict[str, Any]
    resolution: dict[str, Any]
    rows: tuple[KeyRow, ...]


@dataclass(frozen=True)
class Score:
    name: str
    expected: int
    read: int
    values: int
    kinds: int
    paired: int
    units: int
    misses: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.paired / self.read if self.read else 0.0


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def load_key(path: Path) -> Key:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    rows = tuple(KeyRow(r["anchor"], r["kind"], _decimal(r.get("target")), _decimal(r.get("target_max")),
                        r.get("unit", ""), r.get("deadline"), _decimal(r.get("denominator"))) for r in raw["row"])
    return Key(path.stem, raw.get("style", ""), raw["commune"], raw["resolution"], rows)


def resolutions() -> list[tuple[Path, Key]]:
    return [(path.with_suffix(".txt"), load_key(path)) for path in sorted(RESOLUTIONS.glob("*.toml"))]


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    return a == b if a is not None and b is not None else a is b


def score(extraction: Extraction, key: Key) -> Score:
    targets = list(extraction.targets)
    used: set[int] = set()
    position = 0
    values = kinds = units = 0
    misses: list[str] = []
    for row in key.rows:
        anchor = match_key(row.anchor)
        found = next((i for i in range(position, len(targets))
                      if i not in used and anchor in match_key(targets[i].text)), None)
        if found is None:
            found = next((i for i in range(len(targets)) if i not in used and anchor in match_key(targets[i].text)),
                         None)
        if found is None:
            misses.append(f"{row.anchor}: không đọc được")
            continue
        used.add(found)
        position = found + 1
        target: Target = targets[found]
        value_ok = (_same(target.target, row.target) and _same(target.target_max, row.target_max)
                    and target.deadline == row.deadline
                    and (row.denominator is None or target.denominator == row.denominator))
        kind_ok = target.kind.value == row.kind
        values += value_ok
        kinds += kind_ok
        units += (target.unit == row.unit)
        if not (value_ok and kind_ok):
            misses.append(f"{row.anchor}: đọc {target.kind.value} {target.target} {target.target_max} "
                          f"{target.deadline}, đúng là {row.kind} {row.target} {row.target_max} {row.deadline}")
    extra = [t for i, t in enumerate(targets) if i not in used]
    misses += [f"thừa: {t.text}" for t in extra]
    return Score(key.name, len(key.rows), len(targets), values, kinds, len(used), units, tuple(misses))
