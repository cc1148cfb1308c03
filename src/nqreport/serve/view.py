"""What the board shows: the workspace's workbooks validated and evaluated by the library, computed again
only when something it depends on changed (a page of 65 communes reads 65 workbooks; a phone reloading it
every few seconds should not).

The board is :func:`nqreport.board.make_board` over the same validation as ``nqreport status``
(:func:`nqreport.collect.status.received_of`); the counts of statuses are :func:`nqreport.summary.build_summary`'s,
which evaluates exactly the workbooks a build would build.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nqreport.aggregate import CommuneReport, StatusCounts, evaluate_commune
from nqreport.board import Board, BoardRow, make_board
from nqreport.collect.status import received_of
from nqreport.config.catalog import load_catalog
from nqreport.config.expected import expectation
from nqreport.config.settings import SETTINGS_FILE, Settings, load_settings
from nqreport.config.workspace import find_workbooks, inputs_folder
from nqreport.errors import ConfigError
from nqreport.model import ReadResult
from nqreport.summary import build_summary
from nqreport.validate import validate_workbooks


@dataclass(frozen=True)
class WorkspaceView:
    settings: Settings
    board: Board
    #: Each workbook of inputs/ as validated, by its name in messages ("inputs/06004-quoc-khanh.xlsx").
    results: dict[str, ReadResult]
    #: The communes a build would build (no errors), evaluated, by code.
    reports: dict[str, CommuneReport]
    totals: StatusCounts = field(default_factory=StatusCounts)

    def row(self, code: str) -> BoardRow | None:
        return next((row for row in self.board.rows if row.code == code), None)

    def commune_results(self, code: str) -> list[ReadResult]:
        row = self.row(code)
        return [self.results[f.file] for f in row.files if f.file in self.results] if row is not None else []

    def evaluated(self, result: ReadResult) -> CommuneReport | None:
        """The commune of a workbook evaluated, also when it has errors (for the official to see what is
        read already); None when it could not be read."""
        if result.data is None:
            return None
        if result.ok and result.data.commune.code in self.reports:
            return self.reports[result.data.commune.code]
        return evaluate_commune(result.data, self.settings.period, self.settings.evaluation)


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        info = path.stat()
    except OSError:
        return (path.name, -1, -1)
    return (path.name, info.st_size, info.st_mtime_ns)


def fingerprint(root: Path) -> tuple[object, ...]:
    """What the view depends on: the settings file, the files of inputs/ and those the settings name."""
    settings_path = root / SETTINGS_FILE
    stamps: list[object] = [_stamp(settings_path)]
    try:
        settings = load_settings(root)
    except ConfigError as exc:
        return (*stamps, exc.message)
    for extra in (settings.catalog_path, settings.root / settings.communes if settings.communes else None):
        if extra is not None:
            stamps.append(_stamp(extra))
    inputs = settings.inputs_path
    if inputs.is_dir():
        with os.scandir(inputs) as entries:
            stamps.extend(sorted(_stamp(Path(entry.path)) for entry in entries))
    return tuple(stamps)


def compute(root: Path) -> WorkspaceView:
    settings = load_settings(root)
    inputs = inputs_folder(settings)
    paths = find_workbooks([inputs]) if inputs is not None else []
    expect = expectation(settings)
    catalog = load_catalog(settings.catalog_path)
    results = validate_workbooks(paths, catalog, root=settings.root, year=settings.year, expect=expect)
    received = [received_of(result, path, settings.root) for result, path in zip(results, paths, strict=True)]
    board = make_board(expect.units(), received, expect.source)
    summary = build_summary(results, catalog, settings)
    reports = {report.data.commune.code: report for report in summary.reports}
    return WorkspaceView(settings, board, {r.name: r for r in results}, reports,
                         _sum(report.counts for report in summary.reports))


def _sum(counts: Iterable[StatusCounts]) -> StatusCounts:
    total = StatusCounts()
    for item in counts:
        total = total + item
    return total


class Views:
    """The current view of one workspace, kept while its fingerprint holds."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._kept: tuple[tuple[object, ...], WorkspaceView] | None = None

    def current(self) -> WorkspaceView:
        with self._lock:
            stamp = fingerprint(self.root)
            if self._kept is not None and self._kept[0] == stamp:
                return self._kept[1]
            view = compute(self.root)
            self._kept = (stamp, view)
            return view
