"""No lost updates (issue 14): every record people edit has a row_version; a save, delete or undo that
started from an older version is refused with RecordChanged, and a three-way merge keeps both sides."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import inspect, text

from helpers import make_org, make_person
from sdm_desktop.db.models import Base, Organisation, Person
from sdm_desktop.db.models.base import Versioned
from sdm_desktop.services.core.versions import RecordChanged, three_way
from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.services.register import people as people_service
from sdm_desktop.ui.common import merge_dialog

EDITABLE = {"organisation", "person", "membership", "tag", "organisation_type", "analysis_round", "assessment",
            "engagement_plan", "activity", "interaction", "programme", "cohort", "training_session", "enrolment",
            "attendance", "cohort_evaluation", "resource", "share_log", "letter_template", "setting",
            "saved_selection"}


def colleague_sets(ctx, table: str, row_id: int, **values) -> None:
    """Another user's save: the values and the version bump, from outside this app's sessions."""
    assignments = ", ".join(f"{name} = :{name}" for name in values)
    with ctx.db.engine.begin() as conn:
        conn.execute(text(f"UPDATE {table} SET {assignments}, row_version = row_version + 1 WHERE id = :row_id"),
                     {**values, "row_id": row_id})
        conn.execute(text("INSERT INTO audit_event (at, actor, action, entity, entity_id) "
                          "VALUES (CURRENT_TIMESTAMP, 'colleague', 'update', :table, :row_id)"),
                     {"table": table, "row_id": row_id})


def version_of(ctx, model, row_id: int) -> int:
    with ctx.session() as s:
        return s.get(model, row_id).row_version


def test_every_editable_table_has_a_row_version_column(ctx):
    versioned = {m.class_.__tablename__ for m in Base.registry.mappers if issubclass(m.class_, Versioned)}
    assert versioned >= EDITABLE
    inspector = inspect(ctx.db.engine)
    for table in EDITABLE:
        assert "row_version" in {c["name"] for c in inspector.get_columns(table)}, table


def test_an_edit_raises_the_version_and_derived_search_text_does_not(ctx):
    org_id = make_org(ctx, "Riverside PPG")
    person_id = make_person(ctx, orgs=[(org_id, "member")])
    person_before = version_of(ctx, Person, person_id)
    data = org_service.get_organisation(ctx, org_id)
    data.name = "Riverside Patient Group"
    opened = version_of(ctx, Organisation, org_id)
    org_service.update_organisation(ctx, org_id, data, expected_version=opened)
    assert version_of(ctx, Organisation, org_id) > opened
    # The member's search text now holds the new name, but the person was not edited: a colleague's
    # form on that person must still save.
    with ctx.session() as s:
        assert "riverside patient group" in s.get(Person, person_id).search_text
    assert version_of(ctx, Person, person_id) == person_before


def test_a_save_from_an_older_version_is_refused_and_nothing_of_the_first_is_lost(ctx):
    person_id = make_person(ctx, first_name="Ada", last_name="Sample")
    opened = people_service.get_person_version(ctx, person_id)
    mine = people_service.get_person(ctx, person_id)
    colleague_sets(ctx, "person", person_id, phone="0113 496 0000")
    mine.first_name = "Adele"
    with pytest.raises(RecordChanged) as refused:
        people_service.update_person(ctx, person_id, mine, expected_version=opened)
    assert "Ada Sample (person" in str(refused.value) and "by colleague" in str(refused.value)
    stored = people_service.get_person(ctx, person_id)
    assert (stored.first_name, stored.phone) == ("Ada", "0113 496 0000")


def test_an_edit_of_a_deleted_record_and_a_delete_of_a_changed_one_are_refused(ctx):
    gone = make_person(ctx, first_name="Gone")
    opened = people_service.get_person_version(ctx, gone)
    data = people_service.get_person(ctx, gone)
    people_service.delete_people(ctx, [gone])
    with pytest.raises(RecordChanged) as refused:
        people_service.update_person(ctx, gone, data, expected_version=opened)
    assert refused.value.deleted and "was deleted" in str(refused.value)

    changed = make_org(ctx, "Changed PPG")
    seen = version_of(ctx, Organisation, changed)
    colleague_sets(ctx, "organisation", changed, notes="Meets on Tuesdays")
    with pytest.raises(RecordChanged, match="Not deleted"):
        org_service.delete_organisations(ctx, [changed], expected={changed: seen})
    assert org_service.get_organisation(ctx, changed).notes == "Meets on Tuesdays"


def test_three_way_merge_keeps_both_sides_and_lists_real_conflicts():
    base = {"first_name": "Ada", "phone": None, "email": "a@x.org", "notes": "n"}
    theirs = {"first_name": "Ada", "phone": "0113", "email": "ada@x.org", "notes": "n"}
    yours = {"first_name": "Adele", "phone": None, "email": "adele@x.org", "notes": "n"}
    merge = three_way(base, theirs, yours)
    assert merge.values["first_name"] == "Adele" and merge.values["phone"] == "0113"
    assert [c.name for c in merge.conflicts] == ["email"]
    assert merge.resolved({"email": "theirs"})["email"] == "ada@x.org"
    assert merge.resolved({"email": "yours"})["email"] == "adele@x.org"


def test_undo_goes_through_own_later_steps_but_never_over_a_colleagues_change(ctx):
    person_id = make_person(ctx, first_name="Ada")
    for name in ("Ann", "Anna"):
        data = people_service.get_person(ctx, person_id)
        data.first_name = name
        people_service.update_person(ctx, person_id, data)
    ctx.undo.undo()
    ctx.undo.undo()              # through its own later step (and that step's undo): allowed
    assert people_service.get_person(ctx, person_id).first_name == "Ada"

    data = people_service.get_person(ctx, person_id)
    data.first_name = "Bea"
    people_service.update_person(ctx, person_id, data)
    colleague_sets(ctx, "person", person_id, phone="0113 496 0001")
    with pytest.raises(RecordChanged) as refused:
        ctx.undo.undo()
    assert "Not undone" in str(refused.value) and "colleague" in str(refused.value)
    stored = people_service.get_person(ctx, person_id)
    assert (stored.first_name, stored.phone) == ("Bea", "0113 496 0001")


def test_a_write_racing_a_colleague_inside_one_transaction_is_the_same_typed_refusal(ctx):
    person_id = make_person(ctx, first_name="Ada")
    with pytest.raises(RecordChanged, match="was changed"), ctx.session() as s:
        person = s.get(Person, person_id)
        s.execute(text("UPDATE person SET row_version = row_version + 1 WHERE id = :i"), {"i": person_id})
        person.first_name = "Zed"
    assert people_service.get_person(ctx, person_id).first_name == "Ada"


def _answer_merge(button_text: str):
    def press() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, merge_dialog.MergeDialog) and w.isVisible())
        next(b for b in dialog.findChildren(merge_dialog.QPushButton) if b.text() == button_text).click()
    QTimer.singleShot(50, press)


def test_the_person_editor_merges_a_colleagues_change_field_by_field(window, ctx, qtbot):
    person_id = make_person(ctx, first_name="Ada", last_name="Sample", email="ada@example.org")
    view = window.show_view("stakeholders")
    form = view.person_form
    form.edit(person_id)
    colleague_sets(ctx, "person", person_id, phone="0113 496 0002", email="ada.s@example.org")
    form.f.widgets["first_name"].setText("Adele")
    form.f.widgets["email"].setText("adele@example.org")
    _answer_merge("&Merge and save")          # the email conflict defaults to yours
    assert form.save()
    stored = people_service.get_person(ctx, person_id)
    assert (stored.first_name, stored.phone, stored.email) == ("Adele", "0113 496 0002", "adele@example.org")
    assert not form.dirty


def test_keep_theirs_shows_the_colleagues_version_and_saves_nothing(window, ctx, qtbot):
    org_id = make_org(ctx, "Riverside PPG")
    view = window.show_view("stakeholders")
    form = view.org_form
    form.edit(org_id)
    colleague_sets(ctx, "organisation", org_id, name="Riverside Patients")
    form.f.widgets["name"].setText("Riverside Group")
    _answer_merge("Keep &theirs")
    assert not form.save()
    assert org_service.get_organisation(ctx, org_id).name == "Riverside Patients"
    assert form.f.widgets["name"].text() == "Riverside Patients"


def test_saving_twice_from_one_editor_is_not_a_conflict_with_oneself(window, ctx, qtbot, answer_prompts):
    asked = answer_prompts(True)
    person_id = make_person(ctx, first_name="Ada")
    form = window.show_view("stakeholders").person_form
    form.edit(person_id)
    for name in ("Adele", "Adeline"):
        form.f.widgets["first_name"].setText(name)
        assert form.save()
    assert people_service.get_person(ctx, person_id).first_name == "Adeline"
    assert asked == []


def test_deleting_the_person_shown_after_a_colleague_changed_them_is_refused(window, ctx, qtbot, answer_prompts):
    asked = answer_prompts(True)
    person_id = make_person(ctx, first_name="Ada", last_name="Sample")
    view = window.show_view("stakeholders")
    pane = view.people
    pane.form.edit(person_id)
    colleague_sets(ctx, "person", person_id, notes="Asked to stay on the list")
    with pytest.raises(RecordChanged, match="Not deleted"):
        pane.delete_records([person_id])
    assert people_service.get_person(ctx, person_id).notes == "Asked to stay on the list"
    assert asked == []
