"""Data protection without Qt: subject access export, erase, retention review, audit trail."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from helpers import make_person
from privacy_helpers import SECRETS, rich_person, text_cells_containing
from sdm_desktop.db.engine import downgrade_to, open_database
from sdm_desktop.db.models import (
    ActivityTarget,
    Assessment,
    Attendance,
    AuditEvent,
    Enrolment,
    Interaction,
    Letter,
    Person,
    ShareLog,
)
from sdm_desktop.errors import UserError
from sdm_desktop.services.analysis.coverage import coverage_matrix, coverage_table
from sdm_desktop.services.engagement import interactions
from sdm_desktop.services.importing import ImportOptions, run_import
from sdm_desktop.services.privacy.audit_trail import AuditFilter, audit_rows, audit_table, search_audit_ids
from sdm_desktop.services.privacy.common import add_months
from sdm_desktop.services.privacy.erase import erase_people, erase_plan
from sdm_desktop.services.privacy.retention import DUE, IDLE, NO_CONSENT, keep_for_another_year, retention_review
from sdm_desktop.services.privacy.subject_access import write_subject_access
from sdm_desktop.services.register import people as people_service
from sdm_desktop.services.register.export import ExportOptions, people_table
from sdm_desktop.services.register.search import RegisterFilter
from sdm_desktop.services.resources import library as resources
from sdm_desktop.services.resources import shares as resource_shares


# --- subject access export ------------------------------------------------------------------------
def test_subject_access_export_holds_everything_about_the_person(ctx, tmp_path):
    who = rich_person(ctx, tmp_path)
    target = tmp_path / "sar.zip"
    report = write_subject_access(ctx, who.person, target, now=datetime(2026, 5, 1, 9, 30))
    assert report.files == 2 and target.is_file()
    archive = zipfile.ZipFile(target)
    names = set(archive.namelist())
    assert {"README.txt", "person.xlsx", "person.json"} <= names
    assert {f"letters/{who.inside_file.name}"} <= names and len([n for n in names if n.startswith("letters/")]) == 2
    readme = archive.read("README.txt").decode()
    assert "Mrs Perpetua Quillfeather (record" in readme and "01 May 2026" in readme
    assert "Combined print documents" in readme
    book = load_workbook(archive.open("person.xlsx"))
    assert book.sheetnames == ["Person", "Memberships", "Assessments", "Interactions", "Emails", "Activities",
                               "Training", "Letters", "Resources shared", "Import history", "Equality monitoring",
                               "Consultation responses", "Audit trail"]
    fields = {row[0]: row[1] for row in book["Person"].iter_rows(min_row=2, values_only=True)}
    assert fields["Email"] == SECRETS["email"] and fields["Address line 1"] == SECRETS["address"]
    assert fields["Data consent: how it was given"] == SECRETS["how"]
    assert fields["Lawful basis"] == "Consent" and fields["Special category data: explicit consent"] is True
    assert fields["Interpreter language"] == "Welsh" and fields["Tags"] == "panel"
    assert fields["Role"] == "'=PPG chair"                              # neutralised in the spreadsheet
    assert [r[:3] for r in book["Memberships"].iter_rows(min_row=2, values_only=True)] == [
        ("Larkspur PPG", "Patient Participation Group (PPG)", "chair")]
    summaries = [r[3] for r in book["Interactions"].iter_rows(min_row=2, values_only=True)]
    assert summaries == ["Talked about her hip operation", "Asked about parking"]
    assert [r[9] for r in book["Assessments"].iter_rows(min_row=2, values_only=True)] == ["Very vocal at the PPG"]
    assert [r[1] for r in book["Activities"].iter_rows(min_row=2, values_only=True)] == ["Workshop"]
    training = list(book["Training"].iter_rows(min_row=2, values_only=True))
    assert training[0][:3] == ("participant", "SDM basics", "Spring") and training[0][4] == "Completed"
    assert len(list(book["Letters"].iter_rows(min_row=2))) == 2
    assert [r[4] for r in book["Resources shared"].iter_rows(min_row=2, values_only=True)] == [
        "Gave it to Perpetua by hand"]
    assert any(r[2] == "create" for r in book["Audit trail"].iter_rows(min_row=2, values_only=True))
    data = json.loads(archive.read("person.json"))
    assert data["person"]["Email"] == SECRETS["email"] and data["person"]["Role"] == "=PPG chair"
    assert len(data["interactions"]) == 2 and data["training"][0]["Programme"] == "SDM basics"
    assert data["made_at"] == "2026-05-01T09:30:00"
    events = [r for r in audit_rows(ctx, AuditFilter(person_id=who.person)) if r.action == "subject access export"]
    assert len(events) == 1 and "sar.zip" in events[0].detail


def test_subject_access_export_includes_earlier_details_kept_by_the_import_history(ctx, tmp_path):
    """An import that updated the person keeps their earlier details (to undo the import): they are
    held about the person, so the export shows them."""
    path = tmp_path / "people.csv"
    path.write_text("first_name,last_name,email,phone\nNed,Nettlebed,ned@example.org,01632 960001\n", encoding="utf-8")
    run_import(ctx, path, ImportOptions(kind="people"))
    with ctx.session() as s:
        person = s.scalar(select(Person.id).where(Person.last_name == "Nettlebed"))
    path.write_text("first_name,last_name,email,phone\nNed,Nettlebed,ned@example.org,01632 960999\n", encoding="utf-8")
    run_import(ctx, path, ImportOptions(kind="people", on_duplicate="update"))
    target = tmp_path / "sar.zip"
    report = write_subject_access(ctx, person, target)
    assert report.counts["Import history"] == 2
    archive = zipfile.ZipFile(target)
    book = load_workbook(archive.open("person.xlsx"))
    rows = list(book["Import history"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == ["created", "updated"]
    assert "01632 960001" in rows[1][3] and "search" not in rows[1][3].lower()
    data = json.loads(archive.read("person.json"))
    assert "01632 960001" in data["import_history"][1]["Details before the import"]


def test_subject_access_export_of_an_unknown_person_is_one_clear_error_and_writes_nothing(ctx, tmp_path):
    with pytest.raises(UserError, match="There is no person with id 999"):
        write_subject_access(ctx, 999, tmp_path / "sar.zip")
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


def test_a_failed_subject_access_export_leaves_no_file(ctx, tmp_path, monkeypatch):
    who = rich_person(ctx, tmp_path)
    who.inside_file.unlink()
    from sdm_desktop.services.privacy import subject_access as privacy_export

    monkeypatch.setattr(privacy_export, "readme", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_subject_access(ctx, who.person, tmp_path / "sar.zip")
    assert not (tmp_path / "sar.zip").exists() and not list(tmp_path.glob(".sar-*"))



def test_a_subject_access_export_that_cannot_be_recorded_in_the_audit_trail_leaves_no_file(ctx, tmp_path,
                                                                                          monkeypatch):
    from sdm_desktop.services.privacy import subject_access

    person = make_person(ctx, "Audited")

    def refused(*_a, **_k):
        raise RuntimeError("the database refused the write")
    monkeypatch.setattr(subject_access.audit, "record", refused)
    with pytest.raises(RuntimeError):
        write_subject_access(ctx, person, tmp_path / "sar.zip")
    assert not (tmp_path / "sar.zip").exists() and not list(tmp_path.glob(".sar-*"))

# --- erase ---------------------------------------------------------------------------------------
def counts(ctx, person_id):
    with ctx.session() as s:
        return {
            "interactions": s.execute(select(Interaction.occurred_on, Interaction.channel)
                                      .where(Interaction.person_id == person_id).order_by(Interaction.id)).all(),
            "assessments": s.execute(select(Assessment.influence, Assessment.interest)
                                     .where(Assessment.person_id == person_id)).all(),
            "enrolments": s.execute(select(Enrolment.status, Enrolment.completed_on)
                                    .where(Enrolment.person_id == person_id)).all(),
            "attendance": s.scalar(select(func.count()).select_from(Attendance).join(Enrolment)
                                   .where(Enrolment.person_id == person_id)),
            "letters": s.scalar(select(func.count()).select_from(Letter).where(Letter.person_id == person_id)),
            "targets": s.scalar(select(func.count()).select_from(ActivityTarget)
                                .where(ActivityTarget.person_id == person_id)),
        }


def test_erase_leaves_no_trace_of_the_person_and_keeps_the_figures(ctx, tmp_path):
    who = rich_person(ctx, tmp_path)
    before = counts(ctx, who.person)
    coverage_before = coverage_table(coverage_matrix(ctx, date(2026, 1, 1), date(2026, 12, 31))).rows
    plan = erase_plan(ctx, [who.person])
    text = "\n".join(plan.lines())
    assert "Mrs Perpetua Quillfeather" in text and "2 interactions" in text and "1 assessment" in text
    assert str(who.outside_file) in text and "cannot be undone" in text
    assert plan.mentions == 1 and plan.people[0].files == [who.inside_file]

    report = erase_people(ctx, [who.person])

    assert report.erased == [who.person] and report.files_deleted == [who.inside_file]
    assert report.files_not_deleted == [who.outside_file] and report.mentions == 1
    assert not who.inside_file.exists() and who.outside_file.exists()      # only files in the data folder
    database = ctx.data_dir / "sdm-desktop.sqlite3"
    for key, secret in SECRETS.items():
        assert text_cells_containing(database, secret) == [], key
    for part in ("Perpetua", "Quillfeather", "Larkspur Mews", "hip operation", "Very vocal", "by hand"):
        assert text_cells_containing(database, part) == [], part
    raw = database.read_bytes() + (database.with_name(database.name + "-wal").read_bytes()
                                   if database.with_name(database.name + "-wal").exists() else b"")
    assert SECRETS["email"].encode() not in raw                # nor in free pages or the write-ahead log
    assert counts(ctx, who.person) == before
    assert coverage_table(coverage_matrix(ctx, date(2026, 1, 1), date(2026, 12, 31))).rows == coverage_before
    stored = people_service.get_person(ctx, who.person)
    assert stored.last_name == f"Erased person {who.person}" and stored.first_name is None
    assert stored.do_not_contact and not stored.active and stored.memberships == [] and stored.tags == []
    assert stored.participant_type == "patient_rep"           # counts by participant type stay right
    other = people_service.get_person(ctx, who.other)
    assert other.notes == "Met [erased] at the fair; mail [erased]" and other.last_name == "Other"
    with ctx.session() as s:
        assert s.get(Person, who.person).erased_at is not None
        erase_event = s.scalars(select(AuditEvent).where(AuditEvent.action == "erase")).one()
        assert erase_event.entity_id == who.person and json.loads(erase_event.detail) == {"files": 1}
    assert ctx.undo.next_label is None


def test_erase_of_someone_already_erased_or_unknown_changes_nothing(ctx, tmp_path):
    person = make_person(ctx, "Once")
    erase_people(ctx, [person])
    with pytest.raises(UserError, match="already erased"):
        erase_people(ctx, [person])
    with pytest.raises(UserError, match="There is no person with id 4242"):
        erase_plan(ctx, [person, 4242])
    assert "Already erased" in "\n".join(erase_plan(ctx, [person]).lines())


def test_erase_plan_names_a_possible_duplicate_record(ctx):
    first = make_person(ctx, "Twice", "Tess", email="tess@example.org")
    second = make_person(ctx, "Twice", "Tess")
    lines = "\n".join(erase_plan(ctx, [first]).lines())
    assert f"Tess Twice (person {second}) has the same name or email" in lines


def test_erase_forgets_import_history_so_undoing_the_import_cannot_bring_the_data_back(ctx, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("first_name,last_name,email\nNed,Nettlebed,ned@example.org\n", encoding="utf-8")
    batch = run_import(ctx, path, ImportOptions(kind="people")).batch_id
    with ctx.session() as s:
        person = s.scalar(select(Person.id).where(Person.last_name == "Nettlebed"))
    path.write_text("first_name,last_name,email,notes\nNed,Nettlebed,ned@example.org,second visit\n", encoding="utf-8")
    run_import(ctx, path, ImportOptions(kind="people", on_duplicate="update"))
    erase_people(ctx, [person])
    assert text_cells_containing(ctx.data_dir / "sdm-desktop.sqlite3", "Nettlebed") == []
    assert batch is not None


def test_erase_finds_a_name_with_accents_inside_stored_json_too(ctx, tmp_path):
    """Import history, saved selections and audit details are JSON with non-ASCII letters escaped
    ("Zo\\u00eb"): a mention there is found and erased like anywhere else."""
    from sdm_desktop.services.letters.recipients import save_selection

    person = make_person(ctx, "Kingsbridge-Öztürk", "Zoë", email="zoe.k@example.org")
    path = tmp_path / "people.csv"
    path.write_text("first_name,last_name,email,notes\n"
                    "Olive,Other,olive@example.org,Came with Zoë Kingsbridge-Öztürk\n", encoding="utf-8")
    run_import(ctx, path, ImportOptions(kind="people"))
    path.write_text("first_name,last_name,email,notes\nOlive,Other,olive@example.org,second visit\n", encoding="utf-8")
    run_import(ctx, path, ImportOptions(kind="people", on_duplicate="update"))   # keeps the old notes as JSON
    save_selection(ctx, "Her group", "people", RegisterFilter(text="Zoë Kingsbridge-Öztürk"))
    database = ctx.data_dir / "sdm-desktop.sqlite3"
    assert sorted(text_cells_containing(database, "Kingsbridge")) == [        # the search index holds a copy too
        "import_change.before_json", "person.last_name", "person.search_text", "person_fts.search_text",
        "person_fts_content.c0", "saved_selection.filters_json"]

    plan = erase_plan(ctx, [person])
    assert plan.mentions == 2
    erase_people(ctx, [person])

    assert text_cells_containing(database, "Kingsbridge") == []


# --- retention review ----------------------------------------------------------------------------
def test_retention_review_picks_the_right_people_at_the_date_boundaries(ctx):
    today = date(2030, 6, 15)
    cutoff = add_months(today, -36)
    assert cutoff == date(2027, 6, 15)

    def seen_on(name, day, **fields):
        pid = make_person(ctx, name, **fields)
        interactions.create_interaction(ctx, interactions.InteractionInput(
            occurred_on=day, channel="email", summary="hello", person_id=pid))
        return pid

    due_today = seen_on("DueToday", today, retention_review_on=today)
    due_tomorrow = seen_on("DueTomorrow", today, retention_review_on=today + timedelta(days=1))
    on_cutoff = seen_on("OnCutoff", cutoff)
    day_before = seen_on("DayBefore", cutoff - timedelta(days=1))
    nothing = make_person(ctx, "Nothing")                     # only the record itself, made "now" (2026)
    no_consent = seen_on("NoConsent", today, lawful_basis="consent", consent_data=False)
    with_consent = seen_on("WithConsent", today, lawful_basis="consent", consent_data=True)
    other_basis = seen_on("PublicTask", today, lawful_basis="public_task")
    erased = make_person(ctx, "Gone")
    erase_people(ctx, [erased])
    resource = resources.create_resource(ctx, resources.ResourceInput(title="Leaflet", url="https://example.org"))
    shared = make_person(ctx, "Shared")
    share = resource_shares.share_resource(ctx, resource_shares.ShareRequest(resource, person_ids=[shared]))
    with ctx.session() as s:                                  # shares cannot be recorded in the future
        s.get(ShareLog, share.share_ids[0]).shared_on = cutoff + timedelta(days=30)

    rows = {r.id: r for r in retention_review(ctx, 36, today)}

    assert set(rows) == {due_today, day_before, nothing, no_consent}
    assert rows[due_today].reasons == [DUE] and "review date 15/06/2030 reached" in rows[due_today].why
    assert rows[day_before].reasons == [IDLE] and rows[day_before].last_activity == cutoff - timedelta(days=1)
    assert rows[no_consent].reasons == [NO_CONSENT]
    assert {due_tomorrow, on_cutoff, with_consent, other_basis, erased, shared}.isdisjoint(rows)
    assert set(r.id for r in retention_review(ctx, 48, today)) == {due_today, no_consent}


def test_keep_for_another_year_moves_the_review_date_and_can_be_undone(ctx):
    person = make_person(ctx, "Keeper", retention_review_on=date(2026, 1, 31))
    new = keep_for_another_year(ctx, [person], today=date(2028, 2, 29))
    assert new == date(2029, 2, 28)
    assert people_service.get_person(ctx, person).retention_review_on == date(2029, 2, 28)
    assert ctx.undo.next_label == "keep 1 person for another year"
    ctx.undo.undo()
    assert people_service.get_person(ctx, person).retention_review_on == date(2026, 1, 31)


# --- audit trail ---------------------------------------------------------------------------------
def test_audit_filter_by_person_group_date_and_text(ctx, tmp_path):
    who = rich_person(ctx, tmp_path)
    about = audit_rows(ctx, AuditFilter(person_id=who.person))
    actions = {(r.entity, r.action) for r in about}
    assert {("person", "create"), ("interaction", "create"), ("assessment", "create"), ("enrolment", "enrol"),
            ("person", "write certificate")} <= actions
    assert all(r.entity != "person" or r.entity_id == who.person for r in about)
    assert about[0].about == "" or isinstance(about[0].about, str)
    group = audit_rows(ctx, AuditFilter(organisation_id=who.group))
    assert [(r.entity, r.action, r.about) for r in group] == [("organisation", "create", "Larkspur PPG")]
    with ctx.session() as s:
        old = s.scalars(select(AuditEvent).where(AuditEvent.entity == "organisation")).one()
        old.at = datetime(2025, 1, 1, 12, 0)
    assert search_audit_ids(ctx, AuditFilter(date_to=date(2025, 12, 31))) == [old.id]
    assert old.id not in search_audit_ids(ctx, AuditFilter(date_from=date(2026, 1, 1)))
    assert {r.action for r in audit_rows(ctx, AuditFilter(text="certificate"))} == {"write certificate"}
    table = audit_table(ctx, AuditFilter(person_id=who.person))
    assert table.headers[0] == "When" and table.total == len(about)


def test_people_changes_and_exports_are_recorded_in_the_audit_trail(ctx, tmp_path):
    from sdm_desktop.services.exporting.tables import write_table
    person = make_person(ctx, "Audited")
    people_service.update_person(ctx, person, people_service.PersonInput(last_name="Audited", first_name="Al"))
    people_service.set_archived(ctx, [person], True)
    table = people_table(ctx, ExportOptions(RegisterFilter(include_archived=True)))[0]
    assert not any(r.action == "export" for r in audit_rows(ctx, AuditFilter()))   # recorded once written
    write_table(table, tmp_path / "people.csv")
    people_service.delete_people(ctx, [person])
    actions = [(r.action, r.entity) for r in reversed(audit_rows(ctx, AuditFilter()))]
    assert actions == [("create", "person"), ("update", "person"), ("archive", "person"), ("export", "person"),
                       ("delete", "person")]


# --- storage and editor fields --------------------------------------------------------------------
def test_migration_0003_adds_and_removes_erased_at_and_keeps_the_sort_index(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    db = open_database(url)

    def state():
        with db.engine.connect() as conn:
            columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(person)")]
            indexes = [r[1] for r in conn.exec_driver_sql("PRAGMA index_list(person)")]   # expression indexes too
            return "erased_at" in columns, "ix_person_sort_name" in indexes

    assert state() == (True, True)
    downgrade_to(db.engine, "0002")
    assert state() == (False, True)
    db.dispose()
    db = open_database(url)
    assert state() == (True, True)
    db.dispose()


def test_special_category_consent_and_review_date_are_stored_exported_and_imported(ctx, tmp_path):
    person = make_person(ctx, "Special", special_category_consent=True, retention_review_on=date(2027, 3, 1))
    stored = people_service.get_person(ctx, person)
    assert stored.special_category_consent and stored.retention_review_on == date(2027, 3, 1)
    table, _ = people_table(ctx, ExportOptions(RegisterFilter()))
    row = dict(zip(table.headers, list(table.rows)[0], strict=False))
    assert row["special_category_consent"] is True and row["retention_review_on"] == date(2027, 3, 1)
    path = tmp_path / "in.csv"
    path.write_text("last_name,special_category_consent,retention_review_on\nImported,yes,01/02/2028\n",
                    encoding="utf-8")
    run_import(ctx, path, ImportOptions(kind="people"))
    with ctx.session() as s:
        imported = s.scalars(select(Person).where(Person.last_name == "Imported")).one()
        assert imported.special_category_consent and imported.retention_review_on == date(2028, 2, 1)


def test_mentions_are_whole_words_in_any_case():
    from sdm_desktop.services.privacy.mentions import redact
    terms = ["Ann Lee", "ann@example.org"]
    assert redact("Met ANN LEE and Ann Leeson; wrote to ann@example.org.", terms) == \
        "Met [erased] and Ann Leeson; wrote to [erased]."


def test_subject_access_export_says_where_the_person_is_named_as_another_participants_trainer(ctx, tmp_path):
    from sqlalchemy import update

    from training_helpers import make_cohort, make_programme, train

    trainer = make_person(ctx, "Trainer", first_name="Tess")
    cohort = make_cohort(ctx, make_programme(ctx, "SDM basics"), "Autumn", sessions=1)   # no cohort trainer
    for last in ("One", "Two"):
        enrolment_id = train(ctx, cohort, make_person(ctx, last))
        with ctx.session() as s:
            s.execute(update(Enrolment).where(Enrolment.id == enrolment_id).values(trained_by_person_id=trainer))
    target = tmp_path / "sar.zip"
    write_subject_access(ctx, trainer, target)
    with zipfile.ZipFile(target) as archive, archive.open("person.xlsx") as part:
        book = load_workbook(part)
    rows = [r[:3] for r in book["Training"].iter_rows(min_row=2, values_only=True)]
    assert rows == [("named as the trainer of 2 participants", "SDM basics", "Autumn")]
    assert "Ada One" not in str(list(book["Training"].values))                # others' data stays out
