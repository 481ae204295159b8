""""Export shown…" from the views, driven like a user: the filter, the sort and consent are honoured."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QTableView, QTreeView

from helpers import make_org, make_person
from sdm_desktop.ui.navigation import VIEWS
from training_helpers import make_cohort, make_programme


def read_rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_every_view_with_a_table_offers_export_shown(window):
    for name in ("stakeholders", "analysis", "engagement", "training", "letters", "resources"):
        view = window.show_view(name)
        labels = [b.text().replace("&", "") for b in view.findChildren(QPushButton)]
        assert any(text.startswith("Export") for text in labels), name


def _export_button_beside(table) -> QPushButton | None:
    """The export button of the box a table sits in (its parent or the one above), or of the panel of pages
    it is one page of (the Consultation view's Analysis: one export of every page)."""
    holder = table.parentWidget()
    for _level in range(3 if not _in_page_panel(table) else 10):
        for b in holder.findChildren(QPushButton):
            if b.text().replace("&", "").startswith("Export"):
                return b
        holder = holder.parentWidget()
    return None


def _in_page_panel(table) -> bool:
    from sdm_desktop.ui.consultation.analysis_panel import AnalysisPanel

    holder = table.parentWidget()
    while holder is not None and not isinstance(holder, AnalysisPanel):
        holder = holder.parentWidget()
    return holder is not None


# Views whose every table is written, figure for figure, by one export of the whole view (button's name).
WHOLE_VIEW_EXPORTS = {"reach": "Save the reach report as Word or Excel", "home": "Export Home's figures"}


def test_every_table_and_tree_in_every_view_has_an_export_beside_it(demo_window):
    missing = []
    for spec in VIEWS:
        view = demo_window.show_view(spec.name)
        if spec.name in WHOLE_VIEW_EXPORTS:
            assert [b for b in view.findChildren(QPushButton) if b.accessibleName() == WHOLE_VIEW_EXPORTS[spec.name]]
            continue
        for table in view.findChildren(QTableView) + view.findChildren(QTreeView):
            if table.objectName().startswith("qt_"):         # Qt's own, e.g. a date field's calendar
                continue
            if _export_button_beside(table) is None:
                missing.append(f"{spec.name}: {table.accessibleName() or table.objectName()}")
    assert missing == []


def test_who_moved_between_rounds_exports_as_listed(demo_window, tmp_path, monkeypatch):
    view = demo_window.show_view("analysis")
    view.compare_combo.setCurrentIndex(1)               # the sample data has two rounds: compare with the first
    model = view.side.movement_model
    assert model.rowCount() > 0
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "moved.csv"), "CSV (*.csv)"))
    view.side.export_movement()
    rows = read_rows(tmp_path / "moved.csv")
    assert rows[0] == ["Change", "Stakeholder", "Details"]
    # The side list shows the name, then the change, in one two-line cell; the file has them apart.
    shown = [model.index(i, 1).data().split("\n") for i in range(model.rowCount())]
    assert [r[1] for r in rows[1:]] == [lines[0] for lines in shown]
    assert [f"{r[0]} — {r[2]}" for r in rows[1:]] == [lines[1] for lines in shown]
    assert view.side.movement_status.text().startswith(f"Exported {model.rowCount()} rows")


def test_a_resources_share_log_exports_what_it_shows(demo_window, tmp_path, monkeypatch):
    view = demo_window.show_view("resources")
    log = view.share_log
    row = next(r for r in range(view.model.rowCount()) if (view.table.selectRow(r) or log.model.rowCount()))
    assert log.model.rowCount() > 0 and log.export_button.isEnabled(), row
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "log"), "CSV file (*.csv)"))
    log.export_shown()
    rows = read_rows(tmp_path / "log.csv")
    assert rows[0] == ["Shared on", "With", "Type", "How", "Notes"]
    assert len(rows) - 1 == log.model.rowCount()
    assert [r[1] for r in rows[1:]] == [log.model.index(i, 1).data() for i in range(log.model.rowCount())]


def test_stakeholders_export_follows_the_search_and_sort_and_leaves_out_no_contact(window, ctx, tmp_path,
                                                                                 answer_prompts):
    make_org(ctx, "Carers North", org_type="Carers' group")
    make_org(ctx, "Carers South", org_type="Carers' group")
    make_org(ctx, "Healthwatch East", org_type="Healthwatch")
    view = window.show_view("stakeholders")
    view.search.setText("carers")
    view.run_search()
    view.org_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    view.export_to(tmp_path / "orgs.csv")
    assert [r[1] for r in read_rows(tmp_path / "orgs.csv")[1:]] == ["Carers South", "Carers North"]


def test_people_export_includes_no_contact_people_only_when_the_user_says_so(window, ctx, tmp_path,
                                                                            answer_prompts):
    make_person(ctx, "Allowed", "Ada")
    make_person(ctx, "Blocked", "Bo", do_not_contact=True)
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(1)
    asked = answer_prompts(False)                      # "Include them"
    view.export_to(tmp_path / "people.csv")
    assert sorted(r[3] for r in read_rows(tmp_path / "people.csv")[1:]) == ["Allowed", "Blocked"]
    assert "1 of these people are marked do not contact" in asked[0]
    answer_prompts(True)                               # "Leave them out"
    view.export_to(tmp_path / "people.csv")
    assert [r[3] for r in read_rows(tmp_path / "people.csv")[1:]] == ["Allowed"]


def test_training_cohort_list_exports_the_cohorts_shown(window, ctx, tmp_path):
    programme = make_programme(ctx, name="SDM basics")
    make_cohort(ctx, programme, "=Spring cohort")
    make_cohort(ctx, make_programme(ctx, name="Other programme"), "Not this one")
    view = window.show_view("training")
    view.programme.setCurrentIndex(view.programme.findData(programme))
    view.export_cohorts_to(tmp_path / "cohorts.csv")
    rows = read_rows(tmp_path / "cohorts.csv")
    assert rows[0] == ["Cohort", "Starts", "Places", "Trainer", "Participants by type"]
    assert [(r[0], r[1]) for r in rows[1:]] == [("'=Spring cohort", "2026-03-02")]


def test_analysis_table_exports_the_stakeholders_shown_in_their_sort_with_numbers_as_numbers(window, ctx, tmp_path,
                                                                                           monkeypatch):
    from openpyxl import load_workbook

    from sdm_desktop.ui.analysis import tables as analysis_tables
    from test_analysis_view import make_two_rounds

    make_two_rounds(ctx)
    view = window.show_view("analysis")
    view.table.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    model = view.table.table.model()
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    target = tmp_path / "grid.xlsx"
    monkeypatch.setattr(analysis_tables.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.table.export_shown()
    rows = list(load_workbook(target).active.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == shown
    assert all(isinstance(r[2], int) and isinstance(r[3], int) for r in rows)
    assert [r[2] for r in rows] == sorted((r[2] for r in rows), reverse=True)


def export_by_button(widget, accessible_name, target, monkeypatch):
    """Press a small table's export button, answering the save dialog with ``target``."""
    from sdm_desktop.ui.common.tables import table_helpers

    monkeypatch.setattr(table_helpers, "ask_export_path", lambda *_a, **_k: target)
    [pressed] = [b for b in widget.findChildren(QPushButton) if b.accessibleName() == accessible_name]
    pressed.click()
    return read_rows(target)


def test_stakeholder_timeline_exports_what_it_shows_in_its_sort(window, ctx, tmp_path, monkeypatch):
    from datetime import date

    from test_engagement_services import log

    org = make_org(ctx, "Riverside PPG")
    log(ctx, organisation_id=org, summary="=first call", occurred_on=date(2026, 1, 5))
    log(ctx, organisation_id=org, summary="second call", occurred_on=date(2026, 2, 5))
    view = window.show_view("stakeholders")
    view.org_table.selectRow(0)
    view.timeline.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    rows = export_by_button(view.timeline, "Export the timeline shown", tmp_path / "timeline.csv", monkeypatch)
    assert rows[0] == ["When", "What", "Title", "Detail"]
    assert [r[0] for r in rows[1:]] == ["05 Jan 2026", "05 Feb 2026"]
    assert [r[3] for r in rows[1:]] == ["'=first call", "second call"]
    assert "Exported 2 rows" in window.statusBar().currentMessage()


def test_training_sessions_and_evaluation_scores_export_what_they_show(window, ctx, tmp_path, monkeypatch):
    from training_helpers import train

    programme = make_programme(ctx, name="SDM basics")
    cohort = make_cohort(ctx, programme, "Spring", sessions=2)
    train(ctx, cohort, make_person(ctx, "Ticked"))
    view = window.show_view("training")
    view.programme.setCurrentIndex(view.programme.findData(programme))
    view.reload_cohorts(cohort)
    view.tabs.setCurrentIndex(0)
    sessions = export_by_button(view.cohort_panel, "Export the sessions shown", tmp_path / "s.csv", monkeypatch)
    assert sessions == [["Date and time", "Minutes", "Topic"], ["Mon 02 Mar 2026, 10:00", "120", "Part 1"],
                        ["Mon 09 Mar 2026, 10:00", "120", "Part 2"]]
    view.tabs.setCurrentIndex(3)
    scores = export_by_button(view.evaluation, "Export the scores shown", tmp_path / "e.csv", monkeypatch)
    assert scores[0] == ["Participant", "Reaction", "Confidence before", "Confidence after"]
    assert [r[0] for r in scores[1:]] == ["Ada Ticked"]
    notes = export_by_button(view.evaluation, "Export the notes shown", tmp_path / "n.csv", monkeypatch)
    assert notes[0] == ["Level", "Date", "Notes"]


def test_letters_view_exports_the_mailings_shown(demo_window, tmp_path):
    view = demo_window.show_view("letters")
    shown = view.runs_model.rowCount()
    assert shown >= 1
    view.export_to(tmp_path / "mailings.csv")
    rows = read_rows(tmp_path / "mailings.csv")
    assert len(rows) == shown + 1
    assert [r[1] for r in rows[1:]] == [view.runs_model.index(r, 1).data() for r in range(shown)]
