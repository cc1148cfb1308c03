"""How long ``nqreport collect`` and ``nqreport status`` take for the largest province.

Makes (or reuses, from a cache folder) what a province office finds in its mail before a session, for the
province of the official list with the most communes (168): each commune's workbook is one of the two
example workbooks with its code, name and province changed (written by the project's blank-workbook
writer); 10 communes send nothing; 20 send twice, an older version (data to 15/6) and later a newer one
(data to 30/6); 15 send the same file twice ("… (1).xlsx"); every file is named as mail and Zalo name
attachments, without accents; 40 arrive inside a .zip of attachments, inside a sub-folder; a PDF and an
empty file come along. Then, in a fresh workspace naming that province: ``collect`` (the first run, which
files everything), ``collect`` again on the same sources (which changes nothing), a newer round of five
workbooks (which replaces and archives), and ``status`` (which validates every workbook); the figures are
printed, and checked against what the sources hold.

    python benchmarks/bench_collect.py
    python benchmarks/bench_collect.py --province 20      # another province (code or name)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from nqreport.collect import Action, collect
from nqreport.collect.status import workspace_board
from nqreport.config.communes import Unit, load_register
from nqreport.config.settings import load_settings
from nqreport.scaffold.blank import BlankSpec, write_blank
from nqreport.scaffold.examples import examples
from nqreport.text import strip_accents

MISSING = 10
TWICE = 20
SAME_FILE_TWICE = 15
IN_ZIP = 40
LATE_ROUND = 5
OLD_CUTOFF, NEW_CUTOFF = date(2026, 6, 15), date(2026, 6, 30)


def biggest_province() -> str:
    sizes = Counter(unit.province_code for unit in load_register().units)
    return sizes.most_common(1)[0][0]


def spec_for(unit: Unit, number: int, cutoff: date) -> BlankSpec:
    example = examples()[number % 2].spec
    commune = {**example.commune, "cutoff": cutoff, "place": unit.name, "province_code": unit.province_code,
               "issuing_body": f"Ủy ban nhân dân {unit.full_name}"}
    return replace(example, code=unit.code, name=unit.name, unit_type=unit.level, province=unit.province,
                   commune=commune, banner="Số liệu giả lập.")


def mail_name(unit: Unit, copy: int = 0) -> str:
    """ "Bao cao 6 thang phuong Ben Thanh (1).xlsx": what a mail program saves an attachment as."""
    tail = f" ({copy})" if copy else ""
    return strip_accents(f"Bao cao 6 thang {unit.full_name}{tail}.xlsx")


def stamp(path: Path, when: datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def make_sources(folder: Path, units: list[Unit]) -> Path:
    """The attachments of the province (reused when already made for the same communes)."""
    marker = folder / ".communes"
    wanted = ",".join(u.code for u in units)
    if marker.is_file() and marker.read_text(encoding="utf-8") == wanted:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    mail, zalo, late = folder / "thu", folder / "thu" / "Zalo", folder / "muon"
    for path in (mail, zalo, late):
        path.mkdir(parents=True)
    sent = units[:-MISSING]
    zipped: list[Path] = []
    for number, unit in enumerate(sent):
        if number < TWICE:  # the first version, superseded below
            older = mail / mail_name(unit, 1)
            write_blank(older, spec_for(unit, number, OLD_CUTOFF))
            stamp(older, datetime(2026, 6, 18, 8))
        path = mail / mail_name(unit)
        write_blank(path, spec_for(unit, number, NEW_CUTOFF))
        stamp(path, datetime(2026, 7, 2, 9))
        if TWICE <= number < TWICE + SAME_FILE_TWICE:
            shutil.copy2(path, mail / mail_name(unit, 2))
        if len(sent) - IN_ZIP <= number:
            zipped.append(path)
    with zipfile.ZipFile(zalo / "tep dinh kem.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for path in zipped:
            archive.write(path, f"Tải về/{path.name}")
    for path in zipped:
        path.unlink()
    for number, unit in enumerate(sent[TWICE:TWICE + LATE_ROUND]):  # a corrected round after the deadline
        path = late / mail_name(unit)
        write_blank(path, spec_for(unit, number + TWICE, date(2026, 7, 5)))
        stamp(path, datetime(2026, 7, 6, 14))
    (mail / "Ke hoach hop.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (mail / "Bao cao (3).xlsx").write_bytes(b"")
    marker.write_text(wanted, encoding="utf-8")
    return folder


def seconds(start: float) -> str:
    return f"{time.perf_counter() - start:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--province", default=None, help="code or name (default: the one with most communes)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "nqreport-bench-collect")
    args = parser.parse_args(argv)
    register = load_register()
    province = register.province_code(args.province) if args.province else biggest_province()
    if province is None:
        print(f"no province {args.province}", file=sys.stderr)
        return 2
    units = list(register.in_province(province))
    start = time.perf_counter()
    sources = make_sources(args.cache / f"nguon-{province}", units)
    print(f"{register.province_full(province)}: {len(units)} communes; attachments ready in {seconds(start)}")

    workspace = args.cache / "ws"
    if workspace.exists():
        shutil.rmtree(workspace)
    (workspace / "inputs").mkdir(parents=True)
    (workspace / "nqreport.toml").write_text(f'year = 2026\nperiod = "6 tháng"\nprovince = {province}\n',
                                             encoding="utf-8")
    settings = load_settings(workspace)
    mail = sources / "thu"

    first = collect(settings, [mail])
    counts = Counter(d.action for d in first.decisions)
    print(f"collect, first run: {first.seconds:.2f} s for {len(first.decisions)} files "
          f"({', '.join(f'{action.value} {n}' for action, n in sorted(counts.items()))})")
    assert counts[Action.ADDED] == len(units) - MISSING, counts
    assert counts[Action.OLDER] == TWICE and counts[Action.DUPLICATE] == SAME_FILE_TWICE, counts
    assert counts[Action.REFUSED] == 2, counts

    again = collect(settings, [mail])
    print(f"collect again, same sources: {again.seconds:.2f} s, changed: {again.changed}")
    assert not again.changed

    late = collect(settings, [sources / "muon"])
    print(f"collect, a late round of {LATE_ROUND}: {late.seconds:.2f} s, replaced {late.count(Action.REPLACED)}")
    assert late.count(Action.REPLACED) == LATE_ROUND

    start = time.perf_counter()
    board = workspace_board(settings)
    print(f"status: {seconds(start)}; {len(board.received)} received, {len(board.missing)} missing: "
          + ", ".join(row.name for row in board.missing))
    assert len(board.missing) == MISSING
    return 0


if __name__ == "__main__":
    sys.exit(main())
