"""Command-line commands, one module per area. Each has ``register(subparsers, common)``."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sdm_desktop.services.context import AppContext, open_context


@contextmanager
def command_context(args, *, take_lock: bool = True) -> Iterator[AppContext]:
    ctx = open_context(getattr(args, "data_dir", None), getattr(args, "database", None), take_lock=take_lock)
    try:
        yield ctx
    finally:
        ctx.close()
