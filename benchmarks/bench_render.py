"""How long building a context and rendering the Word templates take, per commune.

Uses the synthetic communes of bench_aggregate.py (the seed communes' indicators, figures jittered).
Times (CPU time of this process, steadier than the clock on a shared machine), per commune: the context,
the report, the appendix; then the report again with the compiled-template cache emptied before it.

    python benchmarks/bench_render.py            # 50 communes
    python benchmarks/bench_render.py 200 --profile
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench_aggregate import communes

from nqreport.aggregate import evaluate_commune
from nqreport.config.settings import Settings
from nqreport.render.context import commune_context
from nqreport.render.document import render_docx
from nqreport.render.environment import shared_environment as _shared_environment

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def run(count: int) -> None:
    settings = Settings(root=Path())
    reports = [evaluate_commune(r.data) for r in communes(count) if r.data is not None]
    report, appendix = TEMPLATES / "bao-cao-xa.docx", TEMPLATES / "phu-luc-xa.docx"
    render_docx(report, commune_context(reports[0], settings))  # warm-up: imports, first compile
    timings: dict[str, list[float]] = {"context": [], "report": [], "appendix": [], "report, no compile cache": []}
    sizes = []
    for item in reports:
        start = time.process_time()
        context = commune_context(item, settings)
        built = time.process_time()
        data = render_docx(report, context)
        rendered = time.process_time()
        render_docx(appendix, context)
        done = time.process_time()
        timings["context"].append(built - start)
        timings["report"].append(rendered - built)
        timings["appendix"].append(done - rendered)
        sizes.append(len(data))
    for item in reports:  # a second pass: the cache emptied before each render
        context = commune_context(item, settings)
        _shared_environment().__dict__["_compiled"].clear()
        start = time.process_time()
        render_docx(report, context)
        timings["report, no compile cache"].append(time.process_time() - start)
    indicators = sum(len(r.indicators) for r in reports) // len(reports)
    parts = ", ".join(f"{name} {statistics.median(values) * 1000:.1f} ms" for name, values in timings.items())
    print(f"{len(reports)} xã (~{indicators} chỉ tiêu/xã), trung vị mỗi xã: {parts}; "
          f"báo cáo ~{statistics.median(sizes) / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", nargs="?", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="cProfile one run, top functions")
    args = parser.parse_args()
    if args.profile:
        import cProfile
        import pstats

        cProfile.runctx("run(args.count)", globals(), {"run": run, "args": args}, "/tmp/bench_render.prof")
        pstats.Stats("/tmp/bench_render.prof").sort_stats("cumulative").print_stats(25)
    else:
        run(args.count)


if __name__ == "__main__":
    main()
