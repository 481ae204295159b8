"""responses actions (filled in by the consultation work)."""

from __future__ import annotations


def add_commands(inner, common) -> None:
    """Add this module's actions to ``responses``."""
