"""Import of organisations and people from CSV and XLSX files, ODS lists included; undo of a batch.

    plan = plan_import(ctx, path, ImportOptions(kind="auto"))   # format, layout, mapping, preview
    report = run_import(ctx, path, options, progress, plan)     # one transaction; dry_run writes nothing
    undo_batch(ctx, report.batch_id)

The names below are imported when first asked for (PEP 562): the process reading a big file ahead
(``prepared/ahead.py``) imports a few modules of this package, not the writing and undoing ones with the
database's models, which cost it a second at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_FROM = {
    "batches": ("BatchInfo", "UndoImpact", "UndoResult", "UndoWouldLoseWork", "list_batches", "undo_batch",
                "undo_impact"),
    "engine": ("ImportReport", "RowNote", "push_import_undo", "run_import"),
    "fields": ("FIELDS", "KINDS", "ORGANISATIONS", "PEOPLE", "field_label", "guess_mapping", "recall_mapping",
               "remember_mapping"),
    "plan": ("ImportOptions", "ImportPlan", "plan_import"),
    "sources": ("MAX_BYTES", "open_source"),
}
_MODULE_OF = {name: module for module, names in _FROM.items() for name in names}

__all__ = [
    "BatchInfo", "FIELDS", "ImportOptions", "ImportPlan", "ImportReport", "KINDS", "MAX_BYTES", "ORGANISATIONS",
    "PEOPLE", "RowNote", "push_import_undo", "field_label", "guess_mapping", "list_batches", "open_source",
    "plan_import", "recall_mapping", "remember_mapping", "run_import", "undo_batch", "undo_impact", "UndoImpact",
    "UndoResult", "UndoWouldLoseWork",
]


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:
    from sdm_desktop.services.importing.batches import (
        BatchInfo,
        UndoImpact,
        UndoResult,
        UndoWouldLoseWork,
        list_batches,
        undo_batch,
        undo_impact,
    )
    from sdm_desktop.services.importing.engine import ImportReport, RowNote, push_import_undo, run_import
    from sdm_desktop.services.importing.fields import (
        FIELDS,
        KINDS,
        ORGANISATIONS,
        PEOPLE,
        field_label,
        guess_mapping,
        recall_mapping,
        remember_mapping,
    )
    from sdm_desktop.services.importing.plan import ImportOptions, ImportPlan, plan_import
    from sdm_desktop.services.importing.sources import MAX_BYTES, open_source
