"""A template error said for a secretary: the template, the Word paragraph, the text around the tag, and
what to type instead. Paragraphs are numbered as ``nqreport check`` numbers them, so both cite the same
"đoạn N".
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
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from lxml import etree

from nqreport.errors import TemplateError
from nqreport.render.environment import MissingVariable
from nqreport.render.filters import FILTERS
from nqreport.word.scan import TAG, Part, excerpt
from nqreport.word.scan import paragraphs as part_paragraphs

log = logging.getLogger(__name__)

#: Where to send a secretary who needs the list of names.
SEE_CONTRACT = "Xem danh sách biến: nqreport context"

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


def template_error(name: str, source: bytes, exc: jinja2.TemplateError, context: Mapping[str, Any],
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


def error_line(source: str, exc: BaseException) -> str:
    """The text of the template line a Jinja error happened on, in ``source`` as compiled.

    Each XML part is compiled with every ``<w:p`` on its own line; the error's line number (from the
    exception for a syntax error, from Jinja's rewritten traceback otherwise) is looked up in that text,
    tags stripped, to find the Word paragraph.
    """
    lineno = getattr(exc, "lineno", None) if isinstance(exc, TemplateSyntaxError) else None
    if lineno is None:
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<template>":
                lineno = tb.tb_lineno
            tb = tb.tb_next
    lines = source.splitlines()
    if not lineno or not 0 < lineno <= len(lines):
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
