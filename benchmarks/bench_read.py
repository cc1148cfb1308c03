"""How long reading one indicator workbook takes, per format.

Writes a 40-indicator workbook with the blank-workbook writer (as officials receive it: 150 prepared rows
with formats and dropdowns, instructions and lists sheets), copies it to .xlsx, .xls and .ods through
LibreOffice when ``soffice`` is installed (as officials' files look after an edit in LibreOffice), then
reads each file N times and prints milliseconds per read: the whole ``read_workbook``, and the raw-grid
part of it (``sheets.load_book``). With ``--compare``, also what openpyxl takes just to load the same .xlsx
(``load_workbook``, normal and read-only), the reader that was first planned.

    python benchmarks/bench_read.py            # 200 reads per file
    python benchmarks/bench_read.py -n 1000 --compare
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path

from nqreport.config.catalog import load_catalog
from nqreport.read.book import load_book
from nqreport.read.workbook import _is_wanted_sheet, read_workbook
from nqreport.scaffold.blank import BlankSpec, write_blank
from nqreport.scaffold.examples import examples

EXAMPLES = examples()
QUOC_KHANH_ROWS = list(EXAMPLES[0].spec.indicators)
BANG_MAC_ROWS = list(EXAMPLES[1].spec.indicators)


INDICATORS = 40


def make_workbook(folder: Path) -> Path:
    """Both seed communes' indicators (codes kept once) under one commune: 40 rows."""
    rows = [*QUOC_KHANH_ROWS, *({**row, "code": None} for row in BANG_MAC_ROWS)][:INDICATORS]
    path = folder / "so-chi-tieu-40.xlsx"
    spec = BlankSpec(
        code="06004",
        name="Quốc Khánh",
        province="Lạng Sơn",
        year=2026,
        commune={
            "period": "6 tháng",
            "cutoff": date(2026, 6, 30),
            "resolution_date": date(2025, 12, 18),
            "signer": "Hoàng Anh Dũng",
        },
        indicators=rows,
    )
    write_blank(path, spec)
    return path


def convert(source: Path, folder: Path) -> list[Path]:
    exe = shutil.which("soffice")
    if exe is None:
        print("soffice not found: .xls and .ods skipped")
        return []
    copies = []
    for fmt in ("xlsx", "xls", "ods"):
        outdir = folder / f"lo-{fmt}"
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{folder}/lo-profile",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                str(source),
            ],
            capture_output=True,
            check=True,
            timeout=240,
        )
        copy = outdir / f"{source.stem}.{fmt}"
        renamed = copy.with_name(f"{source.stem}-libreoffice.{fmt}")
        copy.rename(renamed)
        copies.append(renamed)
    return copies


def calamine_ratio(path: Path, catalog: object, count: int, rounds: int = 7) -> list[float]:
    """nqreport's read ÷ python-calamine's, per round of ``count`` reads each, alternating."""
    from python_calamine import CalamineWorkbook

    def calamine() -> None:
        book = CalamineWorkbook.from_path(str(path))
        for name in ("Thông tin chung", "Chỉ tiêu", "Đánh giá"):
            book.get_sheet_by_name(name).to_python()

    ratios = []
    for _ in range(rounds):
        ours = timed(lambda: read_workbook(path, catalog), count)[1]  # type: ignore[arg-type]
        theirs = timed(calamine, count)[1]
        ratios.append(ours / theirs)
    return ratios


def timed(action: Callable[[], object], count: int) -> tuple[float, float, float]:
    """(mean, median, min) milliseconds per call, after a warm-up."""
    for _ in range(5):
        action()
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.fmean(samples), statistics.median(samples), min(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=200, help="reads per file")
    parser.add_argument("--compare", action="store_true", help="also time openpyxl loading the .xlsx")
    parser.add_argument("--calamine", action="store_true",
                        help="ratio to python-calamine (pip install python-calamine), alternating rounds")
    args = parser.parse_args()
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        original = make_workbook(folder)
        files = [original, *convert(original, folder)]
        print(
            f"{INDICATORS} indicators, {args.count} reads per file; milliseconds per read (mean / median / min)"
        )
        for path in files:
            if path.suffix == ".xlsx" and args.calamine:
                rounds = calamine_ratio(path, catalog, args.count)
                print(f"  {path.name}: read_workbook ÷ python-calamine (the three sheets' values, no formats) = "
                      f"{statistics.median(rounds):.2f} (rounds: {', '.join(f'{r:.2f}' for r in rounds)})")
            result = read_workbook(path, catalog)
            assert result.data is not None and len(result.data.indicators) == INDICATORS, result.problems
            whole = timed(lambda p=path: read_workbook(p, catalog), args.count)  # type: ignore[misc]
            raw = timed(lambda p=path: load_book(p, _is_wanted_sheet), args.count)  # type: ignore[misc]
            print(
                f"  {path.name:<34} {path.stat().st_size // 1024:>4} KiB   read_workbook "
                f"{whole[0]:6.2f} / {whole[1]:6.2f} / {whole[2]:6.2f}   of which raw grid "
                f"{raw[0]:6.2f} / {raw[1]:6.2f} / {raw[2]:6.2f}"
            )
        if args.compare:
            import openpyxl

            data = original.read_bytes()
            warnings.simplefilter("ignore")
            for label, kwargs in (("normal", {}), ("read-only", {"read_only": True})):

                def load(kw: dict[str, bool] = kwargs) -> None:
                    wb = openpyxl.load_workbook(io.BytesIO(data), **kw)
                    for name in ("Thông tin chung", "Chỉ tiêu", "Đánh giá"):
                        for _ in wb[name].iter_rows(values_only=True):
                            pass

                mean, median, low = timed(load, max(20, args.count // 10))
                print(
                    f"  openpyxl {label:<9} load + iterate 3 sheets of {original.name}: "
                    f"{mean:6.2f} / {median:6.2f} / {low:6.2f}"
                )


if __name__ == "__main__":
    main()
