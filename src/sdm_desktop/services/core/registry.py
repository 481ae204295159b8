"""Kinds that features register (export kinds, report kinds): their options as plain data, and collecting them."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any


@dataclass(frozen=True)
class Option:
    """One option a registered kind takes: its flags, where its value goes (``dest``), its help line.

    Plain data: the command line turns it into an argument (no argparse here)."""

    flags: tuple[str, ...]
    dest: str
    help: str
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    default: object = None
    required: bool = False
    is_flag: bool = False            # present or not; takes no value

    @property
    def name(self) -> str:
        """The flag as messages quote it: "--include-no-contact", "--output"."""
        return self.flags[-1]

    def is_given(self, value: object) -> bool:
        """Whether ``value`` asks for something (not left unset, off, or at the default)."""
        return value not in (None, False, self.default)


def option_values(options: Iterable[Option], source: object) -> SimpleNamespace:
    """Only the values of these options, read from ``source`` (e.g. the parsed command line) by their dest."""
    return SimpleNamespace(**{o.dest: getattr(source, o.dest, o.default) for o in options})


def collect_kinds(module_names: Iterable[str], attribute: str) -> dict[str, Any]:
    """Every kind the features list in ``attribute`` of their modules, by name, sorted by name.

    Two kinds with one name are a programming error, not something to settle silently."""
    kinds: dict[str, Any] = {}
    for module_name in module_names:
        for kind in getattr(importlib.import_module(module_name), attribute):
            if kind.name in kinds:
                raise ValueError(f"{module_name} registers {kind.name!r}, which another module registered already")
            kinds[kind.name] = kind
    return dict(sorted(kinds.items()))
