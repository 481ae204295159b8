"""Engagement from the GUI: consent honoured in every "Export shown…", and bad output places or
periods give one clear message with nothing written."""

from __future__ import annotations

import csv
from datetime import date, timedelta

from helpers import make_person
from sdm_desktop.services.engagement import activities as act
from sdm_desktop.services.engagement import interactions as inter
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.services.exporting.withheld import WITHHELD

TODAY = date.today()


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def seed_with_a_person_who_may_not_be_contacted(ctx) -> int:
    hidden = make_person(ctx, "Hidden", "Hal", do_not_contact=True)
    plan = eng.create_plan(ctx, eng.PlanInput(title="Plan", ppe_service=True))
    activity = act.create_activity(ctx, plan, act.ActivityInput(
        title="Focus group", ppe_level="service", planned_date=TODAY, targets=[act.TargetRef("person", hidden)]))
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, summary="Call", person_id=hidden,
                                                         activity_id=activity, action="Reply", due_on=TODAY))
    return activity


def test_every_export_shown_withholds_people_who_may_not_be_contacted(window, ctx, tmp_path):
    seed_with_a_person_who_may_not_be_contacted(ctx)
    view = window.show_view("engagement")
    view.detail.table.selectRow(0)
    view.detail.export_to(tmp_path / "activities.csv")
    view.detail.log.export_to(tmp_path / "log.csv")
    view.tabs.setCurrentIndex(1)
    view.followups.export_to(tmp_path / "followups.csv")
    assert [r["targets"] for r in read_csv(tmp_path / "activities.csv")] == [WITHHELD]
    assert [r["person"] for r in read_csv(tmp_path / "log.csv")] == [WITHHELD]
    assert [r["person"] for r in read_csv(tmp_path / "followups.csv")] == [WITHHELD]
    assert "Hal" not in "".join(p.read_text(encoding="utf-8-sig") for p in tmp_path.glob("*.csv"))
    assert "1 name withheld" in view.status.text()


def test_report_into_a_place_that_cannot_be_written_is_one_clear_message(window, ctx, tmp_path, answer_prompts):
    told = answer_prompts(True)
    view = window.show_view("engagement")
    taken = tmp_path / "out" / "taken.docx"
    taken.mkdir(parents=True)
    view.write_report(TODAY - timedelta(days=30), TODAY, taken)
    assert len(told) == 1 and told[0].startswith(f"Cannot write {taken}") and "Unexpected" not in told[0]
    assert [p.name for p in taken.parent.iterdir()] == ["taken.docx"]


def test_timeline_pdf_into_a_place_that_cannot_be_written_is_one_clear_message(window, ctx, tmp_path,
                                                                               answer_prompts):
    told = answer_prompts(True)
    eng.create_plan(ctx, eng.PlanInput(title="Plan", ppe_service=True))
    view = window.show_view("engagement")
    view.detail.export_pdf(tmp_path / "missing-folder" / "timeline.pdf")
    assert len(told) == 1 and "missing-folder" in told[0] and "Errno" not in told[0]
    assert not (tmp_path / "missing-folder").exists()


def test_report_period_that_ends_before_it_starts_is_refused(qtbot, answer_prompts):
    from sdm_desktop.ui.engagement.report_dialog import ReportPeriodDialog
    told = answer_prompts(True)
    dialog = ReportPeriodDialog(start=date(2026, 3, 1), end=date(2026, 1, 1))
    qtbot.addWidget(dialog)
    dialog._accept()
    assert told == ["The period ends before it starts."] and dialog.result() == 0


def test_a_file_name_typed_without_an_extension_gets_the_one_of_the_chosen_type(window, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from sdm_desktop.ui.engagement.report_dialog import ReportPeriodDialog
    eng.create_plan(ctx, eng.PlanInput(title="Plan", ppe_service=True))
    view = window.show_view("engagement")
    answers = iter([(str(tmp_path / "report"), "Word document (*.docx)"), (str(tmp_path / "timeline"), "PDF (*.pdf)"),
                    (str(tmp_path / "plans"), "CSV file (*.csv)")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    monkeypatch.setattr(ReportPeriodDialog, "ask", classmethod(lambda cls, parent=None: (TODAY, TODAY)))
    view.ask_report()
    view.detail.ask_pdf()
    view.ask_export_plans()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["plans.csv", "report.docx",
                                                                             "timeline.pdf"]
