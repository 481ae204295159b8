"""The letters feature's export kind: every letter written."""

from __future__ import annotations

from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.exporting.kinds import INCLUDE_NO_CONTACT, ExportKind
from sdm_desktop.services.exporting.tables import Table
from sdm_desktop.services.exporting.withheld import withheld_note
from sdm_desktop.services.letters.history import letters_table


def export_letters(ctx: AppContext, options) -> tuple[Table, str]:
    """`sdm-desktop export letters`: every letter written, names withheld as in the other exports."""
    table, withheld = letters_table(ctx, include_no_contact=options.include_no_contact)
    return table, withheld_note(withheld, options)


EXPORT_KINDS = (
    ExportKind("letters", "every letter written: when, template, recipient, purpose, file, mailing",
               export_letters, (INCLUDE_NO_CONTACT,)),
)
