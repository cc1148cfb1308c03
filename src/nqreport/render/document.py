"""Rendering a Word template with a context: docxtpl with the environment of :mod:`nqreport.render.environment`.

The output is deterministic: docxtpl's zip carries the time of day, so it is re-zipped with fixed
timestamps and a stable order; the same context gives the same bytes. A fresh ``DocxTemplate`` is
loaded for every render (reusing one printed the previous commune's data: docs/architecture.md, "Traps").
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from lxml import etree

from nqreport.errors import TemplateError
from nqreport.render.environment import shared_environment
from nqreport.render.messages import error_line, template_error
from nqreport.word.repair import SplitTagError, repair_xml
from nqreport.word.scan import W, unreadable_reason

log = logging.getLogger(__name__)

#: Where to send a secretary who needs the list of names.
SEE_CONTRACT = "Xem danh sách biến: nqreport context"
#: Fixed timestamp of every zip entry (the earliest a zip can hold), so outputs do not carry the clock.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


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
    env = shared_environment()
    try:
        doc.render(dict(context), jinja_env=env, autoescape=True)
        fit_table_grids(doc.docx.element.body)
        entries = _package_entries(doc)
    except jinja2.TemplateError as exc:
        raise template_error(name, source, exc, context, error_line(doc, exc)) from exc
    except SplitTagError as exc:
        raise TemplateError(f"{name}, {exc.where}: {exc.message}") from exc
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"{name}: mẫu tạo ra nội dung Word không hợp lệ ({exc}); thường do một thẻ "
                            "{%p …%} hoặc {%tr …%} đặt lẫn với chữ khác trong cùng đoạn; hãy để mỗi thẻ "
                            "như vậy trong một đoạn riêng") from exc
    return deterministic_zip(entries)


@lru_cache(maxsize=1)
def _template_class() -> type[Any]:
    """DocxTemplate without the work that is the same for every commune (docs/architecture.md,
    "Where the time goes"): the tag clean-up of a template's XML is kept, and the line-break pass only visits the
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


