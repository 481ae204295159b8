"""Closing a dialog or an editor that holds changes asks first, with Save, Discard and Cancel
(issue 16, defect 3: Escape threw away a whole new engagement plan without asking)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from dialog_catalogue import DIALOGS

# The dialogs where something is typed to be kept (the others find, pick or look things up).
EDITING = ["engagement plan", "activity", "interaction", "programme", "completion override", "sender details",
           "share", "assessment"]


def _show(dialog, qtbot):
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def _first_text(dialog):
    return next(w for w in dialog.findChildren(QWidget) if isinstance(w, (QLineEdit, QPlainTextEdit))
                and w.isVisibleTo(dialog) and w.isEnabled() and not w.isReadOnly()
                and not w.accessibleName().startswith(("Find", "Search")))


@pytest.mark.parametrize("name", EDITING)
def test_escape_on_a_changed_dialog_asks_and_cancel_keeps_it_open_with_the_changes(
        demo_window, demo_ctx, tmp_path, qtbot, answer_unsaved, name):
    asked, answers = answer_unsaved
    dialog = DIALOGS[name](demo_window, demo_ctx, tmp_path)
    _show(dialog, qtbot)
    field = _first_text(dialog)
    field.setFocus()
    qtbot.keyClicks(field, "Typed by hand")
    answers.append("cancel")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert len(asked) == 1 and dialog.isVisible()
    assert "Typed by hand" in (field.text() if isinstance(field, QLineEdit) else field.toPlainText())
    answers.append("discard")
    dialog.close()                                           # the window's own close button, too
    assert len(asked) == 2 and not dialog.isVisible()


@pytest.mark.parametrize("name", EDITING)
def test_escape_on_an_unchanged_dialog_closes_it_without_a_question(demo_window, demo_ctx, tmp_path, qtbot,
                                                                     answer_unsaved, name):
    asked, _answers = answer_unsaved
    dialog = DIALOGS[name](demo_window, demo_ctx, tmp_path)
    _show(dialog, qtbot)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert asked == [] and not dialog.isVisible()


def test_save_from_the_question_saves_the_new_plan(window, ctx, qtbot, answer_unsaved):
    from sdm_desktop.services.engagement import plans as eng
    from sdm_desktop.ui.engagement.plan_dialog import PlanDialog
    asked, answers = answer_unsaved
    dialog = PlanDialog(window.env, None, window)
    _show(dialog, qtbot)
    qtbot.keyClicks(dialog.f.widgets["title"], "Listening events")
    dialog.f.widgets["ppe_service"].setChecked(True)
    answers.append("save")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert [p.title for p in eng.list_plans(ctx)] == ["Listening events"] and not dialog.isVisible()


def _dirty_person_editor(demo_window, qtbot):
    view = demo_window.show_view("stakeholders")
    view.tabs.setCurrentIndex(1)
    view.person_table.setCurrentIndex(view.person_model.index(0, 0))
    form = view.person_form
    qtbot.keyClicks(form.f.widgets["notes"], " and more")
    assert form.dirty
    return view, form


def test_leaving_a_changed_record_for_another_offers_cancel_which_stays_on_it(demo_window, qtbot, answer_unsaved):
    asked, answers = answer_unsaved
    view, form = _dirty_person_editor(demo_window, qtbot)
    first = form.record_id
    answers.append("cancel")
    view.person_table.setCurrentIndex(view.person_model.index(1, 0))
    qtbot.wait(5)
    assert len(asked) == 1 and form.record_id == first and form.dirty
    assert form.f.get("notes").endswith("and more")
    assert view.person_model.id_at(view.person_table.currentIndex().row()) == first


def test_closing_the_window_with_a_changed_editor_asks_and_cancel_keeps_it_open(demo_window, qtbot,
                                                                                answer_unsaved):
    asked, answers = answer_unsaved
    _view, form = _dirty_person_editor(demo_window, qtbot)
    answers.append("cancel")
    demo_window.close()
    assert len(asked) == 1 and demo_window.isVisible() and form.dirty
    answers.append("discard")
    demo_window.close()
    assert len(asked) == 2 and not demo_window.isVisible()
