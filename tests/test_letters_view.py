"""The Letters view, driven like a user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from sqlalchemy import select

from helpers import make_org, make_person
from letter_docs import make_template
from sdm_desktop.db.models import Letter
from sdm_desktop.services.letters.templates import save_sender_details
from sdm_desktop.ui import prompts

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
    qtbot.waitUntil(lambda: "1 letter</b>" in view.summary.text())
    assert "Pat Private: marked do not contact" in view.left_out.toPlainText()
    qtbot.keyClicks(view.recipients.fields["event_name"], "a welcome evening")
    qtbot.mouseClick(view.write_button, Qt.MouseButton.LeftButton)
    assert any("Write 1 letter with" in q and "Pat Private: marked do not contact" in q for q in asked)
    result = view.last_result
    assert result is not None and result.written == 1
    assert [p.name for p in result.files] == ["001 Dr Sam Okafor.docx"]
    assert all(p.exists() for p in result.files + result.combined)
    with ctx.session() as s:
        assert len(s.scalars(select(Letter)).all()) == 1
    assert view.runs_model.rowCount() == 1
    assert view.runs_model.index(0, 2).data() == "1"


def test_a_long_list_of_those_left_out_fills_in_a_part_at_a_time_and_is_complete(window, ctx, qtbot, monkeypatch):
    from sdm_desktop.ui.letters import view as letters_view

    monkeypatch.setattr(letters_view, "LEFT_OUT_CHUNK", 2)
    for n in range(5):
        make_person(ctx, f"Private{n}", "Pat", do_not_contact=True, **ADDRESS)
    view = open_letters(window)
    appended = []
    real = view.left_out.appendPlainText
    view.left_out.appendPlainText = lambda text: appended.append(text) or real(text)
    choose(view.recipients.to, "people")
    qtbot.waitUntil(lambda: view.left_out.toPlainText().count("marked do not contact") == 5)
    assert len(appended) == 2                                           # 2 lines, then 2 more, then the last
    assert view.left_out.toPlainText().splitlines() == [f"Pat Private{n}: marked do not contact" for n in range(5)]


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

    from sdm_desktop.services.letters.templates import sender_details
    from sdm_desktop.ui.letters.sender_details import SenderDetailsDialog
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
    paragraphs = Document(str(view.last_result.files[0])).paragraphs
    assert "Dear Sam Okafor, see you in Hall 2." in [p.text for p in paragraphs]


def test_a_past_mailing_and_a_letter_on_the_timeline_can_be_reopened(window, ctx, qtbot, answer_prompts,
                                                                    monkeypatch, tmp_path):
    from PySide6.QtGui import QDesktopServices

    from sdm_desktop.ui.register.timeline import StakeholderTimeline
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    person = make_person(ctx, "O'Rowan", "Zoë", **ADDRESS)
    asked = answer_prompts(False)
    view = open_letters(window)
    view.folder.setText(str(tmp_path / "out"))
    choose(view.recipients.to, "people")
    answer_prompts(True)
    view.write()
    result = view.last_result
    view.tabs.setCurrentIndex(1)
    view.runs_table.selectRow(0)
    opened.clear()
    view.open_run_file("combined")
    assert opened == [str(result.combined[0])]
    timeline = StakeholderTimeline(window.env)
    qtbot.addWidget(timeline)
    timeline.show_for(None, person)
    [row] = [r for r in range(timeline.model.rowCount()) if timeline.model.record(r).kind == "letter"]
    assert timeline.model.record(row).detail.endswith("001 Zoë O'Rowan.docx")
    timeline.table.selectRow(row)
    timeline.open_selected()
    assert opened[-1] == str(result.files[0])
    result.files[0].unlink()
    timeline.open_selected()
    assert "no longer there" in asked[-1] and len(opened) == 2


def test_who_will_get_a_letter_is_worked_out_off_the_gui_thread(window, ctx, qtbot, monkeypatch):
    import threading

    from sdm_desktop.ui.letters import view as letters_view
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    make_person(ctx, "Private", "Pat", do_not_contact=True, **ADDRESS)
    threads = []
    real = letters_view.select_recipients
    monkeypatch.setattr(letters_view, "select_recipients",
                        lambda *a: threads.append(threading.current_thread()) or real(*a))
    view = open_letters(window)
    window.env.jobs.synchronous = False
    threads.clear()
    choose(view.recipients.to, "people")
    qtbot.waitUntil(lambda: "1 letter</b>" in view.summary.text(), timeout=5000)
    assert threads and threading.main_thread() not in threads
    assert "Pat Private: marked do not contact" in view.left_out.toPlainText()
    old = view._preview_generation
    view.refresh_preview()
    view._show_preview(old, view.request(), letters_view.RecipientCount(0, 0, 0, ""))   # an older answer: dropped
    assert "Counting" in view.summary.text()
    qtbot.waitUntil(lambda: "1 letter</b>" in view.summary.text(), timeout=5000)


def _mnemonic(text: str) -> str | None:
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else None


def test_a_newer_preview_stops_the_count_of_an_older_one(window, ctx, qtbot, monkeypatch, answer_prompts):
    import threading

    from sdm_desktop.ui.letters import view as letters_view
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    asked = answer_prompts(True)
    view = open_letters(window)
    choose(view.recipients.to, "people")
    qtbot.waitUntil(lambda: "1 letter</b>" in view.summary.text())
    gate, real = threading.Event(), letters_view.select_recipients

    def slow(*args):
        gate.wait(5)
        return real(*args)

    monkeypatch.setattr(letters_view, "select_recipients", slow)
    window.env.jobs.synchronous = False
    view.refresh_preview()
    older = view._preview_progress
    view.refresh_preview()
    assert older.cancelled and not view._preview_progress.cancelled
    gate.set()
    qtbot.waitUntil(lambda: window.env.jobs.idle and "1 letter</b>" in view.summary.text(), timeout=5000)
    assert asked == []                                  # a stopped count is not an error


def test_every_keyboard_shortcut_on_each_letters_tab_is_unique(window, qtbot):
    from PySide6.QtWidgets import QAbstractButton, QLabel
    view = open_letters(window)
    window.show()
    menus = [_mnemonic(a.text()) for a in window.menuBar().actions()]
    tabs = [_mnemonic(view.tabs.tabText(i)) for i in range(view.tabs.count())]
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        page = view.tabs.widget(index)
        keys = [_mnemonic(b.text()) for b in page.findChildren(QAbstractButton) if b.isVisible()]
        keys += [_mnemonic(label.text()) for label in page.findChildren(QLabel) if label.buddy() and label.isVisible()]
        keys = [k for k in keys + menus + tabs if k]
        assert len(keys) == len(set(keys)), (view.tabs.tabText(index), sorted(keys))


def test_the_template_is_checked_off_the_gui_thread(window, ctx, qtbot, monkeypatch, answer_prompts, tmp_path):
    import threading

    from sdm_desktop.ui.letters import templates as letter_templates
    threads = []
    real = letter_templates.check_template
    monkeypatch.setattr(letter_templates, "check_template",
                        lambda *a: threads.append(threading.current_thread()) or real(*a))
    answer_prompts(True)
    view = open_letters(window)
    window.env.jobs.synchronous = False
    threads.clear()
    view.templates.add_from(make_template(tmp_path / "Mine.docx", "Dear {{ nmae }}"))
    qtbot.waitUntil(lambda: "Result: NOT usable" in view.templates.result.toPlainText(), timeout=5000)
    assert threads and threading.main_thread() not in threads
    assert view.templates.report is not None and not view.templates.report.usable
    assert not view.write_button.isEnabled()


def test_cancelling_the_run_leaves_no_files_and_says_so(window, ctx, qtbot, answer_prompts, monkeypatch, tmp_path):
    from sdm_desktop.ui.letters import view as letters_view
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    make_person(ctx, "Hawthorn", "Priya", **ADDRESS)
    real = letters_view.write_letters

    def cancel_after_first_letter(c, request, progress):
        step = progress.step

        def step_then_cancel(*a, **k):
            step(*a, **k)
            progress.cancelled = True               # as the Cancel button does
        monkeypatch.setattr(progress, "step", step_then_cancel)
        return real(c, request, progress)
    monkeypatch.setattr(letters_view, "write_letters", cancel_after_first_letter)
    answer_prompts(True)
    view = open_letters(window)
    view.folder.setText(str(tmp_path / "out"))
    choose(view.recipients.to, "people")
    view.write()
    assert view.summary.text() == "Cancelled: no letters were written."
    assert list((tmp_path / "out").rglob("*")) == [] and view.last_result is None   # nor a hidden work folder
    with ctx.session() as s:
        assert s.scalars(select(Letter)).all() == []


def test_a_past_mailing_can_be_printed(window, ctx, qtbot, answer_prompts, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QPushButton

    from sdm_desktop.letters import printing
    commands = []
    monkeypatch.setattr(printing, "_wait", lambda command, *_a: commands.append(command))
    monkeypatch.setattr(printing, "find_libreoffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(printing.os, "name", "posix")
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    asked = answer_prompts(False)
    view = open_letters(window)
    view.folder.setText(str(tmp_path / "out"))
    choose(view.recipients.to, "people")
    answer_prompts(True)
    view.write()
    view.tabs.setCurrentIndex(1)
    view.runs_table.selectRow(0)
    [button] = [b for b in view.findChildren(QPushButton) if b.text() == "Pri&nt"]
    button.click()
    assert commands and commands[-1][-1] == str(view.last_result.combined[0])
    assert asked[-1] == f"Sent {view.last_result.combined[0].name} to the printer."


def test_adding_or_copying_a_template_checks_it_off_the_gui_thread(window, ctx, qtbot, monkeypatch, answer_prompts,
                                                                   tmp_path):
    import threading

    from sdm_desktop.services.letters import templates as letter_service
    threads = []
    real = letter_service.check_template
    monkeypatch.setattr(letter_service, "check_template",
                        lambda *a: threads.append(threading.current_thread()) or real(*a))
    asked = answer_prompts(True)
    view = open_letters(window)
    window.env.jobs.synchronous = False
    view.templates.add_from(make_template(tmp_path / "Mine.docx", "Dear {{ nmae }}"))
    qtbot.waitUntil(lambda: view.templates.current_path() is not None
                    and view.templates.current_path().name == "Mine.docx", timeout=5000)
    assert (ctx.data_dir / "templates" / "Mine.docx").is_file()
    qtbot.waitUntil(lambda: any("needs fixing in Word" in m for m in asked), timeout=5000)
    bundled = next(r for r in range(view.templates.model.rowCount())
                   if view.templates.model.item(r).text() == "Thank you after an event")
    view.templates.list.setCurrentIndex(view.templates.model.index(bundled, 0))
    view.templates.copy_button.click()
    qtbot.waitUntil(lambda: view.templates.current_path().name == "Thank you after an event (my copy).docx",
                    timeout=5000)
    assert len(threads) == 2 and threading.main_thread() not in threads


def test_adding_a_macro_enabled_file_is_refused_in_one_message(window, ctx, qtbot, answer_prompts, tmp_path):
    from letter_docs import repackaged, simple_letter
    asked = answer_prompts(True)
    view = open_letters(window)
    docm = repackaged(simple_letter(tmp_path / "a.docx"), tmp_path / "Macros.docx",
                      extra={"word/vbaProject.bin": b"\0" * 100})
    view.templates.add_from(docm)
    assert any("Cannot add Macros.docx" in m and "holds macros" in m for m in asked)
    assert not (ctx.data_dir / "templates" / "Macros.docx").exists()


def test_the_letters_view_fits_a_1366_by_768_laptop_with_the_write_button_in_view(window, qtbot):
    view = open_letters(window)
    qtbot.waitUntil(lambda: view.templates.report is not None, timeout=5000)
    # about 700 pixels are left for the window under a title bar and above a task bar
    assert window.minimumSizeHint().height() <= 680
    window.resize(1366, 680)
    qtbot.waitUntil(lambda: window.height() == 680, timeout=2000)
    button = view.write_button
    bottom = button.mapTo(window, button.rect().bottomRight())
    assert button.isVisible() and bottom.y() < window.height()
    pdf = view.recipients.pdf                    # the output choices are whole, outside the scrolling choices
    assert not view.choices.isAncestorOf(pdf) and pdf.visibleRegion().boundingRect().size() == pdf.size()


def test_writing_twice_in_the_same_minute_makes_a_second_folder(window, ctx, qtbot, answer_prompts, tmp_path):
    make_person(ctx, "Okafor", "Sam", **ADDRESS)
    answer_prompts(True)
    view = open_letters(window)
    view.folder.setText(str(tmp_path / "out"))
    choose(view.recipients.to, "people")
    qtbot.waitUntil(lambda: "1 letter</b>" in view.summary.text())
    view.write_button.click()
    first = view.last_result.output_dir
    view.write_button.click()
    second = view.last_result.output_dir
    assert second != first and second.parent == first.parent
    if second.name.startswith(first.name):           # unless the minute turned meanwhile
        assert second.name == f"{first.name} (2)"
    assert (second / "001 Sam Okafor.docx").is_file() and (first / "001 Sam Okafor.docx").is_file()


def test_opening_the_letters_and_training_views_does_not_load_the_document_libraries():
    """docxtpl, python-docx, jinja2 and lxml take 60-100 ms to load: the jobs that check and write load them."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    import sdm_desktop

    code = ("import sys, sdm_desktop.ui.letters.view, sdm_desktop.ui.training.view; "
            "print(sorted(m for m in ('docxtpl', 'docx', 'jinja2', 'lxml') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(Path(sdm_desktop.__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]"
