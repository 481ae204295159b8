"""Letters to one group, or to its members (found in the keyboard walk: "write letters to the group" could
only be done by tagging the group first). GUI: Letters → Just this group; CLI: letters render --group."""

from __future__ import annotations

from helpers import make_org, make_person
from sdm_desktop.cli import main
from sdm_desktop.services.letters.recipients import RecipientRequest, select_recipients
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.register.search import RegisterFilter

ADDRESS = {"address_line1": "1 High Street", "town": "Fernbridge", "postcode": "EX1 1AA"}


def _groups_and_people(ctx):
    riverside = make_org(ctx, "Riverside Surgery PPG", **ADDRESS)
    other = make_org(ctx, "Other PPG", **ADDRESS)
    make_person(ctx, "Okonkwo", "Priya", orgs=[(riverside, "member")], **ADDRESS)
    make_person(ctx, "Jones", "Sam", orgs=[(other, "member")], **ADDRESS)
    return riverside, other


def test_one_group_and_its_members_are_the_recipients(ctx):
    riverside, _other = _groups_and_people(ctx)
    groups, _ = select_recipients(ctx, RecipientRequest("organisations", RegisterFilter(organisation_id=riverside)))
    assert [r.name for r in groups] == ["Riverside Surgery PPG"]
    people, _ = select_recipients(ctx, RecipientRequest("people", RegisterFilter(organisation_id=riverside)))
    assert [r.person_id is not None and "Okonkwo" in r.name for r in people] == [True]


def test_the_letters_view_writes_to_the_group_typed_in_just_this_group(window, ctx, qtbot):
    riverside, _other = _groups_and_people(ctx)
    view = window.show_view("letters")
    panel = view.recipients
    panel.reload()
    qtbot.keyClicks(panel.group, "Riverside")
    panel.group.search_now()
    panel.group.choose_label(panel.group._model.stringList()[0])
    assert panel.request().filter.organisation_id == riverside
    groups, _ = select_recipients(ctx, panel.request())
    assert [r.name for r in groups] == ["Riverside Surgery PPG"]
    panel.group.clear()
    assert panel.request().filter.organisation_id is None


def test_render_with_group_writes_to_that_group_only_and_names_a_misspelt_one(capsys, tmp_path, data_dir):
    ctx = open_context(data_dir)
    try:
        _groups_and_people(ctx)
    finally:
        ctx.close()
    out = tmp_path / "letters"
    code = main(["--data-dir", str(data_dir), "letters", "render", "letter_thank_you.docx", "-o", str(out),
                 "--group", "riverside surgery ppg"])
    assert code == 0, capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["001 Riverside Surgery PPG.docx"]
    code = main(["--data-dir", str(data_dir), "letters", "render", "letter_thank_you.docx", "-o",
                 str(tmp_path / "x"), "--group", "Riverside"])
    err = capsys.readouterr().err
    assert code == 1 and "No group is called 'Riverside'" in err and "Riverside Surgery PPG" in err
