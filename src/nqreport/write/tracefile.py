"""The trace files of a build: ``truy-vet.json`` in each commune's folder and in ``tong-hop/``.

Each says, for every report of its folder, every figure printed with the cells it comes from
(docs/lap-bao-cao.md, "Truy vết từng con số"), and, for a commune, the state the next build compares
with (:mod:`nqreport.changes`). Like the manifest, a trace holds nothing that changes from run to run
for the same inputs. This module only encodes and reads them; what they hold is made by the pipeline.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

TRACE_NAME = "truy-vet.json"
TRACE_FORMAT = "1"
#: The comparison with the previous build (written at the top of outputs/).
CHANGES_NAME = "thay-doi.md"


def _ordered(trace: Mapping[str, Any]) -> dict[str, Any]:
    return {"trace_format": trace.get("trace_format"), **({"state": trace["state"]} if "state" in trace else {}),
            **{k: v for k, v in trace.items() if k not in ("trace_format", "state")}}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def trace_bytes(trace: Mapping[str, Any]) -> bytes:
    """The trace as compact JSON (``python -m json.tool`` lays it out), written by the C encoder in one
    pass: laid out line by line it took three times as long, for 3,321 communes. Its ``state``, which the
    next build reads back, comes first (:func:`previous_state` then reads that part only)."""
    return _dumps(_ordered(trace)).encode("utf-8") + b"\n"


def _pieces(value: Any, depth: int) -> Iterator[str]:
    """``value`` as :func:`_dumps` writes it, in pieces: the members of dicts and lists ``depth`` levels
    down each encoded on its own. A sequence that is no list or tuple (a summary total's cells, named only
    when read) is written as a list, 256 members at a time, at any depth."""
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, list, tuple)):
        yield "["
        members = iter(value)
        first = True
        while chunk := list(itertools.islice(members, 256)):
            yield ("" if first else ",") + ",".join(_dumps(member) for member in chunk)
            first = False
        yield "]"
    elif depth > 0 and isinstance(value, dict):
        yield "{"
        for index, (key, member) in enumerate(value.items()):
            yield ("," if index else "") + _dumps(str(key)) + ":"
            yield from _pieces(member, depth - 1)
        yield "}"
    elif depth > 0 and isinstance(value, list):
        yield "["
        for index, member in enumerate(value):
            if index:
                yield ","
            yield from _pieces(member, depth - 1)
        yield "]"
    else:
        yield _dumps(value)


def write_trace(path: Path, trace: Mapping[str, Any]) -> None:
    """:func:`trace_bytes` written to ``path`` piece by piece, the same bytes: a country's summary trace
    names every commune's cells (tens of megabytes), and encoded whole it was held twice over at once."""
    with path.open("wb", buffering=1 << 16) as file:
        for piece in _pieces(_ordered(trace), 4):
            file.write(piece.encode("utf-8"))
        file.write(b"\n")


def read_trace(path: Path) -> dict[str, Any] | None:
    """A trace file left by an earlier build, or None when there is none or it cannot be read (a trace
    edited by hand, cut short, of another format): an earlier state that cannot be read compares as none,
    it never stops a build."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("trace_format") != TRACE_FORMAT:
        return None
    return data


def previous_state(outputs: Path, folder: str, code: str) -> dict[str, Any] | None:
    """The state an earlier build left for commune ``code``: in its folder, or in another folder of the
    same code (the commune's name was spelt differently then); None when there is none."""
    path = outputs / folder / TRACE_NAME
    if not path.is_file():
        prefix = f"{code}-"
        try:
            others = sorted(p / TRACE_NAME for p in outputs.glob(f"{prefix}*") if (p / TRACE_NAME).is_file())
        except OSError:
            return None
        if not others:
            return None
        path = others[0]
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    # The state is the second member of a trace this version wrote: read it alone, not the whole file.
    head = f'{{"trace_format":"{TRACE_FORMAT}","state":'
    if text.startswith(head):
        try:
            state, _ = json.JSONDecoder().raw_decode(text, len(head))
        except ValueError:
            state = None
    else:
        data = read_trace(path)
        state = data.get("state") if data is not None else None
    return state if isinstance(state, dict) else None
