"""The organisation editor's "Reached through" picker, driven like a user."""

from __future__ import annotations

from PySide6.QtCore import Qt

from helpers import make_org
from sdm_desktop.services.register.organisations import get_organisation
from test_engagement_keyboard import visible_mnemonics

ADDRESS = {"address_line1": "1 High Street", "town": "Fernbridge", "postcode": "EX1 1AA"}


def open_group(window, org_id):
    view = window.show_view("stakeholders")
    view.org_table.selectRow(view.org_model.row_of(org_id))
    assert view.org_form.record_id == org_id
    return view.org_form


def test_a_ppg_is_linked_to_its_practice_by_typing_part_of_its_name_and_picking_it(window, ctx, qtbot):
    practice = make_org(ctx, "Fernbridge Health Centre", org_type="GP practice", **ADDRESS)
    make_org(ctx, "Oakhaven Surgery", org_type="GP practice", **ADDRESS)
    ppg = make_org(ctx, "Friends of Fernbridge")
    form = open_group(window, ppg)
    assert form.reached_hint.text().startswith("For a PPG: the GP practice whose patients it represents.")
    window.activateWindow()
    qtbot.keyClick(form, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)       # the label's Alt letter
    picker = form.reached_through
    assert picker.hasFocus() and picker.accessibleName() == "Reached through"
    qtbot.keyClicks(picker, "fernbr")
    popup = picker._completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.text() == "Fernbridge Health Centre" and form.dirty
    qtbot.keyClick(picker, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not form.dirty
    assert get_organisation(ctx, ppg).reached_through_id == practice
    form = open_group(window, practice)
    assert form.reached_through.text() == ""
    assert form.reached_hint.text().endswith("\nReached through it: Friends of Fernbridge.")
    assert form.reached_hint.text().startswith("Optional: the organisation it is contacted through")
    assert open_group(window, ppg).reached_through.text() == "Fernbridge Health Centre"


def test_a_name_typed_but_not_picked_is_refused_beside_the_field_and_nothing_is_saved(window, ctx, qtbot):
    ppg = make_org(ctx, "Friends of Fernbridge")
    form = open_group(window, ppg)
    qtbot.keyClicks(form.reached_through, "Nowhere Surgery")
    assert not form.save()
    error = form.f.errors["reached_through_id"]
    assert not error.isHidden()
    assert error.text() == ("⚠ Reached through must be picked from the names offered as you type "
                            "(no organisation is called “Nowhere Surgery”)")
    assert get_organisation(ctx, ppg).reached_through_id is None


def test_a_circle_is_refused_beside_the_field(window, ctx, qtbot):
    practice = make_org(ctx, "Fernbridge Health Centre", org_type="GP practice", **ADDRESS)
    make_org(ctx, "Friends of Fernbridge", reached_through_id=practice)
    form = open_group(window, practice)
    qtbot.keyClicks(form.reached_through, "friends")
    assert form.reached_through.search_now() == ["Friends of Fernbridge"]
    form.reached_through.choose_label("Friends of Fernbridge")
    assert not form.save()
    assert form.f.errors["reached_through_id"].text() == (
        "⚠ Reached through would make a circle: Friends of Fernbridge is reached through this group")
    assert get_organisation(ctx, practice).reached_through_id is None


def test_the_group_itself_is_not_offered_and_a_cleared_picker_removes_the_link(window, ctx, qtbot):
    practice = make_org(ctx, "Fernbridge Health Centre", org_type="GP practice", **ADDRESS)
    ppg = make_org(ctx, "Fernbridge Health Centre PPG", reached_through_id=practice)
    form = open_group(window, ppg)
    qtbot.keyClicks(form.reached_through, "x")          # typing replaces the choice shown
    form.reached_through.clear()
    qtbot.keyClicks(form.reached_through, "fernbridge")
    assert form.reached_through.search_now() == ["Fernbridge Health Centre"]
    form.reached_through.clear()
    assert form.save()
    assert get_organisation(ctx, ppg).reached_through_id is None


def test_each_alt_letter_of_the_register_with_a_group_open_belongs_to_one_control(demo_window, demo_ctx):
    from sdm_desktop.services.register.search import RegisterFilter, search_organisation_ids

    ppg = search_organisation_ids(demo_ctx, RegisterFilter(text="Fernbridge Health Centre Patient"))[0]
    open_group(demo_window, ppg)
    letters = visible_mnemonics(demo_window)
    assert letters["u"] == 1 and letters["t"] == 1 and letters["n"] == 1 and letters["s"] == 1
    assert [letter for letter, n in letters.items() if n > 1] == []


def test_the_letters_view_lists_the_practice_whose_ppg_is_written_to_directly(window, ctx, qtbot, answer_prompts,
                                                                            tmp_path):
    from sdm_desktop.services.letters.templates import save_sender_details

    practice = make_org(ctx, "Fernbridge Health Centre", org_type="GP practice", **ADDRESS)
    make_org(ctx, "Friends of Fernbridge", reached_through_id=practice)
    asked = answer_prompts(True)
    save_sender_details(ctx, {"sender_name": "Dr Lee"})
    view = window.show_view("letters")
    view.folder.setText(str(tmp_path / "out"))
    reason = "Fernbridge Health Centre: its Patient Participation Group, Friends of Fernbridge, is written to directly"
    qtbot.waitUntil(lambda: "1 letter</b> will be written" in view.summary.text())
    assert view.left_out.toPlainText() == reason
    qtbot.keyClicks(view.recipients.fields["event_name"], "a welcome evening")
    qtbot.mouseClick(view.write_button, Qt.MouseButton.LeftButton)
    assert any("Write 1 letter" in q and reason in q for q in asked)
    assert [p.name for p in view.last_result.files] == ["001 Friends of Fernbridge.docx"]
