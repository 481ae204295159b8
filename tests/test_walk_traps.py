"""Traps found walking the first hour by keyboard in a real window (tests/walks/keyboard_walk.py), each
checked here as the keys a user presses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QWidget

from dialog_catalogue import DIALOGS


def _show(dialog, qtbot):
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def test_welcome_enter_after_choosing_the_sample_data_starts_with_it(window, ctx, qtbot):
    """Alt+M chose "Load the sample data", then Enter closed the welcome as Skip: an empty start."""
    from sdm_desktop.ui.welcome.dialog import WelcomeDialog

    dialog = WelcomeDialog(None, data_dir=ctx.data_dir, folder_fixed="given on the command line")
    qtbot.addWidget(dialog)
    _show(dialog, qtbot)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.sample_choice.isChecked)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.choice().sample_data


# Enter cancels here on purpose: the dialog destroys data.
CANCEL_BY_DEFAULT = {"erase"}


def _role(dialog, button: QPushButton):
    box = next((b for b in dialog.findChildren(QDialogButtonBox) if button in b.buttons()), None)
    return box.buttonRole(button) if box is not None else None


def _has_accept(dialog) -> bool:
    return any(_role(dialog, b) == QDialogButtonBox.ButtonRole.AcceptRole and b.isEnabled()
               for b in dialog.findChildren(QPushButton))


@pytest.mark.parametrize("name", sorted(set(DIALOGS) - CANCEL_BY_DEFAULT))
def test_enter_in_a_field_never_presses_cancel_or_skip(demo_window, demo_ctx, tmp_path, qtbot, name):
    """Wherever the focus goes off the buttons, the button Enter presses is never the one that closes
    without doing anything (a dialog whose only button is Close may close)."""
    dialog = DIALOGS[name](demo_window, demo_ctx, tmp_path)
    _show(dialog, qtbot)
    if not _has_accept(dialog):
        dialog.done(0)
        return
    fields = [w for w in dialog.findChildren(QWidget)
              if w.isVisibleTo(dialog) and w.isEnabled() and not isinstance(w, QPushButton)
              and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    for field in fields[:6]:
        field.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.wait(1)
        default = next((b for b in dialog.findChildren(QPushButton) if b.isDefault()), None)
        assert default is None or _role(dialog, default) != QDialogButtonBox.ButtonRole.RejectRole, \
            (name, field.accessibleName(), default.text())
    dialog.done(0)


def test_group_suggestions_put_the_group_named_so_first(ctx):
    """Typing "Riverside" to add a person to "Riverside Surgery PPG" offered five groups that only had
    Riverside in their address first, alphabetically, and the one named so sixth."""
    from helpers import make_org
    from sdm_desktop.services.register.search import organisation_choices

    for name in ("Abbey Carers", "Bay Food Bank", "Castle Practice"):
        make_org(ctx, name, address_line1="1 Riverside Road")
    named = make_org(ctx, "Riverside Surgery Patient Participation Group")
    inside = make_org(ctx, "Old Riverside Forum")
    assert [i for i, _n in organisation_choices(ctx, "riverside")][:2] == [named, inside]
    assert [n for _i, n in organisation_choices(ctx, "")][:2] == ["Abbey Carers", "Bay Food Bank"]


def test_a_record_just_added_has_its_timeline_so_an_interaction_can_be_logged(window, qtbot):
    """After saving a new group, the timeline still said "select a group or person" and Log interaction…
    stayed greyed out, though the new group was the selected row."""
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(0)
    view.new_organisation()
    form = view.organisations.form
    qtbot.keyClicks(form.f.widgets["name"], "Riverside Surgery PPG")
    qtbot.keyClick(form.f.widgets["name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.record_id is not None)
    assert view.timeline.organisation_id == form.record_id
    assert view.timeline.log_button.isEnabled()
    assert "select a group" not in view.timeline.caption.text()


def test_assessment_stakeholder_search_puts_the_one_named_so_first(ctx):
    """The New assessment dialog's Find chose "Kestrel Bay Food Bank" (Riverside in its address) for
    "Riverside", not the group just added as "Riverside Surgery …"."""
    from helpers import make_org, make_person
    from sdm_desktop.services.analysis.assessments import subject_choices

    make_org(ctx, "Bay Food Bank", address_line1="1 Riverside Road")
    make_org(ctx, "Riverside Surgery Patient Participation Group")
    make_person(ctx, "Adams", "Ann", address_line1="2 Riverside Road")
    make_person(ctx, "Riverside", "Rob")
    labels = [label for _key, label in subject_choices(ctx, "Riverside")]
    assert labels[0].startswith("Riverside Surgery")
    people = [label for label in labels if "(person)" in label]
    assert people[0].startswith("Rob Riverside")


def test_ctrl_s_saves_an_assessment_typed_down_to_its_rationale(demo_window, demo_ctx, qtbot):
    """In New assessment, with the rationale typed (a box where Enter starts a new line), Alt+S went to
    Stakeholder and the Save button had no key: Ctrl+S saves, as in the register's editor."""
    from dialog_catalogue import first_organisation
    from sdm_desktop.services.analysis.assessments import ORGANISATION, Subject, history
    from sdm_desktop.ui.analysis.assessment_dialog import AssessmentDialog

    subject = Subject(ORGANISATION, first_organisation(demo_ctx))
    before = len(history(demo_ctx, subject))
    dialog = AssessmentDialog(demo_window.env, subject, parent=demo_window)
    _show(dialog, qtbot)
    dialog.rationale.setFocus()
    qtbot.keyClicks(dialog.rationale, "Keen to help with leaflets")
    qtbot.keyClick(dialog.rationale, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(history(demo_ctx, subject)) == before + 1
    assert not dialog.isVisible()


def test_ctrl_enter_saves_a_new_plan(window, ctx, qtbot):
    from sdm_desktop.services.engagement import plans as eng
    from sdm_desktop.ui.engagement.plan_dialog import PlanDialog

    dialog = PlanDialog(window.env, None, window)
    _show(dialog, qtbot)
    qtbot.keyClicks(dialog.f.widgets["title"], "Listening events")
    dialog.f.widgets["ppe_service"].setChecked(True)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [p.title for p in eng.list_plans(ctx)] == ["Listening events"] and not dialog.isVisible()


def test_an_empty_date_field_keeps_its_calendar_button_beside_it(window, qtbot):
    """A plan's empty Starts box sat in the middle of its row with its calendar button far off to the right."""
    from sdm_desktop.ui.common.date_field import DateField

    holder = QWidget()
    qtbot.addWidget(holder)
    holder.resize(500, 40)
    field = DateField(None, parent=holder)
    field.resize(460, 30)
    holder.show()
    qtbot.waitExposed(holder)
    assert field.edit.x() <= 2
    assert field.button.x() - field.edit.geometry().right() <= 12


def test_down_in_the_register_search_goes_to_what_was_found(demo_window, qtbot):
    """Searching "Riverside Surgery" found the one group, and Down did nothing: the table was many Tabs away."""
    view = demo_window.show_view("stakeholders")
    view.tabs.setCurrentIndex(0)
    demo_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is demo_window)
    view.search.setFocus()
    qtbot.keyClicks(view.search, "Ashcombe")
    view.run_search()
    qtbot.waitUntil(lambda: view.current_pane().table_model.rowCount() > 0)
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    pane = view.current_pane()
    assert QApplication.focusWidget() is pane and pane.currentIndex().row() == 0
    assert view.detail.currentWidget() is pane.form              # the first group found is open to edit


def test_down_in_the_resources_search_goes_to_the_list(demo_window, qtbot):
    view = demo_window.show_view("resources")
    demo_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is demo_window)
    view.search.setFocus()
    qtbot.waitUntil(lambda: view.table.model().rowCount() > 0)
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.table and view.table.currentIndex().row() == 0


def test_on_a_laptop_the_letters_details_show_their_examples_whole(demo_window, qtbot):
    """"e.g. Tuesday 19 January, 6pm" read "e.g. Tuesday 19 Januar…": the output options, side by side
    under the template list, held it 620 pixels wide and left the details boxes 160."""
    from test_small_screen import LAPTOP, sized

    view = demo_window.show_view("letters")
    sized(demo_window, qtbot, LAPTOP)
    for edit in view.recipients.fields.values():
        room = edit.contentsRect().width() - 8          # the text margins inside the box
        assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room, edit.placeholderText()


def test_the_enrol_dialog_shows_most_names_with_their_groups_whole(demo_window, demo_ctx, qtbot):
    """At 460 pixels wide the list of people to enrol cut most lines off, behind a sideways scroll bar."""
    from sdm_desktop.ui.training.dialogs import EnrolDialog

    dialog = EnrolDialog(demo_ctx, demo_window)
    _show(dialog, qtbot)
    results = dialog.results
    room = results.viewport().width()
    lines = [results.item(i).text() for i in range(results.count())]
    whole = [t for t in lines if results.fontMetrics().horizontalAdvance(t) + 12 <= room]
    assert len(whole) >= 0.9 * len(lines), (len(whole), len(lines))
    assert results.item(0).toolTip() == lines[0]
    dialog.done(0)


def test_tab_from_the_register_table_goes_straight_to_the_first_field(demo_window, qtbot):
    """Tab from the groups table went to the editor's scroll area, a stop that showed nothing; the next Tab
    reached Name."""
    view = demo_window.show_view("stakeholders")
    view.tabs.setCurrentIndex(0)
    demo_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is demo_window)
    pane = view.current_pane()
    pane.setFocus()
    pane.setCurrentIndex(pane.table_model.index(0, 0))
    qtbot.waitUntil(lambda: view.detail.currentWidget() is pane.form)
    qtbot.keyClick(pane, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is pane.form.f.widgets["name"]
