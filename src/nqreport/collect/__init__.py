"""``nqreport collect``: the workbooks communes sent (files, folders, .zip of attachments) filed into
inputs/, one per commune; and ``nqreport status``: the submission board of the workspace.

A province office receives its communes' workbooks as mail and Zalo attachments: named anyhow, some twice,
some late, some of last year, some from a commune of the same name in another province. ``collect`` reads
each one's commune sheet, finds its commune in the official list (:func:`nqreport.validate.communes.identify`),
decides what to do with it (:mod:`nqreport.collect.plan`, pure) and does it
(:mod:`nqreport.collect.archive`). Sources are never changed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nqreport.collect.archive import ARCHIVE_DIR, LOG_NAME, carry_out
from nqreport.collect.plan import WRITING, Action, Decision, Workbook, Workspace, plan
from nqreport.collect.sources import Item, gather
from nqreport.config.catalog import Catalog, load_catalog
from nqreport.config.expected import Expectation, expectation
from nqreport.config.settings import Settings
from nqreport.config.workspace import (
    WORKBOOK_SUFFIXES,
    display_name,
    find_workbooks,
    inputs_folder,
    link_refusal,
)
from nqreport.errors import WorkbookError
from nqreport.read.book import read_file
from nqreport.read.workbook import read_identity
from nqreport.read.zipsafe import CFB_MAGIC
from nqreport.validate.communes import identify

__all__ = ["ARCHIVE_DIR", "LOG_NAME", "Action", "CollectResult", "Decision", "collect", "collect_items"]


@dataclass(frozen=True)
class CollectResult:
    """What ``collect`` did with each file, in the order the sources were given."""

    decisions: tuple[Decision, ...]
    seconds: float
    #: The inputs folder and the log as messages name them.
    inputs: str = "inputs"
    log: str = f"{ARCHIVE_DIR}/{LOG_NAME}"

    def count(self, *actions: Action) -> int:
        return sum(d.action in actions for d in self.decisions)

    @property
    def changed(self) -> bool:
        return self.count(*WRITING) > 0


def collect(settings: Settings, sources: Sequence[Path], *, now: datetime | None = None,
            catalog: Catalog | None = None) -> CollectResult:
    """File the workbooks found in ``sources`` into the workspace's inputs/ (see :mod:`nqreport.collect.plan`
    for the rules). Raises :class:`~nqreport.errors.NqError` only for what stops the whole run: a source that
    does not exist, not a workspace, a file that cannot be written."""
    inputs_folder(settings)  # a file, or not a workspace: told before any source is read
    items = gather(sources, skip=[settings.inputs_path, settings.outputs_path, settings.root / ARCHIVE_DIR])
    return collect_items(settings, items, now=now, catalog=catalog)


def collect_items(settings: Settings, items: Sequence[Item], *, now: datetime | None = None,
                  catalog: Catalog | None = None) -> CollectResult:
    """:func:`collect` for files already in memory (the workbooks handed in through ``nqreport serve``, each
    an :class:`~nqreport.collect.sources.Item` of :func:`~nqreport.collect.sources.items_of`)."""
    started = time.perf_counter()
    inputs_folder(settings)
    catalog = catalog or load_catalog()
    expect = expectation(settings)
    inputs = settings.inputs_path
    contents: dict[str, bytes] = {}
    arriving = []
    for item in items:
        workbook = _arriving(item, catalog, expect)
        arriving.append(workbook)
        if item.data is not None and not workbook.problem:
            contents.setdefault(workbook.sha256, item.data)
    current = _current(inputs, settings.root, catalog, expect)
    shown = display_name(inputs, settings.root)
    decisions = plan(arriving, current, Workspace(settings.year, settings.period, expect, shown))
    carry_out(decisions, contents, inputs=inputs, root=settings.root, now=now or datetime.now())
    return CollectResult(tuple(decisions), time.perf_counter() - started, inputs=shown)


def _workbook(origin: str, name: str, data: bytes, modified: datetime | None, catalog: Catalog,
              expect: Expectation) -> Workbook:
    sha = hashlib.sha256(data).hexdigest()
    try:
        identity = read_identity(data, catalog, label=origin)
    except WorkbookError as exc:
        return Workbook(origin, sha, modified, None, None, problem=exc.message)
    return Workbook(origin, sha, modified, identity, identify(identity, expect), suffix=_suffix(name, data))


def _arriving(item: Item, catalog: Catalog, expect: Expectation) -> Workbook:
    if item.data is None:
        return Workbook(item.origin, "", item.modified, None, None, problem=item.problem)
    return _workbook(item.origin, item.name, item.data, item.modified, catalog, expect)


def _current(inputs: Path, root: Path, catalog: Catalog, expect: Expectation) -> list[Workbook]:
    """The workbooks already in inputs/, each named by its file name there (a link the reader refuses with
    why, unread)."""
    if not inputs.is_dir():
        return []
    found = []
    for path in find_workbooks([inputs]):
        refusal = link_refusal(path, root)
        if refusal is not None:
            found.append(Workbook(path.name, "", None, None, None, problem=refusal))
            continue
        try:
            data = read_file(path)
        except WorkbookError as exc:
            found.append(Workbook(path.name, "", None, None, None, problem=exc.message))
            continue
        modified = datetime.fromtimestamp(path.stat().st_mtime)
        found.append(_workbook(path.name, path.name, data, modified, catalog, expect))
    return found


def _suffix(name: str, data: bytes) -> str:
    """The source's own extension when it is a workbook's; else the one its content calls for."""
    suffix = Path(name).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return suffix
    if data.startswith(CFB_MAGIC):
        return ".xls"
    return ".ods" if b"application/vnd.oasis.opendocument.spreadsheet" in data[:200] else ".xlsx"
