"""The Training view, driven like a user: attendance grid by keyboard, enrolment, cascade tree."""

from __future__ import annotations

from PySide6.QtCore import Qt

from helpers import make_person
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.training import cohorts as training
from sdm_desktop.services.training import enrolment
from sdm_desktop.ui.training.cascade_tree import CascadeTreeModel
from test_training_services import build_four_generations
from training_helpers import make_cohort, make_programme, people, train


def open_training(window):
    return window.show_view("training")


def test_models_pass_the_qt_model_tester(window, ctx, qtmodeltester):
    programme, _p = build_four_generations(ctx)
    view = open_training(window)
    view.programme.setCurrentIndex(view.programme.findData(programme))
    cohort = training.find_cohort(ctx, "Cascade by a").id
    view.reload_cohorts(cohort)
    view.attendance.show_cohort(cohort)
    qtmodeltester.check(view.attendance.model)
    qtmodeltester.check(view.participants.model)
    qtmodeltester.check(view.cohorts)
    qtmodeltester.check(view.cascade.tree_model)
    qtmodeltester.check(view.cascade.reach_model)


def test_attendance_grid_is_filled_with_arrows_and_space_and_completion_follows(window, ctx, qtbot):
    programme = make_programme(ctx, "Skills", sessions_required=2, ttt=False)
    cohort = make_cohort(ctx, programme, "Skills one", sessions=3)
    ada, bo = people(ctx, 2)
    enrolment.enrol(ctx, cohort, ada)
    enrolment.enrol(ctx, cohort, bo)
    view = open_training(window)
    view.tabs.setCurrentIndex(2)
    grid, model = view.attendance.grid, view.attendance.model
    assert (model.rowCount(), model.columnCount()) == (2, 5)
    grid.setFocus()
    assert grid.currentIndex() == model.index(0, 0)
    qtbot.keyClick(grid, Qt.Key.Key_Space)                 # Ada, session 1
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Space)                 # Ada, session 2
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Space)                 # Bo, session 2
    rows = {r.name: r for r in enrolment.list_enrolments(ctx, cohort)}
    assert (rows["Test P000"].status, rows["Test P000"].attended) == ("completed", 2)
    assert (rows["Test P001"].status, rows["Test P001"].attended) == ("attended", 1)
    assert model.data(model.index(0, 4)) == "Completed"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Space)                 # untick Ada, session 2
    assert enrolment.list_enrolments(ctx, cohort)[0].status == "attended"
    assert model.data(model.index(0, 4)) == "Attended"


def test_enter_ticks_and_moves_down_so_a_session_is_taken_like_a_register(window, ctx, qtbot):
    cohort = make_cohort(ctx, make_programme(ctx, "Register", sessions_required=2, ttt=False), "Roll call", sessions=2)
    for person in people(ctx, 3):
        enrolment.enrol(ctx, cohort, person)
    view = open_training(window)
    view.tabs.setCurrentIndex(2)
    grid, model = view.attendance.grid, view.attendance.model
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Return)                # P000, session 1; moves to P001
    qtbot.keyClick(grid, Qt.Key.Key_Down)                  # skip P001 (absent)
    qtbot.keyClick(grid, Qt.Key.Key_Enter)                 # P002, session 1 (keypad Enter)
    assert grid.currentIndex() == model.index(2, 0)        # stays on the last row
    assert {r.name: r.attended for r in enrolment.list_enrolments(ctx, cohort)} == {
        "Test P000": 1, "Test P001": 0, "Test P002": 1}
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Return)                # untick P000 again
    assert {r.name: r.attended for r in enrolment.list_enrolments(ctx, cohort)}["Test P000"] == 0
    assert grid.currentIndex() == model.index(1, 0)


def test_cohort_list_shows_whole_names_that_differ_only_at_the_end(window, ctx):
    programme = make_programme(ctx, "Long names")
    for n in (1, 2):
        make_cohort(ctx, programme, f"SDM skills for clinicians and patient partners — group {n} (Autumn 2026)",
                    sessions=0)
    view = open_training(window)
    view.programme.setCurrentIndex(view.programme.findData(programme))
    table = view.cohort_table
    line = table.fontMetrics().height()
    assert table.wordWrap() and table.textElideMode() != Qt.TextElideMode.ElideMiddle
    assert all(table.rowHeight(r) >= 2 * line for r in range(view.cohorts.rowCount()))


def test_attendance_grid_export_writes_the_ticks(window, ctx, tmp_path):
    import csv
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=1), "Export one", sessions=2)
    train(ctx, cohort, make_person(ctx, "Ticked"))
    view = open_training(window)
    view.tabs.setCurrentIndex(2)
    view.attendance.export_to(tmp_path / "grid.csv")
    with open(tmp_path / "grid.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Participant", "2026-03-02 10:00", "2026-03-09 10:00", "Attended", "Status"]
    assert rows[1] == ["Ada Ticked", "yes", "yes", "2", "Completed"]


def test_withdrawing_in_the_view_promotes_the_waiting_list(window, ctx, qtbot, answer_prompts):
    asked = answer_prompts(True)
    from datetime import datetime
    cohort = make_cohort(ctx, make_programme(ctx), "Full one", capacity=1, start=datetime(2099, 3, 2, 10))
    first, second = people(ctx, 2)
    enrolment.enrol(ctx, cohort, first)
    enrolment.enrol(ctx, cohort, second)
    view = open_training(window)
    view.tabs.setCurrentIndex(1)
    panel = view.participants
    assert "1 on the waiting list" in panel.counts.text()
    panel.table.selectRow(0)
    panel.withdraw_selected()
    assert asked and "Withdraw Test P000" in asked[0]
    statuses = {r.name: r.status for r in panel.model.rows}
    assert statuses == {"Test P000": "withdrawn", "Test P001": "enrolled"}
    assert "0 on the waiting list" in panel.counts.text()
    assert view.cohorts.data(view.cohorts.index(0, 2)) == "1/1"


def test_cohort_form_refuses_a_trainer_who_would_make_a_cycle(window, ctx, answer_prompts):
    asked = answer_prompts(True)
    programme, p = build_four_generations(ctx)
    plain = make_cohort(ctx, programme, "Plain", sessions=1)
    enrolment.enrol(ctx, plain, p["a"])
    view = open_training(window)
    view.programme.setCurrentIndex(view.programme.findData(programme))
    view.reload_cohorts(plain)
    form = view.cohort_panel
    form.trainer.setCurrentIndex(form.trainer.findData(p["e"]))
    form.save_button.click()
    assert asked and "cycle" in asked[-1]
    assert training.get_cohort(ctx, plain).trainer_person_id is None


def test_cascade_tab_shows_the_tree_with_counts(window, ctx):
    programme, p = build_four_generations(ctx)
    view = open_training(window)
    view.programme.setCurrentIndex(view.programme.findData(programme))
    view.tabs.setCurrentIndex(4)
    model: CascadeTreeModel = view.cascade.tree_model
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert names == ["Ada Root1 (trainer)", "Ada Root2 (trainer)"]
    root1 = model.index(0, 0)
    assert (model.data(model.index(0, 1)), model.data(model.index(0, 2))) == (3, 8)
    assert model.rowCount(root1) == 3
    a = model.index(0, 0, root1)
    assert model.data(a) == "Ada Gen-a (trainer)" and model.parent(a) == root1
    assert "4 in total" in model.data(a, Qt.ItemDataRole.ToolTipRole)
    assert view.cascade.reach_model.rows[0].name == "Ada Root1"
    assert "4 generations" in view.cascade.heading.text()


def test_expand_all_opens_the_whole_tree_a_slice_at_a_time(window, ctx, qtbot, monkeypatch):
    from sdm_desktop.ui.training import cascade as training_cascade

    monkeypatch.setattr(training_cascade, "EXPAND_SLICE_MS", 0)      # one row per turn of the event loop
    monkeypatch.setattr(training_cascade, "EXPAND_BRANCH", 4)        # Root1's branch (8) opens level by level
    programme, _p = build_four_generations(ctx)
    view = open_training(window)
    view.programme.setCurrentIndex(view.programme.findData(programme))
    view.tabs.setCurrentIndex(4)
    panel, model = view.cascade, view.cascade.tree_model
    panel.expand_all()
    assert panel.expanding                                           # not all at once
    qtbot.waitUntil(lambda: not panel.expanding, timeout=5000)
    shown, index = [], panel.tree.indexAt(panel.tree.viewport().rect().topLeft())
    while index.isValid():
        shown.append(model.data(index).removesuffix(" (trainer)").removeprefix("Ada "))
        assert panel.tree.isExpanded(index) == model.hasChildren(index)
        index = panel.tree.indexBelow(index)
    assert shown == ["Root1", "Gen-a", "Gen-e", "Gen-g", "Gen-h", "Gen-f", "Gen-b", "Gen-i", "Gen-c", "Root2", "Gen-d"]


def test_new_programme_and_cohort_through_the_view(window, ctx, qtbot, monkeypatch):
    from sdm_desktop.ui.training import dialogs as training_dialogs
    view = open_training(window)

    def fake_exec(dialog):
        dialog.name.setText("Patient partner skills")
        dialog.required.setValue(2)
        dialog.accept()
        return True
    monkeypatch.setattr(training_dialogs.ProgrammeDialog, "exec", fake_exec)
    view.new_programme()
    assert view.programme.currentText() == "Patient partner skills"
    view.new_cohort()
    form = view.cohort_panel
    qtbot.keyClicks(form.f.widgets["name"], "Evening group")
    form.f.widgets["capacity"].setValue(5)
    form.save_button.click()
    stored = training.list_cohorts(ctx, view.programme_id())
    assert [(c.name, c.capacity) for c in stored] == [("Evening group", 5)]
    assert view.cohorts.rowCount() == 1
    form.topic.setText("Welcome")
    form.add_session()
    assert [s.topic for s in training.get_cohort(ctx, stored[0].id).sessions] == ["Welcome"]
    form.session_table.setCurrentIndex(form.sessions.index(0, 0))
    assert form.topic.text() == "Welcome"
    form.topic.setText("Welcome and ground rules")
    form.minutes.setValue(90)
    form.update_session()
    stored_session = training.get_cohort(ctx, stored[0].id).sessions[0]
    assert (stored_session.topic, stored_session.duration_minutes) == ("Welcome and ground rules", 90)


def test_certificates_from_the_view_for_the_selected_completer(window, ctx, tmp_path, answer_prompts):
    asked = answer_prompts(True)
    cohort = make_cohort(ctx, make_programme(ctx, sessions_required=1), "Cert group", sessions=1)
    done = make_person(ctx, "Finisher")
    train(ctx, cohort, done)
    view = open_training(window)
    view.tabs.setCurrentIndex(1)
    view.participants.table.selectRow(0)
    view.participants.write_to("certificate", tmp_path)
    assert len(list(tmp_path.glob("certificate-*.docx"))) == 1
    assert "1 certificate written" in asked[-1]
    assert view.participants.model.rows[0].certificate_issued_on is not None


def test_enrol_dialog_finds_people_by_typing_and_hides_those_already_enrolled(ctx, qtbot):
    from sdm_desktop.ui.training.dialogs import EnrolDialog
    keep = make_person(ctx, "Quillwort", first_name="Nia")
    taken = make_person(ctx, "Quillwort", first_name="Bea", email="bea@example.org")
    make_person(ctx, "Other", first_name="Zed")
    dialog = EnrolDialog(ctx, exclude={taken})
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search, "quill")
    qtbot.waitUntil(lambda: dialog.results.count() == 1)
    assert dialog.chosen() == [keep]


def test_cascade_tab_refuses_a_cycle_found_in_the_data_with_a_clear_message(window, ctx):
    from sqlalchemy import update

    from sdm_desktop.db.models import Enrolment
    programme, p = build_four_generations(ctx)
    with ctx.session() as s:     # damage the data behind the services' back: r1 "trained by" g
        s.execute(update(Enrolment).where(Enrolment.person_id == p["r1"]).values(trained_by_person_id=p["g"]))
    view = open_training(window)
    view.programme.setCurrentIndex(view.programme.findData(programme))
    view.tabs.setCurrentIndex(4)
    assert "cycle" in view.cascade.heading.text() and "Ada Gen-g trained Ada Root1" in view.cascade.heading.text()
    assert view.cascade.tree_model.rowCount() == 0


def test_opening_training_shows_no_shows_of_a_finished_cohort_as_did_not_attend(window, ctx):
    from datetime import datetime
    cohort = make_cohort(ctx, make_programme(ctx), "Done and dusted", sessions=2, start=datetime(2020, 1, 6, 10))
    enrolment.enrol(ctx, cohort, make_person(ctx, "Noshow"))
    view = open_training(window)
    view.tabs.setCurrentIndex(1)
    assert [(r.name, r.status) for r in view.participants.model.rows] == [("Ada Noshow", "did_not_attend")]
    assert view.participants.model.data(view.participants.model.index(0, 2)) == "Did not attend"


def test_every_page_has_distinct_alt_keys_that_leave_the_menus_alone(window, ctx):
    import re
    from collections import defaultdict

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget
    cohort = make_cohort(ctx, make_programme(ctx), "Keys", sessions=1)
    enrolment.enrol(ctx, cohort, make_person(ctx, "Keyboard"))
    view = open_training(window)
    menus = {re.search(r"&(\w)", a.text()).group(1).lower() for a in window.menuBar().actions() if "&" in a.text()}
    tab_bar = view.tabs.tabBar()
    for page in range(view.tabs.count()):
        view.tabs.setCurrentIndex(page)
        keys = defaultdict(list)
        texts = [tab_bar.tabText(i) for i in range(tab_bar.count())]
        for widget in window.findChildren(QWidget):
            if widget.isVisibleTo(window) and isinstance(widget, (QAbstractButton, QLabel, QGroupBox)):
                texts.append(widget.title() if isinstance(widget, QGroupBox) else widget.text())
        for text in texts:
            found = re.search(r"&(\w)", text or "")
            if found:
                keys[found.group(1).lower()].append(text)
        clashes = {k: v for k, v in keys.items() if len(v) > 1 or k in menus}
        assert clashes == {}, f"page {tab_bar.tabText(page)}: {clashes}"


def test_trainer_list_is_loaded_once_and_again_only_after_a_change(window, ctx, monkeypatch):
    from sdm_desktop.ui.training import cohort as training_cohort
    programme, p = build_four_generations(ctx)
    calls = []
    real = training_cohort.trainer_choices
    monkeypatch.setattr(training_cohort, "trainer_choices", lambda c: calls.append(1) or real(c))
    view = open_training(window)
    view.programme.setCurrentIndex(view.programme.findData(programme))
    before = len(calls)
    for row in range(view.cohorts.rowCount()):
        view.cohort_table.selectRow(row)
    assert len(calls) == before
    cascade_a = training.find_cohort(ctx, "Cascade by a")
    view.env.announce(Change.TRAINING)
    view.reload_cohorts(cascade_a.id)
    assert len(calls) == before + 1
    form = view.cohort_panel
    assert form.trainer.currentData() == cascade_a.trainer_person_id
    form.save_button.click()
    assert training.get_cohort(ctx, cascade_a.id).trainer_person_id == cascade_a.trainer_person_id
