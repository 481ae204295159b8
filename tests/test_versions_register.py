"""No lost updates in the register's lists (issue 14): memberships (edited on the person), organisation
types, and records where an erased person's name was redacted."""

from __future__ import annotations

import sqlite3

import pytest

from helpers import make_org, make_person
from sdm_desktop.cli import main
from sdm_desktop.paths import DATABASE_FILE_NAME
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.privacy.erase import erase_people
from sdm_desktop.services.register import organisation_types as types
from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.services.register import people as people_service
from sdm_desktop.services.register.people import MembershipInput
from sdm_desktop.ui.register.organisation_types import OrganisationTypesDialog
from versions_helpers import colleague_sets, version_in


def _type_version(ctx, name: str) -> int:
    return next(t.row_version for t in types.list_types(ctx) if t.name == name)


def test_a_membership_change_is_an_edit_of_the_person_a_stale_form_cannot_undo(ctx):
    org_id = make_org(ctx, "Riverside PPG")
    person_id = make_person(ctx)
    opened = people_service.get_person_version(ctx, person_id)
    stale = people_service.get_person(ctx, person_id)
    mine = people_service.get_person(ctx, person_id)
    mine.memberships = [MembershipInput(org_id, "chair")]
    people_service.update_person(ctx, person_id, mine, expected_version=opened)
    stale.phone = "0113 496 0000"
    with pytest.raises(RecordChanged):
        people_service.update_person(ctx, person_id, stale, expected_version=opened)
    assert [(m.organisation_id, m.role) for m in people_service.get_person(ctx, person_id).memberships] == [
        (org_id, "chair")]


def test_renaming_or_removing_a_type_a_colleague_changed_is_refused(ctx):
    types.add_type(ctx, "Youth forum")
    listed = _type_version(ctx, "Youth forum")
    with ctx.session() as s:
        type_id = s.execute(types.select(types.OrganisationType.id)
                            .where(types.OrganisationType.name == "Youth forum")).scalar_one()
    colleague_sets(ctx, "organisation_type", type_id, sort_order=0)
    with pytest.raises(RecordChanged, match="Not saved: The type 'Youth forum' .organisation type"):
        types.rename_type(ctx, "Youth forum", "Youth panel", expected_version=listed)
    with pytest.raises(RecordChanged, match="Not removed"):
        types.remove_type(ctx, "Youth forum", expected_version=listed)
    assert "Youth forum" in {t.name for t in types.list_types(ctx)}


def test_renaming_a_type_leaves_the_groups_of_that_type_at_their_versions(ctx):
    org_id = make_org(ctx, "Riverside PPG", org_type="Patient Participation Group (PPG)")
    before = version_in(ctx, "organisation", org_id)
    types.rename_type(ctx, "Patient Participation Group (PPG)", "PPG",
                      expected_version=_type_version(ctx, "Patient Participation Group (PPG)"))
    assert version_in(ctx, "organisation", org_id) == before        # their search text is derived
    assert org_service.get_organisation(ctx, org_id).org_type == "PPG"


def test_redacting_an_erased_persons_name_is_an_edit_a_stale_form_cannot_undo(ctx):
    person_id = make_person(ctx, first_name="Zoë", last_name="Kingsbridge")
    org_id = make_org(ctx, "Riverside PPG", notes="Chair: Zoë Kingsbridge")
    opened = version_in(ctx, "organisation", org_id)
    stale = org_service.get_organisation(ctx, org_id)
    erase_people(ctx, [person_id])
    assert "Kingsbridge" not in (org_service.get_organisation(ctx, org_id).notes or "")
    with pytest.raises(RecordChanged):          # the form still holds the name: it must not come back
        org_service.update_organisation(ctx, org_id, stale, expected_version=opened)
    assert "Kingsbridge" not in (org_service.get_organisation(ctx, org_id).notes or "")


def test_the_types_dialog_refuses_a_rename_a_colleague_overtook(window, ctx, qtbot, answer_prompts, monkeypatch):
    from sdm_desktop.ui import prompts
    types.add_type(ctx, "Youth forum")
    dialog = OrganisationTypesDialog(window.env)
    qtbot.addWidget(dialog)
    item = next(dialog.list.item(i) for i in range(dialog.list.count())
                if dialog.list.item(i).data(256) == "Youth forum")
    dialog.list.setCurrentItem(item)
    asked = answer_prompts(True)
    with ctx.session() as s:
        type_id = s.execute(types.select(types.OrganisationType.id)
                            .where(types.OrganisationType.name == "Youth forum")).scalar_one()
    colleague_sets(ctx, "organisation_type", type_id, name="Youth network")
    monkeypatch.setattr(prompts, "ask_text", lambda *_a, **_k: "Youth panel")
    dialog.rename()
    assert any("no organisation type called" in q for q in asked)
    assert {t.name for t in types.list_types(ctx)} >= {"Youth network"}
    assert "Youth panel" not in {t.name for t in types.list_types(ctx)}


def test_the_command_line_says_in_one_line_when_a_type_was_changed_under_it(data_dir, ctx, capsys, monkeypatch):
    types.add_type(ctx, "Youth forum")
    ctx.close()
    real = types._same_name

    def a_colleague_saves_meanwhile(s, name, other_than=None):
        """Read inside the rename, after the type was loaded: a colleague's save lands in between."""
        with sqlite3.connect(data_dir / DATABASE_FILE_NAME) as db:
            db.execute("UPDATE organisation_type SET row_version = row_version + 1 WHERE name = 'Youth forum'")
        return real(s, name, other_than)
    monkeypatch.setattr(types, "_same_name", a_colleague_saves_meanwhile)
    code = main(["--data-dir", str(data_dir), "org-types", "rename", "Youth forum", "Youth panel"])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "Youth forum (organisation type" in err and "was changed" in err
    with sqlite3.connect(data_dir / DATABASE_FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM organisation_type WHERE name = 'Youth forum'").fetchone() == (1,)


def test_keeping_someone_another_year_is_an_edit_their_stale_form_cannot_undo(ctx):
    from sdm_desktop.services.privacy.retention import keep_for_another_year
    person_id = make_person(ctx)
    opened = people_service.get_person_version(ctx, person_id)
    stale = people_service.get_person(ctx, person_id)
    new = keep_for_another_year(ctx, [person_id])
    stale.phone = "0113 496 0000"
    with pytest.raises(RecordChanged):
        people_service.update_person(ctx, person_id, stale, expected_version=opened)
    assert people_service.get_person(ctx, person_id).retention_review_on == new
    colleague_sets(ctx, "person", person_id, phone="0113 496 0001")
    with pytest.raises(RecordChanged, match="Not undone"):
        ctx.undo.undo()
    assert people_service.get_person(ctx, person_id).retention_review_on == new
