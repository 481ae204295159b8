"""The configurable list of organisation types."""

from __future__ import annotations

import pytest

from helpers import make_org
from sdm_desktop.cli import main
from sdm_desktop.errors import UserError
from sdm_desktop.services.register import organisation_types as types
from sdm_desktop.services.register.search import RegisterFilter, search_organisation_ids
from sdm_desktop.ui.register.organisation_types import OrganisationTypesDialog


def test_a_type_can_be_added_renamed_and_used(ctx):
    types.add_type(ctx, "Faith group")
    org_id = make_org(ctx, "Interfaith Forum", org_type="Faith group")
    types.rename_type(ctx, "Faith group", "Faith and belief group")
    assert search_organisation_ids(ctx, RegisterFilter(org_type="Faith and belief group")) == [org_id]
    assert search_organisation_ids(ctx, RegisterFilter(text="belief")) == [org_id]


def test_a_type_in_use_cannot_be_removed(ctx):
    make_org(ctx, "Watch", org_type="Healthwatch")
    with pytest.raises(UserError, match="1 organisations have the type"):
        types.remove_type(ctx, "Healthwatch")
    types.remove_type(ctx, "Other")
    assert "Other" not in [t.name for t in types.list_types(ctx)]


def test_duplicate_and_blank_names_are_refused(ctx):
    with pytest.raises(UserError, match="already a type"):
        types.add_type(ctx, "Healthwatch")
    with pytest.raises(UserError, match="needs a name"):
        types.add_type(ctx, "   ")


def test_the_list_starts_with_the_twelve_types_of_patient_and_public_group_in_order(ctx):
    assert [t.name for t in types.list_types(ctx)] == [
        "Patient Participation Group (PPG)", "Carers' group", "Patient & public group",
        "Condition-specific support group", "Healthwatch", "VCSE organisation", "GP practice", "NHS trust",
        "ICB / commissioner", "Local authority / Health and Wellbeing Board", "Clinician group / network", "Other"]


def test_names_differing_only_in_capitals_or_spaces_are_the_same_type(ctx):
    # imports match a file's type column to the list ignoring capitals, so these would be ambiguous
    with pytest.raises(UserError, match="already a type called 'Healthwatch'"):
        types.add_type(ctx, "  HEALTHWATCH ")
    with pytest.raises(UserError, match="already a type called 'GP practice'"):
        types.rename_type(ctx, "Other", "gp   Practice")
    types.rename_type(ctx, "Other", "other")                    # its own name in other capitals is fine
    types.add_type(ctx, "Faith  \n group")
    assert [t.name for t in types.list_types(ctx)][-2:] == ["other", "Faith group"]
    with pytest.raises(UserError, match="control characters"):
        types.add_type(ctx, "Bell\x07 group")


def test_types_can_be_reordered(ctx):
    types.move_type(ctx, "Other", -1)
    names = [t.name for t in types.list_types(ctx)]
    assert names[-2:] == ["Other", "Clinician group / network"]


def test_command_line_lists_and_refuses_removing_a_used_type(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "org-types", "add", "Youth council"]) == 0
    assert "Youth council\t0" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "org-types", "remove", "No such type"]) == 1
    assert "no organisation type called" in capsys.readouterr().err


def test_dialog_adds_a_type_that_the_editor_then_offers(window, ctx, monkeypatch):
    from sdm_desktop.ui import prompts
    monkeypatch.setattr(prompts, "ask_text", lambda *a, **k: "Youth council")
    view = window.show_view("stakeholders")
    dialog = OrganisationTypesDialog(window.env, view)
    dialog.add()
    assert dialog.changed
    assert dialog.list.currentItem().text() == "Youth council  (0)"
    view.new_organisation()
    combo = view.org_form.f.widgets["org_type"]
    assert combo.findData("Youth council") >= 0
