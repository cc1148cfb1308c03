"""The Jinja tags of one template part as the renderer will read them, each with the paragraph it stands in.

Tags are found paragraph by paragraph (a tag cut by a paragraph break or a table cell is reported), read
after the render-time repair (smart quotes, non-breaking spaces) and without docxtpl's ``{%p``, ``{%tr``,
``{%tc``, ``{%r`` prefixes. :class:`TagReader` holds what the checks of :mod:`nqreport.templates.names`
and :mod:`nqreport.templates.tags` share.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import jinja2

from nqreport.render.contract import SCOPE_COMMUNE, SCOPE_SUMMARY
from nqreport.word.repair import UNJOINABLE_FIX, normalise_tag, substituted, tag_pieces, unjoinable_message
from nqreport.word.scan import CLOSERS, Finding, Paragraph, Part, excerpt, find_tags, finding_at, paragraphs

SEE_VARIABLES = "danh sách biến: nqreport context hoặc docs/huong-dan-mau.md"
AUTO_FIXED = "đã tự sửa khi lập báo cáo; dùng --fix để sửa hẳn trong tệp"
#: Attributes of ``loop`` inside a for loop.
LOOP_ATTRIBUTES = ("index", "index0", "revindex", "revindex0", "first", "last", "length", "cycle",
                   "depth", "depth0", "previtem", "nextitem", "changed")
#: The statements a template may use, and the closing tag of each block.
BLOCKS = {"for": "endfor", "if": "endif", "with": "endwith", "set": "endset"}
MIDDLES = {"elif": ("if",), "else": ("if", "for")}
DOCXTPL_TAGS = ("vm", "hm", "colspan", "cellbg")
KEYWORDS = (*BLOCKS, *BLOCKS.values(), *MIDDLES, *DOCXTPL_TAGS)
PREFIXES = ("p", "tr", "tc", "r")
_PREFIX_WORDS = {"p": "đoạn", "tr": "dòng", "tc": "ô", "r": "đoạn chữ"}
#: Methods a value to print may be called with (``{{ ten_xa.upper() }}``); list methods are not among them:
#: the sandbox refuses those that change a list.
STRING_METHODS = {name for name in dir(str) if not name.startswith("_")}

#: How messages name the two kinds of template.
SCOPE_NAMES = {SCOPE_COMMUNE: "báo cáo và phụ lục của một xã", SCOPE_SUMMARY: "báo cáo tổng hợp các xã"}

LOOP = "@loop"  # the type of ``loop``; None is "anything" (a value the contract does not describe)
Type = str | None


@dataclass
class Tag:
    """A Jinja tag as the renderer will read it, with the paragraph it stands in."""

    para: Paragraph
    raw: str  # as typed (for quoting)
    text: str  # Word's substitutions undone
    opener: str
    prefix: str
    body: str  # between the delimiters, without prefix and trim marks
    end_para: Paragraph  # where the tag ends (another paragraph when it was cut by a paragraph break)

    @property
    def keyword(self) -> str:
        match = re.match(r"[A-Za-z_]\w*", self.body)
        return match.group(0) if match and self.opener == "{%" else ""

    @property
    def shown(self) -> str:
        """The tag as the messages print it."""
        return " ".join(self.text.split())


def _split_tag(text: str) -> tuple[str, str, str]:
    """(opener, prefix, body) of a normalised tag."""
    opener = text[:2]
    closer = CLOSERS[opener]
    inner = text[2:-2] if text.endswith(closer) else text[2:]
    inner = inner.removeprefix("-").removesuffix("-")
    prefix = ""
    match = re.match(r"(p|tr|tc|r) ", inner)
    if match and opener in ("{%", "{{", "{#"):
        prefix = match.group(1)
        inner = inner[match.end():]
    return opener, prefix, inner.strip()



@dataclass
class Block:
    keyword: str
    tag: Tag
    frame: dict[str, Type] = field(default_factory=dict)
    loop: bool = False



class TagReader:
    """One part's tags and the state the checks keep while going through them."""

    def __init__(self, part: Part, part_index: int, scope: str, env: jinja2.Environment) -> None:
        self.part = part
        self.part_index = part_index
        self.scope = scope
        self.env = env
        self.findings: list[Finding] = []
        self.paras = paragraphs(part)
        self.tags: list[Tag] = []
        self.stack: list[Block] = []
        self.globals: dict[str, Type] = {}
        self.closed_loop_names: set[str] = set()
        self.syntax_found = False
        self.unknown_names = 0
        self.position = 0
        self.by_row: dict[Any, list[Paragraph]] = defaultdict(list)
        self.by_cell: dict[Any, list[Paragraph]] = defaultdict(list)
        for para in self.paras:
            if para.row is not None:
                self.by_row[para.row].append(para)
            if para.cell is not None:
                self.by_cell[para.cell].append(para)


    # -- reporting

    def report(self, para: Paragraph, around: str, code: str, message: str, fix: str, *,
               error: bool = True) -> None:
        self.findings.append(finding_at(para, around, error=error, code=code, message=message, fix=fix,
                                        part_index=self.part_index))

    def tag_report(self, tag: Tag, code: str, message: str, fix: str, *, error: bool = True) -> None:
        self.report(tag.para, tag.raw, code, message, fix, error=error)

    def collect(self) -> None:
        pending: tuple[Paragraph, str] | None = None
        for index, para in enumerate(self.paras):
            text = para.text
            offset = 0
            if pending is not None:
                start_para, head = pending
                closer = CLOSERS[head[:2]]
                close = text.find(closer)
                opens = [i for i in (text.find(o) for o in CLOSERS) if i >= 0]
                if close >= 0 and (not opens or close < min(opens)):
                    raw = head + text[:close + 2]
                    self._across(start_para, para, raw)
                    self._add(start_para, raw, para)
                    offset = close + 2
                else:
                    self._unclosed(start_para, head)
                pending = None
            spans, stray = find_tags(text[offset:])
            for position in stray:
                at = offset + position
                self.report(para, text[at:at + 2], "stray-closer",
                            f"có dấu \"{text[at:at + 2]}\" mà không có dấu mở \"{'{{' if text[at] == '}' else '{%'}\" "
                            "đi trước; báo cáo sẽ in nguyên văn",
                            "thêm dấu mở cho đủ thẻ (ví dụ {{ ten_xa }}) hoặc xóa dấu thừa")
            for pieces in tag_pieces(para):
                if pieces.span.start < offset:
                    continue
                self._pieces(para, pieces)
            for span in spans:
                raw = span.text(text[offset:])
                if not span.closed:
                    # Cut short by the next tag: quote it up to its last brace ("{{ dem.khong_dat }").
                    last = max(raw.rfind("}"), raw.rfind("%"))
                    self._unclosed(para, raw[:last + 1] if last > 1 else raw.rstrip())
                elif span.end is None:
                    if index + 1 < len(self.paras):
                        pending = (para, raw)
                    else:
                        self._unclosed(para, raw)
                else:
                    self._add(para, raw, para)
        if pending is not None:
            self._unclosed(*pending)

    def _add(self, para: Paragraph, raw: str, end_para: Paragraph) -> None:
        text = normalise_tag(raw)
        opener, prefix, body = _split_tag(text)
        self.tags.append(Tag(para, raw, text, opener, prefix, body, end_para))
        found = substituted(raw)
        if found:
            self.tag_report(self.tags[-1], "word-characters",
                            f"thẻ \"{' '.join(raw.split())}\" có {', '.join(found)} do Word tự đổi", AUTO_FIXED,
                            error=False)

    def _pieces(self, para: Paragraph, pieces: Any) -> None:
        if not pieces.split:
            return
        shown = " ".join(normalise_tag(pieces.text).split())
        if not pieces.joinable:
            self.report(para, pieces.text, "split-tag", unjoinable_message(pieces), UNJOINABLE_FIX)
            return
        differences = pieces.format_differences()
        if differences:
            self.report(para, pieces.text, "split-format",
                        f"thẻ \"{shown}\" có một phần {', '.join(differences)} (Word tách thẻ thành nhiều đoạn "
                        "định dạng); giá trị in theo định dạng của phần lớn thẻ", AUTO_FIXED, error=False)

    def _unclosed(self, para: Paragraph, raw: str) -> None:
        closer = CLOSERS[raw[:2]]
        self.syntax_found = True
        shown = excerpt(raw, width=40)
        self.report(para, raw, "unclosed-tag", f"thẻ \"{shown}\" thiếu dấu đóng \"{closer}\"",
                    f"thêm \"{closer}\" vào cuối thẻ, trong cùng đoạn này")

    def _across(self, start: Paragraph, end: Paragraph, raw: str) -> None:
        shown = " ".join(normalise_tag(raw).split())
        if start.cell is not end.cell:
            self.report(start, raw, "tag-across-cells",
                        f"thẻ \"{shown}\" bắt đầu ở ô này nhưng kết thúc ở ô khác của bảng ({end.where})",
                        "viết trọn thẻ (từ {{ đến }}, từ {% đến %}) trong cùng một ô")
        else:
            self.report(start, raw, "tag-across-paragraphs",
                        f"thẻ \"{shown}\" bị ngắt xuống đoạn sau ({end.where}); khi lập báo cáo hai đoạn sẽ "
                        "bị gộp làm một",
                        "xóa dấu xuống dòng (Enter) ở giữa thẻ để cả thẻ nằm trong một đoạn")
