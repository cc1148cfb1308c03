"""Reading a built report the way a checker does, and checking it against its trace (truy-vet.json).

The numbers are found here with a regular expression of their own (not the one nqreport uses), in the
text of every paragraph of the document's body (table cells included), as python-docx would read it.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: A number as a reader sees one: 1.306; 2,52; 108,7 (of 108,7%); 22/30; 30/06/2026; 06004. Digits inside a
#: word or code (KT01, m2, VNeID2) are not numbers.
NUMBER = re.compile(r"(?<![0-9A-Za-zÀ-ỹ_])[0-9]+(?:[.,/][0-9]+)*")


def example_workspace(root: Path) -> Path:
    """A copy of the repository's own workspace (inputs, templates, nqreport.toml)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("inputs", "templates"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "nqreport.toml", root / "nqreport.toml")
    return root


def body_paragraphs(docx: bytes) -> list[tuple[int, str, bool]]:
    """(number from 1, text, whether it is a table cell's whole text) of every paragraph of the body."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    out = []
    for number, paragraph in enumerate(root.iter(f"{W}p"), start=1):
        pieces = []
        for node in paragraph.iter(f"{W}t", f"{W}br", f"{W}tab"):
            pieces.append(node.text or "" if node.tag == f"{W}t" else "\n" if node.tag == f"{W}br" else "\t")
        cell = paragraph.getparent()
        whole = cell is not None and cell.tag == f"{W}tc" and len(cell.findall(f"{W}p")) == 1
        out.append((number, "".join(pieces), whole))
    return out


def trace_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def report_of(trace: dict[str, Any], file: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in trace["reports"] if r["file"] == file)
    return found


def untraced(docx: bytes, report: dict[str, Any]) -> list[str]:
    """Every number of the document's body that its trace does not name a source for, as
    "paragraph N: number (text)". Numbering (STT) counts as accounted for only where a reader takes it
    for numbering: a table cell holding only a whole number, or a whole number opening a paragraph
    followed by "." or ")"."""
    records = {p["where"]["paragraph"]: p for p in report["paragraphs"] if "part" not in p["where"]}
    missing = []
    for number, text, whole_cell in body_paragraphs(docx):
        matches = list(NUMBER.finditer(text))
        if not matches:
            continue
        record = records.get(number)
        if record is None or record["text"] != text:
            missing += [f"paragraph {number}: {m.group()} ({text})" for m in matches]
            continue
        covered = [tuple(f["at"]) for f in record.get("figures", ())]
        for item in record.get("numbering", ()):
            start, end = item["at"]
            plain = item["text"].isdigit()
            opening = start == 0 and text[end:end + 1] in (".", ")")
            if plain and (opening or (whole_cell and (start, end) == (0, len(text)))):
                covered.append((start, end))
        for match in matches:
            digits = [i for i in range(*match.span()) if text[i].isdigit()]
            if not all(any(a <= i < b for a, b in covered) for i in digits):
                missing.append(f"paragraph {number}: {match.group()} ({text})")
    return missing


def sources_of(trace: dict[str, Any]) -> dict[str, dict[str, Any]]:
    sources: dict[str, dict[str, Any]] = trace["sources"]
    return sources
