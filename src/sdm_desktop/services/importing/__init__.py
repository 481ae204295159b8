"""Import of organisations and people from CSV and XLSX files, ODS lists included; undo of a batch.

    plan = plan_import(ctx, path, ImportOptions(kind="auto"))   # format, layout, mapping, preview
    report = run_import(ctx, path, options, progress, plan)     # one transaction; dry_run writes nothing
    undo_batch(ctx, report.batch_id)
"""

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

__all__ = [
    "BatchInfo", "FIELDS", "ImportOptions", "ImportPlan", "ImportReport", "KINDS", "MAX_BYTES", "ORGANISATIONS",
    "PEOPLE", "RowNote", "push_import_undo", "field_label", "guess_mapping", "list_batches", "open_source",
    "plan_import", "recall_mapping", "remember_mapping", "run_import", "undo_batch", "undo_impact", "UndoImpact",
    "UndoResult", "UndoWouldLoseWork",
]
