"""The Jinja environment every template is rendered with: sandboxed, strict, autoescaping.

Why each of the three:

- **sandboxed**: a template comes from whoever edits it in Word; it must not reach Python internals
  (``{{ ''.__class__ }}``) nor change the context it is given.
- **strict**: a misspelt variable must stop the build with a message naming it and quoting the Word
  paragraph it is in, not print a blank where a figure should be.
- **autoescape**: docxtpl pastes values into XML; without escaping, "R&D ‹tạm tính>" silently comes out
  as "R " (docs/architecture.md, "Traps").

``nqreport check`` parses tags with the same environment, so both read a tag the same way.
"""

from __future__ import annotations

import operator
from functools import lru_cache
from typing import Any, NoReturn

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.runtime import StrictUndefined, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import missing

from nqreport.render.filters import FILTERS, JINJA_REPLACED, finalize


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


#: The longest text one expression may make ("A" * n, "x".ljust(n)…): a report's longest paragraph is a
#: few thousand characters; beyond this a template is building gigabytes.
MAX_TEXT = 1_000_000
#: Tags that reach for other files: a template is one Word document, and there is nothing to load.
_LOADING = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from … import",
            nodes.Extends: "extends"}
#: String methods whose result grows with an argument.
_GROWING = {"ljust", "rjust", "center", "zfill", "expandtabs"}


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox with the limits a template edited in Word needs: no tag that loads another file, no
    expression that builds a text of gigabytes, no global that prints a Python object. It also keeps the
    compiled templates: docxtpl hands over the same patched XML for every commune, and compiling it again
    each time was the largest single cost of a render (docs/architecture.md, "Where the time goes")."""

    _CACHE_SIZE = 16
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}
        # lipsum, cycler, joiner, dict and namespace print as Python objects (``{{ lipsum }}`` printed a
        # memory address: the bytes changed from run to run); only range is useful, and bounded.
        self.globals.clear()
        self.globals["range"] = safe_range

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for kind, word in _LOADING.items():
            found = next(iter(tree.find_all(kind)), None)
            if found is not None:
                raise TemplateSyntaxError(f"thẻ {{% {word} %}} không dùng được trong mẫu Word: mẫu là một văn "
                                          "bản, không nạp tệp nào khác; hãy chép nội dung cần dùng vào mẫu",
                                          found.lineno, name, filename)
        return tree

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int) and abs(right) > 100:
                raise SecurityError("lũy thừa quá lớn")
            return operator.pow(left, right)
        if isinstance(left, int) and isinstance(right, (str, list, tuple)):
            left, right = right, left
        if isinstance(left, (str, list, tuple)) and isinstance(right, int) and len(left) * right > MAX_TEXT:
            raise SecurityError(f"biểu thức tạo ra một đoạn dài hơn {MAX_TEXT:,} ký tự".replace(",", "."))
        return operator.mul(left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(__obj, "__name__", "")
        growing = isinstance(getattr(__obj, "__self__", None), str) and name in _GROWING
        if growing and any(isinstance(a, int) and a > MAX_TEXT for a in args):
            raise SecurityError(f"biểu thức tạo ra một đoạn dài hơn {MAX_TEXT:,} ký tự".replace(",", "."))
        return super().call(__context, __obj, *args, **kwargs)

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
    env.filters.update(JINJA_REPLACED)
    return env


@lru_cache(maxsize=1)
def shared_environment() -> jinja2.Environment:
    return make_environment()


