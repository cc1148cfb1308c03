"""Accuracy of nqreport extract on resolutions it was not written around (tests/data/resolutions/).

The issue's thresholds, over all of them: at least 95% of target values right, 90% of kinds, and 90% of
the rows written real targets (tests/answer_keys.py says how rows are paired and counted). Each
resolution's identity (code, plan year, number, date) is checked too. ``python benchmarks/bench_extract.py``
prints the same figures per resolution.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from answer_keys import Key, Score, resolutions, score
from nqreport.extract import extract

CASES = resolutions()


@pytest.fixture(scope="module")
def scores() -> list[Score]:
    return [score(extract(path), key) for path, key in CASES]


def test_there_are_enough_test_resolutions_in_enough_layouts() -> None:
    assert len(CASES) >= 8
    text = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path, _ in CASES
                     if path.read_bytes()[:2] not in (b"\xff\xfe", b"\xfe\xff"))
    for marker in ("\n(1) ", "\n1. ", "\na) ", "\n- ", "\n+ ", "Trang 2/3", "\f"):
        assert marker in text, marker


def test_thresholds_over_all_resolutions(scores: list[Score]) -> None:
    expected = sum(s.expected for s in scores)
    read = sum(s.read for s in scores)
    values = sum(s.values for s in scores) / expected
    kinds = sum(s.kinds for s in scores) / expected
    precision = sum(s.paired for s in scores) / read
    misses = [f"{s.name}: {m}" for s in scores for m in s.misses]
    assert values >= 0.95, misses
    assert kinds >= 0.90, misses
    assert precision >= 0.90, misses


@pytest.mark.parametrize(("path", "key"), CASES, ids=[key.name for _, key in CASES])
def test_identity(path: Path, key: Key) -> None:
    identity = extract(path).identity
    assert identity.name == key.commune["name"]
    assert identity.province == key.commune["province"]
    assert identity.code == key.commune["code"]
    assert identity.year == key.commune["year"]
    assert identity.number == key.resolution["number"]
    assert identity.adopted == key.resolution["date"]
