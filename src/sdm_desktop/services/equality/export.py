"""`export equality`: the monitoring answers, only when asked for explicitly (``--include-equality``), with a
warning that the file holds special category data. No other export carries them."""

from __future__ import annotations

from sqlalchemy import select

from sdm_desktop.db.models import EqualityMonitoring, Person
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.registry import Option
from sdm_desktop.services.equality.categories import FIELDS, QUESTION_OF
from sdm_desktop.services.exporting.kinds import ExportKind
from sdm_desktop.services.exporting.tables import Table

INCLUDE_EQUALITY = Option(("--include-equality",), "include_equality",
                          "write equality monitoring answers (special category data): only with this flag",
                          is_flag=True)
WARNING = ("Warning: this file holds equality monitoring answers, special category data under UK GDPR Article 9. "
           "Keep it secure, share it only as your DPIA allows, and delete it when done.")
REFUSED = ("An export of equality monitoring holds special category data; it is written only when asked for with "
           "--include-equality. Nothing was written.")
HEADERS = ["person_id", "name", "consent_date", "consent_how", *FIELDS, "imd_decile"]


def equality_table(ctx: AppContext, include_equality: bool) -> Table:
    if not include_equality:
        raise UserError(REFUSED)
    with ctx.session() as s:
        rows = [[m.person_id, p.display_name, m.consent_date, m.consent_how,
                 *[QUESTION_OF[name].label_of(getattr(m, name)) or None for name in FIELDS], p.imd_decile]
                for m, p in s.execute(select(EqualityMonitoring, Person).join(Person)
                                      .where(Person.erased_at.is_(None)).order_by(Person.id))]

    def record() -> None:
        with ctx.session() as s:
            audit.record(s, "export", "equality monitoring", None, rows=len(rows))
    return Table(HEADERS, rows, len(rows), "Equality monitoring", on_written=record)


def build_equality(ctx: AppContext, options) -> tuple[Table, str]:
    return equality_table(ctx, bool(options.include_equality)), WARNING


EXPORT_KINDS = (
    ExportKind("equality", "equality monitoring answers (special category data; needs --include-equality)",
               build_equality, (INCLUDE_EQUALITY,)),
)
