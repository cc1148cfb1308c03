"""Every name, attribute, filter and test of a template resolved against the context contract of its scope.

The contract's documented paths (:mod:`nqreport.render.contract`) are read as a tree of groups, lists and
values; the variables of ``{% for x in … %}`` are bound to the element of the documented list, so
``lv.chi_tieu`` inside ``{%p for lv in linh_vuc %}`` is known and ``lv.chi_tieux`` is reported with the
closest name.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable

import jinja2
from jinja2 import nodes

from nqreport.render.contract import SCOPE_COMMUNE, SCOPE_SUMMARY, documented_paths
from nqreport.render.filters import FILTERS
from nqreport.templates.tagtext import (
    LOOP,
    LOOP_ATTRIBUTES,
    SCOPE_NAMES,
    SEE_VARIABLES,
    STRING_METHODS,
    Tag,
    TagReader,
    Type,
)
from nqreport.word.scan import Part


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


class NameResolver(TagReader):
    """Resolves names against the contract of the part's scope, reporting every unknown one."""

    def __init__(self, part: Part, part_index: int, scope: str, env: jinja2.Environment) -> None:
        super().__init__(part, part_index, scope, env)
        self.contract = contract(scope)

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
        owner = expr_text(base_node)
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
            if name in STRING_METHODS:
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

    def _printable(self, tag: Tag, expr: nodes.Node, kind: Type) -> None:
        if kind is None or kind == LOOP:
            return
        name = expr_text(expr)
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


def target_names(node: nodes.Node) -> list[str]:
    if isinstance(node, nodes.Name):
        return [node.name]
    return [n.name for n in node.find_all(nodes.Name)]


def expr_text(node: nodes.Node) -> str:
    """An expression as the secretary typed it, near enough for a message."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{expr_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg
        inner = repr(arg.value) if isinstance(arg, nodes.Const) else "…"
        return f"{expr_text(node.node)}[{inner}]"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"{expr_text(node.node)}|{node.name}"
    return "…"
