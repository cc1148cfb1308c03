"""How well nqreport extract reads the test resolutions, per resolution and in total, and how long it takes.

Each resolution in tests/data/resolutions/ has an answer key (tests/answer_keys.py explains the pairing):
values and kinds are the share of the key's targets read right, precision the share of rows written that
are real targets, units the share of units as the key writes them (not a threshold). ``-v`` lists every
miss; ``-n`` reads each resolution that many times for the timing.

    python benchmarks/bench_extract.py
    python benchmarks/bench_extract.py -v
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from answer_keys import resolutions, score
from nqreport.extract import extract


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=5, help="reads per resolution for the timing")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every row read wrong or not read")
    args = parser.parse_args()
    print(f"{'resolution':28} {'targets':>7} {'read':>5} {'values':>7} {'kinds':>7} {'precision':>9} "
          f"{'units':>7} {'ms':>6}")
    totals = [0, 0, 0, 0, 0, 0]
    for path, key in resolutions():
        started = time.perf_counter()
        for _ in range(args.n):
            extraction = extract(path)
        elapsed = (time.perf_counter() - started) / args.n * 1000
        s = score(extraction, key)
        print(f"{s.name:28} {s.expected:>7} {s.read:>5} {s.values / s.expected:>7.1%} {s.kinds / s.expected:>7.1%} "
              f"{s.precision:>9.1%} {s.units / s.expected:>7.1%} {elapsed:>6.1f}")
        if args.verbose:
            for miss in s.misses:
                print(f"    {miss}")
        for index, value in enumerate((s.expected, s.read, s.values, s.kinds, s.paired, s.units)):
            totals[index] += value
    expected, read, values, kinds, paired, units = totals
    print(f"{'total':28} {expected:>7} {read:>5} {values / expected:>7.1%} {kinds / expected:>7.1%} "
          f"{paired / read:>9.1%} {units / expected:>7.1%}")


if __name__ == "__main__":
    main()
