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

from functools import lru_cache
from typing import Any, NoReturn

import jinja2
from jinja2.exceptions import UndefinedError
from jinja2.runtime import StrictUndefined, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
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


class _Environment(ImmutableSandboxedEnvironment):
    """Keeps the compiled templates: docxtpl hands over the same patched XML for every commune, and
    compiling it again each time was the largest single cost of a render (docs/architecture.md, "Where the time goes")."""

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
    env.filters.update(JINJA_REPLACED)
    return env


@lru_cache(maxsize=1)
def shared_environment() -> jinja2.Environment:
    return make_environment()


