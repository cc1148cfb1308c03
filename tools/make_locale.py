"""Compile src/nqreport/data/locale/vi/LC_MESSAGES/nqreport.po into nqreport.mo (GNU gettext's binary format).

Run after editing the .po: ``python tools/make_locale.py``. The format is small enough to write here, so
the project needs neither Babel nor GNU gettext's msgfmt; tests/test_cli_i18n.py checks the committed .mo
is what this gives for the committed .po.
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "src" / "nqreport" / "data" / "locale" / "vi" / "LC_MESSAGES" / "nqreport.po"


def parse_po(text: str) -> dict[str, str]:
    """msgid (plural forms joined by NUL) → msgstr (forms joined by NUL), the header under ""."""
    entries: dict[str, str] = {}
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None

    def flush() -> None:
        if "msgid" in fields:
            key = "".join(fields["msgid"])
            if "msgid_plural" in fields:
                key += "\0" + "".join(fields["msgid_plural"])
                forms = sorted(k for k in fields if k.startswith("msgstr["))
                value = "\0".join("".join(fields[k]) for k in forms)
            else:
                value = "".join(fields.get("msgstr", []))
            entries[key] = value
        fields.clear()

    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line:
                flush()
                current = None
            continue
        if line.startswith('"'):
            assert current is not None, raw
            current.append(ast.literal_eval(line))
            continue
        keyword, _, rest = line.partition(" ")
        current = fields.setdefault(keyword, [])
        current.append(ast.literal_eval(rest))
    return entries


def mo_bytes(entries: dict[str, str]) -> bytes:
    """The .mo file of ``entries``: header, the two string tables, then the strings, keys sorted."""
    keys = sorted(entries, key=lambda k: k.encode("utf-8"))
    ids = [k.encode("utf-8") for k in keys]
    strs = [entries[k].encode("utf-8") for k in keys]
    count = len(keys)
    start = 7 * 4 + 16 * count
    offsets: list[tuple[int, int]] = []
    blob = b""
    for data in ids + strs:
        offsets.append((len(data), start + len(blob)))
        blob += data + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, start)
    tables = b"".join(struct.pack("<2I", length, offset) for length, offset in offsets)
    return header + tables + blob


def main() -> None:
    target = CATALOG.with_suffix(".mo")
    target.write_bytes(mo_bytes(parse_po(CATALOG.read_text(encoding="utf-8"))))
    print(f"Đã ghi {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
