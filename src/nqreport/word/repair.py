"""Repairing what Word does to Jinja tags: pieces spread over runs, smart quotes, non-breaking spaces.

Word splits a tag over several runs whenever something changes inside it (half of it made bold, a
spelling mark, a revision), and its AutoCorrect turns ``"`` into ``“ ”`` and spaces into non-breaking
ones. Two levels of repair:

- **at render time** (:func:`repair_xml`, called by the renderer on a copy of the template's XML, the
  user's file is never touched): the pieces of a tag that lie in sibling runs are joined into the run
  that holds most of the tag (so a bold brace does not make the figure bold), and inside tags only the
  characters Word substitutes are put back (“ ” → ", ‘ ’ → ', NBSP → space, – → -, zero-width
  characters dropped). A tag whose pieces lie in different kinds of element (one part inside a tracked
  insertion, a hyperlink or a content control) cannot be joined without changing the document: the
  render stops with :class:`SplitTagError`, which names the paragraph; docxtpl would otherwise drop the
  page setup without a word.
- **in the file** (:func:`fix_package`, for ``nqreport check --fix``): the same, plus the tags split
  across element kinds (their text is moved into a plain run), written to a copy beside the original.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from nqreport.errors import OutputError, os_reason
from nqreport.word.scan import (
    CLOSERS,
    PART_BODY,
    PART_FOOTER,
    PART_HEADER,
    TAG,
    Paragraph,
    Part,
    Segment,
    TagSpan,
    W,
    excerpt,
    find_tags,
    paragraphs,
    read_package,
    run_chain,
    template_parts,
)

#: What Word's AutoCorrect and keyboard put inside a tag, and what Jinja needs there instead.
WORD_CHARACTERS = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ",
    "\u2013": "-", "\u2014": "-",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "",
}
_TRANSLATION = str.maketrans(WORD_CHARACTERS)

#: How the messages name each kind of substituted character.
CHARACTER_NAMES = {
    '"': "dấu nháy kép cong (“ ”)",
    "'": "dấu nháy đơn cong (‘ ’)",
    " ": "dấu cách không ngắt dòng",
    "-": "gạch nối dài (–)",
    "": "ký tự ẩn không có độ rộng",
}

#: Run properties that do not change how a printed value looks (language, spelling, complex scripts).
_INVISIBLE = {"lang", "noProof", "bCs", "iCs", "szCs", "rtl", "cs", "specVanish", "webHidden", "snapToGrid",
              "kern", "eastAsianLayout"}
FORMAT_NAMES = {
    "b": "in đậm", "i": "in nghiêng", "u": "gạch chân", "sz": "cỡ chữ khác", "color": "màu chữ khác",
    "rFonts": "phông chữ khác", "highlight": "tô sáng", "shd": "tô nền", "strike": "gạch ngang",
    "dstrike": "gạch ngang", "caps": "chữ hoa", "smallCaps": "chữ hoa nhỏ", "vertAlign": "chỉ số trên/dưới",
    "rStyle": "kiểu ký tự khác", "spacing": "giãn chữ", "vanish": "ẩn chữ", "position": "nâng/hạ chữ",
}
#: What a run's enclosing element is, in Word's words.
CONTAINER_NAMES = {
    "ins": "đoạn chữ đánh dấu sửa đổi (Track Changes)",
    "del": "đoạn chữ đánh dấu xóa (Track Changes)",
    "moveTo": "đoạn chữ đánh dấu di chuyển (Track Changes)",
    "hyperlink": "liên kết (hyperlink)",
    "smartTag": "smart tag của Word",
    "sdtContent": "ô nhập liệu (content control)",
    "sdt": "ô nhập liệu (content control)",
    "fldSimple": "trường (field)",
    "customXml": "vùng XML tùy biến",
}
#: Enclosing elements that may be removed once the tag text has been moved out of them.
_REMOVABLE_WHEN_EMPTY = {"hyperlink", "ins", "smartTag", "customXml", "moveTo"}


def normalise_tag(text: str) -> str:
    """A tag's text with Word's substitutions undone (only ever applied inside ``{{ }}``/``{% %}``)."""
    return text.translate(_TRANSLATION)


def substituted(text: str) -> list[str]:
    """The names of the kinds of substituted characters in ``text``, in a stable order."""
    found = {WORD_CHARACTERS[ch] for ch in text if ch in WORD_CHARACTERS}
    return [name for key, name in CHARACTER_NAMES.items() if key in found]


# --------------------------------------------------------------------------- one tag


@dataclass(frozen=True)
class TagPieces:
    """How one tag of a paragraph lies over the paragraph's runs."""

    span: TagSpan
    text: str
    segments: tuple[Segment, ...]

    @property
    def split(self) -> bool:
        return len(self.segments) > 1

    @property
    def joinable(self) -> bool:
        """docxtpl (and the render-time repair) can join the pieces: same element chain for every run."""
        return len({run_chain(s.run) for s in self.segments}) <= 1

    def containers(self) -> list[str]:
        """Word's names of the elements that hold a piece of the tag and not the others."""
        chains = [run_chain(s.run) for s in self.segments]
        names: list[str] = []
        for chain in chains:
            for element in chain:
                if not all(element in other for other in chains):
                    name = CONTAINER_NAMES.get(element, f"phần tử {element}")
                    if name not in names:
                        names.append(name)
        return names

    def format_differences(self) -> list[str]:
        """What formatting differs between the pieces ("in đậm", "cỡ chữ khác"); empty when none shows."""
        keys = [_format_key(s.run) for s in self.segments]
        differing: set[str] = set()
        for key in keys[1:]:
            differing |= {name for name in set(key) | set(keys[0]) if key.get(name) != keys[0].get(name)}
        names: list[str] = []
        for name in sorted(differing):
            label = FORMAT_NAMES.get(name, "định dạng khác")
            if label not in names:
                names.append(label)
        return names


def _format_key(run: Any) -> dict[str, str]:
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        return {}
    key: dict[str, str] = {}
    for child in rpr:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name in _INVISIBLE or name == "rPrChange":
            continue
        attrs = sorted((etree.QName(k).localname, v) for k, v in child.attrib.items()
                       if not etree.QName(k).localname.startswith("rsid"))
        value = ";".join(f"{k}={v}" for k, v in attrs)
        if name in ("b", "i", "u", "strike", "dstrike", "caps", "smallCaps", "vanish") and value in (
                "", "val=1", "val=true", "val=on"):
            value = "on"
        if value in ("val=0", "val=false", "val=off", "val=none"):
            continue  # explicitly off is the same as absent
        key[name] = value
    return key


def tag_pieces(para: Paragraph) -> list[TagPieces]:
    """Every complete tag of a paragraph with the runs it lies in."""
    spans, _ = find_tags(para.text)
    out = []
    for span in spans:
        if not span.complete or span.end is None:
            continue
        segments = tuple(para.segments_between(span.start, span.end))
        out.append(TagPieces(span, span.text(para.text), segments))
    return out


def join_tag(pieces: TagPieces, *, prefer_plain: bool = False) -> None:
    """Move the whole tag (with Word's substitutions undone) into one run; the pieces left empty go.

    The run kept is the one holding most of the tag, so that a bold brace does not make the printed
    value bold; with ``prefer_plain`` a run outside any revision mark or hyperlink is kept first.
    """
    start, end = pieces.span.start, pieces.span.end
    assert end is not None
    segments = pieces.segments

    def weight(index: int) -> tuple[int, int, int]:
        seg = segments[index]
        covered = min(end, seg.end) - max(start, seg.start)
        plain = 1 if (prefer_plain and not run_chain(seg.run)) else 0
        return (plain, covered, -index)

    chosen = max(range(len(segments)), key=weight)
    whole = normalise_tag(pieces.text)
    emptied = []
    for index, seg in enumerate(segments):
        text = seg.node.text or ""
        local_start = max(start, seg.start) - seg.start
        local_end = min(end, seg.end) - seg.start
        new = text[:local_start] + (whole if index == chosen else "") + text[local_end:]
        seg.node.text = new
        seg.node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if not new:
            emptied.append(seg.node)
    for node in emptied:
        _remove_empty(node)


def _remove_empty(node: Any) -> None:
    """Drop an emptied ``w:t``, then its run if nothing but properties is left, then an emptied wrapper."""
    run = node.getparent()
    run.remove(node)
    if any(etree.QName(child).localname != "rPr" for child in run if isinstance(child.tag, str)):
        return
    holder = run.getparent()
    holder.remove(run)
    while (holder is not None and etree.QName(holder).localname in _REMOVABLE_WHEN_EMPTY
           and not any(isinstance(child.tag, str) and etree.QName(child).localname == "r"
                       for child in holder.iter())):
        parent = holder.getparent()
        parent.remove(holder)
        holder = parent


def normalise_in_place(pieces: TagPieces) -> bool:
    """Undo Word's substitutions inside a tag that lies in one run; True if anything changed."""
    start, end = pieces.span.start, pieces.span.end
    assert end is not None
    changed = False
    for seg in pieces.segments:
        text = seg.node.text or ""
        local_start = max(start, seg.start) - seg.start
        local_end = min(end, seg.end) - seg.start
        inner = text[local_start:local_end]
        fixed = normalise_tag(inner)
        if fixed != inner:
            seg.node.text = text[:local_start] + fixed + text[local_end:]
            seg.node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            changed = True
    return changed


# --------------------------------------------------------------------------- a whole part


@dataclass
class RepairLog:
    """What a repair changed in one part, and what it could not join."""

    joined: int = 0
    normalised: int = 0
    unjoinable: list[tuple[Paragraph, TagPieces]] = field(default_factory=list)
    across_cells: list[Paragraph] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.joined or self.normalised)


def repair_part(part: Part, *, across_containers: bool) -> RepairLog:
    """Join split tags and undo Word's substitutions in one part (in place).

    Tags whose pieces lie in different kinds of element are joined only with ``across_containers``
    (the file repair); otherwise they are listed in the log, as are tags cut by a table cell boundary.
    """
    log = RepairLog()
    paras = paragraphs(part)
    for index, para in enumerate(paras):
        spans, _ = find_tags(para.text)
        if spans and spans[-1].end is None:
            closing = closing_paragraph(paras, index, spans[-1].opener)
            if closing is not None and closing.cell is not para.cell:
                log.across_cells.append(para)
        for pieces in reversed(tag_pieces(para)):
            if pieces.split:
                if pieces.joinable or across_containers:
                    join_tag(pieces, prefer_plain=across_containers)
                    log.joined += 1
                else:
                    log.unjoinable.append((para, pieces))
            elif normalise_in_place(pieces):
                log.normalised += 1
    log.unjoinable.reverse()
    return log


def closing_paragraph(paras: list[Paragraph], index: int, opener: str) -> Paragraph | None:
    """The paragraph after ``paras[index]`` where an unfinished tag is closed, if it is closed before
    another tag opens."""
    closer = CLOSERS[opener]
    for para in paras[index + 1:]:
        close = para.text.find(closer)
        opens = [i for i in (para.text.find(o) for o in CLOSERS) if i >= 0]
        if close >= 0 and (not opens or close < min(opens)):
            return para
        if opens:
            return None
    return None


class SplitTagError(Exception):
    """A tag the render cannot join; carries where it is and what to do, in Vietnamese."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def _render_label(root: Any) -> str:
    name = etree.QName(root).localname
    return {"hdr": f"{PART_HEADER}, ", "ftr": f"{PART_FOOTER}, "}.get(name, "")


def unjoinable_message(pieces: TagPieces) -> str:
    return (f"thẻ \"{normalise_tag(pieces.text)}\" bị tách: một phần nằm trong "
            f"{' và '.join(pieces.containers())}, không nối lại được khi lập báo cáo")


UNJOINABLE_FIX = ("chạy nqreport check --fix để có bản mẫu đã sửa, hoặc trong Word chấp nhận mọi sửa đổi "
                  "(Review › Accept › Accept All Changes), xóa cả thẻ rồi gõ lại liền một lần")
ACROSS_CELLS_MESSAGE = "thẻ bắt đầu ở ô này nhưng kết thúc ở ô khác của bảng"
ACROSS_CELLS_FIX = "viết trọn thẻ (từ {{ đến }}, từ {% đến %}) trong cùng một ô"


_WHOLE_TAG = re.compile(r"\{\{[^<]*?\}\}|\{%[^<]*?%\}|\{#[^<]*?#\}")
_WORD_CHARACTER = re.compile("[" + "".join(WORD_CHARACTERS) + "]")
_TAG_PIECE = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")


def _nothing_to_repair(xml: str) -> bool:
    """The common case, without parsing: every tag lies inside one piece of text and holds none of Word's
    characters (what is left once the whole tags are taken out has no brace pair of a tag)."""
    if "{" not in xml:
        return True
    rest = _WHOLE_TAG.sub(lambda m: "\0" if _WORD_CHARACTER.search(m.group(0)) else "", xml)
    return "\0" not in rest and not _TAG_PIECE.search(rest)


def repair_xml(xml: str) -> str:
    """The render-time repair of one part's XML as docxtpl hands it over; the same string when there is
    nothing to repair. Raises :class:`SplitTagError` for a tag that cannot be joined safely."""
    if _nothing_to_repair(xml):
        return xml
    root = etree.fromstring(xml)
    part = Part("", PART_BODY, root)
    log = repair_part(part, across_containers=False)
    label = _render_label(root)
    if log.unjoinable:
        para, pieces = log.unjoinable[0]
        where = f"{label}đoạn {para.number} (\"{excerpt(para.text, pieces.text)}\")"
        raise SplitTagError(where, f"{unjoinable_message(pieces)}; {UNJOINABLE_FIX}")
    if log.across_cells:
        para = log.across_cells[0]
        where = f"{label}{para.where} (\"{excerpt(para.text, '{')}\")"
        raise SplitTagError(where, f"{ACROSS_CELLS_MESSAGE}; {ACROSS_CELLS_FIX}")
    if not log.changed:
        return xml
    return str(etree.tostring(root, encoding="unicode"))


# --------------------------------------------------------------------------- the file


@dataclass(frozen=True)
class FixResult:
    """A repaired copy: where it was written and how many tags were changed."""

    source: Path
    target: Path | None  # None: nothing to repair, nothing written
    joined: int
    normalised: int

    @property
    def changes(self) -> int:
        return self.joined + self.normalised


def fixed_path(path: Path) -> Path:
    """Where ``--fix`` writes the repaired copy of ``path``: beside it, ``<name>.sua.docx``."""
    return path.with_name(f"{path.stem}.sua{path.suffix or '.docx'}")


def fix_package(path: Path, target: Path | None = None, *, force: bool = False) -> FixResult:
    """Write a copy of the template with every split tag joined and Word's substitutions undone inside
    tags. Never writes over ``path``, nor over an existing file unless ``force``; writes nothing when
    there is nothing to repair."""
    target = target or fixed_path(path)
    name = path.name
    if target.resolve() == path.resolve():
        raise OutputError(f"{name}: bản sửa không được ghi đè lên chính mẫu; hãy chọn tên khác")
    entries = read_package(path)
    joined = normalised = 0
    changed: dict[str, bytes] = {}
    for part in template_parts(entries, name):
        log = repair_part(part, across_containers=True)
        joined += log.joined
        normalised += log.normalised
        if log.changed:
            changed[part.name] = etree.tostring(part.root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    if not changed:
        return FixResult(path, None, 0, 0)
    if target.exists() and not force:
        raise OutputError(f"{target.name}: tệp đã có; hãy xóa hoặc đổi tên tệp này, hoặc chạy lại với --force "
                          "để ghi đè")
    _write_copy(path, target, changed)
    return FixResult(path, target, joined, normalised)


def _write_copy(source: Path, target: Path, changed: dict[str, bytes]) -> None:
    """The original zip with the changed parts swapped in, every other entry as it was; atomically."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w") as out:
        for info in original.infolist():
            data = changed.get(info.filename)
            if data is None:
                data = original.read(info)
            out.writestr(info, data, compress_type=info.compress_type)
    temp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=".nqreport-", suffix=".docx", dir=target.parent)
        temp = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(buffer.getvalue())
        temp.chmod(source.stat().st_mode & 0o777)  # mkstemp makes it private; keep the template's mode
        temp.replace(target)
        temp = None
    except OSError as exc:
        raise OutputError(f"{target}: không ghi được bản sửa ({os_reason(exc)}); hãy kiểm tra quyền ghi "
                          "thư mục hoặc đóng tệp nếu đang mở trong Word") from exc
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


__all__ = [
    "TAG",
    "FixResult",
    "RepairLog",
    "SplitTagError",
    "TagPieces",
    "fix_package",
    "fixed_path",
    "join_tag",
    "normalise_tag",
    "repair_part",
    "repair_xml",
    "substituted",
    "tag_pieces",
]
