"""How long ``nqreport build`` takes for many communes, and how much memory it needs.

Generates synthetic workspaces (benchmarks/synth.py; kept in a cache folder so that reruns skip the
generation), then builds each one in a fresh Python process and prints seconds per commune, the peak
resident memory of the parent and of the largest worker, and the time per stage summed over workers
(read, evaluate, context, render, write in the workers; summary, promote in the parent).

    python benchmarks/bench_build.py                 # 100 and 1,000 communes, all cores
    python benchmarks/bench_build.py 100 --jobs 1    # one process
    python benchmarks/bench_build.py 100 --profile   # --jobs 1 under cProfile, top functions
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(directory: Path, jobs: int | None, profile: bool) -> dict[str, object]:
    """Run in a child process: one build, timed, with its peak memory."""
    import resource

    from nqreport.build import BuildOptions, build
    from nqreport.config.settings import load_settings

    settings = load_settings(directory)
    options = BuildOptions(jobs=1 if profile else jobs)
    start = time.perf_counter()
    if profile:
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile()
        result = profiler.runcall(build, settings, options)
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(30)
        print(stream.getvalue(), file=sys.stderr)
    else:
        result = build(settings, options)
    seconds = time.perf_counter() - start
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "communes": len(result.built),
        "skipped": len(result.skipped),
        "outputs": len(result.outputs),
        "seconds": seconds,
        "peak_parent_mb": self_kb / 1024,
        "peak_worker_mb": children_kb / 1024,
        "timings": result.timings,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--profile", action="store_true", help="one process under cProfile")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "nqreport-bench")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.jobs, args.profile)))
        return 0

    sys.path.insert(0, str(HERE))
    from synth import make_workspace

    for count in args.counts:
        directory = args.cache / f"{count}"
        start = time.perf_counter()
        make_workspace(directory, count)
        made = time.perf_counter() - start
        command = [sys.executable, str(Path(__file__).resolve()), "--measure", str(directory)]
        if args.jobs is not None:
            command += ["--jobs", str(args.jobs)]
        if args.profile:
            command.append("--profile")
        out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
        data = json.loads(out.strip().splitlines()[-1])
        seconds = float(data["seconds"])
        communes = int(data["communes"]) or 1
        print(f"{count} xã (workspace ready in {made:.1f} s): build {seconds:.2f} s, "
              f"{seconds / communes * 1000:.1f} ms per commune, {data['outputs']} files, "
              f"{data['skipped']} skipped; peak memory parent {data['peak_parent_mb']:.0f} MB, "
              f"largest worker {data['peak_worker_mb']:.0f} MB")
        timings = dict(sorted(dict(data["timings"]).items(), key=lambda kv: -kv[1]))  # type: ignore[arg-type]
        print("  stage seconds (summed over workers): "
              + ", ".join(f"{stage} {value:.2f}" for stage, value in timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
