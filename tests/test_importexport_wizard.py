"""The import wizard and the import history, driven like a user."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from importexport_files import EPRACCUR_ROWS, write_csv
from sdm_desktop.services.importing import ImportOptions, list_batches, recall_mapping, run_import
from sdm_desktop.services.register.search import RegisterFilter, search_organisation_ids, search_person_ids
from sdm_desktop.ui.importing import result_pages
from sdm_desktop.ui.importing import wizard as import_wizard
from sdm_desktop.ui.importing.batches import ImportBatchesDialog
from sdm_desktop.ui.importing.wizard import CHECK, DONE, MAPPING, PREVIEW, ImportWizard


def start(window, qtbot, path) -> ImportWizard:
    wizard = ImportWizard(window.env, window)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.choose.path, str(path))
    wizard.choose.refresh_sheets()
    return wizard


def test_wizard_imports_a_spreadsheet_with_a_changed_mapping(window, ctx, qtbot, tmp_path, qtmodeltester,
                                                              answer_prompts):
    asked = answer_prompts()
    path = write_csv(tmp_path / "contacts.csv", [
        ["Forename", "Nachname", "E-mail", "Mobile"],
        ["Ada", "Lovelace", "ada@example.org", "07700 900001"],
        ["Grace", "Hopper", "grace@example.org", "07700 900002"],
        ["Bad", "Row", "not-an-email", ""]])
    wizard = start(window, qtbot, path)
    wizard.choose.kind.setCurrentIndex(wizard.choose.kind.findData("people"))
    wizard.next()
    assert wizard.currentId() == PREVIEW
    qtmodeltester.check(wizard.preview.model)
    assert wizard.preview.model.rowCount() == 3 and wizard.preview.model.columnCount() == 4
    assert wizard.preview.model.headerData(0, Qt.Orientation.Vertical) == "Line 2"
    assert "UTF-8, comma-separated" in wizard.preview.summary.text()
    wizard.next()
    assert wizard.currentId() == MAPPING
    combos = wizard.mapping.combos
    assert [c.currentData() for c in combos] == ["first_name", None, "email", "phone"]
    wizard.next()                                                   # last name not mapped yet: refused
    assert wizard.currentId() == MAPPING
    assert asked == ["Choose a column for the required field(s): last_name."]
    combos[1].setCurrentIndex(combos[1].findData("last_name"))
    wizard.next()
    assert wizard.currentId() == CHECK
    assert "3 rows read: 2 would be created" in wizard.check.summary.text()
    assert "Rejected line 4: email" in wizard.check.details.toPlainText()
    assert search_person_ids(ctx, RegisterFilter()) == []         # the check wrote nothing
    assert wizard.button(wizard.WizardButton.CommitButton).text() == "&Import"
    wizard.next()
    assert wizard.currentId() == DONE
    assert "2 created" in wizard.done_page.summary.text()
    assert len(search_person_ids(ctx, RegisterFilter())) == 2
    assert recall_mapping(ctx, ["Forename", "Nachname", "E-mail", "Mobile"])[1] == {
        "first_name": 0, "last_name": 1, "email": 2, "phone": 3}
    view = window.views["stakeholders"]
    view.tabs.setCurrentIndex(1)
    assert view.person_model.rowCount() == 2                       # the register refreshed itself


def test_wizard_skips_the_mapping_for_an_ods_file(window, ctx, qtbot, tmp_path, answer_prompts):
    answer_prompts()
    wizard = start(window, qtbot, write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS))
    wizard.choose.closed.setCurrentIndex(wizard.choose.closed.findData("inactive"))
    wizard.next()
    assert "GP practices (epraccur), headerless" in wizard.preview.summary.text()
    wizard.next()
    assert wizard.currentId() == CHECK
    wizard.next()
    assert wizard.report.created == 4
    assert len(search_organisation_ids(ctx, RegisterFilter())) == 4


def test_wizard_refuses_a_file_that_is_not_what_it_claims(window, qtbot, tmp_path, answer_prompts):
    asked = answer_prompts()
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    wizard = start(window, qtbot, path)
    wizard.next()
    assert wizard.currentId() == 0
    assert asked == ["image.csv is a PNG image, not a CSV file; nothing was imported."]


def test_import_is_reachable_from_the_file_menu_and_the_stakeholders_view(window, monkeypatch):
    opened = []
    monkeypatch.setattr(import_wizard, "open_import_wizard", lambda env, parent=None, path=None: opened.append(parent))
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    window.import_action.trigger()
    view = window.show_view("stakeholders")
    view.import_file()
    assert opened == [window, view]


def test_import_history_lists_batches_and_undoes_one(window, ctx, qtbot, tmp_path, answer_prompts, qtmodeltester):
    asked = answer_prompts(True)
    run_import(ctx, write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS), ImportOptions())
    dialog = ImportBatchesDialog(window.env, window)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 3).data() == "epraccur.csv"
    assert dialog.undo_button.isEnabled()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert asked[0].startswith("Undo import 1 of epraccur.csv?")
    assert search_organisation_ids(ctx, RegisterFilter()) == []
    assert list_batches(ctx)[0].undone and not dialog.undo_button.isEnabled()
    assert dialog.model.index(0, 7).data().startswith("Undone")


def test_wizard_runs_reading_check_and_import_in_the_background(window, ctx, qtbot, tmp_path, monkeypatch):
    window.env.jobs.synchronous = False
    threads = []
    real_plan = import_wizard.plan_import
    monkeypatch.setattr(import_wizard, "plan_import",
                        lambda *a, **k: threads.append(threading.current_thread()) or real_plan(*a, **k))
    wizard = start(window, qtbot, write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS))
    wizard.next()                                               # reading the file: in a worker
    assert wizard.currentId() == 0 and not wizard.button(wizard.WizardButton.CancelButton).isEnabled()
    qtbot.waitUntil(lambda: wizard.currentId() == PREVIEW, timeout=10000)
    assert threads and threads[0] is not threading.main_thread()
    wizard.next()
    assert wizard.currentId() == CHECK
    qtbot.waitUntil(lambda: wizard.check.checked is not None, timeout=10000)
    assert wizard.button(wizard.WizardButton.CancelButton).isEnabled()
    wizard.next()
    assert not wizard.button(wizard.WizardButton.CancelButton).isEnabled()   # stays open until done
    qtbot.waitUntil(lambda: wizard.done_page.finished_ok, timeout=10000)
    assert wizard.report.created == 2 and len(search_organisation_ids(ctx, RegisterFilter())) == 2
    assert wizard.button(wizard.WizardButton.FinishButton).isEnabled()
    assert window.undo_action.text() == "&Undo import of epraccur.csv"
    window.undo_action.trigger()                                # undone in the background too
    qtbot.waitUntil(lambda: not window.env.jobs.busy, timeout=10000)
    assert search_organisation_ids(ctx, RegisterFilter()) == [] and list_batches(ctx)[0].undone
    assert window.statusBar().currentMessage().startswith("Import batch 1 undone: 2 created records removed")


def test_cancelling_the_import_in_the_wizard_stores_nothing(window, ctx, qtbot, tmp_path, monkeypatch):
    real = result_pages.run_import

    def cancelled_after_the_first_row(ctx, path, options, progress=None, plan=None):
        step = progress.step

        def step_then_cancel(n=1):
            step(n)
            progress.cancelled = True                  # as the progress dialog's Cancel button does
        monkeypatch.setattr(progress, "step", step_then_cancel)
        return real(ctx, path, options, progress, plan)

    wizard = start(window, qtbot, write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS))
    wizard.next()
    wizard.next()
    assert wizard.currentId() == CHECK and wizard.check.checked.created == 2
    monkeypatch.setattr(result_pages, "run_import", cancelled_after_the_first_row)
    wizard.next()
    assert wizard.currentId() == DONE
    assert wizard.done_page.summary.text() == "Import cancelled: nothing was stored."
    assert wizard.button(wizard.WizardButton.FinishButton).isEnabled()
    assert search_organisation_ids(ctx, RegisterFilter()) == [] and list_batches(ctx) == []
    assert "import" not in window.undo_action.text().lower()


def test_import_history_says_what_an_undo_would_lose_and_keep_changes_nothing(window, ctx, qtbot, tmp_path,
                                                                            answer_prompts):
    from datetime import date

    from sdm_desktop.services.engagement.interactions import InteractionInput, create_interaction

    run_import(ctx, write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS), ImportOptions())
    densham = min(search_organisation_ids(ctx, RegisterFilter()))
    create_interaction(ctx, InteractionInput(occurred_on=date(2026, 3, 2), summary="Call", organisation_id=densham))
    asked = answer_prompts(False)                                  # "Keep"
    dialog = ImportBatchesDialog(window.env, window)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert asked == ["Undo import 1 of epraccur.csv? This removes the 2 records it created that are still there and "
                     "restores the 0 records it updated.\n\nWork done since the import would be lost: 1 interaction "
                     "recorded since against records it created would be deleted with them."]
    assert len(search_organisation_ids(ctx, RegisterFilter())) == 2 and not list_batches(ctx)[0].undone
    answer_prompts(True)                                           # "Undo import and lose that work"
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert search_organisation_ids(ctx, RegisterFilter()) == [] and list_batches(ctx)[0].undone


def test_edit_undo_of_an_import_asks_first_when_work_was_recorded_against_it(window, ctx, qtbot, tmp_path,
                                                                           answer_prompts):
    from datetime import date

    from sdm_desktop.db.models import Interaction
    from sdm_desktop.ui.importing.batches import push_import_undo

    report = run_import(ctx, write_csv(tmp_path / "epraccur.csv", EPRACCUR_ROWS), ImportOptions())
    push_import_undo(window.env, window, report)
    densham = min(search_organisation_ids(ctx, RegisterFilter()))
    with ctx.session() as s:       # work that leaves no step on the undo stack (as letters and enrolments)
        s.add(Interaction(occurred_on=date(2026, 3, 2), summary="Letter sent", organisation_id=densham))
    asked = answer_prompts(False)
    assert window.undo_action.text() == "&Undo import of epraccur.csv"
    window.undo_action.trigger()
    assert asked == ["Undoing import 1 would lose work done since the import: 1 interaction recorded since against "
                     "records it created would be deleted with them.\n\nUndo it anyway?"]
    assert len(search_organisation_ids(ctx, RegisterFilter())) == 2 and not list_batches(ctx)[0].undone
