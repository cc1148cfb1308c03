"""``nqreport status``: the submission board of a workspace, from the workbooks in its inputs/ checked by
the same rules as ``nqreport validate``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from nqreport.board import Board, Received, make_board
from nqreport.config.catalog import load_catalog
from nqreport.config.expected import expectation, expected_communes
from nqreport.config.settings import Settings
from nqreport.config.workspace import find_workbooks, inputs_folder
from nqreport.model import ReadResult
from nqreport.validate import validate_workbooks
from nqreport.validate.communes import commune_code


def workspace_board(settings: Settings) -> Board:
    """Every expected commune with its workbook (or none), every other workbook of inputs/ set apart."""
    inputs = inputs_folder(settings)
    paths = find_workbooks([inputs]) if inputs is not None else []
    expect = expectation(settings)
    results = validate_workbooks(paths, load_catalog(settings.catalog_path), root=settings.root,
                                 year=settings.year, expect=expect)
    received = [received_of(result, path, settings.root) for result, path in zip(results, paths, strict=True)]
    return make_board(expected_communes(settings), received, expect.source)


def received_of(result: ReadResult, path: Path, root: Path) -> Received:
    """One workbook of inputs/ for the board: its commune, its file time, its verdict."""
    return Received.of(result, commune_code(result, path, root), file_time(path))


def file_time(path: Path) -> datetime | None:
    """When the workbook was sent: ``nqreport collect`` gives its copy the time of the file it was sent as."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None
