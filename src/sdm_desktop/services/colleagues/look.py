"""One look at the team database, as an open app takes every few seconds in the background: refresh the
marks of the records it has open, then read what colleagues changed and who else is editing those records."""

from __future__ import annotations

from dataclasses import dataclass, field

from sdm_desktop.services.colleagues.feed import Changes, changes_since
from sdm_desktop.services.colleagues.presence import Editing, mark_editing, others_editing
from sdm_desktop.services.core.context import AppContext


@dataclass
class Look:
    changes: Changes
    editing: dict[tuple[str, int], list[Editing]] = field(default_factory=dict)


def look(ctx: AppContext, instance: str, after_event_id: int, open_records: set[tuple[str, int]],
         own_event_ids: set[int], marked_before: bool = True) -> Look:
    """``marked_before``: this app had records marked at its last look. With none open now and none marked,
    there is nothing to write: the look only reads."""
    if open_records or marked_before:
        mark_editing(ctx, instance, open_records)
    return Look(changes_since(ctx, after_event_id, own_event_ids), others_editing(ctx, instance, open_records))
