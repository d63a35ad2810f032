"""Bounds on what an office template may make the sandbox do: sizes, loop steps, printed text.

Jinja's sandbox stops a template from reaching into Python, but not from asking for
``('A',) * 100000000``, ``'A' * 2000000000`` or two nested ``range(100000)`` loops: each is
plain arithmetic that allocates gigabytes or runs for hours. Templates here run in
``BoundedSandbox``: every ``*``, ``+`` and ``**``, every ``range`` and every ``for`` loop of a
parsed template goes through a counted function that knows the tag it came from, so a
template over a bound stops at once with a message naming that tag. ``check_tree`` finds the
same problems in ``templates check`` without running anything (constant operands and
constant ranges). The counters are per render (``budget``)."""

from __future__ import annotations

import contextvars
import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from ..errors import DeskError

#: Items (or characters) one expression may make: a long clause is ~10,000 characters.
MAX_SEQUENCE = 1_000_000
#: Loop steps one document may take, all loops together (a packet cover of 500 motions with
#: ten lines each takes 5,000).
MAX_LOOP_STEPS = 200_000
#: Characters the tags of one document may print.
MAX_OUTPUT = 20_000_000
#: Bits of a number ``**`` may make (2**4096 has 1,234 digits).
MAX_POWER_BITS = 4096
#: Bytes of one part of a template (an image, the body): a full-page photo is a few MB.
MAX_PART_BYTES = 25_000_000

_OP = "_bounded_op"
_LOOP = "_bounded_loop"
_RANGE = "_bounded_range"
BOUNDED_NAMES = (_OP, _LOOP, _RANGE)


class TemplateTooBig(DeskError):
    """A template asked for more than a bound; ``tag`` is the tag, ``bound`` which bound."""

    def __init__(self, tag: str, what: str, bound: str) -> None:
        super().__init__(
            f"the tag {tag} was stopped: it {what}. Change or remove that tag", field=tag
        )
        self.tag = tag
        self.what = what
        self.bound = bound


@dataclass
class Budget:
    """What one render has used so far."""

    loop_steps: int = 0
    printed: int = 0


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "template_budget", default=None
)


@contextmanager
def budget() -> Iterator[Budget]:
    """A fresh budget for one render."""
    fresh = Budget()
    token = _BUDGET.set(fresh)
    try:
        yield fresh
    finally:
        _BUDGET.reset(token)


def _current() -> Budget:
    found = _BUDGET.get()
    if found is None:
        found = Budget()
        _BUDGET.set(found)
    return found


# --------------------------------------------------------------------------- the checks


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


def binop(op: str, left: Any, right: Any, tag: str) -> Any:
    """``left op right`` after checking the result stays within the bounds."""
    if op == "*":
        for seq, times in ((left, right), (right, left)):
            size = _size(seq)
            if size is not None and isinstance(times, int) and size * max(times, 0) > MAX_SEQUENCE:
                items = f"{size:,} item{'' if size == 1 else 's'}"
                raise TemplateTooBig(
                    tag,
                    f"repeats {items} {times:,} times, more than the "
                    f"{MAX_SEQUENCE:,} one tag may make",
                    "sequence",
                )
        return left * right
    if op == "+":
        a, b = _size(left), _size(right)
        if a is not None and b is not None and a + b > MAX_SEQUENCE:
            raise TemplateTooBig(
                tag,
                f"joins {a + b:,} items, more than the {MAX_SEQUENCE:,} one tag may make",
                "sequence",
            )
        return left + right
    if op == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            bits = right * math.log2(abs(left))
            if bits > MAX_POWER_BITS:
                raise TemplateTooBig(
                    tag,
                    f"makes a number of {int(bits):,} bits, more than the {MAX_POWER_BITS:,} "
                    "a template may make",
                    "number",
                )
        return left**right
    raise ValueError(op)


def bounded_range(tag: str, *args: Any) -> range:
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:
        size = MAX_LOOP_STEPS + 1
    if size > MAX_LOOP_STEPS:
        raise TemplateTooBig(
            tag,
            f"counts {_count(numbers)} numbers, more than the {MAX_LOOP_STEPS:,} steps a "
            "document's loops may take",
            "loop",
        )
    return numbers


def _count(numbers: range) -> str:
    try:
        return f"{len(numbers):,}"
    except OverflowError:
        return "more than 2**63"


def bounded_loop(iterable: Iterable[Any], tag: str) -> Iterator[Any]:
    spent = _current()
    for item in iterable:
        spent.loop_steps += 1
        if spent.loop_steps > MAX_LOOP_STEPS:
            raise TemplateTooBig(
                tag,
                f"took the document's loops past {MAX_LOOP_STEPS:,} steps",
                "loop",
            )
        yield item


def printed(value: Any) -> None:
    """Count what a tag prints (called from the environment's ``finalize``)."""
    spent = _current()
    spent.printed += len(value) if isinstance(value, str) else 8
    if spent.printed > MAX_OUTPUT:
        raise TemplateTooBig(
            "(printing)",
            f"made the document's tags print more than {MAX_OUTPUT:,} characters",
            "output",
        )


# --------------------------------------------------------------------------- the tags


def describe(node: nodes.Node) -> str:
    """A short spelling of an expression, as it was written (near enough) in the tag."""
    if isinstance(node, nodes.Const):
        text = repr(node.value)
        return text if len(text) <= 24 else text[:20] + "…" + text[-1]
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{describe(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{describe(node.node)}[{describe(node.arg)}]"
    if isinstance(node, nodes.Tuple):
        items = [describe(i) for i in node.items]
        return f"({', '.join(items)}{',' if len(items) == 1 else ''})"
    if isinstance(node, nodes.List):
        return f"[{', '.join(describe(i) for i in node.items)}]"
    if isinstance(node, nodes.BinExpr):
        return f"{describe(node.left)} {node.operator} {describe(node.right)}"
    if isinstance(node, nodes.Call):
        if isinstance(node.node, nodes.Name) and node.node.name in BOUNDED_NAMES:
            return _original(node)
        args = [describe(a) for a in node.args]
        args += [f"{k.key}={describe(k.value)}" for k in node.kwargs]
        return f"{describe(node.node)}({', '.join(args)})"
    if isinstance(node, nodes.Filter):
        inner = describe(node.node) if node.node is not None else ""
        return f"{inner}|{node.name}"
    return type(node).__name__.lower()


def _original(node: nodes.Call) -> str:
    tag = node.args[-1] if node.node.name != _RANGE else node.args[0]  # type: ignore[attr-defined]
    text = tag.value if isinstance(tag, nodes.Const) else "(expression)"
    return str(text).removeprefix("{{ ").removesuffix(" }}")


def loop_source(node: nodes.Node) -> nodes.Node:
    """What a ``for`` loops over, as written (the counted wrapper taken off)."""
    if (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name == _LOOP
    ):
        return node.args[0]
    return node


def _call(name: str, args: list[nodes.Expr], lineno: int) -> nodes.Call:
    call = nodes.Call(nodes.Name(name, "load"), args, [], None, None)
    call.set_lineno(lineno)
    return call


def bound_tree(tree: nodes.Template) -> nodes.Template:
    """Route every ``*``, ``+``, ``**``, ``range(...)`` and ``for`` of a parsed template
    through the counted functions, each with the text of its tag."""
    # Innermost first, so a tag's text is read before the nodes inside it are replaced.
    for op_node in reversed(list(tree.find_all((nodes.Mul, nodes.Add, nodes.Pow)))):
        assert isinstance(op_node, nodes.BinExpr)
        tag = "{{ " + describe(op_node) + " }}"
        _replace(
            tree,
            op_node,
            _call(
                _OP,
                [nodes.Const(op_node.operator), op_node.left, op_node.right, nodes.Const(tag)],
                op_node.lineno,
            ),
        )
    for call in list(tree.find_all(nodes.Call)):
        if isinstance(call.node, nodes.Name) and call.node.name == "range":
            tag = "{{ " + describe(call) + " }}"
            call.node = nodes.Name(_RANGE, "load")
            call.args = [nodes.Const(tag), *call.args]
    for loop in tree.find_all(nodes.For):
        tag = "{% for " + describe(loop.target) + " in " + describe(loop.iter) + " %}"
        loop.iter = _call(_LOOP, [loop.iter, nodes.Const(tag)], loop.lineno)  # type: ignore[list-item]
    return tree


def _replace(tree: nodes.Node, old: nodes.Node, new: nodes.Node) -> None:
    for parent in [tree, *tree.find_all(nodes.Node)]:
        for field in parent.fields:
            value = getattr(parent, field, None)
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return


# --------------------------------------------------------------------------- checking


def check_tree(tree: nodes.Template) -> list[TemplateTooBig]:
    """The bounds a bounded tree would break whatever the data: operations on constants,
    constant ranges, and nested loops over constant ranges. Nothing is run."""
    found: list[TemplateTooBig] = []
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name not in (_OP, _RANGE):
            continue
        try:
            values = [_value(a) for a in call.args]
        except (nodes.Impossible, TemplateTooBig):
            continue
        try:
            if call.node.name == _OP:
                op, left, right, tag = values
                if _size(left) is None and _size(right) is None and op != "**":
                    continue
                binop(op, left, right, tag)
            else:
                bounded_range(*values)
        except TemplateTooBig as exc:
            found.append(exc)
        except Exception:
            continue
    _nested(tree, 1, found)
    return found


def _value(node: nodes.Node) -> Any:
    """The value of a constant expression, bounded operations included (Impossible when it
    depends on data)."""
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
        if node.node.name == _OP:
            op, left, right, tag = (_value(a) for a in node.args)
            return binop(op, left, right, tag)
        raise nodes.Impossible()
    if isinstance(node, nodes.Expr):
        return node.as_const()
    raise nodes.Impossible()


def _steps(loop: nodes.For) -> int | None:
    """How many steps a loop over a constant range takes (None when it depends on data)."""
    inner = loop.iter
    if (
        isinstance(inner, nodes.Call)
        and isinstance(inner.node, nodes.Name)
        and inner.node.name == _LOOP
    ):
        inner = inner.args[0]
    if (
        isinstance(inner, nodes.Call)
        and isinstance(inner.node, nodes.Name)
        and inner.node.name == _RANGE
    ):
        try:
            return len(range(*[_value(a) for a in inner.args[1:]]))
        except (nodes.Impossible, TemplateTooBig, TypeError, ValueError, OverflowError):
            return None
    return None


def _nested(node: nodes.Node, outer: int, found: list[TemplateTooBig]) -> None:
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.For):
            steps = _steps(child)
            total = outer * steps if steps is not None else outer
            if steps is not None and total > MAX_LOOP_STEPS and outer > 1:
                tag = _original(child.iter) if isinstance(child.iter, nodes.Call) else "for"
                found.append(
                    TemplateTooBig(
                        tag,
                        f"runs {total:,} steps inside the loops around it, more than the "
                        f"{MAX_LOOP_STEPS:,} a document's loops may take",
                        "loop",
                    )
                )
                continue
            _nested(child, total, found)
        else:
            _nested(child, outer, found)


# --------------------------------------------------------------------------- the environment


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with the bounds above on every parsed template."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals[_OP] = binop
        self.globals[_LOOP] = bounded_loop
        self.globals[_RANGE] = bounded_range
        # lipsum(n=10**9) writes as much filler text as asked.
        self.globals.pop("lipsum", None)
        for name in ("center", "indent", "wordwrap", "truncate", "format"):
            self.filters[name] = _sized_filter(self.filters[name], name)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        bound_tree(tree)
        tree.set_environment(self)
        return tree

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # 'a'.center(10**9), '{:>999999999}'.format(1): a size in a method's arguments, or
        # in the format string a method formats.
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "method")
            _check_sizes(name, args, kwargs, owner if name.startswith("format") else None)
        return super().call(__context, __obj, *args, **kwargs)


_WIDTH = re.compile(r"\d{7,}")


def _check_sizes(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any], pattern: str | None = None
) -> None:
    values = [*args, *kwargs.values()]
    big = any(isinstance(v, int) and not isinstance(v, bool) and v > MAX_SEQUENCE for v in values)
    if pattern is not None:
        big = big or any(int(n) > MAX_SEQUENCE for n in _WIDTH.findall(pattern))
    if big:
        raise TemplateTooBig(
            f"{{{{ ...{name}(...) }}}}",
            f"asks {name} for more than the {MAX_SEQUENCE:,} characters one tag may make",
            "sequence",
        )


def _sized_filter(original: Any, name: str) -> Any:
    marked = hasattr(original, "jinja_pass_arg")

    def sized(*args: Any, **kwargs: Any) -> Any:
        # args: (environment or context if asked for,) value, then the filter's arguments.
        value, rest = (args[1], args[2:]) if marked else (args[0], args[1:])
        pattern = value if name == "format" and isinstance(value, str) else None
        _check_sizes(name, rest, kwargs, pattern)
        return original(*args, **kwargs)

    # Jinja passes the environment or context to filters that ask for it by this marker.
    for marker in ("jinja_pass_arg",):
        if hasattr(original, marker):
            setattr(sized, marker, getattr(original, marker))
    sized.__name__ = getattr(original, "__name__", name)
    return sized
