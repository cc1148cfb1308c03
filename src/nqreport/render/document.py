"""Rendering a Word template with a context: docxtpl's rules, done once per template where they can be.

A template is prepared once per process (and again when its file changes): its zip read once, each part
docxtpl would render (body, page headers and footers, footnotes; core properties holding a tag) repaired
(:func:`nqreport.word.repair.repair_xml`), cleaned by docxtpl's own ``patch_xml`` and compiled by the
environment of :mod:`nqreport.render.environment`. A report then only renders those parts, applies
docxtpl's post-processing (line breaks and tabs in values; tables whose columns a ``{%tc %}`` loop made),
checks that the result is well-formed XML, and writes its zip with the untouched parts copied as the
template's own compressed bytes (:mod:`nqreport.render.package`). The output holds what docxtpl would
produce (tests compare the two), byte for byte the same for the same inputs.

A traced context (:mod:`nqreport.render.trace`) renders marks around its figures; :func:`render` reads
where each one landed (:mod:`nqreport.render.printed`) and removes them all, so the document is the one
the plain context makes, byte for byte. The marked parts are kept when a review copy is to be made.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from lxml import etree

from nqreport.errors import TemplateError
from nqreport.marks import has_marks, strip_marks
from nqreport.read.zipsafe import MAX_FILE_BYTES, PROLOG_BYTES, Refusal, ZipRefused, declares_dtd
from nqreport.render.environment import shared_environment
from nqreport.render.limits import RenderTimeout, time_limit
from nqreport.render.messages import error_line, template_error
from nqreport.render.package import Entry, inflate, read_entries, write_zip
from nqreport.render.printed import Paragraph, printed_paragraphs
from nqreport.word.repair import SplitTagError, repair_xml
from nqreport.word.scan import W, template_refusal, too_large, unreadable_reason

log = logging.getLogger(__name__)

_DOCUMENT_TYPES = ("document.main+xml", "template.main+xml", "header+xml", "footer+xml", "footnotes+xml")
_CORE_TYPE = "core-properties+xml"
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_ENCODING = re.compile(r'encoding=["\']([^"\']+)["\']')
#: docxtpl's tags that change a table's columns: the grid is fixed after rendering where they occur.
_TABLE_TAGS = re.compile(r"\{%-?\s*(tc\s|colspan|hm\b|vm\b|cellbg)|docPr")
_SPECIAL = re.compile(r"[\t\a\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
_INVALID = ("mẫu tạo ra nội dung Word không hợp lệ ({detail}); thường do một thẻ {{%p …%}} hoặc {{%tr …%}} đặt lẫn "
            "với chữ khác trong cùng đoạn; hãy để mỗi thẻ như vậy trong một đoạn riêng")


@dataclass(frozen=True)
class _Part:
    name: str
    template: jinja2.Template
    #: The text compiled, for finding the paragraph of an error.
    source: str
    declaration: str
    encoding: str
    tables: bool


@dataclass(frozen=True)
class Prepared:
    name: str
    #: The template file's bytes, for the paragraphs error messages quote.
    source: bytes
    entries: tuple[Entry, ...]
    parts: tuple[_Part, ...]


@dataclass(frozen=True)
class Rendered:
    """A rendered document: its bytes, and (for a traced context) what each paragraph printed."""

    data: bytes
    paragraphs: tuple[Paragraph, ...] = ()
    #: Part name → the rendered part with its marks, for a review copy; empty unless asked for.
    marked: dict[str, bytes] = field(default_factory=dict)


def render_docx(template: Path, context: Mapping[str, Any]) -> bytes:
    """Render ``template`` with ``context``; the .docx bytes, the same for the same context.

    Raises :class:`TemplateError` (Vietnamese, naming the template and the paragraph) for a template
    that cannot be opened, has a Jinja syntax error, or uses a name the context does not have.
    """
    return render(template, context).data


def render(template: Path, context: Mapping[str, Any], *, keep_marks: bool = False) -> Rendered:
    """Render as :func:`render_docx` does, and say what each paragraph printed (a traced context's marks
    are read, then removed); with ``keep_marks`` the marked parts too, for a review copy."""
    prepared = prepare(template)
    rendered: dict[str, bytes] = {}
    marked: dict[str, bytes] = {}
    paragraphs: list[Paragraph] = []
    for part in prepared.parts:
        data, found, with_marks = _render(prepared, part, context, keep_marks)
        rendered[part.name] = data
        paragraphs.extend(found)
        if keep_marks and with_marks is not None:
            marked[part.name] = with_marks
    data = write_zip(Entry(e.name, data=rendered[e.name]) if e.name in rendered else e for e in prepared.entries)
    return Rendered(data, tuple(paragraphs), marked)


def prepare(template: Path) -> Prepared:
    """The template ready to render, from the cache while its file is unchanged."""
    try:
        stat = template.stat()
    except OSError as exc:
        raise TemplateError(f"{template.name}: không tìm thấy mẫu báo cáo ({template}); hãy kiểm tra thư mục "
                            "templates hoặc chạy nqreport init để lấy mẫu mặc định") from exc
    return _prepared(os.fspath(template), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _prepared(path: str, _mtime: int, _size: int) -> Prepared:
    template = Path(path)
    name = template.name
    try:
        if template.stat().st_size > MAX_FILE_BYTES:
            raise TemplateError(too_large(name))
        source = template.read_bytes()
        entries = tuple(read_entries(source))
        types = _content_types(entries)
    except ZipRefused as exc:
        raise TemplateError(template_refusal(name, exc)) from None
    except TemplateError:
        raise
    except Exception as exc:  # zipfile and lxml raise many kinds for a broken file
        raise TemplateError(f"{name}: không mở được mẫu Word ({unreadable_reason(template, exc)}); hãy mở và "
                            "lưu lại mẫu bằng Word dưới dạng .docx") from exc
    if "word/document.xml" not in {e.name for e in entries}:
        raise TemplateError(f"{name}: không mở được mẫu Word (thiếu word/document.xml); hãy mở và lưu lại mẫu "
                            "bằng Word dưới dạng .docx")
    parts = []
    for entry in entries:
        kind = types.get(entry.name, "")
        core = kind.endswith(_CORE_TYPE)
        if kind.endswith(_DOCUMENT_TYPES) or core:
            try:
                part = _prepare_part(name, source, entry, core)
            except ZipRefused as exc:
                raise TemplateError(template_refusal(name, exc)) from None
            if part is not None:
                parts.append(part)
    return Prepared(name, source, entries, tuple(parts))


def _content_types(entries: tuple[Entry, ...]) -> dict[str, str]:
    """Part name → content type, from [Content_Types].xml's overrides."""
    found = next((e for e in entries if e.name == "[Content_Types].xml"), None)
    if found is None:
        return {"word/document.xml": _DOCUMENT_TYPES[0]}
    root = etree.fromstring(inflate(found), _SAFE)
    return {node.get("PartName", "").lstrip("/"): node.get("ContentType", "")
            for node in root if isinstance(node.tag, str) and node.tag.endswith("Override")}


def _prepare_part(name: str, source: bytes, entry: Entry, core: bool) -> _Part | None:
    raw = inflate(entry)
    if declares_dtd(raw[:PROLOG_BYTES]):
        raise ZipRefused("", Refusal.ENTITIES, part=entry.name)
    head = raw[:200].decode("ascii", "replace")
    found = _ENCODING.search(head.split("?>")[0]) if head.startswith("<?xml") else None
    encoding = found.group(1) if found else "utf-8"
    text = raw.decode(encoding)
    declaration_match = _DECLARATION.match(text)
    declaration = declaration_match.group(0) if declaration_match else ""
    body = text[len(declaration):]
    if core and "{{" not in body and "{%" not in body:
        return None
    tables = bool(_TABLE_TAGS.search(body))
    if not core:
        try:
            body = _docxtpl().patch_xml(repair_xml(body))
        except SplitTagError as exc:
            raise TemplateError(f"{name}, {exc.where}: {exc.message}") from exc
    compiled = re.sub(r"<w:p([ >])", r"\n<w:p\1", body)
    try:
        template = shared_environment().from_string(compiled)
    except jinja2.TemplateError as exc:
        raise template_error(name, source, exc, {}, error_line(compiled, exc)) from exc
    return _Part(entry.name, template, compiled, declaration, encoding, tables)


#: Limits of one part of one report: a template edited in Word can loop without end or print gigabytes.
#: The default templates take milliseconds and a few hundred kilobytes; a province's summary a second.
RENDER_SECONDS = 10.0
MAX_PART_CHARS = 50_000_000


def _render(prepared: Prepared, part: _Part, context: Mapping[str, Any],
            keep_marks: bool = False) -> tuple[bytes, list[Paragraph], bytes | None]:
    """The part rendered (without marks), what its paragraphs printed, and the part with its marks (None
    when it has none)."""
    try:
        xml = _generate(prepared.name, part, context)
    except jinja2.TemplateError as exc:
        raise template_error(prepared.name, prepared.source, exc, context, error_line(part.source, exc)) from exc
    except RecursionError as exc:
        # a macro that calls itself without end: Python's stack runs out, not the time limit
        failed = jinja2.TemplateRuntimeError("mẫu có một macro tự gọi lại chính nó mãi không dừng; hãy sửa macro đó "
                                             "để nó có điểm dừng")
        failed.__traceback__ = exc.__traceback__
        raise template_error(prepared.name, prepared.source, failed, context,
                             error_line(part.source, failed)) from exc
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # an expression of the template that Python refuses ("{0}".format_map({}), 1/0): the template's error
        failed = jinja2.TemplateRuntimeError(f"biểu thức trong mẫu không tính được (chi tiết kỹ thuật: {type(exc).__name__}: {exc})")
        failed.__traceback__ = exc.__traceback__
        raise template_error(prepared.name, prepared.source, failed, context,
                             error_line(part.source, failed)) from exc
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if _SPECIAL.search(xml):
        parent = _docxtpl().resolve_listing
        xml = _PARAGRAPH.sub(lambda m: parent(m.group(0)) if _SPECIAL.search(m.group(0)) else m.group(0), xml)
    try:
        tree = etree.fromstring(xml, _SAFE)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"{prepared.name}: {_INVALID.format(detail=exc)}") from exc
    if part.tables:
        tree = _docxtpl().fix_tables(xml)
        fit_table_grids(tree)
        for number, node in enumerate(tree.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                                "wordprocessingDrawing}docPr"), start=1001):
            node.set("id", str(number))
        xml = etree.tostring(tree, encoding="unicode")
    if not has_marks(xml):
        return (part.declaration + xml).encode(part.encoding), [], None
    found = [] if part.name.startswith("docProps/") else printed_paragraphs(tree, part.name)
    with_marks = (part.declaration + xml).encode(part.encoding) if keep_marks else None
    return (part.declaration + strip_marks(xml)).encode(part.encoding), found, with_marks


def _generate(name: str, part: _Part, context: Mapping[str, Any]) -> str:
    """The part's text, piece by piece, within :data:`RENDER_SECONDS` and :data:`MAX_PART_CHARS`."""
    pieces: list[str] = []
    size = 0
    try:
        with time_limit(RENDER_SECONDS):
            for piece in part.template.generate(context):
                size += len(piece)
                if size > MAX_PART_CHARS:
                    raise TemplateError(f"{name}: mẫu tạo ra văn bản quá lớn (hơn {MAX_PART_CHARS // 1_000_000} triệu "
                                        "ký tự cho một báo cáo), có lẽ do vòng lặp lồng nhau; hãy sửa mẫu, kiểm tra "
                                        "bằng nqreport check")
                pieces.append(piece)
    except RenderTimeout:
        raise TemplateError(f"{name}: mẫu chạy quá {RENDER_SECONDS:.0f} giây cho một báo cáo mà chưa xong, có lẽ do "
                            "vòng lặp quá dài hoặc lồng nhau; hãy sửa mẫu, kiểm tra bằng nqreport check") from None
    return "".join(pieces)


@lru_cache(maxsize=1)
def _docxtpl() -> Any:
    """docxtpl's own text rules (``patch_xml``, ``resolve_listing``, ``fix_tables``), which read nothing
    of a loaded document: one instance serves every template. Imported here: python-docx is slow to
    import and ``nqreport --help`` never needs it."""
    from docxtpl import DocxTemplate

    return DocxTemplate.__new__(DocxTemplate)


def fit_table_grids(body: Any) -> None:
    """Give tables whose columns came from a ``{%tc for %}`` loop a grid that fits the page.

    docxtpl spreads the loop's new columns evenly over the old grid, so the name column ends as narrow
    as a figure column. Here each such table's grid is rebuilt from its widest row, every cell keeping
    its template width in proportion, scaled to the table's declared width. Tables whose widest row
    already matches the grid (all tables without a column loop) are left as they are.
    """
    for tbl in body.iter(f"{W}tbl"):
        grid = tbl.find(f"{W}tblGrid")
        rows = tbl.findall(f"{W}tr")
        if grid is None or not rows:
            continue
        widest = max(rows, key=lambda tr: len(tr.findall(f"{W}tc")))
        widths: list[int] = []
        for tc in widest.findall(f"{W}tc"):
            tcw = tc.find(f"{W}tcPr/{W}tcW")
            if tcw is None or tcw.get(f"{W}type") != "dxa" or tc.find(f"{W}tcPr/{W}gridSpan") is not None:
                widths = []
                break
            widths.append(int(tcw.get(f"{W}w", "0")))
        columns = grid.findall(f"{W}gridCol")
        current = [int(c.get(f"{W}w", "0")) for c in columns]
        if not widths or not all(widths) or widths == current:
            continue
        tblw = tbl.find(f"{W}tblPr/{W}tblW")
        target = int(tblw.get(f"{W}w", "0")) if tblw is not None and tblw.get(f"{W}type") == "dxa" else 0
        target = target or sum(current) or sum(widths)
        scaled = [w * target // sum(widths) for w in widths]
        scaled[scaled.index(max(scaled))] += target - sum(scaled)
        for col in columns:
            grid.remove(col)
        for w in scaled:
            etree.SubElement(grid, f"{W}gridCol").set(f"{W}w", str(w))
        for tr in rows:
            cells = tr.findall(f"{W}tc")
            spans = []
            for tc in cells:
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                spans.append(int(span.get(f"{W}val", "1")) if span is not None else 1)
            if sum(spans) != len(scaled):
                continue
            at = 0
            for tc, span in zip(cells, spans, strict=True):
                tcw = tc.find(f"{W}tcPr/{W}tcW")
                if tcw is not None:
                    tcw.set(f"{W}w", str(sum(scaled[at:at + span])))
                    tcw.set(f"{W}type", "dxa")
                at += span
