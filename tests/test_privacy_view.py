"""The privacy dialogs, driven like a user: erase confirmation, retention review, audit trail, restore."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from helpers import make_person
from privacy_helpers import rich_person
from sdm_desktop.services.core import maintenance
from sdm_desktop.services.privacy.erase import erase_plan
from sdm_desktop.services.register import people as people_service
from sdm_desktop.ui.privacy.audit_trail import AuditTrailDialog
from sdm_desktop.ui.privacy.erase_dialog import EraseDialog
from sdm_desktop.ui.privacy.retention_review import RetentionReviewDialog
from test_accessibility import unnamed_controls


def people_tab(window, person_id):
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(1)
    view.people.select_quietly(person_id)
    return view


def type_and_erase(qtbot, word: str):
    """Replace EraseDialog.exec: type the confirmation and press Erase, as a user would."""
    def fake_exec(dialog):
        assert not dialog.erase_button.isEnabled()
        qtbot.keyClicks(dialog.confirmation, word)
        assert dialog.erase_button.isEnabled()
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
        return dialog.result()
    return fake_exec


# --- erase --------------------------------------------------------------------------------------------
def test_erase_dialog_needs_the_last_name_or_erase_typed(ctx, qtbot):
    person = make_person(ctx, "Quince", "Quentin")
    dialog = EraseDialog(erase_plan(ctx, [person]))
    qtbot.addWidget(dialog)
    assert "Quentin Quince" in dialog.details.toPlainText()
    assert any("cannot be undone" in label.text() for label in dialog.findChildren(QLabel))
    assert not dialog.erase_button.isEnabled()
    for typed, ok in (("Quinc", False), ("quince", True), ("  QUINCE ", True), ("Quentin", False), ("erase", True)):
        dialog.confirmation.setText(typed)
        assert dialog.erase_button.isEnabled() is ok, typed
    dialog.confirmation.setText("nope")
    dialog.accept()
    assert dialog.result() == 0                      # Enter does not get round the confirmation
    assert unnamed_controls(dialog) == []
    two = EraseDialog(erase_plan(ctx, [person, make_person(ctx, "Second")]))
    qtbot.addWidget(two)
    two.confirmation.setText("quince")
    assert not two.erase_button.isEnabled() and two.windowTitle() == "Erase 2 people"


def test_erase_from_the_people_tab_erases_and_refreshes_the_register(window, ctx, qtbot, tmp_path, monkeypatch,
                                                                   answer_prompts):
    who = rich_person(ctx, tmp_path)
    asked = answer_prompts(True)
    view = people_tab(window, who.person)
    monkeypatch.setattr(EraseDialog, "exec", type_and_erase(qtbot, "Quillfeather"))
    wipe = [a for a in view.privacy_button.menu().actions() if a.text().startswith("&Erase")][0]
    view.privacy_button.menu().aboutToShow.emit()
    assert wipe.isEnabled()
    wipe.trigger()
    stored = people_service.get_person(ctx, who.person)
    assert stored.last_name == f"Erased person {who.person}" and stored.email is None
    assert any(m.startswith("Erased 1 person") for m in asked)
    names = [view.person_model.record(r).name for r in range(view.person_model.rowCount())]
    assert f"Erased person {who.person}" in names and "Mrs Perpetua Quillfeather" not in names
    assert window.undo_action.isEnabled() is False


def test_cancelling_the_erase_dialog_changes_nothing(window, ctx, monkeypatch):
    person = make_person(ctx, "Stays", email="stays@example.org")
    monkeypatch.setattr(EraseDialog, "exec", lambda self: 0)
    from sdm_desktop.ui.privacy.erasing import erase
    erase(window.env, window, [person])
    assert people_service.get_person(ctx, person).email == "stays@example.org"


def test_subject_access_export_from_the_people_tab(window, ctx, qtbot, tmp_path, monkeypatch, answer_prompts):
    who = rich_person(ctx, tmp_path)
    asked = answer_prompts(True)
    view = people_tab(window, who.person)
    target = tmp_path / "request"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "ZIP archive (*.zip)"))
    [a for a in view.privacy_button.menu().actions() if "Subject access" in a.text()][0].trigger()
    assert "person.json" in zipfile.ZipFile(tmp_path / "request.zip").namelist()
    assert any("Subject access export for Mrs Perpetua Quillfeather" in m for m in asked)


# --- retention review ---------------------------------------------------------------------------------
@pytest.fixture
def review_people(ctx):
    due = [make_person(ctx, f"Due{i}", retention_review_on=date(2020, 1, i + 1)) for i in range(3)]
    make_person(ctx, "Later", retention_review_on=date(2099, 1, 1))
    return due


def test_retention_review_lists_sorts_and_keeps(window, ctx, qtbot, review_people, qtmodeltester):
    dialog = RetentionReviewDialog(window.env, window)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert [r.id for r in dialog.model.rows] == review_people
    assert dialog.status.text() == "3 people to review."
    assert not dialog.keep_button.isEnabled()
    dialog.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)        # review date, newest first
    assert [r.id for r in dialog.model.rows] == list(reversed(review_people))
    dialog.table.selectRow(0)
    assert dialog.keep_button.isEnabled()
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert [r.id for r in dialog.model.rows] == list(reversed(review_people[:2]))
    assert people_service.get_person(ctx, review_people[2]).retention_review_on.year == date.today().year + 1
    assert window.undo_action.text().startswith("&Undo keep 1 person")
    assert unnamed_controls(dialog) == []


def test_retention_review_archives_and_erases_the_selection_with_one_confirmation(window, ctx, qtbot,
                                                                                 review_people, monkeypatch,
                                                                                 answer_prompts):
    answer_prompts(True)
    dialog = RetentionReviewDialog(window.env, window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.archive_button, Qt.MouseButton.LeftButton)
    assert [r.archived for r in dialog.model.rows] == [True, False, False]
    dialog.table.selectAll()
    confirmations = []

    def fake_exec(erase_dialog):
        confirmations.append(erase_dialog.windowTitle())
        return type_and_erase(qtbot, "ERASE")(erase_dialog)
    monkeypatch.setattr(EraseDialog, "exec", fake_exec)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert confirmations == ["Erase 3 people"]
    assert dialog.model.rows == [] and dialog.status.text() == "No one is due for a retention review."
    assert all(people_service.get_person(ctx, p).last_name.startswith("Erased person") for p in review_people)


def test_retention_review_exports_the_list(window, ctx, qtbot, review_people, tmp_path, monkeypatch):
    dialog = RetentionReviewDialog(window.env, window)
    qtbot.addWidget(dialog)
    target = tmp_path / "review.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV file (*.csv)"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert target.read_text(encoding="utf-8-sig").count("Due") == 3


def test_retention_review_runs_in_a_worker(ctx, qtbot, review_people):
    """With the real (threaded) runner the dialog opens at once and fills in when the worker is done."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from sdm_desktop.ui.env import ChangeBus, UiEnv
    from sdm_desktop.ui.jobs import JobRunner

    host = QWidget()
    qtbot.addWidget(host)
    jobs = JobRunner(host)
    env = UiEnv(ctx, jobs, QSettings(str(ctx.data_dir / "s.ini"), QSettings.Format.IniFormat), ChangeBus())
    dialog = RetentionReviewDialog(env, host)
    qtbot.addWidget(dialog)
    assert dialog.status.text() == "Reviewing…" and dialog.model.rowCount() == 0
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=5000)
    jobs.shutdown()


def test_retention_review_sorts_in_a_worker_and_keeps_the_selection(window, ctx, qtbot, review_people, monkeypatch):
    import threading

    from sdm_desktop.ui.privacy import retention_review

    threads = []
    real = retention_review.sort_rows
    monkeypatch.setattr(retention_review, "sort_rows",
                        lambda *a: threads.append(threading.current_thread()) or real(*a))
    dialog = RetentionReviewDialog(window.env, window)
    qtbot.addWidget(dialog)
    window.env.jobs.synchronous = False
    dialog.table.selectRow(1)
    chosen = dialog.model.rows[1].id
    threads.clear()
    dialog.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)        # review date, newest first
    qtbot.waitUntil(lambda: [r.id for r in dialog.model.rows] == list(reversed(review_people)), timeout=5000)
    assert threads and threading.main_thread() not in threads
    assert [r.id for r in dialog.selected()] == [chosen]
    dialog.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    dialog.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)        # the newest click wins
    qtbot.waitUntil(lambda: window.env.jobs.idle, timeout=5000)
    assert [r.name for r in dialog.model.rows] == sorted((r.name for r in dialog.model.rows), reverse=True)
    assert [r.id for r in dialog.selected()] == [chosen]


def test_review_rows_sort_with_blanks_last_and_name_order_breaking_ties():
    from sdm_desktop.services.privacy.retention import ReviewRow
    from sdm_desktop.ui.privacy.retention_review import sort_rows

    def row(order, name, review_on, basis, archived):
        return ReviewRow(order, name, ["review date reached"] if review_on else ["no activity"], review_on, None,
                         basis, False, archived, True, order)

    rows = [row(0, "Ada Ash", date(2024, 5, 1), "Consent", False), row(1, "Bo Birch", None, "public task", True),
            row(2, "Cy Cole", date(2023, 1, 9), "consent", False), row(3, "Di Dunn", date(2024, 5, 1), "", True)]
    names = lambda rs: [r.name.split()[0] for r in rs]  # noqa: E731
    assert names(sort_rows(list(rows), 2)) == ["Cy", "Ada", "Di", "Bo"]                  # dates, then blank
    assert names(sort_rows(list(rows), 2, Qt.SortOrder.DescendingOrder)) == ["Bo", "Di", "Ada", "Cy"]
    assert names(sort_rows(list(rows), 4)) == ["Di", "Ada", "Cy", "Bo"]                  # case-blind, "" first
    assert names(sort_rows(list(rows), 5)) == ["Ada", "Cy", "Bo", "Di"]                  # not archived first
    assert names(sort_rows(list(rows), 0, Qt.SortOrder.DescendingOrder)) == ["Di", "Cy", "Bo", "Ada"]


def test_closing_the_review_or_the_audit_trail_lets_go_of_the_list_and_ignores_a_late_answer(window, ctx, qtbot,
                                                                                             review_people):
    window.env.jobs.synchronous = False
    review = RetentionReviewDialog(window.env, window)
    trail = AuditTrailDialog(window.env, window)
    for dialog in (review, trail):
        qtbot.addWidget(dialog)
        dialog.reject()                                   # closed before its list arrived
    qtbot.waitUntil(lambda: window.env.jobs.idle, timeout=5000)
    assert review.model.rows == [] and trail.model.rowCount() == 0
    shown = RetentionReviewDialog(window.env, window)
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: shown.model.rowCount() == 3, timeout=5000)
    shown.reject()
    assert shown.model.rows == []


# --- audit trail ---------------------------------------------------------------------------------------
def test_audit_trail_searches_in_a_worker_and_the_newest_search_wins(window, ctx, qtbot, monkeypatch):
    import threading

    from sdm_desktop.ui.privacy import audit_trail

    first = make_person(ctx, "Alpha")
    make_person(ctx, "Beta")
    people_service.set_archived(ctx, [first], True)
    threads = []
    real = audit_trail.search_audit_ids
    monkeypatch.setattr(audit_trail, "search_audit_ids",
                        lambda *a: threads.append(threading.current_thread()) or real(*a))
    window.env.jobs.synchronous = False
    dialog = AuditTrailDialog(window.env, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=5000)
    qtbot.keyClicks(dialog.text, "archive")
    dialog.run_search()
    dialog.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: window.env.jobs.idle and dialog.model.rowCount() == 1, timeout=5000)
    assert dialog.model.record(0).action == "archive" and dialog.status.text() == "1 event shown"
    assert threads and threading.main_thread() not in threads


def test_audit_trail_filters_by_text_date_and_person(window, ctx, qtbot, qtmodeltester):
    first = make_person(ctx, "Alpha")
    make_person(ctx, "Beta")
    people_service.set_archived(ctx, [first], True)
    dialog = AuditTrailDialog(window.env, window)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 3 and dialog.status.text() == "3 events shown"
    assert dialog.model.record(0).action == "archive"                      # newest first
    qtbot.keyClicks(dialog.text, "archive")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    dialog.text.clear()
    dialog.run_search()
    dialog.date_to.set_value(date(2001, 1, 1))
    assert dialog.model.rowCount() == 0
    dialog.date_to.set_value(None)
    dialog.date_from.set_value(date.today())
    assert dialog.model.rowCount() == 3
    dialog.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)             # by action
    assert [dialog.model.record(r).action for r in range(3)] == ["archive", "create", "create"]
    about = AuditTrailDialog(window.env, window, person_id=first)
    qtbot.addWidget(about)
    assert about.model.rowCount() == 2 and about.subject.isVisibleTo(about)
    assert {about.model.record(r).about for r in range(2)} == {"Ada Alpha"}
    about.show_everyone()
    assert about.model.rowCount() == 3
    assert unnamed_controls(dialog) == []


def test_audit_trail_export_writes_the_events_shown(window, ctx, qtbot, tmp_path, monkeypatch):
    make_person(ctx, "Gamma")
    dialog = AuditTrailDialog(window.env, window)
    qtbot.addWidget(dialog)
    target = tmp_path / "audit.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"))
    dialog.export()
    from openpyxl import load_workbook
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("When", "Who", "Action") and rows[1][2] == "create" and rows[1][5] == "Ada Gamma"


# --- menus, editor, restore ---------------------------------------------------------------------------
def test_privacy_menu_offers_every_action(window):
    texts = [a.text() for a in window.privacy_menu.actions() if not a.isSeparator()]
    assert texts == ["&Subject access export…", "&Erase person…", "&Retention review…", "&Audit trail…"]
    file_menu = window.menuBar().actions()[0].menu()
    assert "&Restore from a backup…" in [a.text() for a in file_menu.actions()]


def test_person_editor_saves_special_category_consent_and_review_date(window, ctx, qtbot):
    person = make_person(ctx, "Editor")
    view = people_tab(window, person)
    view._row_selected(view.person_model.row_of(person))
    form = view.person_form
    form.f.widgets["special_category_consent"].setChecked(True)
    form.f.widgets["retention_review_on"].set_value(date(2028, 5, 1))
    assert form.save()
    stored = people_service.get_person(ctx, person)
    assert stored.special_category_consent and stored.retention_review_on == date(2028, 5, 1)
    assert form.f.widgets["special_category_consent"].accessibleName() == "Special category data: explicit consent"


def test_restore_from_the_gui_swaps_the_data_and_refreshes_the_views(window, ctx, qtbot, answer_prompts):
    keep = make_person(ctx, "BeforeBackup")
    backup = maintenance.backup_now(ctx.data_dir, ctx.db.url)
    later = make_person(ctx, "AfterBackup")
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(1)
    assert view.person_model.rowCount() == 2
    asked = answer_prompts(True)
    from sdm_desktop.ui.privacy.restore import restore_from_backup
    assert restore_from_backup(window, backup)
    assert "Replace all the current data" in asked[0] and "holds 1 person and 0 groups" in asked[0]
    assert view.person_model.rowCount() == 1 and view.person_model.record(0).name == "Ada BeforeBackup"
    with pytest.raises(LookupError):
        people_service.get_person(ctx, later)
    assert people_service.get_person(ctx, keep).last_name == "BeforeBackup"
    safety = sorted(ctx.data_dir.glob("backups/sdm-desktop-before-restore-*.sqlite3"))
    assert len(safety) == 1 and str(safety[0]) in asked[-1]
    assert window.undo_action.isEnabled() is False


def test_restore_of_a_file_that_is_not_a_backup_changes_nothing(window, ctx, tmp_path, answer_prompts):
    make_person(ctx, "Safe")
    asked = answer_prompts(True)
    bogus = tmp_path / "photo.sqlite3"
    bogus.write_bytes(b"\x89PNG not a database")
    from sdm_desktop.ui.privacy.restore import restore_from_backup
    assert not restore_from_backup(window, bogus)
    assert "not an SQLite database" in asked[0]
    assert [p.last_name for p in [people_service.get_person(ctx, 1)]] == ["Safe"]
    assert not list(ctx.data_dir.glob("backups/*before-restore*"))


def test_restore_in_place_refuses_a_newer_backup_and_rolls_back_a_failed_open(ctx, tmp_path, monkeypatch):
    import sqlite3

    from sdm_desktop.errors import UserError
    make_person(ctx, "Current")
    newer = maintenance.backup_now(ctx.data_dir, ctx.db.url, tmp_path / "newer.sqlite3")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="newer SDM Desktop"):
        maintenance.restore_in_place(ctx, newer)
    good = maintenance.backup_now(ctx.data_dir, ctx.db.url, tmp_path / "good.sqlite3")
    make_person(ctx, "Later")
    real_open = maintenance.open_database
    calls = []

    def failing_open(url, backups_dir=None, upgrade=True, **options):
        calls.append(url)
        if len(calls) == 1:
            raise UserError("disk on fire")
        return real_open(url, backups_dir=backups_dir, upgrade=upgrade, **options)
    monkeypatch.setattr(maintenance, "open_database", failing_open)
    with pytest.raises(UserError, match="disk on fire"):
        maintenance.restore_in_place(ctx, good)
    assert [people_service.get_person(ctx, i).last_name for i in (1, 2)] == ["Current", "Later"]
    assert Path(good).exists()


def test_the_privacy_menu_asks_for_a_person_when_none_is_selected(window, ctx, qtbot, monkeypatch, tmp_path,
                                                                  answer_prompts):
    from sdm_desktop.ui.privacy.actions import PersonPicker
    person = make_person(ctx, "Pickering", "Pip")
    people_service.set_archived(ctx, [person], True)         # archived people can make a request too
    answer_prompts(True)
    chosen = []

    def fake_exec(dialog):
        assert unnamed_controls(dialog) == []
        qtbot.keyClicks(dialog.picker, "picker")
        dialog.accept()                                       # one match: taken without opening the list
        chosen.append(dialog.picker.value())
        return dialog.result()
    monkeypatch.setattr(PersonPicker, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "p.zip"), ""))
    window.show_view("home")
    [a for a in window.privacy_menu.actions() if a.text() == "&Subject access export…"][0].trigger()
    assert chosen == [person] and (tmp_path / "p.zip").exists()
