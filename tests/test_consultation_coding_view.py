"""The Consultation view's Coding and Themes tabs, used from the keyboard (issue 18, part 2)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from consultation_coding_helpers import add_survey
from sdm_desktop.services.consultation.codebook import coding, themes


@pytest.fixture
def coding_view(window, qtbot):
    """The view on a survey of six answers with a codebook of Access (sub-theme Parking) and Staff."""
    ctx = window.env.ctx
    survey = add_survey(ctx)
    access = themes.add_theme(ctx, survey.activity_id, "Access")
    themes.add_theme(ctx, survey.activity_id, "Parking", parent_id=access.id)
    themes.add_theme(ctx, survey.activity_id, "Staff attitude")
    view = window.show_view("consultation")
    view.show_activity(survey.activity_id)
    view.tabs.setCurrentWidget(view.coding)
    view.coding.coder.setText("asha")
    view.coding.load_queue()
    view.coding.reader.setFocus()
    view.survey = survey
    return view


def _names(view, answer_id, coder="asha"):
    ctx = view.env.ctx
    names = {t.id: t.name for t in themes.codebook(ctx, view.survey.activity_id)}
    return sorted(names[t] for t in coding.answer_to_code(ctx, answer_id, coder).theme_ids)


def test_number_keys_apply_themes_sentiment_keys_mark_it_and_enter_moves_on(coding_view, qtbot):
    panel = coding_view.coding
    reader = panel.reader
    first = panel.answer.id
    assert panel.progress_words.text() == "0 of 6 coded, 6 to go"
    qtbot.keyClick(reader, "1")
    qtbot.keyClick(reader, "2")
    qtbot.keyClick(reader, "-")
    assert _names(coding_view, first) == ["Access", "Parking"]
    assert panel.list.item(0).checkState() == Qt.CheckState.Checked
    assert panel.sentiment.currentData() == "negative"
    qtbot.keyClick(reader, "2")                                   # again: taken off
    assert _names(coding_view, first) == ["Access"]
    qtbot.keyClick(reader, Qt.Key.Key_Return)
    assert panel.answer.id != first and panel.progress_words.text() == "1 of 6 coded, 5 to go"
    qtbot.keyClick(reader, Qt.Key.Key_Return)                     # nothing applies: read, and on
    assert panel.progress_words.text() == "2 of 6 coded, 4 to go"
    qtbot.keyClick(reader, Qt.Key.Key_PageUp)
    qtbot.keyClick(reader, Qt.Key.Key_PageUp)
    assert panel.answer.id == first and "coded by you" in panel.where.text()


def _type(qtbot, panel, letters: str) -> None:
    """As a person types: the first letter in the answer moves the cursor to the finder, the rest go there."""
    qtbot.keyClick(panel.reader, letters[0])
    assert panel.find.hasFocus()
    qtbot.keyClicks(panel.find, letters[1:])


def test_typed_letters_find_a_theme_and_enter_applies_it_or_adds_a_new_one(coding_view, qtbot):
    panel = coding_view.coding
    answer = panel.answer.id
    _type(qtbot, panel, "sta")
    assert panel.find.hasFocus() and panel.find.text() == "sta"
    assert panel.hint.text() == "Enter applies “Staff attitude”."
    qtbot.keyClick(panel.find, Qt.Key.Key_Return)
    assert _names(coding_view, answer) == ["Staff attitude"] and panel.reader.hasFocus()
    _type(qtbot, panel, "carers")
    assert "Enter adds it as a new theme" in panel.hint.text()
    qtbot.keyClick(panel.find, Qt.Key.Key_Return)
    assert _names(coding_view, answer) == ["Staff attitude", "carers"]
    assert "carers" in [t.name for t in coding_view.themes.themes]          # the Themes tab knows it too
    _type(qtbot, panel, "zz")
    qtbot.keyClick(panel.find, Qt.Key.Key_Escape)
    assert panel.find.text() == "" and panel.reader.hasFocus() and not panel.list.item(0).isHidden()


def test_a_selected_phrase_and_a_number_key_keep_a_quote_under_that_theme(coding_view, qtbot):
    panel = coding_view.coding
    reader = panel.reader
    reader.moveCursor(QTextCursor.MoveOperation.Start)
    word_and_select = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    for _ in range(3):                                            # "The appointment times"
        qtbot.keyClick(reader, Qt.Key.Key_Right, word_and_select)
    phrase = reader.selected_phrase()
    assert phrase.startswith("The appointment")
    qtbot.keyClick(reader, "1")
    assert [q.text for q in panel.answer.quotes] == [phrase] and _names(coding_view, panel.answer.id) == ["Access"]
    assert panel.quotes.count() == 1 and "Access" in panel.quotes.item(0).text()


def test_undo_while_coding_stays_on_the_answer(coding_view, qtbot):
    panel = coding_view.coding
    answer = panel.answer.id
    qtbot.keyClick(panel.reader, "3")
    coding_view.window().undo_action.trigger()
    assert panel.answer.id == answer and _names(coding_view, answer) == []


def test_themes_tab_edits_renames_and_deletes_with_the_keyboard(coding_view, qtbot, answer_prompts):
    answer_prompts(True)
    tab = coding_view.themes
    coding_view.tabs.setCurrentWidget(tab)
    assert [tab.tree.topLevelItem(i).text(0) for i in range(tab.tree.topLevelItemCount())] == ["Access",
                                                                                              "Staff attitude"]
    tab.tree.setCurrentItem(tab.tree.topLevelItem(1))
    tab.name.setFocus()
    tab.name.setText("Staff manner")
    tab.description.setPlainText("How staff treat people")
    qtbot.keyClick(tab.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [t.name for t in tab.themes] == ["Access", "Parking", "Staff manner"]
    assert tab.current_theme().description == "How staff treat people"
    assert coding_view.coding.list.item(2).text().endswith("Staff manner")      # the coding list follows
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Delete)
    assert [t.name for t in tab.themes] == ["Access", "Parking"]


def test_merge_from_the_coding_tab_moves_the_answers(coding_view, qtbot, monkeypatch):
    from sdm_desktop.ui.consultation import merge_theme_dialog

    panel = coding_view.coding
    answer = panel.answer.id
    qtbot.keyClick(panel.reader, "2")                             # Parking
    panel.list.setCurrentRow(1)
    monkeypatch.setattr(merge_theme_dialog.MergeThemeDialog, "exec", lambda self: True)
    monkeypatch.setattr(merge_theme_dialog.MergeThemeDialog, "chosen", lambda self: coding_view.themes.themes[0].id)
    coding_view.toolbar.actions()[2].trigger()                     # Merge theme…
    assert _names(coding_view, answer) == ["Access"]
    assert [t.name for t in coding_view.themes.themes] == ["Access", "Staff attitude"]


def test_compare_coders_dialog_shows_agreement_and_disagreements(coding_view, qtbot):
    from sdm_desktop.ui.consultation.agreement_dialog import AgreementDialog

    ctx = coding_view.env.ctx
    book = themes.codebook(ctx, coding_view.survey.activity_id)
    ids = coding.coding_queue(ctx, coding_view.survey.activity_id, None, "asha").answer_ids
    for coder, given in (("asha", [0, 0, 2]), ("ben", [0, 2, 2])):
        for answer_id, theme in zip(ids, given, strict=False):
            coding.set_theme(ctx, answer_id, book[theme].id, coder, True)
    dialog = AgreementDialog(coding_view.env, coding_view.survey.activity_id, coding_view)
    qtbot.addWidget(dialog)
    assert "3 answers coded by both asha and ben; they gave different themes to 1" in dialog.summary.text()
    rows = {dialog.by_theme.item(r, 0).text(): dialog.by_theme.item(r, 4).text()
            for r in range(dialog.by_theme.rowCount())}
    assert rows == {"Access": "67%", "Parking": "100%", "Staff attitude": "67%"}
    assert dialog.differing.rowCount() == 1 and dialog.differing.item(0, 2).text() == "Access"


def test_the_codebook_exports_as_shown(coding_view, qtbot, tmp_path, monkeypatch):
    import csv

    from PySide6.QtWidgets import QFileDialog

    qtbot.keyClick(coding_view.coding.reader, "2")               # Parking on one answer
    coding_view.tabs.setCurrentWidget(coding_view.themes)
    target = tmp_path / "codebook.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV file (*.csv)"))
    coding_view.themes.export()
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:5] == ["Number", "Theme", "Sub-theme of", "Shared by the plan", "Answers"]
    assert [r[:5] for r in rows[1:]] == [["1", "Access", "", "", "0"], ["2", "Parking", "Access", "", "1"],
                                         ["3", "Staff attitude", "", "", "0"]]


def test_delete_in_the_quotes_list_removes_the_quote(coding_view, qtbot):
    panel = coding_view.coding
    coding.keep_quote(coding_view.env.ctx, panel.answer.id, None, "car park", "asha")
    panel.refresh()
    assert panel.quotes.count() == 1
    panel.quotes.setCurrentRow(0)
    panel.quotes.setFocus()
    qtbot.keyClick(panel.quotes, Qt.Key.Key_Delete)
    assert panel.quotes.count() == 0 and panel.answer.quotes == ()


def test_ctrl_n_adds_and_f2_renames_a_theme_while_reading(coding_view, qtbot, monkeypatch):
    from sdm_desktop.ui import prompts

    panel = coding_view.coding
    answers = iter(["Cost of travel", "Getting there"])
    monkeypatch.setattr(prompts, "ask_text", lambda *a, **k: next(answers))
    qtbot.keyClick(panel.reader, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert [t.name for t in coding_view.themes.themes][-1] == "Cost of travel"
    assert panel.list.count() == 4
    panel.list.setCurrentRow(0)
    panel.reader.setFocus()
    qtbot.keyClick(panel.reader, Qt.Key.Key_F2)
    assert panel.list.item(0).text().endswith("Getting there")
