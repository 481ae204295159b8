"""Run an import: validate every row, check duplicates, write everything in one transaction.

Rejected rows are reported with their line number and reason; the rest go in as one
``import_batch`` (or, with ``dry_run``, nothing is written at all). Cancelling rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdm_desktop.db.models import ImportBatch, Organisation, OrganisationType
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.validation import postcode_warning
from sdm_desktop.services.importing.convert import RowError, organisation_from
from sdm_desktop.services.importing.fields import ORGANISATIONS, remember_mapping
from sdm_desktop.services.importing.keys import (
    KeyIndex,
    RowKey,
    load_organisation_keys,
    load_person_keys,
    person_name,
    row_key,
)
from sdm_desktop.services.importing.layouts import CLOSED_STATUSES, ods_setting_text, ods_status, ods_values
from sdm_desktop.services.importing.links import LinkPlan
from sdm_desktop.services.importing.person_rows import Person, PersonRows
from sdm_desktop.services.importing.plan import ImportOptions, ImportPlan, plan_import, unmapped_message
from sdm_desktop.services.importing.prepared.ahead import prepared_rows
from sdm_desktop.services.importing.prepared.rows import data_rows
from sdm_desktop.services.importing.prescribing import PRESCRIBING_SETTINGS, add_setting_types, parse_setting
from sdm_desktop.services.importing.row_cells import RowCells
from sdm_desktop.services.importing.writer import BatchWriter, Pending
from sdm_desktop.services.lookups.areas import refresh_areas
from sdm_desktop.services.register.organisations import OrganisationInput
from sdm_desktop.services.register.search_text import organisation_search_text_of, person_search_text_of
from sdm_desktop.services.register.search_upkeep import defer_index

ORG_COLUMNS = [f.name for f in fields(OrganisationInput) if f.name not in ("org_type", "tags")]
# A file field that sets several columns when it updates an existing row.
FIELD_COLUMNS = {
    "org_type": ["org_type_id"], "ppe_levels": ["ppe_individual", "ppe_service", "ppe_community"],
    "full_name": ["title", "first_name", "last_name"],
    "access_needs": ["needs_large_print", "needs_easy_read", "needs_interpreter", "interpreter_language",
                     "access_needs_other"],
    "consent_contact": ["consent_contact", "consent_contact_date"],
    "consent_data": ["consent_data", "consent_data_date"],
    "tags": [], "organisations": [],
    "reached_through": [],                   # set after every row is in: see importing/links.py
}


@dataclass
class RowNote:
    line: int
    reason: str


@dataclass
class ImportReport:
    file_name: str
    kind: str
    described: str
    dry_run: bool
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    skipped: list[RowNote] = field(default_factory=list)
    rejected: list[RowNote] = field(default_factory=list)
    warnings: list[RowNote] = field(default_factory=list)     # imported, but left out or odd in part
    batch_id: int | None = None
    not_imported: list[str] = field(default_factory=list)     # named columns no field is mapped to
    settings_left_out: dict[int, int] = field(default_factory=dict)   # ODS prescribing setting -> rows
    types_added: list[str] = field(default_factory=list)      # organisation types the import added

    def lines(self, skipped_limit: int = 20) -> list[str]:
        verb = ("would be " if self.dry_run else "")
        out = [self.described,
               f"{self.rows_read} rows read: {self.created} {verb}created, {self.updated} {verb}updated, "
               f"{len(self.skipped)} skipped, {len(self.rejected)} rejected."]
        if self.batch_id is not None:
            out.append(f"Recorded as import batch {self.batch_id} "
                       f"(undo with: sdm-desktop import --undo {self.batch_id}).")
        if self.dry_run:
            out.append("Dry run: nothing was written.")
        if self.settings_left_out:
            counts = ", ".join(f"{n:,} {PRESCRIBING_SETTINGS[code]} ({code})"
                               for code, n in sorted(self.settings_left_out.items()))
            out.append(f"Not brought in (prescribing settings not chosen): {counts}.")
        if self.types_added:
            out.append(f"Organisation types {'to be ' if self.dry_run else ''}added: {', '.join(self.types_added)}.")
        if self.not_imported:
            out.append(f"Columns not imported: {', '.join(repr(c) for c in self.not_imported)} (no field is mapped "
                       "to them; see `sdm-desktop import --fields` and --map FIELD=COLUMN).")
        out += [f"Rejected line {n.line}: {n.reason}" for n in self.rejected]
        out += [f"Note on line {n.line}: {n.reason}" for n in self.warnings[:skipped_limit]]
        if len(self.warnings) > skipped_limit:
            out.append(f"… and {len(self.warnings) - skipped_limit} more notes.")
        out += [f"Skipped line {n.line}: {n.reason}" for n in self.skipped[:skipped_limit]]
        if len(self.skipped) > skipped_limit:
            out.append(f"… and {len(self.skipped) - skipped_limit} more skipped rows.")
        return out


@dataclass
class _Run:
    """The state of one import while it reads the file."""

    plan: ImportPlan
    options: ImportOptions
    session: Session
    report: ImportReport
    types: dict[str, str]                    # lower-case type name -> name
    type_ids: dict[str, int]
    org_names: dict[int, str]
    in_db: KeyIndex
    in_file: KeyIndex = field(default_factory=KeyIndex)
    writer: BatchWriter | None = None
    cells: RowCells | None = None                             # how a row's cells are read
    links: LinkPlan | None = None                             # "reached through", when that column is mapped
    people: PersonRows | None = None                          # how a people row becomes a person


def run_import(ctx: AppContext, path: str | Path, options: ImportOptions | None = None,
               progress: Progress | None = None, plan: ImportPlan | None = None) -> ImportReport:
    options = options or ImportOptions()
    plan = plan or plan_import(ctx, path, options)
    if missing := plan.unmapped_required():
        raise UserError(unmapped_message(plan, missing))
    progress = progress or Progress()
    progress.start(plan.source.estimated_rows, f"Importing {plan.source.path.name}")
    report = ImportReport(plan.source.path.name, plan.kind, plan.describe(), options.dry_run)
    if plan.layout is None:
        used = set(plan.mapping.values())
        report.not_imported = [h for i, h in enumerate(plan.headers[:plan.named_width]) if h.strip() and i not in used]
    with ctx.session() as s:
        run = _start(plan, options, s, report)
        defer_index(s, plan.kind, plan.source.estimated_rows)
        if plan.kind == ORGANISATIONS:
            _organisation_rows(run, progress)
        else:
            _people_rows(run, progress)
        if options.strict and report.rejected:
            raise UserError(f"{len(report.rejected)} rows were rejected (first: line {report.rejected[0].line}: "
                            f"{report.rejected[0].reason}); with --strict nothing was imported.")
        _finish(run)
    progress.done = progress.total
    if options.remember_mapping and not options.dry_run and plan.layout is None:
        remember_mapping(ctx, plan.headers, plan.kind, plan.mapping)
    return report


def push_import_undo(ctx: AppContext, report: ImportReport) -> None:
    """Offer the import on the undo stack (Edit → Undo). Call it on the thread that owns the UI."""
    from sdm_desktop.services.importing.batches import undo_batch

    if report.batch_id is None:
        return
    batch_id = report.batch_id
    ctx.undo.push(UndoStep(f"import of {report.file_name}", lambda: undo_batch(ctx, batch_id)))


def _start(plan: ImportPlan, options: ImportOptions, s: Session, report: ImportReport) -> _Run:
    type_rows = list(s.execute(select(OrganisationType.id, OrganisationType.name)))
    types = {name.lower(): name for _id, name in type_rows}
    if options.default_org_type.lower() not in types:
        raise UserError(f"{options.default_org_type!r} is not an organisation type.")
    orgs: dict[str, tuple[int, str]] = {}
    org_names: dict[int, str] = {}
    if plan.kind != ORGANISATIONS:
        for oid, name in s.execute(select(Organisation.id, Organisation.name).order_by(Organisation.id)):
            orgs.setdefault(name.lower(), (oid, name))
            org_names[oid] = name
    index = load_organisation_keys(s) if plan.kind == ORGANISATIONS else load_person_keys(s)
    type_ids = {name: tid for tid, name in type_rows}
    if plan.layout is not None and plan.layout.name == "epraccur":
        report.types_added = add_setting_types(s, options.prescribing_settings, types, type_ids, options.dry_run)
    run = _Run(plan, options, s, report, types, type_ids, org_names, index)
    run.in_file = KeyIndex(distinct_emails=index.distinct_emails)
    if plan.kind == ORGANISATIONS and plan.layout is None and "reached_through" in plan.mapping:
        run.links = LinkPlan.load(s)
    run.cells = RowCells(plan)
    if plan.kind != ORGANISATIONS:
        run.people = PersonRows(run.cells.fields, orgs)      # in the order of the texts RowCells gives
    return run


def _organisation_rows(run: _Run, progress: Progress) -> None:
    for line, cells in data_rows(run.plan):
        progress.step()
        run.report.rows_read += 1
        try:
            if note := run.cells.check(cells):
                run.report.warnings.append(RowNote(line, note))
            _organisation_row(run, line, cells)
        except RowError as exc:
            run.report.rejected.append(RowNote(line, str(exc)))


def _people_rows(run: _Run, progress: Progress) -> None:
    rows = prepared_rows(run.plan, run.cells, run.people, on_wait=progress.check,
                         updates=run.options.on_duplicate == "update")
    try:
        for line, note, ready in rows:
            progress.step()
            run.report.rows_read += 1
            if note:
                run.report.warnings.append(RowNote(line, note))
            if isinstance(ready, str):
                run.report.rejected.append(RowNote(line, ready))
                continue
            try:
                _person_row(run, line, *ready)
            except RowError as exc:
                run.report.rejected.append(RowNote(line, str(exc)))
    finally:
        rows.close()                             # a helper reading ahead stops with the import


def _organisation_row(run: _Run, line: int, cells: list[str]) -> None:
    if run.plan.layout is not None:
        values = _ods_row_values(run, line, cells)
        if values is None:
            return
    else:
        values = run.cells.values(cells)
    data = organisation_from(values, run.types, run.options.default_org_type)
    keys = row_key(data.name, data.postcode, data.email, data.ods_code)
    target = _duplicate_target(run, line, keys)
    if target == -1:
        return
    if warning := postcode_warning(data.postcode):      # kept as the NHS's own list has it, with a note
        run.report.warnings.append(RowNote(line, f"postcode: {warning}"))
    row = {name: getattr(data, name) for name in ORG_COLUMNS}
    row.update(org_type_id=run.type_ids[data.org_type], ods_status=data.ods_status)
    run.in_file.add(line, keys)
    if target is None:
        row["search_text"] = organisation_search_text_of(row, data.org_type, data.tags)
        item = Pending(row, data.tags)
        _create(run, item)
    else:
        provided = _provided(values, run.plan.layout is not None)
        if run.plan.layout is not None:
            provided -= {"addressee_role", "notes"}     # the user's choice of addressee and their notes stay
        changes = {k: v for k, v in row.items() if k in provided}
        item = Pending(changes, data.tags if "tags" in provided else None, target=target)
        _update(run, item)
    if run.links is not None:
        run.links.add_row(line, item, data.name, data.ods_code, values.get("reached_through"))


def _ods_row_values(run: _Run, line: int, cells: list[str]) -> dict[str, str] | None:
    """The organisation in an ODS row, or None when its status or prescribing setting leaves it out."""
    layout = run.plan.layout
    status = ods_status(layout, cells)
    if status in CLOSED_STATUSES and run.options.closed == "skip":
        run.report.skipped.append(RowNote(line, f"{CLOSED_STATUSES[status]} (ODS status {status})"))
        return None
    try:
        setting = parse_setting(ods_setting_text(layout, cells))
    except ValueError as exc:
        raise RowError(str(exc)) from exc
    chosen = run.options.prescribing_settings
    if setting is not None and chosen is not None and setting not in chosen:
        run.report.settings_left_out[setting] = run.report.settings_left_out.get(setting, 0) + 1
        return None
    values = ods_values(layout, cells, status, setting, run.options.published_case)
    if status in CLOSED_STATUSES:
        values["active"] = "no"
    return values


def _person_row(run: _Run, line: int, filled: bytes, person: Person) -> None:
    row, tags, members = person
    keys = row_key(person_name(row["first_name"], row["last_name"]), row["postcode"], row["email"])
    target = _duplicate_target(run, line, keys)
    if target == -1:
        return
    if warning := postcode_warning(row["postcode"]):
        run.report.warnings.append(RowNote(line, f"postcode: {warning}"))
    memberships = sorted({(m.organisation_id, (m.role or "member").strip().lower()) for m in members}) if members \
        else []
    run.in_file.add(line, keys)
    if target is None:
        org_names = [run.org_names[o] for o, _r in memberships] if memberships else []
        row["search_text"] = person_search_text_of(row, org_names, tags)
        _create(run, Pending(row, tags, memberships))
    else:
        given = [name for name, has_text in zip(run.cells.fields, filled, strict=True) if has_text]
        provided = _columns_given(given, "ods_code" in run.cells.fields)
        changes = {k: v for k, v in row.items() if k in provided}
        _update(run, Pending(changes, tags if "tags" in provided else None, memberships, target))


def _provided(values: dict[str, str], everything: bool) -> set[str]:
    """The columns an update may change: those the file gives a value for."""
    given = list(values) if everything else [name for name, text in values.items() if (text or "").strip()]
    return _columns_given(given, "ods_code" in values or everything)


def _columns_given(names: list[str], with_ods_status: bool) -> set[str]:
    """The columns of the fields a row gives a value for, and the ODS status with them when asked."""
    out: set[str] = set()
    for name in names:
        out.update(FIELD_COLUMNS.get(name, [name]))
        if name == "tags":
            out.add("tags")
    if with_ods_status:
        out.add("ods_status")
    return out


def _duplicate_target(run: _Run, line: int, keys: RowKey) -> int | None:
    """None: create; an id: update it; -1: the row was skipped or rejected as a duplicate."""
    choice = run.options.on_duplicate
    if choice == "create":
        return None
    earlier = run.in_file.find(keys)
    if earlier is not None:
        raise RowError(f"duplicate of line {earlier[0]} in this file ({earlier[1]})")
    existing = run.in_db.find(keys)
    if existing is None:
        return None
    if choice == "skip":
        run.report.skipped.append(RowNote(line, f"already in the register as record {existing[0]} ({existing[1]})"))
        return -1
    return existing[0]


def _create(run: _Run, item: Pending) -> None:
    run.report.created += 1
    if not run.options.dry_run:
        _writer(run).create(item)


def _update(run: _Run, item: Pending) -> None:
    run.report.updated += 1
    if not run.options.dry_run:
        _writer(run).update(item)


def _writer(run: _Run) -> BatchWriter:
    if run.writer is None:
        batch = ImportBatch(file_name=str(run.plan.source.path.resolve()), kind=run.plan.kind)
        run.session.add(batch)
        run.session.flush()
        run.report.batch_id = batch.id
        # Every row the batch writes carries the batch's own time: a later edit is told apart by it.
        run.writer = BatchWriter(run.session, run.plan.kind, batch.id,
                                 {tid: name for name, tid in run.type_ids.items()}, run.org_names, batch.created_at,
                                 run.plan.source.estimated_rows)
    return run.writer


def _refresh_reached_search_text(run: _Run) -> None:
    """A group's search text holds the name and ODS code of the organisation it is reached through:
    refresh the groups linked by this import, those it updated, and those reached through the latter."""
    from sdm_desktop.services.register.search_index import rebuild_organisations, refresh_reached_through

    linked = run.links.linked_ids() if run.links is not None else []
    rebuild_organisations(run.session, linked + run.writer.updated_ids)
    refresh_reached_through(run.session, run.writer.updated_ids)


def _finish(run: _Run) -> None:
    if run.links is not None:
        run.report.warnings += [RowNote(line, reason) for line, reason in run.links.check()]
    if run.writer is None:
        return
    run.writer.finish()
    if run.links is not None:
        run.links.write(run.session)
    if run.plan.kind == ORGANISATIONS:
        _refresh_reached_search_text(run)
    refresh_areas(run.session)          # the LSOA and IMD decile of the postcodes that came in
    batch = run.session.get(ImportBatch, run.report.batch_id)
    batch.created_count = run.writer.created
    batch.updated_count = run.writer.updated
    batch.rejected_count = len(run.report.rejected)
    audit.record(run.session, "import", "import_batch", batch.id, file=run.plan.source.path.name,
                 kind=run.plan.kind, created=batch.created_count, updated=batch.updated_count,
                 rejected=batch.rejected_count)
