"""Reading a Word template the way a secretary sees it: parts, paragraphs, tables, and the Jinja tags in them.

Checking, repairing and the format rules all need the same view of a template: every paragraph of the
body, the page headers and the page footers, with where it is ("bảng 1, dòng 3, ô 2, đoạn 14") and the
pieces of text (``w:t``) it is made of, since Word spreads one word over several runs whenever the
formatting, the spelling checker or the revision marks change inside it.

Paragraphs are numbered per part here, for ``nqreport check`` and for the renderer's messages
(:func:`nqreport.render.document.template_paragraphs`), so that ``check`` and ``build`` cite the same "đoạn N".
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from nqreport.errors import TemplateError, os_reason
from nqreport.read.zipsafe import (
    DAMAGED_ZIP,
    MAX_FILE_BYTES,
    Refusal,
    ZipRefused,
    check_zip_sizes,
    declares_dtd,
    read_member,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

PART_BODY = "thân văn bản"
PART_HEADER = "đầu trang"
PART_FOOTER = "chân trang"

_HEADER_KINDS = {"first": "trang đầu", "even": "trang chẵn"}

#: A complete Jinja tag inside one paragraph's text.
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
#: Where a tag opens or closes.
OPENERS = ("{{", "{%", "{#")
CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}


# --------------------------------------------------------------------------- the package


@dataclass(frozen=True)
class Part:
    """One XML part that docxtpl renders as its own Jinja template."""

    name: str  # word/document.xml, word/header1.xml…
    label: str  # "thân văn bản", "đầu trang (trang đầu)"…
    root: Any  # the parsed XML root (lxml element)


_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


_WORD_REFUSALS = {
    "members": "tệp Word chứa quá nhiều phần, không phải {kind} bình thường",
    "bomb": "tệp Word nén bất thường (giải nén ra tới {size} MB, tỷ lệ nén {ratio}:1), có thể là tệp độc hại",
    "entities": "tệp Word chứa khai báo DOCTYPE/ENTITY trong phần {part}: Word không bao giờ ghi như vậy, và "
                "đây là cách tấn công qua tệp XML",
    "corrupt": "tệp Word bị hỏng hoặc chưa chép/tải về hết",
    "password": "tệp Word được đặt mật khẩu",
}


def word_refusal(exc: ZipRefused, kind: str) -> str:
    """What the safe zip reader found in a Word file (a template, a resolution: ``kind``), in words."""
    return _WORD_REFUSALS[exc.reason.value].format(**{"size": "?", "ratio": "?", "part": "?", **exc.detail},
                                                   kind=kind)


def template_refusal(name: str, exc: ZipRefused) -> str:
    """A template refused by the safe zip reader, said for a Word file: what was found and what to do."""
    what = word_refusal(exc, "mẫu báo cáo")
    advice = ("hãy gỡ mật khẩu trong Word rồi lưu lại" if exc.reason.value == "password" else
              "để an toàn chương trình không dùng mẫu này; hãy mở mẫu bằng Word, lưu thành tệp .docx mới, hoặc "
              "lấy lại mẫu mặc định bằng nqreport init")
    return f"{name}: {what}; {advice}"


def too_large(name: str) -> str:
    return (f"{name}: tệp mẫu quá lớn (hơn {MAX_FILE_BYTES // (1024 * 1024)} MB), không phải mẫu báo cáo bình "
            "thường; hãy kiểm tra lại đúng tệp chưa")


def unreadable_reason(path: Path, exc: BaseException) -> str:
    """Why a template file cannot be opened, in the words of someone who saved it from Word."""
    if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile):
        return os_reason(exc)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as err:
        return os_reason(err)
    if not head:
        return "tệp rỗng, 0 byte"
    if head.startswith(_OLE_MAGIC):
        return "có thể là tệp .doc của Word 97-2003 đổi đuôi, hoặc tệp có đặt mật khẩu"
    return "tệp bị hỏng hoặc không phải tệp Word"


def read_package(path: Path) -> dict[str, bytes]:
    """Every entry of the .docx, by name; a clear Vietnamese error for what is not a Word file."""
    name = path.name
    if not path.is_file():
        raise TemplateError(f"{name}: không tìm thấy mẫu ({path}); hãy kiểm tra đường dẫn và mục [templates] "
                            "trong nqreport.toml (nqreport init tạo sẵn các mẫu mặc định)")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise TemplateError(too_large(name))
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            check_zip_sizes(infos)
            entries = {info.filename: read_member(archive, info.filename) for info in infos}
    except ZipRefused as exc:
        raise TemplateError(template_refusal(name, exc)) from None
    except DAMAGED_ZIP as exc:
        raise TemplateError(f"{name}: không phải tệp Word .docx ({unreadable_reason(path, exc)}); hãy mở mẫu "
                            "bằng Word rồi lưu lại dưới dạng .docx (Word Document)") from exc
    for part, data in entries.items():
        if part.endswith((".xml", ".rels")) and declares_dtd(data[:4096]):
            raise TemplateError(template_refusal(name, ZipRefused("", Refusal.ENTITIES, part=part)))
    if "word/document.xml" not in entries:
        raise TemplateError(f"{name}: không phải tệp Word .docx (thiếu word/document.xml); hãy mở mẫu bằng "
                            "Word rồi lưu lại dưới dạng .docx (Word Document)")
    return entries


def parse_xml(data: bytes, file: str, part: str) -> Any:
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"{file}: phần {part} của tệp Word bị hỏng ({exc}); hãy mở mẫu bằng Word rồi lưu "
                            "lại") from exc


_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)


def template_parts(entries: dict[str, bytes], file: str) -> list[Part]:
    """The body, then the page headers, then the page footers (the parts docxtpl renders), labelled the
    way Word names them: "đầu trang (trang đầu)" for the first page's header."""
    names = sorted(entries)
    kinds = _header_footer_kinds(entries)
    parts = [Part("word/document.xml", PART_BODY, parse_xml(entries["word/document.xml"], file, PART_BODY))]
    for pattern, base in ((r"word/header\d*\.xml", PART_HEADER), (r"word/footer\d*\.xml", PART_FOOTER)):
        found = [n for n in names if re.fullmatch(pattern, n)]
        labels = {n: base + (f" ({_HEADER_KINDS[kinds[n]]})" if kinds.get(n) in _HEADER_KINDS else "")
                  for n in found}
        for n in found:
            label = labels[n]
            if list(labels.values()).count(label) > 1:
                label = f"{label} [{n.split('/')[-1]}]"
            parts.append(Part(n, label, parse_xml(entries[n], file, label)))
    return parts


def _header_footer_kinds(entries: dict[str, bytes]) -> dict[str, str]:
    """word/headerN.xml → "default", "first" or "even", from the section properties."""
    rels_data = entries.get("word/_rels/document.xml.rels")
    if rels_data is None:
        return {}
    try:
        rels = etree.fromstring(rels_data, parser=_PARSER)
        document = etree.fromstring(entries["word/document.xml"], parser=_PARSER)
    except etree.XMLSyntaxError:
        return {}
    targets = {rel.get("Id"): "word/" + rel.get("Target", "").lstrip("/").removeprefix("word/")
               for rel in rels.iter(f"{{{REL_NS}}}Relationship")}
    kinds: dict[str, str] = {}
    for ref in document.iter(f"{W}headerReference", f"{W}footerReference"):
        target = targets.get(ref.get(f"{{{R_NS}}}id"))
        if target:
            kinds.setdefault(target, ref.get(f"{W}type", "default"))
    return kinds


# --------------------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class Segment:
    """One ``w:t`` of a paragraph: its text lies at ``start:end`` of the paragraph's text."""

    node: Any
    start: int
    end: int

    @property
    def run(self) -> Any:
        return self.node.getparent()


@dataclass
class Paragraph:
    """A paragraph as Word shows it, with what a message needs to point at it."""

    part: Part
    element: Any
    number: int  # per part, every w:p in document order (as the render's messages count too)
    table: tuple[int, int, int] | None  # (table, row, cell), 1-based, of the innermost cell
    cell: Any  # the innermost w:tc element, or None
    row: Any  # the innermost w:tr element, or None
    tbl: Any  # the innermost w:tbl element, or None
    segments: list[Segment] = field(default_factory=list)
    text: str = ""

    @property
    def where(self) -> str:
        """"đoạn 14" or "bảng 1, dòng 3, ô 2, đoạn 14"."""
        if self.table is None:
            return f"đoạn {self.number}"
        t, r, c = self.table
        return f"bảng {t}, dòng {r}, ô {c}, đoạn {self.number}"

    @property
    def container(self) -> Any:
        """What a ``{%p %}`` block must open and close in: the innermost cell, or the part itself."""
        return self.cell if self.cell is not None else self.part.root

    def segments_between(self, start: int, end: int) -> list[Segment]:
        return [s for s in self.segments if s.start < end and s.end > start]


def paragraph_text(para: Any) -> tuple[str, list[Segment]]:
    """The text of a paragraph from its own ``w:t`` (not those of a text box anchored in it)."""
    segments: list[Segment] = []
    pieces: list[str] = []
    at = 0
    for node in para.iter(f"{W}t"):
        if _owner(node) is not para:
            continue
        text = node.text or ""
        segments.append(Segment(node, at, at + len(text)))
        pieces.append(text)
        at += len(text)
    return "".join(pieces), segments


def _owner(node: Any) -> Any:
    parent = node.getparent()
    while parent is not None and parent.tag != f"{W}p":
        parent = parent.getparent()
    return parent


def paragraphs(part: Part) -> list[Paragraph]:
    """Every paragraph of a part in reading order, table cells included, each with its table position."""
    table_numbers: dict[Any, int] = {}
    for number, tbl in enumerate(part.root.iter(f"{W}tbl"), start=1):
        table_numbers[tbl] = number
    out: list[Paragraph] = []
    for number, element in enumerate(part.root.iter(f"{W}p"), start=1):
        cell = row = tbl = None
        position = None
        parent = element.getparent()
        while parent is not None:
            if parent.tag == f"{W}tc" and cell is None:
                cell = parent
            elif parent.tag == f"{W}tr" and row is None and cell is not None:
                row = parent
            elif parent.tag == f"{W}tbl" and tbl is None and row is not None:
                tbl = parent
                break
            parent = parent.getparent()
        if cell is not None and row is not None and tbl is not None:
            rows = tbl.findall(f"{W}tr")
            cells = row.findall(f"{W}tc")
            position = (table_numbers[tbl], _index(rows, row), _index(cells, cell))
        text, segments = paragraph_text(element)
        out.append(Paragraph(part, element, number, position, cell, row, tbl, segments, text))
    return out


def _index(items: list[Any], item: Any) -> int:
    for i, candidate in enumerate(items, start=1):
        if candidate is item:
            return i
    return 0


def run_chain(run: Any) -> tuple[str, ...]:
    """The element names between a run and its paragraph (hyperlink, revision marks, content controls):
    docxtpl can only join the pieces of a tag whose runs have the same chain."""
    chain: list[str] = []
    parent = run.getparent()
    while parent is not None and parent.tag != f"{W}p":
        chain.append(etree.QName(parent).localname)
        parent = parent.getparent()
    return tuple(chain)


# --------------------------------------------------------------------------- tags in text


@dataclass(frozen=True)
class TagSpan:
    """A Jinja tag found in a paragraph's text; ``end`` is None when the paragraph ends inside it.
    ``closed`` is False for a tag that another tag opens inside before it is closed (``{{ a } {{ b }}``):
    it then ends where the next one starts."""

    start: int
    end: int | None
    opener: str
    closed: bool = True

    @property
    def complete(self) -> bool:
        return self.end is not None and self.closed

    def text(self, para_text: str) -> str:
        return para_text[self.start:self.end] if self.end is not None else para_text[self.start:]


def find_tags(text: str) -> tuple[list[TagSpan], list[int]]:
    """Complete and unfinished tags of a paragraph, and where a closing ``}}``/``%}`` stands alone."""
    spans: list[TagSpan] = []
    stray: list[int] = []
    at = 0
    while at < len(text):
        starts = [(text.find(o, at), o) for o in OPENERS]
        starts = [(i, o) for i, o in starts if i >= 0]
        start, opener = min(starts) if starts else (len(text), "")
        stray.extend(m.start() + at for m in re.finditer(r"\}\}|%\}", text[at:start]))
        if not opener:
            break
        close = text.find(CLOSERS[opener], start + 2)
        following = [i for i in (text.find(o, start + 2) for o in ("{{", "{%")) if i >= 0]
        if opener != "{#" and following and (close < 0 or min(following) < close):
            spans.append(TagSpan(start, min(following), opener, closed=False))
            at = min(following)
            continue
        if close < 0:
            spans.append(TagSpan(start, None, opener))
            break
        spans.append(TagSpan(start, close + 2, opener))
        at = close + 2
    return spans, stray


def excerpt(text: str, around: str = "", width: int = 90) -> str:
    """The paragraph's text, cut to about ``width`` characters around ``around``."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    at = max(text.find(" ".join(around.split())), 0) if around else 0
    start = max(0, min(at - width // 3, len(text) - width))
    end = start + width
    if start > 0:  # cut between words, not inside one
        space = text.find(" ", start, min(at, start + 15)) if at > start else -1
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", max(end - 15, at + len(around), start), end)
        end = space if space > start else end
    return ("… " if start > 0 else "") + text[start:end] + (" …" if end < len(text) else "")


def text_runs(para: Paragraph) -> list[tuple[Any, str]]:
    """Each run of a paragraph that shows some text, with that text (for the format rules)."""
    runs: dict[Any, list[str]] = {}
    for seg in para.segments:
        runs.setdefault(seg.run, []).append(seg.node.text or "")
    return [(run, "".join(texts)) for run, texts in runs.items() if "".join(texts).strip()]


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """One problem of a template, located the way a secretary finds it in Word.

    ``part`` is "thân văn bản", "đầu trang"…; ``where`` is "đoạn 14" or "bảng 1, dòng 3, ô 2, đoạn 14"
    (empty for the whole document); ``quoted`` is the paragraph's text around the problem; ``message``
    says what is wrong and ``fix`` what to do, both in Vietnamese. ``code`` names the kind of problem
    for programs and tests; ``order`` keeps the document's reading order.
    """

    part: str
    where: str
    quoted: str
    error: bool
    code: str
    message: str
    fix: str
    order: tuple[int, int] = (0, 0)


def finding_at(para: Paragraph, around: str, *, error: bool, code: str, message: str, fix: str,
               part_index: int = 0) -> Finding:
    return Finding(para.part.label, para.where, excerpt(para.text, around), error, code, message, fix,
                   (part_index, para.number))
