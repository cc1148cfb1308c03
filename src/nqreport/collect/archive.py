"""Carrying out ``nqreport collect``'s decisions: workbooks copied into inputs/, the ones they replace kept in
the archive folder, and a line in the log for each change.

- ``luu-tru/`` at the workspace root holds every workbook a newer one replaced, named
  ``<its name in inputs>.<cut-off date>.<first 8 hex digits of its SHA-256>.<ext>``
  (``06004-quoc-khanh.2026-06-15.a1b2c3d4.xlsx``): the same workbook is archived once, two versions never
  share a name, and the names sort by commune, then by date.
- ``luu-tru/nhat-ky.csv`` (UTF-8 with a BOM, so that Excel shows the Vietnamese letters) gets a line for
  every workbook added to or replaced in inputs/: when, what, which commune, which file, from where, which
  file it replaced and where that one now is, and why.

Every file is written whole (:func:`nqreport.write.files.atomic_write`) and carries the time the workbook
was sent, so that a later run still knows which of two workbooks is newer. A replaced workbook is archived
before its successor takes its place, and removed from inputs/ only once the successor is in.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from nqreport.collect.plan import Action, Decision, Workbook
from nqreport.errors import OutputError, os_reason
from nqreport.write.files import atomic_write

ARCHIVE_DIR = "luu-tru"
LOG_NAME = "nhat-ky.csv"
LOG_HEADER = ("Thời gian", "Việc", "Mã xã", "Tên xã", "Tệp trong inputs", "Nguồn", "Số liệu tính đến",
              "Bản cũ", "Bản cũ lưu tại", "Lý do")
_LOG_ACTIONS = {Action.ADDED: "Thêm", Action.REPLACED: "Thay"}


def archive_name(workbook: Workbook) -> str:
    path = Path(workbook.origin)
    when = workbook.cutoff.isoformat() if workbook.cutoff is not None else "khong-ngay"
    return f"{path.stem}.{when}.{workbook.sha256[:8]}{path.suffix}"


def carry_out(decisions: Sequence[Decision], contents: Mapping[str, bytes], *, inputs: Path, root: Path,
              now: datetime) -> list[tuple[str, ...]]:
    """Write what the decisions say; returns the lines added to the log (also when a write fails half-way:
    the log then says what was done before the failure, and the error is raised after)."""
    archive = root / ARCHIVE_DIR
    lines: list[tuple[str, ...]] = []
    try:
        for decision in decisions:
            if decision.action in _LOG_ACTIONS:
                lines += _one(decision, contents[decision.workbook.sha256], inputs, archive, root, now)
    finally:
        if lines:
            _append_log(archive / LOG_NAME, lines)
    return lines


def _one(decision: Decision, data: bytes, inputs: Path, archive: Path, root: Path,
         now: datetime) -> list[tuple[str, ...]]:
    workbook = decision.workbook
    unit = workbook.found.unit if workbook.found is not None else None
    assert unit is not None
    target = inputs / decision.target
    archived: list[tuple[Workbook, Path]] = []
    for old in decision.replaces:
        kept = archive / archive_name(old)
        if not kept.exists():
            source = inputs / old.origin
            try:
                mtime = source.stat().st_mtime
                atomic_write(kept, source.read_bytes(), mtime=mtime)
            except OSError as exc:
                raise OutputError(f"{source}: không chép được vào {ARCHIVE_DIR}/: {os_reason(exc)}") from exc
        archived.append((old, kept))
    sent = workbook.modified.timestamp() if workbook.modified is not None else None
    atomic_write(target, data, mtime=sent)
    for old, _ in archived:
        previous = inputs / old.origin
        # "06004-Quoc-Khanh.xlsx" is the new file itself where names ignore case (Windows, macOS).
        with contextlib.suppress(FileNotFoundError):
            if not previous.samefile(target):
                previous.unlink()
    when = now.strftime("%Y-%m-%d %H:%M:%S")
    cutoff = workbook.cutoff.strftime("%d/%m/%Y") if workbook.cutoff is not None else ""
    shown = _shown(target, root)
    common = (when, _LOG_ACTIONS[decision.action], unit.code, unit.full_name, shown, workbook.origin, cutoff)
    if not archived:
        return [(*common, "", "", decision.reason)]
    return [(*common, old.origin, _shown(kept, root), decision.reason) for old, kept in archived]


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _append_log(path: Path, lines: Sequence[tuple[str, ...]]) -> None:
    """The log rewritten whole with the new lines at its end (a reader never sees half a line)."""
    try:
        previous = path.read_bytes() if path.exists() else b""
    except OSError as exc:
        raise OutputError(f"{path}: không đọc được nhật ký: {os_reason(exc)}") from exc
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if not previous:
        writer.writerow(LOG_HEADER)
    writer.writerows(lines)
    added = buffer.getvalue().encode("utf-8")
    if not previous:
        added = b"\xef\xbb\xbf" + added
    elif not previous.endswith(b"\n"):
        previous += b"\r\n"
    atomic_write(path, previous + added)
