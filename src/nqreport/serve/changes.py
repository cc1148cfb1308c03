"""What a build changed since the one before: two manifests compared, file by file, by their SHA-256.

The same inputs give the same bytes, so an output whose hash did not change is the same report; a workbook
whose hash changed was handed in again. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Changes:
    #: There was no build before this one.
    first: bool
    added_inputs: tuple[str, ...] = ()
    changed_inputs: tuple[str, ...] = ()
    removed_inputs: tuple[str, ...] = ()
    added_outputs: tuple[str, ...] = ()
    changed_outputs: tuple[str, ...] = ()
    #: Outputs of the build before that this one did not make again (their files are kept).
    not_rebuilt: tuple[str, ...] = ()
    unchanged_outputs: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added_inputs or self.changed_inputs or self.removed_inputs or self.added_outputs
                    or self.changed_outputs or self.not_rebuilt)


def _hashes(manifest: Mapping[str, Any] | None, key: str) -> dict[str, str]:
    if manifest is None:
        return {}
    records = manifest.get(key, [])
    return {r["path"]: r["sha256"] for r in records if isinstance(r, dict)
            and isinstance(r.get("path"), str) and isinstance(r.get("sha256"), str)}


def compare(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> Changes:
    old_in, new_in = _hashes(before, "inputs"), _hashes(after, "inputs")
    old_out, new_out = _hashes(before, "outputs"), _hashes(after, "outputs")
    return Changes(
        first=before is None,
        added_inputs=tuple(p for p in new_in if p not in old_in),
        changed_inputs=tuple(p for p in new_in if p in old_in and old_in[p] != new_in[p]),
        removed_inputs=tuple(p for p in old_in if p not in new_in),
        added_outputs=tuple(p for p in new_out if p not in old_out),
        changed_outputs=tuple(p for p in new_out if p in old_out and old_out[p] != new_out[p]),
        not_rebuilt=tuple(p for p in old_out if p not in new_out),
        unchanged_outputs=sum(p in old_out and old_out[p] == new_out[p] for p in new_out),
    )
