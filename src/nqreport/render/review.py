"""The review copy of a report (``nqreport build --review``): the same document, every figure carrying a
Word comment that names its cells and how it was computed, so that a checker clicks a number in Word
and sees where it came from.

It is made from the rendered parts with their marks (:mod:`nqreport.marks`): a number printed without
a source is first given a mark of its own; then each run holding a mark is split where the mark begins
and ends (every piece keeps the run's formatting), the comment is anchored on the pieces the figure
covers (python-docx's ``Document.add_comment``), and every mark is removed. Word anchors comments in the
body only, not in page headers: a figure there has none. The official copy is never touched: it is
rendered apart, without comments, byte for byte as without ``--review``.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from typing import Any

from nqreport.marks import CLOSE, MARK_CHARS, NUMBERING, OPEN, has_marks, mark, mark_tokens, strip_marks
from nqreport.render.document import Rendered
from nqreport.render.package import deterministic_zip
from nqreport.render.printed import read_paragraph
from nqreport.render.trace import Origin, Tracer

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
AUTHOR = "nqreport"
INITIALS = "NQ"
#: Most sources a comment names one by one (a count across communes may have thousands).
MAX_SOURCES = 12
#: The mark given, in a review copy only, to a number printed without a source.
UNSOURCED = 16 ** 6 - 1


def comment_text(text: str, origin: Origin | None) -> str:
    """What the comment on a printed figure says."""
    if origin is None:
        return (f"{text}: không truy được về ô nào của sổ chỉ tiêu (số do mẫu Word viết sẵn hoặc do mẫu tự tính); "
                "hãy kiểm tra trước khi trình ký.")
    lines = [f"{text}: {origin.what}"]
    if origin.how:
        lines.append(f"Cách tính: {origin.how}")
    sources = origin.sources
    if not sources:
        lines.append("Không có ô nguồn.")
    else:
        shown = "; ".join(sources[:MAX_SOURCES])
        more = f"; và {len(sources) - MAX_SOURCES} nguồn khác (xem truy-vet.json)" if len(sources) > MAX_SOURCES else ""
        lines.append(f"Nguồn: {shown}{more}")
    return "\n".join(lines)


def review_docx(rendered: Rendered, trace: Tracer) -> bytes:
    """The review copy of ``rendered`` (rendered with ``keep_marks``): a .docx whose bytes depend only on
    its content."""
    from docx import Document
    from docx.text.paragraph import Paragraph as DocxParagraph
    from docx.text.run import Run

    with zipfile.ZipFile(io.BytesIO(rendered.data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files.update(rendered.marked)
    document = Document(io.BytesIO(deterministic_zip(list(files.items()))))
    for paragraph in list(document.element.body.iter(f"{W}p")):
        found = read_paragraph(paragraph)
        if found is None:
            continue
        _mark_unsourced(paragraph, found[2])
        owner = DocxParagraph(paragraph, document._body)
        for number, text, first, last in _split(paragraph):
            if number == NUMBERING:
                continue
            origin = None if number == UNSOURCED else trace.origin(number)
            document.add_comment([Run(first, owner), Run(last, owner)], text=comment_text(text, origin),
                                 author=AUTHOR, initials=INITIALS)
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        saved = [(info.filename, _unmarked(info.filename, archive.read(info))) for info in archive.infolist()]
    return deterministic_zip(saved)


def _unmarked(name: str, data: bytes) -> bytes:
    """A part with every mark left (page headers) removed, and the comments without the time python-docx
    stamps them with (the same inputs give the same bytes; the date is optional in Word's schema)."""
    if not name.endswith((".xml", ".rels")):
        return data
    if name == "word/comments.xml":
        data = _DATE.sub(b"", data)
    text = data.decode("utf-8")
    return strip_marks(text).encode("utf-8") if has_marks(text) else data


_DATE = re.compile(rb' w:date="[^"]*"')


def _own(paragraph: Any, tags: tuple[str, ...]) -> list[Any]:
    """The paragraph's own elements with these tags (not those of a paragraph nested in a text box)."""
    nested = paragraph.find(f".//{W}txbxContent") is not None
    return [node for node in paragraph.iter(*tags)
            if not nested or next(node.iterancestors(f"{W}p")) is paragraph]


def _mark_unsourced(paragraph: Any, unsourced: tuple[tuple[int, int], ...]) -> None:
    """Give each unsourced number (start, end in the paragraph's text) the review copy's own mark, when it
    lies within one w:t."""
    if not unsourced:
        return
    nodes = _own(paragraph, (f"{W}t", f"{W}br", f"{W}cr", f"{W}tab"))
    wanted = sorted(unsourced, reverse=True)
    length = 0
    places = []  # (node, start in the text, marked text)
    for node in nodes:
        if node.tag != f"{W}t":
            length += 1
            continue
        value = node.text or ""
        places.append((node, length, value))
        length += len(strip_marks(value))
    for start, end in wanted:
        for node, offset, value in places:
            plain = strip_marks(value)
            if offset <= start and end <= offset + len(plain):
                a, b = _index(value, start - offset), _index(value, end - offset - 1) + 1
                node.text = value[:a] + mark(value[a:b], UNSOURCED) + value[b:]
                break


def _index(marked: str, position: int) -> int:
    """Where the ``position``-th unmarked character of ``marked`` is."""
    seen = -1
    for index, char in enumerate(marked):
        if "\ufdd0" <= char <= "\ufdef":
            continue
        seen += 1
        if seen == position:
            return index
    return len(marked)


def _split(paragraph: Any) -> list[tuple[int, str, Any, Any]]:
    """Split the paragraph's runs where marks begin and end, remove the marks, and say which runs each
    figure covers: (mark, printed text, first run, last run)."""
    open_marks: list[tuple[int, list[str], list[Any]]] = []  # (mark, text printed so far, runs)
    done: list[tuple[int, str, Any, Any]] = []
    for run in _own(paragraph, (f"{W}r",)):
        texts = [t.text or "" for t in run.iter(f"{W}t")]
        if not any(OPEN in text or CLOSE in text for text in texts):
            for _, printed, runs in open_marks:
                printed.append(strip_marks("".join(texts)))
                runs.append(run)
            continue
        for piece, events in _pieces(run):
            for kind, number in events:
                if kind == "open":
                    open_marks.append((number, [], []))
                elif open_marks:
                    opened, printed, runs = open_marks.pop()
                    if runs:
                        done.append((opened, "".join(printed), runs[0], runs[-1]))
            if piece is not None:
                for _, printed, runs in open_marks:
                    printed.append("".join(t.text or "" for t in piece.iter(f"{W}t")))
                    runs.append(piece)
    return done


def _pieces(run: Any) -> list[tuple[Any | None, list[tuple[str, int]]]]:
    """Replace ``run`` by runs split at its marks, each with the run's formatting: [(new run, the mark
    events just before it)], the last run None when marks close after all of the text."""
    properties = run.find(f"{W}rPr")
    result: list[tuple[Any | None, list[tuple[str, int]]]] = []
    events: list[tuple[str, int]] = []
    current: list[Any] = []

    def flush() -> None:
        nonlocal current, events
        if current:
            new = run.makeelement(run.tag, run.attrib)
            if properties is not None:
                new.append(copy.deepcopy(properties))
            new.extend(current)
            result.append((new, events))
            current, events = [], []

    for child in run:
        if child.tag == f"{W}rPr":
            continue
        if child.tag != f"{W}t" or not MARK_CHARS.search(child.text or ""):
            current.append(copy.deepcopy(child))
            continue
        for kind, value in mark_tokens(child.text or ""):
            if kind == "text":
                text = child.makeelement(child.tag, child.attrib)
                text.text = str(value)
                text.set(_SPACE, "preserve")
                current.append(text)
            else:
                flush()
                events.append((kind, int(value)))
    flush()
    if events:
        result.append((None, events))
    parent = run.getparent()
    position = parent.index(run)
    parent.remove(run)
    for offset, new in enumerate(piece for piece, _ in result if piece is not None):
        parent.insert(position + offset, new)
    return result
