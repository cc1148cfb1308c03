"""Rendering a Word template with a context: docxtpl through a sandboxed, strict, autoescaping Jinja.

Why each of the three:

- **sandboxed**: a template comes from whoever edits it in Word; it must not reach Python internals
  (``{{ ''.__class__ }}``) nor change the context it is given.
- **strict**: a misspelt variable must stop the build with a message naming it and quoting the Word
  paragraph it is in, not print a blank where a figure should be.
- **autoescape**: docxtpl pastes values into XML; without escaping, "R&D ‹tạm tính>" silently comes
  out as "R " (TRAPS.md).

The output is deterministic: docxtpl's zip carries the time of day, so it is re-zipped with fixed
timestamps and a stable order; the same context gives the same bytes. A fresh ``DocxTemplate`` is
loaded for every render (reusing one printed the previous commune's data, TRAPS.md).
"""

from __future__ import annotations

import difflib
import html
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

import jinja2
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.runtime import StrictUndefined, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from lxml import etree

from nqreport.errors import TemplateError
from nqreport.render.filters import FILTERS, finalize
from nqreport.word.repair import SplitTagError, repair_xml
from nqreport.word.scan import TAG, Part, W, excerpt, unreadable_reason
from nqreport.word.scan import paragraphs as part_paragraphs

log = logging.getLogger(__name__)

#: Where to send a secretary who needs the list of names.
SEE_CONTRACT = "Xem danh sách biến: nqreport context"
#: Fixed timestamp of every zip entry (the earliest a zip can hold), so outputs do not carry the clock.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- environment


class MissingVariable(UndefinedError):
    """A name the template uses and the context lacks; carries the name and the object looked in."""

    def __init__(self, message: str, name: str | None, owner: Any) -> None:
        super().__init__(message)
        self.name = name
        self.owner = owner


class StrictVietnameseUndefined(StrictUndefined):
    """StrictUndefined that says which name was missing and where it was looked for."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        if self._undefined_hint:
            # The sandbox's refusal ("access to attribute '__class__' … is unsafe"): keep its exception.
            raise self._undefined_exception(self._undefined_hint)
        owner = None if self._undefined_obj is missing else self._undefined_obj
        name = self._undefined_name if isinstance(self._undefined_name, str) else None
        raise MissingVariable(self._undefined_message, name, owner)


# Undefined binds its operators (``__add__``, ``__str__``, ``__bool__``…) to the base class's failing
# method when the class is made; rebind them so every use of a missing name raises MissingVariable.
for _cls in (Undefined, StrictUndefined):
    for _attr, _value in list(vars(_cls).items()):
        if _value is Undefined._fail_with_undefined_error and _attr.startswith("__"):
            setattr(StrictVietnameseUndefined, _attr, StrictVietnameseUndefined._fail_with_undefined_error)


class _Environment(ImmutableSandboxedEnvironment):
    """Keeps the compiled templates: docxtpl hands over the same patched XML for every commune, and
    compiling it again each time was the largest single cost of a render (TRAPS.md)."""

    _CACHE_SIZE = 16

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: str | jinja2.nodes.Template, globals: Any = None,
                    template_class: Any = None) -> jinja2.Template:
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        key = f"{int(self.autoescape is True)}{source}"
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = super().from_string(source)
            if len(self._compiled) >= self._CACHE_SIZE:
                self._compiled.pop(next(iter(self._compiled)))
            self._compiled[key] = compiled
        return compiled


def make_environment() -> jinja2.Environment:
    """The Jinja environment every template is rendered with: sandboxed, strict, autoescaping,
    with the Vietnamese filters and with figures and dates printed the Vietnamese way by default."""
    env = _Environment(undefined=StrictVietnameseUndefined, autoescape=True, finalize=finalize)
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=1)
def _shared_environment() -> jinja2.Environment:
    return make_environment()


# --------------------------------------------------------------------------- rendering


def render_docx(template: Path, context: Mapping[str, Any]) -> bytes:
    """Render ``template`` with ``context``; the .docx bytes, the same for the same context.

    Raises :class:`TemplateError` (Vietnamese, naming the template and the paragraph) for a template
    that cannot be opened, has a Jinja syntax error, or uses a name the context does not have.
    """
    name = template.name
    if not template.is_file():
        raise TemplateError(f"{name}: không tìm thấy mẫu báo cáo ({template}); hãy kiểm tra thư mục "
                            "templates hoặc chạy nqreport init để lấy mẫu mặc định")
    try:
        source = template.read_bytes()
        doc = _template_class()(io.BytesIO(source))
        doc.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a broken file
        raise TemplateError(f"{name}: không mở được mẫu Word ({unreadable_reason(template, exc)}); hãy mở và "
                            "lưu lại mẫu bằng Word dưới dạng .docx") from exc
    env = _shared_environment()
    try:
        doc.render(dict(context), jinja_env=env, autoescape=True)
        fit_table_grids(doc.docx.element.body)
        entries = _package_entries(doc)
    except jinja2.TemplateError as exc:
        raise _template_error(name, source, exc, context, _error_line(doc, exc)) from exc
    except SplitTagError as exc:
        raise TemplateError(f"{name}, {exc.where}: {exc.message}") from exc
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"{name}: mẫu tạo ra nội dung Word không hợp lệ ({exc}); thường do một thẻ "
                            "{%p …%} hoặc {%tr …%} đặt lẫn với chữ khác trong cùng đoạn; hãy để mỗi thẻ "
                            "như vậy trong một đoạn riêng") from exc
    return deterministic_zip(entries)


@lru_cache(maxsize=1)
def _template_class() -> type[Any]:
    """DocxTemplate without the work that is the same for every commune (TRAPS.md, "where the time
    goes"): the tag clean-up of a template's XML is kept, and the line-break pass only visits the
    paragraphs that hold a line break, tab or page break. Before docxtpl's own clean-up, the tags Word
    split over runs are joined and its smart quotes undone (:func:`nqreport.word.repair.repair_xml`)."""
    from docxtpl import DocxTemplate  # imported here: python-docx is slow to import and only needed now

    patched: dict[str, str] = {}
    special = re.compile(r"[\t\a\n\f]")
    paragraph = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)

    class Template(DocxTemplate):  # type: ignore[misc]
        def patch_xml(self, src_xml: str) -> str:
            result = patched.get(src_xml)
            if result is None:
                result = super().patch_xml(repair_xml(src_xml))
                if len(patched) >= 16:
                    patched.pop(next(iter(patched)))
                patched[src_xml] = result
            return result

        def resolve_listing(self, xml: str) -> str:
            if not special.search(xml):
                return xml
            parent = super().resolve_listing
            return paragraph.sub(lambda m: parent(m.group(0)) if special.search(m.group(0)) else m.group(0), xml)

    return Template


def _package_entries(doc: Any) -> list[tuple[str, bytes]]:
    """The rendered package's parts, saved through python-docx's public ``save`` and read back."""
    out = io.BytesIO()
    doc.save(out)
    return _zip_entries(out.getvalue())


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


def _zip_entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def deterministic_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip whose bytes depend only on the entries: fixed timestamps, fixed order and permissions.

    ``[Content_Types].xml`` and ``_rels/.rels`` come first, as Word writes them; the rest is sorted.
    """
    first = {"[Content_Types].xml": 0, "_rels/.rels": 1}
    ordered = sorted(entries, key=lambda item: (first.get(item[0], 2), item[0]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry_name, data in ordered:
            info = zipfile.ZipInfo(entry_name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


# --------------------------------------------------------------------------- error messages


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the template as a secretary sees it in Word."""

    where: str
    text: str


def template_paragraphs(source: bytes) -> list[Paragraph]:
    """Every paragraph of the template in reading order (body, then page headers and footers),
    labelled the way the messages cite them ("đoạn 12", "đầu trang, đoạn 1"), numbered and read as
    ``nqreport check`` does (:func:`nqreport.word.scan.paragraphs`), so that both cite the same "đoạn N"."""
    out: list[Paragraph] = []
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        names = archive.namelist()
        parts = [("word/document.xml", "đoạn")]
        parts += [(n, "đầu trang, đoạn") for n in sorted(names) if re.fullmatch(r"word/header\d*\.xml", n)]
        parts += [(n, "chân trang, đoạn") for n in sorted(names) if re.fullmatch(r"word/footer\d*\.xml", n)]
        for name, label in parts:
            if name not in names:
                continue
            part = Part(name, label, etree.fromstring(archive.read(name)))
            out += [Paragraph(f"{label} {para.number}", para.text) for para in part_paragraphs(part)]
    return out


def _find(paragraphs: list[Paragraph], pattern: re.Pattern[str]) -> tuple[Paragraph, re.Match[str]] | None:
    """The first paragraph where ``pattern`` matches inside a Jinja tag."""
    for para in paragraphs:
        for tag in TAG.finditer(para.text):
            found = pattern.search(tag.group(0))
            if found:
                return para, found
    return None


def _where(name: str, para: Paragraph | None, around: str) -> str:
    if para is None:
        return name
    return f"{name}, {para.where} (\"{excerpt(para.text, around)}\")"


def _suggest(word: str, candidates: Iterable[str]) -> str:
    """"; có phải "ten_xa"? Xem …" when a known name is close, else ". Xem …"."""
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"; có phải \"{close[0]}\"? {SEE_CONTRACT}" if close else f". {SEE_CONTRACT}"


def _template_error(name: str, source: bytes, exc: jinja2.TemplateError, context: Mapping[str, Any],
                    line: str) -> TemplateError:
    paragraphs = template_paragraphs(source)
    para = _line_paragraph(paragraphs, line)
    if isinstance(exc, MissingVariable) and exc.name:
        return _missing_variable(name, paragraphs, para, exc, context)
    if isinstance(exc, UndefinedError):
        # A missing name met in a way that is not an attribute or a top-level name (an index).
        return TemplateError(f"{_where(name, para, '{')}: mẫu dùng một biến không có (chi tiết kỹ thuật: {exc.message}). "
                             f"{SEE_CONTRACT}")
    if isinstance(exc, SecurityError):
        return TemplateError(f"{_where(name, para, '{')}: mẫu dùng thao tác không được phép (chi tiết kỹ thuật: {exc.message}); "
                             f"mẫu chỉ được in các biến trong danh sách. {SEE_CONTRACT}")
    if isinstance(exc, TemplateSyntaxError):
        return _syntax(name, paragraphs, para, exc)
    return TemplateError(f"{_where(name, para, '{')}: {exc.message}. {SEE_CONTRACT}")


def _missing_variable(name: str, paragraphs: list[Paragraph], para: Paragraph | None, exc: MissingVariable,
                      context: Mapping[str, Any]) -> TemplateError:
    word = exc.name or ""
    if exc.owner is None:
        pattern = re.compile(rf"(?<![\w.]){re.escape(word)}(?!\w)")
        if para is None or not _find([para], pattern):
            found = _find(paragraphs, pattern)
            para = found[0] if found else para
        hint = _suggest(word, context.keys())
        return TemplateError(f"{_where(name, para, word)}: không có biến \"{word}\"{hint}")
    pattern = re.compile(rf"([A-Za-z_]\w*(?:\.\w+)*)\.{re.escape(word)}(?!\w)")
    found = _find([para], pattern) if para is not None else None
    if found is None:
        found = _find(paragraphs, pattern)
    if found is not None:
        para = found[0]
    expression = found[1].group(0) if found else word
    owner = expression.rsplit(".", 1)[0] if "." in expression else ""
    keys = exc.owner.keys() if isinstance(exc.owner, Mapping) else ()
    hint = _suggest(word, (str(k) for k in keys))
    what = f"\"{owner}\" không có thuộc tính \"{word}\"" if owner else f"không có thuộc tính \"{word}\""
    return TemplateError(f"{_where(name, para, expression)}: {what}{hint}")


def _error_line(doc: Any, exc: BaseException) -> str:
    """The text of the template line a Jinja error happened on, as docxtpl compiled it.

    docxtpl compiles each XML part with every ``<w:p`` on its own line; the error's line number (from
    the exception for a syntax error, from Jinja's rewritten traceback otherwise) is looked up in the
    same text, tags stripped, to find the Word paragraph.
    """
    lineno = getattr(exc, "lineno", None) if isinstance(exc, TemplateSyntaxError) else None
    if lineno is None:
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<template>":
                lineno = tb.tb_lineno
            tb = tb.tb_next
    part = getattr(doc, "current_rendering_part", None)
    if not lineno or part is None:
        return ""
    try:
        xml = doc.get_xml() if part is doc.docx._part else doc.get_part_xml(part)
        lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", doc.patch_xml(xml)).splitlines()
    except Exception:  # the message is still useful without the paragraph
        log.debug("cannot recover the line of a template error", exc_info=True)
        return ""
    if not 0 < lineno <= len(lines):
        return ""
    return html.unescape(re.sub(r"<[^>]+>", "", lines[lineno - 1]))


def _flat(text: str) -> str:
    """Whitespace folded and docxtpl's tag prefixes dropped, so template and compiled text compare."""
    text = re.sub(r"\{%-?\s*(?:p|tr|tc|r)\s", "{% ", text)
    text = re.sub(r"\{\{\s*r\s", "{{ ", text)
    return " ".join(text.replace("{{", " {{ ").replace("}}", " }} ").replace("{%", " {% ")
                    .replace("%}", " %} ").split())


def _line_paragraph(paragraphs: list[Paragraph], line: str) -> Paragraph | None:
    """The template paragraph whose text is the compiled line (or is contained in it)."""
    wanted = _flat(line)
    if not wanted:
        return None
    for para in paragraphs:
        flat = _flat(para.text)
        has_tag = "{{" in para.text or "{%" in para.text
        if flat and (flat == wanted or (has_tag and flat in wanted)):
            return para
    return None


def _syntax(name: str, paragraphs: list[Paragraph], para: Paragraph | None,
            exc: TemplateSyntaxError) -> TemplateError:
    message = exc.message or ""
    unclosed = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    if unclosed or "Unexpected end of template" in message:
        block = unclosed.group(1) if unclosed else ""
        closing = f"end{block}" if block else "endfor/endif"
        return TemplateError(f"{name}: thiếu thẻ đóng {{% {closing} %}} cho một khối "
                             f"{{% {block or '…'} … %}}; "
                             f"hãy thêm đoạn {{%p {closing} %}} (hoặc {{%tr {closing} %}} trong bảng) "
                             "sau phần cần lặp hoặc điều kiện")
    unknown_filter = re.search(r"No filter named '(\w+)'", message)
    if unknown_filter:
        word = unknown_filter.group(1)
        found = _find(paragraphs, re.compile(rf"\|\s*{re.escape(word)}(?!\w)"))
        para = found[0] if found else para
        close = difflib.get_close_matches(word, list(FILTERS), n=1, cutoff=0.6)
        hint = f"; có phải \"{close[0]}\"?" if close else "."
        return TemplateError(f"{_where(name, para, word)}: không có bộ lọc \"{word}\"{hint} Các bộ lọc: "
                             f"{', '.join(FILTERS)}. {SEE_CONTRACT}")
    unknown_tag = re.search(r"Encountered unknown tag '(\w+)'", message)
    if unknown_tag:
        word = unknown_tag.group(1)
        if para is None:
            found = _find(paragraphs, re.compile(rf"\{{%\w*\s+{re.escape(word)}(?!\w)"))
            para = found[0] if found else None
        return TemplateError(f"{_where(name, para, word)}: thẻ {{% {word} %}} không hợp lệ hoặc không khớp "
                             "với thẻ mở; hãy kiểm tra cặp for/endfor, if/endif")
    return TemplateError(f"{_where(name, para, '{')}: lỗi cú pháp trong thẻ Jinja (chi tiết kỹ thuật: {message}); hãy kiểm tra "
                         "dấu {{ }} và {% %} trong đoạn này; nqreport check giải thích rõ hơn")
