"""The Jinja2 sandbox letters are filled in with: no internals, no files, and bounded work.

Jinja's own sandbox stops ``{{ ''.__class__.__mro__ }}`` and friends, but a template can
still ask for a gigabyte (``{{ 'x' * 10**9 }}``), a number with hundreds of millions of
digits (``{{ 9 ** (9 ** 9) }}``, which never finishes) or a loop of loops that runs for hours.
Such a template would hang the check (a background thread that cannot be stopped) and eat
the computer's memory. Here every way a template can make something big is bounded:

- ``*``, ``**``, ``%``, ``+`` and ``~`` are checked before (or, for joins, just after) they run;
- the string methods and filters that pad, repeat or join are checked on their arguments;
- every loop step and every call counts against a budget for the letter;
- any one value is at most ``MAX_TEXT`` characters;
- a list or table is printed, joined, formatted or handed to a filter only when its text would be at
  most ``MAX_TEXT`` characters, estimated without building it (``letters.budget``);
- everything made in one letter counts against its budget: ``MAX_MADE`` characters, ``LETTER_SECONDS``.

Limits are far above what a letter needs; going over one is a ``SecurityError`` with a
plain message (the check shows it as an error, the run stops before writing anything).
"""

from __future__ import annotations

import re
from functools import wraps

from jinja2 import Environment, Template, nodes, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from sdm_desktop.letters.budget import (
    TemplateTooBig,
    check_printable,
    current,
    letter_budget,
    refuse,
    rendered_size,
)

MAX_TEXT = 1_000_000          # characters (or items) in any one value
MAX_STEPS = 200_000           # loop steps and calls in one letter
MAX_WIDTH = 10_000            # padding, indent, batch size and the like
MAX_EXPONENT_BITS = 10_000    # the size of a number made with **
BUDGET = "letter_budget"      # the filter every {% for %} goes through

MAX_OUTPUT = 10_000_000       # characters in one filled-in part (more for a template that is itself larger)

# a field width or precision of 10,000 or more, or one taken from a value: '%99999s', '{:99999}', '{:{}}'
_WIDE_SPEC = re.compile(r"%[-+ #0]*(?:\*|\d{5,}|\d*\.(?:\*|\d{5,}))|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}|\{[^{}]+\{")
_SIZED = (str, list, tuple)


__all__ = ["MAX_OUTPUT", "TemplateTooBig", "LetterSandbox", "sandboxed_env"]
_refuse = refuse


def _check_size(value, what: str):
    """A value just made: at most ``MAX_TEXT`` long, and counted against the letter's budget."""
    if isinstance(value, _SIZED):
        if len(value) > MAX_TEXT:
            _refuse(f"{what} would be {len(value):,} long")
        current().charge_made(len(value))
    return value


def _check_arguments(values, what: str) -> None:
    """Lists and tables handed to a filter or a call: their text must fit in ``MAX_TEXT``."""
    for value in values:
        check_printable(value, MAX_TEXT, what)


def _count_steps(context, n: int = 1) -> None:
    steps = getattr(context, "_letter_steps", 0) + n
    if steps > MAX_STEPS:
        _refuse(f"more than {MAX_STEPS:,} loop steps or calls")
    context._letter_steps = steps
    current().check_time()


def _length(value) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple, range, dict)) else None


_WIDTH_METHODS = {"ljust", "rjust", "center", "zfill", "expandtabs"}
_WIDTH_FILTERS = {"center", "indent", "wordwrap", "batch", "slice", "truncate"}


def _numbers(values) -> list[int]:
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _check_joined(count: int | None, glue) -> None:
    if count is not None and isinstance(glue, str) and count * len(glue) > MAX_TEXT:
        _refuse("joining many pieces with a long text")


def _check_replace(text, old, new) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = text.count(old) if old else len(text) + 1
        if times * len(new) > MAX_TEXT:
            _refuse("a replacement making a very long text")


def _check_method(name: str, owner, args: tuple, kwargs: dict) -> None:
    """A method called on a value, e.g. ``'x'.ljust(10)``, ``', '.join(lines)``."""
    if not isinstance(owner, str):
        return
    if name in _WIDTH_METHODS and any(abs(n) > MAX_WIDTH for n in _numbers((*args, *kwargs.values()))):
        _refuse(f"{name} with a width of more than {MAX_WIDTH:,}")
    if name in ("format", "format_map") and _WIDE_SPEC.search(owner):
        _refuse("a format with a very wide field")
    if name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])
    if name == "join" and args:
        _check_joined(_length(args[0]), owner)


def _check_filter(name: str, args: tuple, kwargs: dict) -> None:
    """A filter: ``args[0]`` is the value filtered, the rest its arguments."""
    value, rest = (args[0] if args else None), args[1:]
    if name in _WIDTH_FILTERS and any(abs(n) > MAX_WIDTH for n in _numbers((*rest, *kwargs.values()))):
        _refuse(f"|{name} with a number over {MAX_WIDTH:,}")
    if name == "format" and isinstance(value, str) and _WIDE_SPEC.search(value):
        _refuse("a format with a very wide field")
    if name == "replace" and len(rest) >= 2:
        _check_replace(value, rest[0], rest[1])
    if name == "join":
        _check_joined(_length(value), rest[0] if rest else kwargs.get("d", ""))
    if name in ("indent", "wordwrap") and isinstance(value, str):
        pieces = [len(a) for a in (*rest, *kwargs.values()) if isinstance(a, str)]
        if pieces and (len(value) + 1) * max(pieces) > MAX_TEXT:
            _refuse(f"|{name} making a very long text")


def _guarded_filter(name: str, function):
    @wraps(function)
    def guarded(*args, **kwargs):
        values = tuple(a for a in args if not _is_jinja_state(a))
        _check_arguments((*values, *kwargs.values()), f"a list or table given to |{name}")
        _check_filter(name, values, kwargs)
        return _check_size(function(*args, **kwargs), f"the result of |{name}")
    return guarded


def _is_jinja_state(value) -> bool:
    """The context, eval context or environment Jinja passes to some filters first."""
    return isinstance(value, (Environment, EvalContext, Context))


@pass_context
def _budgeted(context, iterable):
    """Every {% for %} loops through this, counting each step against the letter's budget."""
    for item in iterable:
        _count_steps(context)
        yield item


class _LetterCodeGenerator(CodeGenerator):
    def visit_Concat(self, node, frame) -> None:
        """``a ~ b`` (Jinja's own, plus checks): each piece checked before it is turned into text, the
        joined text after."""
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.checked_text({join}((")
        for piece in node.nodes:
            self.write("environment.printable(")
            self.visit(piece, frame)
            self.write("), ")
        self.write(")))")


class LetterTemplate(Template):
    """Each render (one letter, or one part of it) starts with a fresh budget."""

    def render(self, *args, **kwargs):
        with letter_budget():
            return super().render(*args, **kwargs)

    def generate(self, *args, **kwargs):
        with letter_budget():
            yield from super().generate(*args, **kwargs)


class LetterSandbox(ImmutableSandboxedEnvironment):
    """Sandboxed, immutable, autoescaped, and bounded in time and memory."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _LetterCodeGenerator
    template_class = LetterTemplate

    def __init__(self, **options):
        super().__init__(**options)
        self.globals.pop("lipsum", None)
        self.filters = {name: _guarded_filter(name, f) for name, f in self.filters.items()}
        self.filters[BUDGET] = _budgeted

    def _parse(self, source, name, filename):
        """Route every loop through the step budget."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, BUDGET, [], [], None, None, lineno=loop.lineno)
        return tree

    def checked_text(self, value):
        return _check_size(value, "a text joined with ~")

    def printable(self, value):
        return check_printable(value, MAX_TEXT, "a list or table joined with ~")

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, _SIZED) and isinstance(n, int) and len(seq) * n > MAX_TEXT:
                    _refuse(f"repeating something {n:,} times")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 \
                    and max(1, abs(left).bit_length()) * right > MAX_EXPONENT_BITS:
                _refuse(f"{left} ** {right}")
        elif operator == "%" and isinstance(left, str) and _WIDE_SPEC.search(left):
            _refuse("a format with a very wide field")
        elif operator == "%" and isinstance(left, str) and len(left) + rendered_size(right, MAX_TEXT) > MAX_TEXT:
            _refuse(f"a text formatted with % would be more than {MAX_TEXT:,} characters")
        elif operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED) \
                and len(left) + len(right) > MAX_TEXT:
            _refuse("joining two very long values")
        return _check_size(super().call_binop(context, operator, left, right), f"the result of {operator}")

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        _count_steps(__context)
        target = getattr(__obj, "__wrapped__", __obj)           # str.format comes wrapped by the sandbox
        name = getattr(target, "__name__", "")
        _check_method(name, getattr(target, "__self__", None), args, kwargs)
        _check_arguments((*args, *kwargs.values()), f"a list or table given to {name or 'a call'}")
        return _check_size(super().call(__context, __obj, *args, **kwargs), f"the result of {name or 'a call'}")


def _printed(value):
    """What ``{{ value }}`` prints: None as nothing; a list or table only when its text is not huge."""
    return "" if value is None else check_printable(value, MAX_TEXT, "printing a list or table")


def sandboxed_env() -> LetterSandbox:
    """Sandboxed (no internals, no mutating lists, bounded work), autoescaped, None printed as nothing."""
    return LetterSandbox(autoescape=True, finalize=_printed)
