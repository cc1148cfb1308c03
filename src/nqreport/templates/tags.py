"""Checking the Jinja tags of a Word template against the context contract, every problem in one pass.

Jinja stops at the first syntax error and only finds a misspelt name when a report is rendered with
data that reaches it. Here each tag is parsed on its own (so that one bad tag does not hide the next),
the blocks are matched with a stack that knows where each tag stands in Word (paragraph, table row,
cell), and every name is resolved against the contract of the template's scope, with the variables
of ``{% for x in … %}`` bound to the element of the documented list. The tags are read as the renderer
reads them: after the render-time repair (smart quotes, non-breaking spaces) and docxtpl's ``{%p``,
``{%tr``, ``{%tc``, ``{%r`` prefixes.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError

from nqreport.render.contract import SCOPE_COMMUNE, SCOPE_SUMMARY, documented_paths
from nqreport.render.filters import FILTERS
from nqreport.word.repair import (
    UNJOINABLE_FIX,
    normalise_tag,
    substituted,
    tag_pieces,
    unjoinable_message,
)
from nqreport.word.scan import (
    CLOSERS,
    Finding,
    Paragraph,
    Part,
    excerpt,
    find_tags,
    finding_at,
    paragraphs,
)

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
_STRING_METHODS = {name for name in dir(str) if not name.startswith("_")}

#: How messages name the two kinds of template.
SCOPE_NAMES = {SCOPE_COMMUNE: "báo cáo và phụ lục của một xã", SCOPE_SUMMARY: "báo cáo tổng hợp các xã"}

LOOP = "@loop"  # the type of ``loop``; None is "anything" (a value the contract does not describe)
Type = str | None


# --------------------------------------------------------------------------- the contract as types


class Contract:
    """The documented paths of a scope as a tree: what is a group, a list, a value."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.known: set[str] = set()
        self.children: dict[str, set[str]] = defaultdict(set)
        self.lists: set[str] = set()
        for path in documented_paths(scope):
            prefix = ""
            for piece in path.split("."):
                base = piece.removesuffix("[]")
                node = f"{prefix}.{base}" if prefix else base
                self.children[prefix].add(base)
                self.known.add(node)
                if piece.endswith("[]"):
                    self.lists.add(node)
                    prefix = f"{node}[]"
                    self.known.add(prefix)
                else:
                    prefix = node

    @property
    def top(self) -> set[str]:
        return self.children[""]

    def attribute(self, path: str, name: str) -> str | None:
        candidate = f"{path}.{name}"
        return candidate if candidate in self.known else None

    def is_list(self, path: str) -> bool:
        return path in self.lists

    def is_group(self, path: str) -> bool:
        return bool(self.children.get(path)) and path not in self.lists

    def element(self, path: str) -> str:
        return f"{path}[]"


_CONTRACTS: dict[str, Contract] = {}


def contract(scope: str) -> Contract:
    if scope not in _CONTRACTS:
        _CONTRACTS[scope] = Contract(scope)
    return _CONTRACTS[scope]


def other_scope(scope: str) -> str:
    return SCOPE_SUMMARY if scope == SCOPE_COMMUNE else SCOPE_COMMUNE


# --------------------------------------------------------------------------- tags


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


# --------------------------------------------------------------------------- the checker


@dataclass
class _Block:
    keyword: str
    tag: Tag
    frame: dict[str, Type] = field(default_factory=dict)
    loop: bool = False


class PartChecker:
    """Checks the tags of one part (each part is a Jinja template of its own)."""

    def __init__(self, part: Part, part_index: int, scope: str, env: jinja2.Environment) -> None:
        self.part = part
        self.part_index = part_index
        self.scope = scope
        self.env = env
        self.contract = contract(scope)
        self.findings: list[Finding] = []
        self.paras = paragraphs(part)
        self.tags: list[Tag] = []
        self.stack: list[_Block] = []
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

    # -- pass 1: find the tags

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

    # -- pass 2: each tag

    def check(self) -> list[Finding]:
        self.collect()
        for position, tag in enumerate(self.tags):
            self.position = position
            self._placement(tag)
            if tag.opener == "{#":
                continue
            if tag.opener == "{{":
                self._output(tag)
            else:
                self._statement(tag)
        for block in self.stack:
            self._never_closed(block)
        self.stack.clear()
        if not self.syntax_found:
            self._whole()
        return self.findings

    def _placement(self, tag: Tag) -> None:
        """Paragraph, row and cell tags stand alone where docxtpl will remove the whole paragraph, row
        or cell; row tags need a row."""
        if tag.prefix not in ("p", "tr", "tc"):
            return
        shown = tag.shown
        if re.search(r"[%}]", tag.body):
            self.tag_report(tag, "tag-placement",
                            f"thẻ \"{shown}\" có dấu % hoặc }} ở bên trong; thẻ {{%{tag.prefix} … %}} không chứa "
                            "được các dấu này",
                            "bỏ dấu % hoặc } trong thẻ (ví dụ so sánh với 100 thay vì \"100%\")")
        if tag.prefix == "p":
            others = _without(tag.para.text, tag.raw)
            here = "đoạn"
            holder_fix = "để thẻ một mình một đoạn: nhấn Enter trước và sau thẻ"
        elif tag.prefix == "tr":
            if tag.para.row is None:
                self.tag_report(tag, "tag-placement",
                                f"thẻ \"{shown}\" chỉ dùng được trong một dòng của bảng",
                                "đặt thẻ vào một dòng riêng của bảng (dòng chỉ có thẻ này); ở ngoài bảng dùng "
                                f"{{%p {tag.body} %}}")
                return
            others = _without(" ".join(p.text for p in self.by_row[tag.para.row]), tag.raw)
            here = "dòng"
            holder_fix = "thêm một dòng mới vào bảng chỉ để chứa thẻ này (có thể gộp các ô của dòng đó)"
        else:
            if tag.para.cell is None:
                self.tag_report(tag, "tag-placement",
                                f"thẻ \"{shown}\" chỉ dùng được trong một ô của bảng",
                                "đặt thẻ vào một ô riêng của bảng; ở ngoài bảng dùng "
                                f"{{%p {tag.body} %}}")
                return
            others = _without(" ".join(p.text for p in self.by_cell[tag.para.cell]), tag.raw)
            here = "ô"
            holder_fix = "để thẻ một mình trong một ô riêng (thêm một cột nếu cần)"
        if others.strip():
            if re.search(rf"\{{[%{{]{tag.prefix} ", others):
                message = f"có hai thẻ {{%{tag.prefix} … %}} trong cùng một {here}; chỉ thẻ đầu được dùng"
            else:
                message = (f"{here} có thẻ \"{shown}\" còn có chữ khác (\"{excerpt(others, width=40)}\"); khi lập "
                           f"báo cáo cả {here} được thay bằng thẻ nên chữ này sẽ mất")
            self.tag_report(tag, "tag-placement", message, holder_fix)

    # -- parsing one tag

    def _parse(self, tag: Tag, source: str) -> nodes.Template | None:
        try:
            return self.env.parse(source)
        except TemplateSyntaxError as exc:
            self.syntax_found = True
            message, fix = explain_syntax(tag, exc.message or "")
            self.tag_report(tag, "syntax", message, fix)
            return None

    def _output(self, tag: Tag) -> None:
        if not tag.body:
            self.syntax_found = True
            self.tag_report(tag, "syntax", f"thẻ \"{tag.shown}\" rỗng", "viết tên biến vào giữa, ví dụ {{ ten_xa }}, "
                            "hoặc xóa thẻ")
            return
        tree = self._parse(tag, f"{{{{ {tag.body} }}}}")
        if tree is None:
            return
        output = tree.body[0]
        assert isinstance(output, nodes.Output)
        for expr in output.nodes:
            kind = self.resolve(expr, tag)
            self._printable(tag, expr, kind)

    def _printable(self, tag: Tag, expr: nodes.Node, kind: Type) -> None:
        if kind is None or kind == LOOP:
            return
        name = _expr_text(expr)
        members = sorted(self.contract.children.get(kind, ()))
        if self.contract.is_group(kind):
            example = "cau" if "cau" in members else (members[0] if members else "ten")
            self.tag_report(tag, "group-printed",
                            f"\"{name}\" là một nhóm thông tin, không in trực tiếp được",
                            f"in một thuộc tính của nó, ví dụ {{{{ {name}.{example} }}}}; các thuộc tính: "
                            f"{', '.join(members)}")
        elif self.contract.is_list(kind) and self.contract.children.get(self.contract.element(kind)):
            item = sorted(self.contract.children[self.contract.element(kind)])
            example = "ten" if "ten" in item else item[0]
            self.tag_report(tag, "group-printed",
                            f"\"{name}\" là một danh sách, không in trực tiếp được",
                            f"lặp qua danh sách: {{%p for x in {name} %}}, rồi {{{{ x.{example} }}}} ở đoạn sau, "
                            "rồi {%p endfor %}")

    def _statement(self, tag: Tag) -> None:
        keyword = tag.keyword
        body = tag.body
        if not keyword:
            self.syntax_found = True
            self.tag_report(tag, "syntax", f"thẻ \"{tag.shown}\" không có lệnh",
                            "viết lệnh sau {% (for, if, elif, else, endfor, endif), hoặc xóa thẻ")
            return
        if (keyword in BLOCKS.values() or keyword in ("else", "vm", "hm")) and body != keyword:
            self.syntax_found = True
            self.tag_report(tag, "syntax", f"thẻ \"{tag.shown}\" có chữ thừa sau \"{keyword}\"",
                            f"chỉ viết {{%{_p(tag)} {keyword} %}}")
            return
        if keyword in ("vm", "hm"):
            return
        if keyword in ("colspan", "cellbg"):
            tree = self._parse(tag, f"{{{{ {body[len(keyword):].strip() or '0'} }}}}")
            if tree is not None:
                for expr in tree.body[0].nodes:  # type: ignore[attr-defined]
                    self.resolve(expr, tag)
            return
        if keyword == "for":
            tree = self._parse(tag, f"{{% {body} %}}{{% endfor %}}")
            if tree is not None:
                self._open_for(tag, tree.body[0])
            else:
                self.stack.append(_Block("for", tag, loop=True))
        elif keyword == "if":
            tree = self._parse(tag, f"{{% {body} %}}{{% endif %}}")
            if tree is not None:
                self.resolve(tree.body[0].test, tag)  # type: ignore[attr-defined]
            self.stack.append(_Block("if", tag))
        elif keyword == "with":
            tree = self._parse(tag, f"{{% {body} %}}{{% endwith %}}")
            frame: dict[str, Type] = {}
            if tree is not None:
                with_node = tree.body[0]
                assert isinstance(with_node, nodes.With)
                for target, value in zip(with_node.targets, with_node.values, strict=False):
                    kind = self.resolve(value, tag)
                    if isinstance(target, nodes.Name):
                        frame[target.name] = kind
            self.stack.append(_Block("with", tag, frame))
        elif keyword == "set":
            if "=" in body:
                tree = self._parse(tag, f"{{% {body} %}}")
                if tree is not None:
                    assign = tree.body[0]
                    assert isinstance(assign, nodes.Assign)
                    kind = self.resolve(assign.node, tag)
                    for name in _target_names(assign.target):
                        self._frame()[name] = kind if isinstance(assign.target, nodes.Name) else None
            else:
                tree = self._parse(tag, f"{{% {body} %}}{{% endset %}}")
                block = _Block("set", tag)
                if tree is not None:
                    for name in _target_names(tree.body[0].target):  # type: ignore[attr-defined]
                        self._frame()[name] = None
                self.stack.append(block)
        elif keyword in MIDDLES:
            if keyword == "elif":
                tree = self._parse(tag, f"{{% if true %}}{{% {body} %}}{{% endif %}}")
                if tree is not None:
                    self.resolve(tree.body[0].elif_[0].test, tag)  # type: ignore[attr-defined]
            self._middle(tag, keyword)
        elif keyword in BLOCKS.values():
            self._close(tag, keyword)
        else:
            self._unknown_statement(tag, keyword)

    def _frame(self) -> dict[str, Type]:
        return self.stack[-1].frame if self.stack else self.globals

    def _open_for(self, tag: Tag, node: nodes.Node) -> None:
        assert isinstance(node, nodes.For)
        kind = self.resolve(node.iter, tag)
        element: Type = None
        if kind is not None and kind != LOOP:
            if self.contract.is_list(kind):
                element = self.contract.element(kind)
            elif self.contract.is_group(kind):
                name = _expr_text(node.iter)
                self.tag_report(tag, "unknown-attribute",
                                f"\"{name}\" là một nhóm thông tin, không phải danh sách để lặp",
                                f"lặp qua một danh sách ({SEE_VARIABLES}), hoặc in thẳng {{{{ {name}.… }}}}")
        frame: dict[str, Type] = {}
        for name in _target_names(node.target):
            frame[name] = element if isinstance(node.target, nodes.Name) else None
        block = _Block("for", tag, frame, loop=True)
        self.stack.append(block)
        if node.test is not None:
            self.resolve(node.test, tag)

    def _middle(self, tag: Tag, keyword: str) -> None:
        allowed = MIDDLES[keyword]
        if not self.stack or self.stack[-1].keyword not in allowed:
            self.syntax_found = True
            self.tag_report(tag, "unmatched-block",
                            f"thẻ {{%{_p(tag)} {keyword} %}} không nằm trong một khối "
                            f"{{%{_p(tag)} {allowed[0]} … %}}",
                            f"thêm {{%{_p(tag)} {allowed[0]} … %}} phía trước hoặc xóa thẻ này")
            return
        block = self.stack[-1]
        if not self._same_kind(block, tag):
            return
        self._same_place(block, tag)

    def _close(self, tag: Tag, keyword: str) -> None:
        opening = next(k for k, v in BLOCKS.items() if v == keyword)
        depth = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].keyword == opening), None)
        top = self.stack[-1] if self.stack else None
        if top is not None and depth != len(self.stack) - 1:
            # The closer does not close the innermost block: a mistyped closer (endfor for endif) or a
            # missing one. Take the reading that leaves the rest of the part with fewer errors.
            rest = self.tags[self.position + 1:]
            kinds = [b.keyword for b in self.stack]
            missing = (len(kinds) - depth - 1 + _simulate(kinds[:depth], rest)) if depth is not None \
                else 1 + _simulate(kinds, rest)
            mistyped = 1 + _simulate(kinds[:-1], rest)
            if mistyped < missing:
                self.syntax_found = True
                expected = f"{{%{_p(top.tag)} {BLOCKS[top.keyword]} %}}"
                self.tag_report(tag, "unmatched-block",
                                f"thẻ \"{tag.shown}\" không khớp với khối đang mở \"{top.tag.shown}\" "
                                f"({top.tag.para.where})",
                                f"nếu đây là thẻ đóng của khối đó, sửa thành {expected}; nếu không, thêm "
                                f"{expected} trước thẻ này")
                self.stack.pop()
                if top.loop:
                    self.closed_loop_names |= set(top.frame)
                return
        if depth is None:
            self.syntax_found = True
            self.tag_report(tag, "unmatched-block",
                            f"thẻ {{%{_p(tag)} {keyword} %}} không có thẻ mở {{%{_p(tag)} {opening} … %}} tương ứng",
                            f"xóa thẻ này, hoặc thêm {{%{_p(tag)} {opening} … %}} ở chỗ bắt đầu khối")
            return
        for block in self.stack[depth + 1:]:
            self._never_closed(block, before=tag)
        block = self.stack[depth]
        del self.stack[depth:]
        if block.loop:
            self.closed_loop_names |= set(block.frame)
        if self._same_kind(block, tag):
            self._same_place(block, tag)

    def _same_kind(self, block: _Block, tag: Tag) -> bool:
        if block.tag.prefix == tag.prefix:
            return True
        self.syntax_found = True
        opening = block.tag
        self.tag_report(tag, "unmatched-block",
                        f"thẻ \"{tag.shown}\" khác loại với thẻ mở \"{opening.shown}\" ({opening.para.where})",
                        f"dùng cùng một loại cho cả khối: {{%{_p(opening)} {block.keyword} … %}} … "
                        f"{{%{_p(opening)} {BLOCKS[block.keyword]} %}}")
        return False

    def _same_place(self, block: _Block, tag: Tag) -> None:
        """A block's tags stand where docxtpl can cut the document: the same cell for paragraph tags,
        the same table for row tags, the same row for cell tags; plain tags in one cell."""
        start, end = block.tag, tag
        a, b = start.end_para, end.para
        keyword = block.keyword
        closing = f"{{%{_p(start)} {tag.keyword} %}}"
        if start.prefix == "p" and a.container is not b.container:
            self.tag_report(start, "table-loop",
                            f"thẻ \"{start.shown}\" và thẻ {closing} ({b.where}) không cùng một ô của bảng",
                            "đặt cả hai thẻ trong cùng một ô (hoặc cùng ở ngoài bảng); để lặp các dòng của bảng "
                            "dùng {%tr for … %} ở một dòng riêng của bảng")
        elif start.prefix == "tr" and a.tbl is not b.tbl:
            self.tag_report(start, "table-loop",
                            f"thẻ \"{start.shown}\" và thẻ {closing} ({b.where}) không cùng một bảng",
                            f"đặt {{%tr {keyword} … %}} và {{%tr {BLOCKS[keyword]} %}} trong cùng một bảng, mỗi thẻ "
                            "ở một dòng riêng")
        elif start.prefix == "tc" and a.row is not b.row:
            self.tag_report(start, "table-loop",
                            f"thẻ \"{start.shown}\" và thẻ {closing} ({b.where}) không cùng một dòng của bảng",
                            f"đặt {{%tc {keyword} … %}} và {{%tc {BLOCKS[keyword]} %}} trong cùng một dòng, mỗi "
                            "thẻ ở một ô riêng")
        elif start.prefix in ("", "r") and a is not b and a.cell is not b.cell:
            if keyword == "for":
                fix = ("dùng {%tr for … %} ở một dòng riêng của bảng, và {%tr endfor %} ở một dòng riêng sau "
                       "các dòng cần lặp")
            else:
                fix = (f"dùng {{%tr {keyword} … %}} và {{%tr {BLOCKS[keyword]} %}}, mỗi thẻ ở một dòng riêng "
                       "của bảng, hoặc viết trọn khối trong một ô")
            self.tag_report(start, "table-loop",
                            f"khối \"{start.shown}\" … {closing} ({b.where}) trải qua nhiều ô của bảng; bảng "
                            "làm ra sẽ bị lệch ô", fix)

    def _never_closed(self, block: _Block, before: Tag | None = None) -> None:
        self.syntax_found = True
        tag = block.tag
        closing = f"{{%{_p(tag)} {BLOCKS[block.keyword]} %}}"
        holder = {"tr": "một dòng riêng của bảng", "tc": "một ô riêng"}.get(tag.prefix, "một đoạn riêng")
        where = f" trước thẻ \"{before.shown}\" ({before.para.where})" if before is not None else ""
        self.tag_report(tag, "unclosed-block", f"khối \"{tag.shown}\" chưa có thẻ đóng {closing}{where}",
                        f"thêm {closing} ở {holder} sau phần cần "
                        f"{'lặp' if block.keyword == 'for' else 'giới hạn'}")

    def _unknown_statement(self, tag: Tag, keyword: str) -> None:
        self.syntax_found = True
        glued = re.fullmatch(r"(p|tr|tc|r)(for|if|elif|else|endfor|endif)", keyword)
        if glued:
            body = f"{glued.group(2)}{tag.body[len(keyword):]}"
            self.tag_report(tag, "syntax", f"thẻ \"{tag.shown}\" thiếu dấu cách sau \"{glued.group(1)}\"",
                            f"viết {{%{glued.group(1)} {body} %}}")
            self._statement(replace(tag, prefix=glued.group(1), body=body))
            return
        if keyword in PREFIXES:
            body = tag.body[len(keyword):].strip()
            self.tag_report(tag, "syntax",
                            f"thẻ \"{tag.shown}\" có dấu cách giữa \"{{%\" và \"{keyword}\"",
                            f"viết liền: {{%{keyword} {body} %}}")
            if re.match(r"[A-Za-z_]\w*", body) and not re.match(r"(p|tr|tc|r)\b", body):
                self._statement(replace(tag, prefix=keyword, body=body))
            return
        close = difflib.get_close_matches(keyword, KEYWORDS, n=1, cutoff=0.6)
        hint = f" (có phải \"{close[0]}\"?)" if close else ""
        self.tag_report(tag, "syntax",
                        f"lệnh \"{keyword}\" không dùng được trong mẫu{hint}",
                        "chỉ dùng for, if, elif, else, endfor, endif (và set); ví dụ {%p for lv in linh_vuc %}")
        if close and close[0] not in DOCXTPL_TAGS:
            # Read on as the statement it most likely is, so that its block does not look unclosed.
            self._statement(replace(tag, body=close[0] + tag.body[len(keyword):]))

    # -- the safety net

    def _whole(self) -> None:
        """Parse the part's tags in order, as Jinja will, for what the per-tag checks cannot see."""
        lines = []
        for tag in self.tags:
            if tag.opener == "{#" or tag.keyword in DOCXTPL_TAGS:
                lines.append("")
            else:
                close = CLOSERS[tag.opener]
                lines.append(f"{tag.opener} {tag.body} {close}")
        try:
            self.env.parse("\n".join(lines))
        except TemplateSyntaxError as exc:
            index = max(0, min((exc.lineno or 1) - 1, len(self.tags) - 1))
            if self.tags:
                message, fix = explain_syntax(self.tags[index], exc.message or "")
                self.tag_report(self.tags[index], "syntax", message, fix)

    # -- names

    def lookup(self, name: str) -> tuple[bool, Type]:
        for block in reversed(self.stack):
            if name in block.frame:
                return True, block.frame[name]
            if name == "loop" and block.loop:
                return True, LOOP
        if name in self.globals:
            return True, self.globals[name]
        if name in self.contract.top:
            return True, name
        if name in self.env.globals:
            return True, None
        return False, None

    def resolve(self, node: nodes.Node, tag: Tag) -> Type:
        """The contract type of an expression, reporting every unknown name, attribute, filter and test."""
        if isinstance(node, nodes.Name):
            found, kind = self.lookup(node.name)
            if not found:
                self._unknown_name(node.name, tag)
            return kind
        if isinstance(node, nodes.Getattr):
            return self._attribute(node.node, node.attr, tag)
        if isinstance(node, nodes.Getitem):
            base = self.resolve(node.node, tag)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._attribute(node.node, node.arg.value, tag, base=base)
            self.resolve(node.arg, tag)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, int) and base is not None \
                    and base != LOOP and self.contract.is_list(base):
                return self.contract.element(base)
            return None
        if isinstance(node, nodes.Filter):
            if node.node is not None:
                self.resolve(node.node, tag)
            self._children(node, tag, skip=node.node)
            if node.name not in self.env.filters:
                self._unknown_filter(node.name, tag)
            return None
        if isinstance(node, nodes.Test):
            self.resolve(node.node, tag)
            self._children(node, tag, skip=node.node)
            if node.name not in self.env.tests:
                close = difflib.get_close_matches(node.name, sorted(self.env.tests), n=1, cutoff=0.6)
                hint = f" (có phải \"{close[0]}\"?)" if close else ""
                self.tag_report(tag, "unknown-filter", f"không có phép thử \"is {node.name}\"{hint}",
                                "dùng một phép thử của Jinja (is defined, is none, is number…) hoặc so sánh "
                                "bằng ==")
            return None
        self._children(node, tag)
        return None

    def _children(self, node: nodes.Node, tag: Tag, skip: nodes.Node | None = None) -> None:
        for child in node.iter_child_nodes():
            if child is not skip:
                self.resolve(child, tag)

    def _attribute(self, base_node: nodes.Node, name: str, tag: Tag, base: Type | str = "?") -> Type:
        kind = self.resolve(base_node, tag) if base == "?" else base
        if kind is None:
            return None
        owner = _expr_text(base_node)
        if kind == LOOP:
            if name in LOOP_ATTRIBUTES:
                return None
            close = difflib.get_close_matches(name, LOOP_ATTRIBUTES, n=1, cutoff=0.6)
            self._report_attribute(tag, owner, name, close, LOOP_ATTRIBUTES)
            return None
        found = self.contract.attribute(kind, name)
        if found is not None:
            return found
        if self.contract.is_list(kind):
            element = sorted(self.contract.children.get(self.contract.element(kind), ()))
            fix = f"lặp qua danh sách: {{%p for x in {owner} %}}, rồi "
            fix += f"{{{{ x.{name} }}}}" if name in element else "{{ x.… }}"
            fix += " ở đoạn sau, rồi {%p endfor %}"
            self.unknown_names += 1
            self.tag_report(tag, "unknown-attribute",
                            f"\"{owner}\" là một danh sách, không có thuộc tính \"{name}\"", fix)
            return None
        members = sorted(self.contract.children.get(kind, ()))
        if not members:
            if name in _STRING_METHODS:
                return None
            self.unknown_names += 1
            self.tag_report(tag, "unknown-attribute",
                            f"\"{owner}\" là một giá trị để in, không có thuộc tính \"{name}\"",
                            f"in thẳng {{{{ {owner} }}}}; {SEE_VARIABLES}")
            return None
        close = difflib.get_close_matches(name, members, n=1, cutoff=0.6)
        self._report_attribute(tag, owner, name, close, members)
        return None

    def _report_attribute(self, tag: Tag, owner: str, name: str, close: list[str],
                          members: Iterable[str]) -> None:
        self.unknown_names += 1
        hint = f" (có phải \"{close[0]}\"?)" if close else ""
        fix = f"sửa thành {owner}.{close[0]}" if close else f"các thuộc tính của {owner}: {', '.join(members)}"
        self.tag_report(tag, "unknown-attribute", f"\"{owner}\" không có thuộc tính \"{name}\"{hint}",
                        f"{fix}; {SEE_VARIABLES}")

    def _unknown_name(self, name: str, tag: Tag) -> None:
        self.unknown_names += 1
        names = set(self.contract.top) | {n for b in self.stack for n in b.frame} | set(self.globals)
        close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
        hint = f" (có phải \"{close[0]}\"?)" if close else ""
        if name in self.closed_loop_names:
            message = f"biến \"{name}\" chỉ có bên trong vòng lặp {{%p for {name} in … %}} … {{%p endfor %}}"
            fix = "đưa thẻ này vào giữa vòng lặp, hoặc dùng một biến của cả báo cáo"
        elif name in contract(other_scope(self.scope)).top:
            other = other_scope(self.scope)
            message = (f"biến \"{name}\" chỉ có trong {SCOPE_NAMES[other]}, không có trong "
                       f"{SCOPE_NAMES[self.scope]}{hint}")
            fix = (f"sửa thành {{{{ {close[0]} }}}}; " if close else "") + \
                f"nếu mẫu này dùng cho {SCOPE_NAMES[other]}, chạy nqreport check --scope {other}; {SEE_VARIABLES}"
        else:
            message = f"không có biến \"{name}\"{hint}"
            fix = (f"sửa thành {{{{ {close[0]} }}}}; " if close else "") + SEE_VARIABLES
        self.tag_report(tag, "unknown-variable", message, fix)

    def _unknown_filter(self, name: str, tag: Tag) -> None:
        self.unknown_names += 1
        ours = list(FILTERS)
        close = difflib.get_close_matches(name, ours, n=1, cutoff=0.6) or \
            difflib.get_close_matches(name, sorted(self.env.filters), n=1, cutoff=0.6)
        hint = f" (có phải \"{close[0]}\"?)" if close else ""
        fix = f"sửa thành |{close[0]}; " if close else ""
        self.tag_report(tag, "unknown-filter", f"không có bộ lọc \"{name}\"{hint}",
                        f"{fix}các bộ lọc: {', '.join(ours)}, upper, lower")


# --------------------------------------------------------------------------- helpers


def _simulate(kinds: list[str], tags: list[Tag]) -> int:
    """How many block errors the rest of a part has from a given stack, recovering as the checker does."""
    stack = list(kinds)
    errors = 0
    closers = {v: k for k, v in BLOCKS.items()}
    for tag in tags:
        keyword = tag.keyword
        if keyword in BLOCKS and (keyword != "set" or "=" not in tag.body):
            stack.append(keyword)
        elif keyword in closers:
            opening = closers[keyword]
            if opening not in stack:
                errors += 1
                continue
            depth = len(stack) - 1 - stack[::-1].index(opening)
            errors += len(stack) - depth - 1
            del stack[depth:]
    return errors + len(stack)


def _p(tag: Tag) -> str:
    return tag.prefix


def _without(text: str, raw: str) -> str:
    return text.replace(raw, " ", 1)


def _target_names(node: nodes.Node) -> list[str]:
    if isinstance(node, nodes.Name):
        return [node.name]
    return [n.name for n in node.find_all(nodes.Name)]


def _expr_text(node: nodes.Node) -> str:
    """An expression as the secretary typed it, near enough for a message."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_expr_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg
        inner = repr(arg.value) if isinstance(arg, nodes.Const) else "…"
        return f"{_expr_text(node.node)}[{inner}]"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"{_expr_text(node.node)}|{node.name}"
    return "…"


_SYNTAX_HINTS: tuple[tuple[str, Callable[[re.Match[str], Tag], tuple[str, str]]], ...] = (
    (r"expected token 'end of print statement', got '([^']*)'",
     lambda m, t: (f"thẻ \"{t.shown}\" có chữ thừa hoặc dấu cách trong tên biến (trước \"{m.group(1)}\")",
                   "tên biến viết liền, nối bằng dấu gạch dưới, ví dụ {{ ten_xa }}; mỗi thẻ in một biến")),
    (r"expected token 'end of statement block', got '([^']*)'",
     lambda m, t: (f"thẻ \"{t.shown}\" có chữ thừa (trước \"{m.group(1)}\")",
                   "kiểm tra lại thẻ theo mẫu {%p if dieu_kien %} hoặc {%p for x in danh_sach %}")),
    (r"expected token 'in'",
     lambda m, t: (f"vòng lặp \"{t.shown}\" thiếu chữ \"in\"",
                   "viết theo mẫu {%p for lv in linh_vuc %}")),
    (r"unexpected char '([\"'])'",
     lambda m, t: (f"thẻ \"{t.shown}\" có dấu nháy {m.group(1)} chưa đóng",
                   "thêm dấu nháy đóng cho đủ cặp, ví dụ \"khong_dat\"")),
    (r"unexpected char '(.)'",
     lambda m, t: (f"thẻ \"{t.shown}\" có ký tự \"{m.group(1)}\" không dùng được trong thẻ",
                   "xóa ký tự này; tên biến chỉ gồm chữ không dấu, số và dấu gạch dưới")),
    (r"unexpected '(.)', expected '(.)'",
     lambda m, t: (f"thẻ \"{t.shown}\" thiếu dấu \"{m.group(2)}\"",
                   f"thêm dấu \"{m.group(2)}\" cho đủ cặp ngoặc")),
    (r"Expected an expression",
     lambda m, t: (f"thẻ \"{t.shown}\" thiếu biến hoặc điều kiện",
                   "viết tên biến vào thẻ, ví dụ {%p if chi_tieu_khong_dat %}")),
    (r"expected token 'name'",
     lambda m, t: (f"thẻ \"{t.shown}\" thiếu tên bộ lọc sau dấu |",
                   "viết tên bộ lọc sau dấu |, ví dụ {{ ngay_bao_cao|ngay }}, hoặc xóa dấu |")),
)


def explain_syntax(tag: Tag, message: str) -> tuple[str, str]:
    """A Jinja syntax error in Vietnamese: what is wrong with this tag and what to type."""
    for pattern, explain in _SYNTAX_HINTS:
        match = re.search(pattern, message)
        if match:
            what, fix = explain(match, tag)
            return what, fix
    return (f"thẻ \"{tag.shown}\" viết sai cú pháp (Jinja báo: {message})",
            "viết lại thẻ theo mẫu {{ ten_bien }} hoặc {%p for x in danh_sach %}; xem docs/huong-dan-mau.md")


def check_part(part: Part, part_index: int, scope: str, env: jinja2.Environment) -> tuple[list[Finding], int]:
    """The problems of one part's tags, and how many of them are unknown names (to choose a scope)."""
    checker = PartChecker(part, part_index, scope, env)
    findings = checker.check()
    return findings, checker.unknown_names
