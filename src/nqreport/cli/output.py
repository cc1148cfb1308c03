"""What the commands print: problems grouped by file, the build's progress bar and closing line.

Presentation belongs here, not in the library: the library returns results; these lines say them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # the build is imported by the command that runs it, not by --help
    from nqreport.build import BuildResult
    from nqreport.errors import Problem

#: The progress bar appears from this many communes on (below, a build takes a second or two).
PROGRESS_MIN = 10
#: Most skipped files named in the closing line; the rest are counted.
CLOSING_NAMES = 5
#: Most changes since the last build listed before the closing line; all are in outputs/thay-doi.md.
CHANGES_SHOWN = 30
#: Stages of ``BuildResult.timings`` as shown with -vv.
STAGE_LABELS = {
    "read": "đọc sổ", "evaluate": "đánh giá", "context": "chuẩn bị dữ liệu cho mẫu", "render": "điền mẫu Word",
    "write": "ghi tạm", "summary": "tổng hợp", "pdf": "xuất PDF", "promote": "chuyển vào outputs",
    "trace": "truy vết, so với lần trước", "review": "bản kiểm tra",
}


def print_problems(problems: Sequence[Problem], *, strict: bool = False, quiet: bool = False) -> None:
    """Problems grouped by file, errors first within each file, as ``file › sheet › cell: …``. With
    ``quiet`` only what fails the run is printed (errors, and warnings under ``strict``)."""
    if quiet and not strict:
        problems = [p for p in problems if p.is_error]
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    for file, items in by_file.items():
        errors = sum(p.is_error for p in items)
        warnings = len(items) - errors
        parts = [f"{errors} lỗi"] if errors else []
        if warnings:
            parts.append(f"{warnings} cảnh báo" + (" tính là lỗi vì --strict" if strict else ""))
        click.echo(f"{file} ({', '.join(parts)}):", err=True)
        for problem in sorted(items, key=lambda p: (not p.is_error, p.sheet, _cell_order(p.cell))):
            click.echo(f"  {problem.format()}", err=True)


def _cell_order(cell: str) -> tuple[int, str]:
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits) if digits else 0, cell)


class ProgressBar:
    """The build's progress bar on stderr, from :data:`PROGRESS_MIN` communes on; a callable for
    :func:`nqreport.build.build`'s ``progress``."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_MIN:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Đang lập báo cáo", file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def closing_line(result: BuildResult) -> str:
    """What was built, what was skipped and why, and how long it took, in one Vietnamese line."""
    from nqreport.wording.numbers import format_seconds

    parts: list[str] = []
    complete = sum(b.complete for b in result.built)
    if complete or result.summary_built:
        made = f"Đã lập báo cáo và phụ lục của {complete} xã" if complete else "Đã lập"
        if result.summary_built:
            made += ", báo cáo và bảng tổng hợp" if complete else " báo cáo và bảng tổng hợp"
        if result.pdf_count:
            made += f", {result.pdf_count} bản PDF"
        parts.append(f"{made} vào {result.outputs_dir}/")
    else:
        parts.append("Không lập được báo cáo nào")
    if result.unwritten:
        more = ", …" if len(result.unwritten) > CLOSING_NAMES else ""
        parts.append(f"{len(result.unwritten)} tệp không ghi được: {', '.join(result.unwritten[:CLOSING_NAMES])}{more}")
    if result.skipped:
        named = "; ".join(f"{file} ({reason})" for file, reason in result.skipped[:CLOSING_NAMES])
        if len(result.skipped) > CLOSING_NAMES:
            named += f"; và {len(result.skipped) - CLOSING_NAMES} sổ khác"
        parts.append(f"bỏ qua {len(result.skipped)} sổ: {named}")
    other_errors = result.errors - sum(
        1 for p in result.problems if p.is_error and (result.is_skipped(p.file) or p.file in result.unwritten))
    if other_errors > 0:
        parts.append(f"{other_errors} lỗi khác")
    if result.warnings:
        parts.append(f"{result.warnings} cảnh báo" + (" (--strict: tính là lỗi)" if result.strict else ""))
    return "; ".join(parts) + f". Thời gian: {format_seconds(result.seconds, 1)} giây."


def timings_line(result: BuildResult) -> str:
    """Seconds per stage, summed over the worker processes (for -vv)."""
    from nqreport.wording.numbers import format_seconds

    return "Thời gian theo bước (cộng mọi tiến trình): " + ", ".join(
        f"{STAGE_LABELS.get(stage, stage)} {format_seconds(value, 2)} giây" for stage, value in result.timings.items())


def changes_lines(result: BuildResult) -> list[str]:
    """What moved since the last build, commune by commune (before the closing line): every figure and
    verdict, old → new, with its cell; the full list is outputs/thay-doi.md."""
    from nqreport.wording.changes import summary_lines

    return summary_lines(result.comparisons, result.outputs_dir, CHANGES_SHOWN)
