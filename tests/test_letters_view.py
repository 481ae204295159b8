"""The Letters view, driven like a user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from sqlalchemy import select

from sdm_desktop.db.models import Letter
from sdm_desktop.services.letters import save_sender_details
from sdm_desktop.ui import prompts
from helpers import make_org, make_person
from letter_docs import make_template

ADDRESS = {"address_line1": "1 High Street", "town": "Fernbridge", "postcode": "EX1 1AA"}


def open_letters(window):
    save_sender_details(window.env.ctx, {"sender_name": "Dr Lee"})
    return window.show_view("letters")


def choose(combo, value):
    combo.setCurrentIndex(combo.findData(value))


def test_preview_lists_who_is_left_out_and_writing_records_the_letters(window, ctx, qtbot, answer_prompts, tmp_path):
    make_person(ctx, "Okafor", "Sam", title="Dr", **ADDRESS)
    make_person(ctx, "Private", "Pat", do_not_contact=True, **ADDRESS)
    asked = answer_prompts(True)
    view = open_letters(window)
    view.folder.setText(str(tmp_path / "out"))
    choose(view.recipients.to, "people")
    qtbot.waitUntil(lambda: "1 letters" in view.summary.text())
    assert "Pat Private: marked do not contact" in view.left_out.toPlainText()
    qtbot.keyClicks(view.recipients.fields["event_name"], "a welcome evening")
    qtbot.mouseClick(view.write_button, Qt.MouseButton.LeftButton)
    assert any("Write 1 letters" in q and "Pat Private: marked do not contact" in q for q in asked)
    result = view.last_result
    assert result is not None and result.written == 1
    assert [p.name for p in result.files] == ["001 Dr Sam Okafor.docx"]
    assert all(p.exists() for p in result.files + result.combined)
    with ctx.session() as s:
        assert len(s.scalars(select(Letter)).all()) == 1
    assert view.runs_model.rowCount() == 1
    assert view.runs_model.index(0, 2).data() == "1"


def test_declining_the_confirmation_writes_nothing(window, ctx, qtbot, answer_prompts, tmp_path):
    make_org(ctx, "Riverside PPG", **ADDRESS)
    answer_prompts(False)
    view = open_letters(window)
    view.folder.setText(str(tmp_path / "out"))
    view.write()
    assert not (tmp_path / "out").exists()
    assert view.runs_model.rowCount() == 0


def test_a_broken_template_shows_its_problems_and_cannot_be_used(window, ctx, qtbot, answer_prompts, tmp_path):
    make_org(ctx, "Riverside PPG", **ADDRESS)
    asked = answer_prompts(True)
    view = open_letters(window)
    view.templates.add_from(make_template(tmp_path / "Mine.docx", "Dear {{ nmae }}"))
    assert view.templates.current_path().name == "Mine.docx"
    text = view.templates.result.toPlainText()
    assert "unknown field 'nmae'" in text and "Result: NOT usable" in text
    assert any("needs fixing in Word" in q for q in asked)
    qtbot.waitUntil(lambda: not view.write_button.isEnabled())


def test_merge_fields_can_be_copied(window, qtbot):
    view = open_letters(window)
    view.tabs.setCurrentIndex(2)
    view.copy_fields()
    assert "{{ salutation }}" in QGuiApplication.clipboard().text()


def test_saved_selection_restores_the_filters(window, ctx, qtbot, monkeypatch):
    make_org(ctx, "Riverside PPG", tags=["north"], **ADDRESS)
    view = open_letters(window)
    view.recipients.reload()
    choose(view.recipients.tag_filter, "north")
    monkeypatch.setattr(prompts, "ask_text", lambda *a, **k: "Northern groups")
    view.recipients.save_selection()
    choose(view.recipients.tag_filter, None)
    view.recipients.selection.setCurrentIndex(view.recipients.selection.findData("Northern groups"))
    view.recipients.apply_selection()
    assert view.recipients.tag_filter.currentData() == "north"


def test_runs_model_passes_qt_model_tester(window, ctx, qtmodeltester, answer_prompts, tmp_path):
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    answer_prompts(True)
    view = open_letters(window)
    view.folder.setText(str(tmp_path / "out"))
    choose(view.recipients.to, "people")
    view.write()
    assert view.runs_model.rowCount() == 1
    qtmodeltester.check(view.runs_model)
    qtmodeltester.check(view.templates.model)


def test_empty_sender_details_are_asked_for_before_writing(window, ctx, qtbot, answer_prompts, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QDialog

    from sdm_desktop.services.letters import sender_details
    from sdm_desktop.ui.dialogs.sender_details import SenderDetailsDialog
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    answer_prompts(True)
    view = window.show_view("letters")
    view.folder.setText(str(tmp_path / "out"))
    choose(view.recipients.to, "people")

    def fill_in(dialog):
        qtbot.keyClicks(dialog.widgets["sender_name"], "Dr Sam Okafor")
        qtbot.keyClicks(dialog.widgets["sender_organisation"], "NHS Wessex Vale ICB")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(SenderDetailsDialog, "exec", fill_in)
    view.write()
    assert sender_details(ctx)["sender_name"] == "Dr Sam Okafor"
    assert view.last_result is not None and view.last_result.written == 1


def test_own_fields_typed_for_the_mailing_make_a_custom_template_usable(window, ctx, qtbot, answer_prompts, tmp_path):
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    answer_prompts(True)
    view = open_letters(window)
    view.folder.setText(str(tmp_path / "out"))
    view.templates.add_from(make_template(tmp_path / "Room.docx", "{{ salutation }}, see you in {{ room }}."))
    assert "Result: NOT usable" in view.templates.result.toPlainText()
    choose(view.recipients.to, "people")
    view.recipients.other.setText("room=Hall 2; ignored")
    view.recipients.other.editingFinished.emit()
    assert "Result: usable." in view.templates.result.toPlainText()
    qtbot.waitUntil(view.write_button.isEnabled)
    view.write()
    from docx import Document
    assert "Dear Sam Okafor, see you in Hall 2." in [p.text for p in Document(str(view.last_result.files[0])).paragraphs]
