"""How long the command line takes to start: ``nqreport --help`` and ``nqreport validate --help`` against
``python -c pass``, alternating in one call, with the modules each one imports.

    python benchmarks/bench_startup.py            # 20 rounds
    python benchmarks/bench_startup.py --rounds 50
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import click'": [sys.executable, "-c", "import click"],  # the floor of any click program
    "nqreport --help": [sys.executable, "-m", "nqreport", "--help"],
    "nqreport validate --help": [sys.executable, "-m", "nqreport", "validate", "--help"],
    "nqreport serve --help": [sys.executable, "-m", "nqreport", "serve", "--help"],
}

#: Heavy libraries that only building needs, and the web framework only ``nqreport serve`` needs.
HEAVY = ("docxtpl", "docx", "xlsxwriter", "lxml", "jinja2", "openpyxl", "flask", "werkzeug", "waitress")


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _loaded(arguments: list[str]) -> list[str]:
    """Which heavy libraries a command imports."""
    code = ("import sys, runpy; sys.argv = ['nqreport', *sys.argv[1:]]\n"
            "try:\n    runpy.run_module('nqreport', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, *arguments], check=True, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    lines = done.stderr.strip().splitlines()
    return [m for m in lines[-1].split(",") if m] if lines else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.rounds):
        for name, command in COMMANDS.items():
            times[name].append(_time(command))
    base = statistics.median(times["python -c pass"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:26s} {median * 1000:7.1f} ms   ÷ python -c pass = {median / base:.2f}")
    for arguments in (["--help"], ["validate", "--help"], ["serve", "--help"]):
        heavy = _loaded(arguments)
        print(f"nqreport {' '.join(arguments)} imports: {', '.join(heavy) if heavy else 'none of ' + ', '.join(HEAVY)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
