"""A workbook handed in through the page: filed by ``collect``, then checked and evaluated for the official.

Nothing from the request becomes a path: the file's name is only shown (and its extension kept when it is a
workbook's, as ``collect`` does), the bytes are read in memory (a .zip of attachments too, with the reader's
size checks), and ``collect`` files the workbook under the standard name of the commune it names
(``inputs/06004-quoc-khanh.xlsx``), archiving the one it replaces. A commune's link hands in only that
commune's workbooks: any other is refused before ``collect`` sees it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from nqreport.aggregate import CommuneReport, evaluate_commune
from nqreport.collect import collect_items
from nqreport.collect.plan import Action, Decision
from nqreport.collect.sources import Item, items_of
from nqreport.config.catalog import Catalog, load_catalog
from nqreport.config.communes import load_register
from nqreport.config.expected import Expectation, expectation
from nqreport.config.settings import Settings
from nqreport.config.workspace import WORKBOOK_SUFFIXES
from nqreport.errors import WorkbookError
from nqreport.model import ReadResult
from nqreport.read.workbook import read_identity
from nqreport.serve.access import Access
from nqreport.serve.gate import Gate
from nqreport.validate import validate_workbook
from nqreport.validate.communes import identify

#: Longest file name shown.
_NAME_LENGTH = 120


@dataclass(frozen=True)
class Upload:
    """One file of the form: its name as the browser gave it, and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Handed:
    """One workbook handed in: what ``collect`` did with it (or why this link may not hand it in), its
    problems and its indicators."""

    origin: str
    #: ``collect``'s decision; None when refused before (another commune's workbook on a commune's link).
    decision: Decision | None
    #: Why it was refused before ``collect`` ("" otherwise).
    refusal: str = ""
    result: ReadResult | None = None
    report: CommuneReport | None = None
    code: str | None = None

    @property
    def filed(self) -> bool:
        return self.decision is not None and self.decision.action in (Action.ADDED, Action.REPLACED)


def shown_name(name: str) -> str:
    """The file's own name, without the folders some browsers send, control characters or great length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "tệp không tên"
    return base if len(base) <= _NAME_LENGTH else base[: _NAME_LENGTH - 1] + "…"


class Receiver:
    """Files uploads into one workspace, one at a time through the gate."""

    def __init__(self, gate: Gate, *, wait: float) -> None:
        self.gate = gate
        self.wait = wait
        self._last = datetime.min

    def receive(self, settings: Settings, uploads: Sequence[Upload], access: Access) -> list[Handed]:
        """File ``uploads``; raises :class:`~nqreport.serve.gate.Busy` when the workspace stays busy."""
        catalog = load_catalog(settings.catalog_path)
        expect = expectation(settings)
        items = [item for upload in uploads
                 for item in items_of(shown_name(upload.name), shown_name(upload.name), upload.data, None)]
        handed: dict[int, Handed] = {}
        allowed: list[tuple[int, Item]] = []
        for index, item in enumerate(items):
            refusal, code = _refusal(item, access, catalog, expect)
            if refusal:
                handed[index] = Handed(item.origin, None, refusal, code=code)
            else:
                allowed.append((index, item))
        if allowed:
            with self.gate.filing(self.wait):
                now = self._now()
                # The time a workbook was sent decides between two of one commune with the same cut-off
                # date: the one filed later wins, as the official expects of "send it again".
                result = collect_items(settings, [replace(item, modified=now) for _, item in allowed],
                                       now=now, catalog=catalog)
            for (index, item), decision in zip(allowed, result.decisions, strict=True):
                handed[index] = Handed(item.origin, decision, code=decision.workbook.code)
        out = []
        for index, item in enumerate(items):
            done = handed[index]
            if item.data is not None:
                checked = _check(item, catalog, settings, expect)
                done = replace(done, result=checked, report=_evaluate(checked, settings))
            out.append(done)
        return out

    def _now(self) -> datetime:
        """Strictly later than the last upload filed (the clock may stand still or step back)."""
        now = datetime.now()
        if now <= self._last:
            now = self._last + timedelta(milliseconds=1)
        self._last = now
        return now


def _refusal(item: Item, access: Access, catalog: Catalog, expect: Expectation) -> tuple[str, str | None]:
    """Why ``access`` may not hand this file in ("" when it may), and the commune it names."""
    if access.is_admin:
        return "", None
    if item.data is None:
        return item.problem, None
    try:
        identity = read_identity(item.data, catalog, label=item.origin)
    except WorkbookError as exc:
        return exc.message, None
    found = identify(identity, expect)
    unit = found.unit
    if unit is None:
        return found.reason, None
    if unit.code != access.commune:
        own = load_register().get(access.commune or "")
        own_name = f"{own.full_name} (mã {own.code})" if own is not None else f"mã {access.commune}"
        where = f" ở {identity.sheet} › {identity.code_cell}" if identity.code_cell else ""
        return (f"sổ này là sổ của {unit.described} (mã {unit.code}{where}); đường dẫn này chỉ nhận sổ của "
                f"{own_name}. Nếu đây đúng là sổ của xã mình, hãy sửa mã xã và tên xã trong sổ rồi gửi lại; nếu "
                f"gửi nhầm tệp, hãy chọn đúng sổ của {own.full_name if own else 'xã mình'}"), unit.code
    return "", unit.code


def _check(item: Item, catalog: Catalog, settings: Settings, expect: Expectation) -> ReadResult:
    """The workbook's problems, named by the file the official sent (read from a private copy: the reader
    reads files)."""
    assert item.data is not None
    suffix = Path(item.name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="nqreport-serve-") as folder:
        path = Path(folder) / f"so{suffix if suffix in WORKBOOK_SUFFIXES else '.xlsx'}"
        path.write_bytes(item.data)
        return validate_workbook(path, catalog, name=item.origin, year=settings.year, expect=expect)


def _evaluate(result: ReadResult, settings: Settings) -> CommuneReport | None:
    if result.data is None:
        return None
    return evaluate_commune(result.data, settings.period, settings.evaluation)


__all__ = ["Handed", "Receiver", "Upload", "shown_name"]
