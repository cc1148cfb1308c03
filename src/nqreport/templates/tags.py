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
from dataclasses import replace

import jinja2
from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError

from nqreport.templates.names import NameResolver, expr_text, target_names
from nqreport.templates.syntax import explain_syntax, simulate
from nqreport.templates.tagtext import (
    BLOCKS,
    DOCXTPL_TAGS,
    KEYWORDS,
    LOOP,
    MIDDLES,
    PREFIXES,
    SEE_VARIABLES,
    Block,
    Tag,
    Type,
)
from nqreport.word.scan import CLOSERS, Finding, Part, excerpt


class PartChecker(NameResolver):
    """Checks the tags of one part (each part is a Jinja template of its own)."""

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
                self.stack.append(Block("for", tag, loop=True))
        elif keyword == "if":
            tree = self._parse(tag, f"{{% {body} %}}{{% endif %}}")
            if tree is not None:
                self.resolve(tree.body[0].test, tag)  # type: ignore[attr-defined]
            self.stack.append(Block("if", tag))
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
            self.stack.append(Block("with", tag, frame))
        elif keyword == "set":
            if "=" in body:
                tree = self._parse(tag, f"{{% {body} %}}")
                if tree is not None:
                    assign = tree.body[0]
                    assert isinstance(assign, nodes.Assign)
                    kind = self.resolve(assign.node, tag)
                    for name in target_names(assign.target):
                        self._frame()[name] = kind if isinstance(assign.target, nodes.Name) else None
            else:
                tree = self._parse(tag, f"{{% {body} %}}{{% endset %}}")
                block = Block("set", tag)
                if tree is not None:
                    for name in target_names(tree.body[0].target):  # type: ignore[attr-defined]
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
                name = expr_text(node.iter)
                self.tag_report(tag, "unknown-attribute",
                                f"\"{name}\" là một nhóm thông tin, không phải danh sách để lặp",
                                f"lặp qua một danh sách ({SEE_VARIABLES}), hoặc in thẳng {{{{ {name}.… }}}}")
        frame: dict[str, Type] = {}
        for name in target_names(node.target):
            frame[name] = element if isinstance(node.target, nodes.Name) else None
        block = Block("for", tag, frame, loop=True)
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
            missing = (len(kinds) - depth - 1 + simulate(kinds[:depth], rest)) if depth is not None \
                else 1 + simulate(kinds, rest)
            mistyped = 1 + simulate(kinds[:-1], rest)
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

    def _same_kind(self, block: Block, tag: Tag) -> bool:
        if block.tag.prefix == tag.prefix:
            return True
        self.syntax_found = True
        opening = block.tag
        self.tag_report(tag, "unmatched-block",
                        f"thẻ \"{tag.shown}\" khác loại với thẻ mở \"{opening.shown}\" ({opening.para.where})",
                        f"dùng cùng một loại cho cả khối: {{%{_p(opening)} {block.keyword} … %}} … "
                        f"{{%{_p(opening)} {BLOCKS[block.keyword]} %}}")
        return False

    def _same_place(self, block: Block, tag: Tag) -> None:
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

    def _never_closed(self, block: Block, before: Tag | None = None) -> None:
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


def _p(tag: Tag) -> str:
    return tag.prefix


def _without(text: str, raw: str) -> str:
    return text.replace(raw, " ", 1)


def check_part(part: Part, part_index: int, scope: str, env: jinja2.Environment) -> tuple[list[Finding], int]:
    """The problems of one part's tags, and how many of them are unknown names (to choose a scope)."""
    checker = PartChecker(part, part_index, scope, env)
    findings = checker.check()
    return findings, checker.unknown_names
