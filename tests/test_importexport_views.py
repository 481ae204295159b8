""""Export shown…" from the views, driven like a user: the filter, the sort and consent are honoured."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from helpers import make_org, make_person
from training_helpers import make_cohort, make_programme


def read_rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_every_view_with_a_table_offers_export_shown(window):
    for name in ("stakeholders", "analysis", "engagement", "training", "letters"):
        view = window.show_view(name)
        labels = [b.text().replace("&", "") for b in view.findChildren(QPushButton)]
        assert any(text.startswith("Export") for text in labels), name


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
    assert rows[0] == ["Cohort", "Starts", "Places", "Participants by type", "Trainer"]
    assert [(r[0], r[1]) for r in rows[1:]] == [("'=Spring cohort", "2026-03-02")]


def test_analysis_table_exports_the_stakeholders_shown_in_their_sort_with_numbers_as_numbers(window, ctx, tmp_path,
                                                                                           monkeypatch):
    from openpyxl import load_workbook

    from sdm_desktop.ui.widgets import analysis_tables
    from test_analysis_view import make_two_rounds

    make_two_rounds(ctx)
    view = window.show_view("analysis")
    view.table.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    shown = [view.table.proxy.index(r, 0).data() for r in range(view.table.proxy.rowCount())]
    target = tmp_path / "grid.xlsx"
    monkeypatch.setattr(analysis_tables.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.table.export_shown()
    rows = list(load_workbook(target).active.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == shown
    assert all(isinstance(r[2], int) and isinstance(r[3], int) for r in rows)
    assert [r[2] for r in rows] == sorted((r[2] for r in rows), reverse=True)
