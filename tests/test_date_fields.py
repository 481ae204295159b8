"""Every date field takes a date as people type it, or refuses it beside the field; never another date
(issue 16, defect 2: 01/01/2027 typed into a plan's start was stored as 01/12/2026)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit

from dialog_catalogue import DIALOGS
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.ui.navigation import VIEWS


def _plan_dialog(window, qtbot):
    from sdm_desktop.ui.engagement.plan_dialog import PlanDialog
    dialog = PlanDialog(window.env, None, window)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.f.widgets["title"].setText("Listening events")
    dialog.f.widgets["ppe_service"].setChecked(True)
    return dialog


def _type(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field.focusProxy() or field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.focusProxy() or field, text)
    qtbot.keyClick(field.focusProxy() or field, Qt.Key.Key_Tab)


def test_dates_typed_into_a_plan_as_shown_are_stored_as_typed(window, ctx, qtbot):
    dialog = _plan_dialog(window, qtbot)
    _type(qtbot, dialog.f.widgets["start_date"], "01/01/2027")
    _type(qtbot, dialog.f.widgets["end_date"], "20/03/2027")
    _type(qtbot, dialog.f.widgets["end_date"], "20/03/2027")          # again over the whole date (Ctrl+A)
    assert dialog.save() is True
    plan = eng.get_plan(ctx, dialog.saved_id)
    assert (plan.start_date, plan.end_date) == (date(2027, 1, 1), date(2027, 3, 20))


@pytest.mark.parametrize("typed", ["1/1/27", "1.1.2027", "2027-01-01", "01/01/2027"])
def test_each_usual_way_of_typing_a_date_is_read_as_that_date(window, ctx, qtbot, typed):
    dialog = _plan_dialog(window, qtbot)
    field = dialog.f.widgets["start_date"]
    _type(qtbot, field, typed)
    assert field.value() == date(2027, 1, 1)
    assert field.text() == "01/01/2027"                     # shown back the one way, so what was read is seen
    dialog.done(0)


def test_other_text_is_refused_beside_the_field_and_nothing_is_saved(window, ctx, qtbot):
    dialog = _plan_dialog(window, qtbot)
    field = dialog.f.widgets["start_date"]
    _type(qtbot, field, "31/02/2027")
    assert field.text() == "31/02/2027"                     # kept as typed, to correct
    assert field.hint.isVisible() and "There is no 31 February 2027" in field.hint.text()
    assert dialog.save() is False
    assert eng.list_plans(ctx) == []
    dialog.done(0)


@pytest.mark.parametrize("key, modifier", [(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier),
                                           (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier)])
def test_alt_down_or_f4_opens_the_calendar_and_enter_takes_its_date(window, ctx, qtbot, key, modifier):
    dialog = _plan_dialog(window, qtbot)
    field = dialog.f.widgets["start_date"]
    _type(qtbot, field, "14/02/2027")
    field.setFocus()
    qtbot.keyClick(field.focusProxy(), key, modifier)
    calendar = field.calendar
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate().toPython() == date(2027, 2, 14)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not calendar.isVisible() and field.value() == date(2027, 2, 15)
    assert QApplication.focusWidget() is field.focusProxy()
    dialog.done(0)


def _date_edits(root) -> list[str]:
    return [w.accessibleName() or type(w).__name__ for w in root.findChildren(QDateTimeEdit)]


def test_no_screen_or_dialog_has_a_date_field_of_another_kind(demo_window, demo_ctx, tmp_path):
    """Qt's own date edit is what read 01/01/2027 as 01/12/2026: none is left anywhere."""
    found = {}
    for spec in VIEWS:
        view = demo_window.show_view(spec.name)
        if edits := _date_edits(view):
            found[spec.name] = edits
    for name, make in DIALOGS.items():
        dialog = make(demo_window, demo_ctx, tmp_path)
        if edits := _date_edits(dialog):
            found[name] = edits
        dialog.done(0)
    assert found == {}


def test_a_date_fields_label_alt_key_puts_the_cursor_in_it(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    view = window.show_view("assurance")
    window.activateWindow()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)       # "Fr&om:"
    assert QApplication.focusWidget() is view.date_from.edit
