"""The trace files of a build: ``truy-vet.json`` in each commune's folder and in ``tong-hop/``.

Each says, for every report of its folder, every figure printed with the cells it comes from
(docs/lap-bao-cao.md, "Truy vết từng con số"), and, for a commune, the state the next build compares
with (:mod:`nqreport.changes`). Like the manifest, a trace holds nothing that changes from run to run
for the same inputs. This module only encodes and reads them; what they hold is made by the pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

TRACE_NAME = "truy-vet.json"
TRACE_FORMAT = "1"
#: The comparison with the previous build (written at the top of outputs/).
CHANGES_NAME = "thay-doi.md"


def trace_bytes(trace: Mapping[str, Any]) -> bytes:
    """The trace as JSON, indented, each figure on a line of its own: readable, and a third of the size
    of full indentation."""
    return _encode(trace, 0).encode("utf-8") + b"\n"


def _flat(value: Any) -> bool:
    """A value written on one line: a scalar, a list of scalars, or an object of those (a figure)."""
    if isinstance(value, Mapping):
        return all(not isinstance(v, (Mapping, list)) or (isinstance(v, list) and _scalars(v)) for v in value.values())
    return not isinstance(value, list) or _scalars(value)


def _scalars(values: list[Any]) -> bool:
    return all(not isinstance(v, (Mapping, list)) for v in values)


def _encode(value: Any, depth: int) -> str:
    """Objects and lists indented down to the level of a figure; a figure on one line."""
    if _flat(value) or not value:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(value, Mapping):
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_encode(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    return "[\n" + ",\n".join(f"{inner}{_encode(v, depth + 1)}" for v in value) + f"\n{pad}]"


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
        prefix = f"{folder.split('-', 1)[0]}-"
        try:
            others = sorted(p / TRACE_NAME for p in outputs.glob(f"{prefix}*") if (p / TRACE_NAME).is_file())
        except OSError:
            return None
        if not others:
            return None
        path = others[0]
    data = read_trace(path)
    state = data.get("state") if data is not None else None
    return state if isinstance(state, dict) else None
