"""How long ``nqreport build`` takes for many communes against the I/O floor of the same files, and how much
memory it needs.

Generates synthetic workspaces (benchmarks/synth.py; kept in a cache folder so that reruns skip the
generation). Then, for each size, alternates in one call: a build in a fresh Python process (timed inside
it: the build itself, not the interpreter's start), and the I/O floor in another fresh process — read every
input workbook and template, write every output zip of that build with the same entries (deflated), and the
manifest; nothing parsed or rendered. Prints the medians, their ratio, t(1000)/t(100) when both sizes ran,
the peak resident memory of the build's parent process and of its largest worker, and the time per stage
summed over workers. A third process, in the same rounds, only reads and checks every workbook (the
build's first stage, with its worker count and chunks: the hash, the read, the checks and the figures for
the rule across communes; nothing evaluated, rendered or written): what no build can skip, and how much of the build ÷ floor budget of 2.5 it uses alone.

    python benchmarks/bench_build.py                   # 100 and 1,000 communes, 3 rounds each
    python benchmarks/bench_build.py 100 3321 --rounds 1
    python benchmarks/bench_build.py 100 --jobs 1      # one process
    python benchmarks/bench_build.py --threshold       # from how many communes worker processes pay off
    python benchmarks/bench_build.py 100 --profile     # --jobs 1 under cProfile, top functions
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


# --------------------------------------------------------------------------- in the child processes


def measure(directory: Path, jobs: int | None, profile: bool) -> dict[str, object]:
    """One build, timed, with the peak memory of this process (the parent) and of its largest worker."""
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
    return {
        "communes": len(result.built),
        "skipped": len(result.skipped),
        "outputs": len(result.outputs),
        "seconds": seconds,
        "peak_parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "timings": result.timings,
    }


def floor(directory: Path) -> dict[str, object]:
    """The I/O floor of the last build of ``directory``: its inputs read, its outputs written again."""
    outputs = directory / "outputs"
    zips: list[list[tuple[zipfile.ZipInfo, bytes]]] = []
    plain: list[bytes] = []
    for path in sorted(outputs.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                zips.append([(info, archive.read(info)) for info in archive.infolist()])
        else:
            plain.append(path.read_bytes())
    inputs = [p for folder in ("inputs", "templates") for p in sorted((directory / folder).rglob("*")) if p.is_file()]
    inputs += [p for p in (directory / "nqreport.toml",) if p.is_file()]
    target = Path(tempfile.mkdtemp(prefix="floor-", dir=directory))
    try:
        start = time.perf_counter()
        read = sum(len(p.read_bytes()) for p in inputs)
        for number, entries in enumerate(zips):
            with zipfile.ZipFile(target / f"{number}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
                for info, data in entries:
                    archive.writestr(info.filename, data)
        for number, data in enumerate(plain):
            (target / f"{number}.bin").write_bytes(data)
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(target)
    return {"seconds": seconds, "read_bytes": read, "zips": len(zips), "files": len(zips) + len(plain)}


def reading(directory: Path, jobs: int | None) -> dict[str, object]:
    """Every workbook read and checked as the build's workers do it, with the same number of workers and
    chunks; nothing else."""
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    from nqreport.build import BuildOptions, pool_shape
    from nqreport.config.catalog import load_catalog
    from nqreport.config.settings import load_settings
    from nqreport.config.workspace import workspace_workbooks

    settings = load_settings(directory)
    start = time.perf_counter()
    workbooks = workspace_workbooks(settings)
    catalog = load_catalog(settings.catalog_path)
    check = partial(_read_one, catalog=catalog, year=settings.year, root=settings.root)
    workers, chunk = pool_shape(BuildOptions(jobs=jobs), len(workbooks))
    if workers == 1:
        read = sum(map(check, workbooks))
    else:
        with ProcessPoolExecutor(max_workers=workers) as executor:
            read = sum(executor.map(check, workbooks, chunksize=chunk))
    return {"seconds": time.perf_counter() - start, "read": read, "workbooks": len(workbooks)}


def _read_one(path: Path, catalog: Any, year: int | None, root: Path) -> int:
    """What a worker does before it evaluates: the file's hash for the manifest, the read and the checks, the
    figures for the rule across communes."""
    from nqreport.validate import validate_workbook
    from nqreport.validate.outliers import commune_figures
    from nqreport.write.manifest import sha256_file

    sha256_file(path)
    result = validate_workbook(path, catalog, name=path.name, year=year, root=root)
    commune_figures(result, catalog)
    return int(result.data is not None)


# --------------------------------------------------------------------------- the parent


def _child(*args: str) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
    data: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return data


def _build_args(directory: Path, jobs: int | None, profile: bool = False) -> list[str]:
    args = ["--measure", str(directory)]
    if jobs is not None:
        args += ["--jobs", str(jobs)]
    if profile:
        args.append("--profile")
    return args


def run_size(count: int, args: argparse.Namespace) -> float:
    """Alternate builds and floors for ``count`` communes; print the figures; return the build's median."""
    sys.path.insert(0, str(HERE))
    from synth import make_workspace

    directory = args.cache / f"{count}"
    start = time.perf_counter()
    make_workspace(directory, count)
    made = time.perf_counter() - start
    builds: list[dict[str, Any]] = []
    floors: list[dict[str, Any]] = []
    reads: list[dict[str, Any]] = []
    jobs = [] if args.jobs is None else ["--jobs", str(args.jobs)]
    for _ in range(args.rounds):
        builds.append(_child(*_build_args(directory, args.jobs, args.profile)))
        floors.append(_child("--floor", str(directory)))
        reads.append(_child("--reading", str(directory), *jobs))
    build_s = float(statistics.median(b["seconds"] for b in builds))
    floor_s = statistics.median(f["seconds"] for f in floors)
    last = builds[-1]
    print(f"{count} xã (workspace ready in {made:.1f} s), {args.rounds} alternating rounds:")
    print(f"  build {build_s:.3f} s ({build_s / max(1, last['communes']) * 1000:.1f} ms per commune; "
          f"{last['outputs']} files, {last['skipped']} skipped); I/O floor {floor_s:.3f} s "
          f"({floors[-1]['files']} files written, {floors[-1]['read_bytes'] / 1e6:.1f} MB read)")
    print(f"  build ÷ floor = {build_s / floor_s:.2f}   (rounds: "
          + ", ".join(f"{b['seconds']:.2f}/{f['seconds']:.2f}" for b, f in zip(builds, floors, strict=True)) + ")")
    read_s = statistics.median(r["seconds"] for r in reads)
    print(f"  reading and checking the {reads[-1]['workbooks']} workbooks alone: {read_s:.3f} s = "
          f"{read_s / floor_s:.2f} × the floor ({read_s / (2.5 * floor_s):.0%} of 2.5 × floor); "
          f"the rest of the build {build_s - read_s:.3f} s = {(build_s - read_s) / floor_s:.2f} × the floor")
    print(f"  peak memory: parent {max(b['peak_parent_mb'] for b in builds):.0f} MB, "
          f"largest worker {max(b['peak_worker_mb'] for b in builds):.0f} MB")
    timings = dict(sorted(dict(last["timings"]).items(), key=lambda kv: -kv[1]))
    print("  stage seconds (summed over workers): " + ", ".join(f"{s} {v:.2f}" for s, v in timings.items()))
    return build_s


def threshold(args: argparse.Namespace) -> None:
    """One process against all cores for small workspaces: where worker processes start to pay off."""
    sys.path.insert(0, str(HERE))
    from synth import make_workspace

    print("communes  one process  all cores  ratio (all cores ÷ one)")
    for count in (2, 4, 8, 16, 24, 32, 48, 64):
        directory = args.cache / f"{count}"
        make_workspace(directory, count)
        one, many = [], []
        for _ in range(args.rounds):
            one.append(_child(*_build_args(directory, 1))["seconds"])
            many.append(_child(*_build_args(directory, 0))["seconds"])
        a, b = statistics.median(one), statistics.median(many)
        print(f"{count:8d}  {a:10.3f} s  {b:8.3f} s  {b / a:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--rounds", type=int, default=3, help="alternating build/floor rounds per size")
    parser.add_argument("--jobs", type=int, default=None,
                        help="worker processes (default: as nqreport decides; 0 = all cores even when small)")
    parser.add_argument("--profile", action="store_true", help="one process under cProfile")
    parser.add_argument("--threshold", action="store_true", help="one process against all cores, 2–64 communes")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "nqreport-bench")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reading", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure is not None:
        jobs = args.jobs
        if jobs == 0:  # all cores, whatever the size
            jobs = os.cpu_count() or 1
        print(json.dumps(measure(args.measure, jobs, args.profile)))
        return 0
    if args.floor is not None:
        print(json.dumps(floor(args.floor)))
        return 0
    if args.reading is not None:
        jobs = (os.cpu_count() or 1) if args.jobs == 0 else args.jobs
        print(json.dumps(reading(args.reading, jobs)))
        return 0
    if args.threshold:
        threshold(args)
        return 0
    medians = {count: run_size(count, args) for count in args.counts}
    if 100 in medians and 1000 in medians:
        print(f"t(1000) ÷ t(100) = {medians[1000] / medians[100]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
