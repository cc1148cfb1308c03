"""The manifest of a build (outputs/manifest.json): every input with its hash, every output, every problem.

It holds nothing that changes from run to run for the same inputs (no clock, no absolute path, no
timing), so that the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nqreport.errors import Problem

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "2"

_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileRecord:
    """One file in the manifest: its path relative to the workspace, size and SHA-256."""

    path: str
    sha256: str
    size: int
    #: For inputs: "workbook", "settings", "catalog" or "template"; for outputs empty, or "changes" for
    #: thay-doi.md.
    role: str = ""
    #: False for a file listed without its hash and size (thay-doi.md: it compares with the previous
    #: build, so the same inputs do not always give the same file, and the manifest must).
    hashed: bool = True

    def to_json(self) -> dict[str, str | int]:
        data: dict[str, str | int] = {"path": self.path}
        if self.hashed:
            data.update(sha256=self.sha256, size=self.size)
        if self.role:
            data["role"] = self.role
        return data


def relative_name(path: Path, root: Path) -> str:
    """Workspace-relative POSIX path, so the manifest does not change when the workspace moves."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def manifest_dict(
    *,
    version: str,
    options: Mapping[str, Any],
    inputs: Sequence[FileRecord],
    outputs: Sequence[FileRecord],
    built: Sequence[Mapping[str, Any]],
    skipped: Sequence[tuple[str, str]],
    problems: Sequence[Problem],
    traces: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest's content. Inputs keep their reading order; outputs are sorted by path. ``traces``:
    where the summary's trace and thay-doi.md are (each commune's trace is named in ``built``)."""
    return {
        "tool": "nqreport",
        "version": version,
        "manifest_format": MANIFEST_FORMAT,
        "options": dict(options),
        "inputs": [record.to_json() for record in inputs],
        "outputs": [record.to_json() for record in sorted(outputs, key=lambda r: r.path)],
        "built": [dict(item) for item in built],
        **(traces or {}),
        "skipped": [{"file": file, "reason": reason} for file, reason in skipped],
        "errors": [p.to_json() for p in problems if p.is_error],
        "warnings": [p.to_json() for p in problems if not p.is_error],
    }


def manifest_chunks(manifest: Mapping[str, Any]) -> Iterator[bytes]:
    """The manifest as indented JSON, piece by piece: ``json.dumps`` with an indent joins a list of every
    piece, about eight times the text (12 MB for the manifest of 1,000 communes); a build writes the pieces
    straight to the file."""
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(manifest):
        yield chunk.encode("utf-8")
    yield b"\n"


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    """The manifest as indented JSON (:func:`manifest_chunks` joined)."""
    buffer = io.BytesIO()
    for chunk in manifest_chunks(manifest):
        buffer.write(chunk)
    return buffer.getvalue()
