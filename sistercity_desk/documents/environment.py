"""The one Jinja environment every template is rendered and checked in."""

from __future__ import annotations

from typing import Any

from jinja2 import DictLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ..text import clean
from . import bounds


def _finalize(value: Any) -> Any:
    # Every printed value is cleaned, whatever the template does with it: control
    # characters vanish or damage neighbouring text otherwise, and \a / \f would become
    # paragraph and page breaks.
    bounds.printed(value)
    if isinstance(value, str):
        return clean(str(value))
    return value


class _CompilingOnceEnvironment(bounds.BoundedSandbox):
    """docxtpl compiles the whole document XML with ``from_string`` on every render (a few
    milliseconds); the same source compiles to the same template, so keep the last few."""

    KEEP = 32

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = super().from_string(source)
            if len(self._compiled) >= self.KEEP:
                self._compiled.pop(next(iter(self._compiled)))
            self._compiled[source] = template
        return template


def make_environment() -> SandboxedEnvironment:
    """The one Jinja environment templates run in: sandboxed (no reaching into Python),
    autoescaped (text cannot become XML), strict (a missing field is an error)."""
    # An empty loader: {% include %}, {% import %} and {% extends %} find no file (without
    # one, Jinja fails with a TypeError instead of a template error).
    return _CompilingOnceEnvironment(
        autoescape=True, undefined=StrictUndefined, finalize=_finalize, loader=DictLoader({})
    )


_SHARED: list[SandboxedEnvironment] = []


def shared_environment() -> SandboxedEnvironment:
    # One environment for every render, so its compiled templates are reused. Rendering a
    # compiled template holds no state, so threads may share it.
    if not _SHARED:
        _SHARED.append(make_environment())
    return _SHARED[0]
