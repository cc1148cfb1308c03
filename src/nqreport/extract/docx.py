"""A Word resolution (.docx) into lines: one line per paragraph, in reading order, table cells included.

The zip has been opened by :mod:`nqreport.read.zipsafe` (sizes checked before inflating, every XML part
scanned for a DTD, a parser that resolves no entity). Word's automatic numbering is not in the text: the
numbers ("1.", "a)", "(3)", "-") are rebuilt from numbering.xml, because the reading of a resolution
hangs on them. Headers, footers, footnotes, deleted text and field codes are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nqreport.errors import ResolutionError
from nqreport.read.xlsx import office_document
from nqreport.read.zipsafe import Parts, Xml, local_name

_SKIP = {"del", "moveFrom", "instrText", "delText", "txbxContent", "Fallback", "footnoteReference",
         "commentReference", "rPr", "pPr"}
_ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50), ("xl", 40),
          ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
#: Bullet glyphs (Symbol and Wingdings private-use code points included) as the marker they stand for.
_BULLETS = {"-": "-", "–": "-", "—": "-", "−": "-", "+": "+", "o": "+", "◦": "+", "\uf02d": "-"}


def read_docx(parts: Parts, path: Path) -> list[str]:
    xml = Xml()
    main = office_document(parts) or "word/document.xml"
    content = parts.get(main)
    if content is None:
        raise ResolutionError(f"{path}: tệp Word không có phần nội dung (word/document.xml); hãy mở bằng Word rồi "
                              "lưu lại thành .docx")
    root = xml.parse(content)
    numbering = _Numbering(xml, parts.get("word/numbering.xml"), parts.get("word/styles.xml"))
    body = next((el for el in root if local_name(el.tag) == "body"), root)
    lines: list[str] = []
    for paragraph in _paragraphs(body):
        label = numbering.label(paragraph)
        text = _text(paragraph)
        for number, part in enumerate(text.split("\n")):
            lines.append(f"{label} {part}" if label and number == 0 else part)
    return lines


def _paragraphs(element: Any) -> Iterator[Any]:
    """Paragraphs in reading order, those of tables and content controls included."""
    for child in element:
        name = local_name(child.tag)
        if name == "p":
            yield child
        elif name in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "ins"):
            yield from _paragraphs(child)


def _text(paragraph: Any) -> str:
    pieces: list[str] = []

    def walk(element: Any) -> None:
        for child in element:
            name = local_name(child.tag)
            if name in _SKIP:
                continue
            if name == "t" and child.text:
                pieces.append(child.text)
            elif name == "tab":
                pieces.append(" ")
            elif name in ("br", "cr"):
                pieces.append("\n")
            elif name == "noBreakHyphen":
                pieces.append("-")
            elif name == "sym":
                pieces.append(" ")
            else:
                walk(child)

    walk(paragraph)
    return "".join(pieces)


def _attr(element: Any, name: str) -> str:
    for key, value in element.attrib.items():
        if local_name(key) == name:
            return str(value)
    return ""


def _child(element: Any, *names: str) -> Any:
    for name in names:
        if element is None:
            return None
        element = next((c for c in element if local_name(c.tag) == name), None)
    return element


class _Numbering:
    """Word's list numbers, counted paragraph by paragraph as Word counts them (per list, deeper levels
    restarting when a shallower one moves on)."""

    def __init__(self, xml: Xml, numbering: bytes | None, styles: bytes | None) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        if numbering:
            self._read_numbering(xml.parse(numbering))
        if styles:
            self._read_styles(xml.parse(styles))

    def _read_numbering(self, root: Any) -> None:
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for node in root:
            if local_name(node.tag) == "abstractNum":
                levels = {}
                for lvl in node:
                    if local_name(lvl.tag) != "lvl":
                        continue
                    start = _child(lvl, "start")
                    fmt = _child(lvl, "numFmt")
                    text = _child(lvl, "lvlText")
                    levels[int(_attr(lvl, "ilvl") or 0)] = (
                        int(_attr(start, "val") or 1) if start is not None else 1,
                        _attr(fmt, "val") if fmt is not None else "decimal",
                        _attr(text, "val") if text is not None else "",
                    )
                abstract[_attr(node, "abstractNumId")] = levels
        for node in root:
            if local_name(node.tag) != "num":
                continue
            levels = dict(abstract.get(_attr(_child(node, "abstractNumId"), "val"), {}))
            for override in node:
                start = _child(override, "startOverride")
                if local_name(override.tag) == "lvlOverride" and start is not None:
                    ilvl = int(_attr(override, "ilvl") or 0)
                    _, fmt, text = levels.get(ilvl, (1, "decimal", ""))
                    levels[ilvl] = (int(_attr(start, "val") or 1), fmt, text)
            self.levels[_attr(node, "numId")] = levels

    def _read_styles(self, root: Any) -> None:
        based: dict[str, str] = {}
        own: dict[str, tuple[str, int]] = {}
        for style in root:
            if local_name(style.tag) != "style":
                continue
            style_id = _attr(style, "styleId")
            parent = _child(style, "basedOn")
            if parent is not None:
                based[style_id] = _attr(parent, "val")
            num_pr = _child(style, "pPr", "numPr")
            if num_pr is not None:
                num_id = _child(num_pr, "numId")
                ilvl = _child(num_pr, "ilvl")
                own[style_id] = (_attr(num_id, "val") if num_id is not None else "",
                                 int(_attr(ilvl, "val") or 0) if ilvl is not None else 0)
        for style_id in set(based) | set(own):
            seen, current = set(), style_id
            while current and current not in own and current not in seen:
                seen.add(current)
                current = based.get(current, "")
            if current in own:
                self.style_num[style_id] = own[current]

    def label(self, paragraph: Any) -> str:
        num_pr = _child(paragraph, "pPr", "numPr")
        num_id, ilvl = "", 0
        style = _child(paragraph, "pPr", "pStyle")
        if style is not None:
            num_id, ilvl = self.style_num.get(_attr(style, "val"), ("", 0))
        if num_pr is not None:
            own_id = _child(num_pr, "numId")
            own_lvl = _child(num_pr, "ilvl")
            num_id = _attr(own_id, "val") if own_id is not None else num_id
            ilvl = int(_attr(own_lvl, "val") or 0) if own_lvl is not None else ilvl
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = levels[ilvl][0]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        fmt, text = levels[ilvl][1], levels[ilvl][2]
        if fmt == "bullet":
            return _BULLETS.get(text.strip(), "•") if text.strip() else ""
        label = text
        for level in range(ilvl, -1, -1):
            value = counters.get(level, levels.get(level, (1, "", ""))[0])
            level_fmt = levels.get(level, (1, "decimal", ""))[1]
            label = label.replace(f"%{level + 1}", _format(value, level_fmt))
        return label.strip()


def _format(value: int, fmt: str) -> str:
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = ""
        for symbol, size in _ROMAN:
            while value >= size:
                roman += symbol
                value -= size
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt == "none":
        return ""
    return str(value)
