"""The Responses tab, the Import responses dialog and the Type responses dialog, driven as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from consultation_cimport_helpers import forms_xlsx, google_csv, make_survey_activity
from sdm_desktop.services.consultation.intake.importing import import_responses
from sdm_desktop.services.consultation.responses import list_questions, list_responses
from sdm_desktop.ui.consultation.import_dialog import ImportResponsesDialog
from sdm_desktop.ui.consultation.responses_panel import ResponsesPanel
from sdm_desktop.ui.consultation.typing_dialog import TypeResponsesDialog


def _panel(window, qtbot, activity):
    panel = ResponsesPanel(window.env)
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    panel.show_activity(activity)
    return panel


def test_the_panel_lists_and_filters_responses(ctx, window, qtbot, tmp_path):
    activity = make_survey_activity(ctx)
    import_responses(ctx, forms_xlsx(tmp_path), activity)
    panel = _panel(window, qtbot, activity)
    assert panel.model.rowCount() == 4
    assert panel.summary.text() == "4 responses, 4 without a theme"
    headers = [c.header for c in panel.model.columns]
    assert "What is your age?" not in headers and "What matters most to you about the new service?" in headers
    assert "Clear letters in plain English" in panel.detail.toPlainText()     # the newest, chosen first
    qtbot.keyClicks(panel.search, "PARKING")
    panel.refresh()
    assert [r.id for r in panel.model.rows] == [3]
    assert panel.summary.text().startswith("1 shown of 4 responses")
    panel.search.clear()
    panel.question.setCurrentIndex(panel.question.findText("Which days suit you?"))
    panel.answer.setCurrentIndex(panel.answer.findText("Saturday"))
    assert sorted(r.id for r in panel.model.rows) == [2, 3]
    panel.question.setCurrentIndex(0)
    assert not panel.answer.isEnabled()
    panel.uncoded.setChecked(True)
    assert panel.model.rowCount() == 4


def test_import_dialog_checks_then_imports_one_undoable_batch(ctx, window, qtbot, tmp_path):
    activity = make_survey_activity(ctx)
    panel = _panel(window, qtbot, activity)
    dialog = ImportResponsesDialog(window.env, activity, panel, forms_xlsx(tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.recognised.text().startswith("Recognised: Microsoft Forms")
    assert "Email, Name" in dialog.recognised.text()
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "would add 4" in dialog.report.toPlainText()
    assert list_responses(ctx, activity) == []
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "added 4" in dialog.report.toPlainText() and "Edit → Undo" in dialog.report.toPlainText()
    assert panel.model.rowCount() == 4                       # the tab heard Change.CONSULTATION
    window.undo_action.trigger()                             # Edit → Undo, run in the background
    assert list_responses(ctx, activity) == []
    assert panel.model.rowCount() == 0


def test_import_dialog_mapping_changes_what_a_column_is(ctx, window, qtbot, tmp_path):
    activity = make_survey_activity(ctx)
    dialog = ImportResponsesDialog(window.env, activity, None, google_csv(tmp_path))
    qtbot.addWidget(dialog)
    role = dialog.table.cellWidget(3, 1)                     # "Do you look after someone?"
    assert isinstance(role, QComboBox) and role.currentData() == "question"
    role.setCurrentIndex(role.findData("ignore"))
    role.activated.emit(role.currentIndex())
    purpose = dialog.table.cellWidget(2, 3)
    purpose.setCurrentIndex(purpose.findData("group"))
    purpose.activated.emit(purpose.currentIndex())
    dialog.match.setChecked(False)
    dialog.run(dry_run=False)
    questions = list_questions(ctx, activity)
    assert [(q.text, q.purpose) for q in questions] == [("What one change would help you most?", "group")]


def test_import_dialog_shows_a_bad_file_in_one_line(ctx, window, qtbot, tmp_path):
    activity = make_survey_activity(ctx)
    path = tmp_path / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n....")
    dialog = ImportResponsesDialog(window.env, activity, None, path)
    qtbot.addWidget(dialog)
    assert "PNG image" in dialog.report.toPlainText()
    assert not dialog.import_button.isEnabled()


def test_typing_responses_one_after_another_without_the_mouse(ctx, window, qtbot):
    activity = make_survey_activity(ctx, "PPG meeting")
    dialog = TypeResponsesDialog(window.env, activity, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert not dialog.save_button.isEnabled()
    dialog.new_question.setFocus()
    qtbot.keyClicks(dialog.new_question, "Comments from the meeting")
    qtbot.keyClick(dialog.new_question, Qt.Key.Key_Return)
    dialog.new_kind.setCurrentIndex(dialog.new_kind.findData("number"))
    qtbot.keyClicks(dialog.new_question, "Rating out of 5")
    qtbot.keyClick(dialog.new_question, Qt.Key.Key_Return)
    comment, rating = (dialog.fields[q.id] for q in dialog.questions)
    assert QApplication.focusWidget() is dialog.new_question          # ready for another question
    qtbot.waitUntil(comment.isVisible)
    qtbot.keyClick(dialog.new_question, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is comment                      # Alt+1: the first answer
    for text, score in (("More evening clinics", "4"), ("Parking is hard", "2")):
        qtbot.keyClicks(QApplication.focusWidget(), text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is rating
        qtbot.keyClicks(rating, score)
        qtbot.keyClick(rating, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert comment.toPlainText() == "" and QApplication.focusWidget() is comment
    assert dialog.status.text().startswith("Saved response") and "2 typed" in dialog.status.text()
    rows = list_responses(ctx, activity)
    assert sorted(r.answer(dialog.questions[0].id) for r in rows) == ["More evening clinics", "Parking is hard"]
    qtbot.keyClicks(comment, "Typed in the comment box")               # Ctrl+Enter from a multi-line box
    qtbot.keyClick(comment, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(list_responses(ctx, activity)) == 3 and comment.toPlainText() == ""
    qtbot.keyClicks(rating, "lots")
    qtbot.keyClick(rating, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "should be a number" in dialog.status.text() and rating.text() == "lots"   # kept to correct
    assert len(list_responses(ctx, activity)) == 3


def test_pasted_comments_become_a_response_each(ctx, window, qtbot):
    activity = make_survey_activity(ctx, "Event stall")
    from sdm_desktop.services.consultation.intake.typing import add_question
    add_question(ctx, activity, "What did people say?")
    dialog = TypeResponsesDialog(window.env, activity, None)
    qtbot.addWidget(dialog)
    field = dialog.fields[dialog.questions[0].id]
    field.setPlainText("Love the new café\n\n  More seats please \nLonger opening hours")
    qtbot.mouseClick(dialog.lines_button, Qt.MouseButton.LeftButton)
    answers = sorted(r.answer(dialog.questions[0].id) for r in list_responses(ctx, activity))
    assert answers == ["Longer opening hours", "Love the new café", "More seats please"]
    assert dialog.status.text() == "Saved 3 responses, one a line."


def test_the_panel_is_one_tab_round_with_a_name_and_an_alt_letter_each(ctx, window, qtbot, tmp_path):
    from test_keyboard_access import alt_letters, tab_round, unnamed

    activity = make_survey_activity(ctx)
    import_responses(ctx, forms_xlsx(tmp_path), activity)
    panel = ResponsesPanel(window.env)
    qtbot.addWidget(panel)
    panel.show_activity(activity)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    visited = tab_round(qtbot, panel.search)
    assert None not in visited and len(set(visited)) == len(visited)
    assert unnamed(visited) == []
    assert {panel.table, panel.detail, panel.import_button, panel.uncoded} <= set(visited)
    assert all(len(owners) == 1 for owners in alt_letters(panel).values()), alt_letters(panel)


def test_a_received_date_that_is_not_a_date_is_said_and_nothing_saved(ctx, window, qtbot):
    activity = make_survey_activity(ctx, "Drop-in")
    from sdm_desktop.services.consultation.intake.typing import add_question
    add_question(ctx, activity, "Comment")
    dialog = TypeResponsesDialog(window.env, activity, None)
    qtbot.addWidget(dialog)
    dialog.fields[dialog.questions[0].id].setPlainText("Kind staff")
    qtbot.keyClicks(dialog.received.edit, "31/02/2026")
    dialog.save()
    assert dialog.status.text().startswith("Received on:") and list_responses(ctx, activity) == []
    dialog.received.edit.clear()
    qtbot.keyClicks(dialog.received.edit, "03/02/2026")
    dialog.save()
    assert [r.submitted_at.date().isoformat() for r in list_responses(ctx, activity)] == ["2026-02-03"]


def test_import_dialog_reads_the_sheet_chosen(ctx, window, qtbot, tmp_path):
    from consultation_cimport_helpers import FORMS_HEADER, FORMS_ROWS
    from importexport_files import write_xlsx

    activity = make_survey_activity(ctx)
    path = write_xlsx(tmp_path / "two sheets.xlsx", {"Notes": [["Read me"], ["Exported from Forms"]],
                                                      "Responses": [FORMS_HEADER, *FORMS_ROWS]})
    dialog = ImportResponsesDialog(window.env, activity, None, path)
    qtbot.addWidget(dialog)
    assert dialog.sheet.isVisibleTo(dialog) and dialog.recognised.text().startswith("Recognised: a survey file")
    dialog.sheet.setCurrentIndex(dialog.sheet.findText("Responses"))
    dialog.sheet.activated.emit(dialog.sheet.currentIndex())
    assert dialog.sheet.currentText() == "Responses"
    assert dialog.recognised.text().startswith("Recognised: Microsoft Forms")
    dialog.run(dry_run=False)
    assert len(list_responses(ctx, activity)) == 4
