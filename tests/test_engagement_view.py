"""The Engagement view, driven like a user: plans, activities, interactions, follow-ups, timeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from helpers import make_org, make_person
from sdm_desktop.services.engagement import activities as act
from sdm_desktop.services.engagement import interactions as inter
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.services.engagement.followups import follow_ups
from sdm_desktop.ui.common.form_dialog import FormDialog
from sdm_desktop.ui.navigation import VIEWS

TODAY = date.today()


@pytest.fixture
def dialogs(monkeypatch):
    """Answer the next form dialogs with these functions (each fills in the real dialog)."""
    queue = []

    def fake_exec(self):
        queue.pop(0)(self)
        return self.result()

    monkeypatch.setattr(FormDialog, "exec", fake_exec)
    return queue


def open_view(window):
    return window.show_view("engagement")


def nav_text(window) -> str:
    return window.nav.item([s.name for s in VIEWS].index("engagement")).text()


def seeded_plan(ctx, **fields) -> int:
    return eng.create_plan(ctx, eng.PlanInput(title="Respiratory pathway", ppe_service=True, owner="Tom", **fields))


def test_create_plan_add_activity_log_interaction_with_follow_up_and_mark_it_done(window, ctx, qtbot, dialogs):
    org = make_org(ctx, "Breathe Easy Fernbridge", org_type="Condition-specific support group")
    view = open_view(window)

    def fill_plan(d):
        qtbot.keyClicks(d.f.widgets["title"], "Diabetes reviews")
        qtbot.keyClicks(d.f.widgets["owner"], "Priya")
        d.f.widgets["ppe_individual"].setChecked(True)
        d.f.widgets["status"].setCurrentIndex(d.f.widgets["status"].findData("active"))
        qtbot.mouseClick(d.buttons.button(d.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    dialogs.append(fill_plan)
    qtbot.keyClick(view.plan_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    [plan] = eng.list_plans(ctx)
    assert (plan.title, plan.owner, plan.status, plan.levels) == (
        "Diabetes reviews", "Priya", "Active", "Individual care")
    assert view.plan_model.rowCount() == 1 and view.detail.plan_id == plan.id

    def fill_activity(d):
        qtbot.keyClicks(d.f.widgets["title"], "Decision-aid workshop")
        d.f.widgets["method"].setCurrentIndex(d.f.widgets["method"].findData("workshop"))
        d.f.widgets["iap2_level"].setCurrentIndex(d.f.widgets["iap2_level"].findData("involve"))
        d.f.widgets["planned_date"].set_value(TODAY - timedelta(days=3))
        qtbot.keyClicks(d.f.widgets["budget_pence"], "250")
        qtbot.keyClicks(d.f.widgets["involvement_payments_pence"], "75.50")
        qtbot.keyClicks(d.targets.group, "breathe")
        assert d.targets.group.search_now() == ["Breathe Easy Fernbridge"]
        d.targets.group.choose_label("Breathe Easy Fernbridge")
        qtbot.keyClick(d.targets.group, Qt.Key.Key_Return)
        qtbot.mouseClick(d.buttons.button(d.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    dialogs.append(fill_activity)
    qtbot.mouseClick(view.detail.new_activity_button, Qt.MouseButton.LeftButton)
    [activity] = act.list_activities(ctx)
    assert (activity.title, activity.method, activity.iap2, activity.targets) == (
        "Decision-aid workshop", "Workshop", "Involve", "Breathe Easy Fernbridge")
    assert (activity.budget_pence, activity.involvement_payments_pence, activity.overdue) == (25000, 7550, True)
    assert view.detail.model.rowCount() == 1
    assert activity.id in view.detail.gantt.bars
    assert view.detail.log.links == {"activity_id": activity.id}

    def fill_interaction(d):
        assert d.f.widgets["activity_id"].value() == activity.id
        assert d.f.widgets["activity_id"].text() == "Decision-aid workshop (Diabetes reviews)"
        qtbot.keyClicks(d.f.widgets["organisation_id"], "fernbridge")
        assert d.f.widgets["organisation_id"].search_now() == ["Breathe Easy Fernbridge"]
        d.f.widgets["organisation_id"].choose_label("Breathe Easy Fernbridge")
        qtbot.keyClicks(d.f.widgets["summary"], "Workshop went well; they want the slides")
        qtbot.keyClicks(d.f.widgets["action"], "Send the slides")
        qtbot.keyClicks(d.f.widgets["action_owner"], "Tom")
        d.f.widgets["due_on"].set_value(TODAY)
        qtbot.mouseClick(d.buttons.button(d.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    dialogs.append(fill_interaction)
    qtbot.mouseClick(view.detail.log.log_button, Qt.MouseButton.LeftButton)
    [logged] = inter.list_interactions(ctx, activity_id=activity.id)
    assert (logged.summary, logged.action, logged.action_owner, logged.due_on, logged.done) == (
        "Workshop went well; they want the slides", "Send the slides", "Tom", TODAY, False)
    assert logged.organisation_id == org
    assert view.detail.log.model.rowCount() == 1
    assert nav_text(window) == "Engagement  (1 due)"

    view.tabs.setCurrentIndex(1)
    panel = view.followups
    assert panel.model.rowCount() == 1 and panel.model.record(0).bucket == "this_week"
    panel.table.selectRow(0)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    assert inter.get_interaction(ctx, logged.id).done is True
    assert panel.model.rowCount() == 0
    assert nav_text(window) == "Engagement"
    window.undo_action.trigger()
    assert panel.model.rowCount() == 1 and nav_text(window) == "Engagement  (1 due)"


def test_ticking_the_done_box_marks_the_action_done(window, ctx):
    org = make_org(ctx)
    item = inter.create_interaction(ctx, inter.InteractionInput(
        occurred_on=TODAY - timedelta(days=7), summary="Call", organisation_id=org, action="Reply",
        due_on=TODAY - timedelta(days=1)))
    view = open_view(window)
    view.tabs.setCurrentIndex(1)
    model = view.followups.model
    assert model.record(0).bucket_text == "Overdue"
    model.setData(model.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert inter.get_interaction(ctx, item).done is True
    assert follow_ups(ctx) == []


def test_plan_dialog_shows_problems_beside_the_fields_and_saves_nothing(window, ctx, qtbot, dialogs):
    view = open_view(window)
    seen = {}

    def fill(d):
        d.f.widgets["start_date"].set_value(date(2026, 5, 1))
        d.f.widgets["end_date"].set_value(date(2026, 4, 1))
        assert d.save() is False
        seen.update({name: label.text() for name, label in d.f.errors.items() if label.text()})
        d.reject()

    dialogs.append(fill)
    view.new_plan()
    assert set(seen) == {"title", "end_date", "ppe_individual"}
    assert "Title is required" in seen["title"]
    assert eng.list_plans(ctx) == []


def test_activity_dialog_refuses_a_bad_amount(window, ctx, qtbot, dialogs):
    plan = seeded_plan(ctx)
    view = open_view(window)
    seen = {}

    def fill(d):
        qtbot.keyClicks(d.f.widgets["title"], "Survey")
        qtbot.keyClicks(d.f.widgets["cost_pence"], "12.345")
        assert d.save() is False
        seen["cost"] = d.f.errors["cost_pence"].text()
        d.reject()

    dialogs.append(fill)
    view.detail.new_activity()
    assert "amount in pounds" in seen["cost"]
    assert act.list_activities(ctx, act.ActivityFilter(plan_id=plan)) == []


def test_filters_by_level_status_owner_and_overdue(window, ctx):
    a = seeded_plan(ctx, status="active")
    b = eng.create_plan(ctx, eng.PlanInput(title="Community priorities", ppe_community=True, owner="Priya"))
    act.create_activity(ctx, b, act.ActivityInput(title="Late stall", ppe_level="community", owner="Priya",
                                                  planned_date=TODAY - timedelta(days=1)))
    act.create_activity(ctx, b, act.ActivityInput(title="Future survey", ppe_level="community", owner="Priya",
                                                  planned_date=TODAY + timedelta(days=9)))
    view = open_view(window)
    titles = lambda: [view.plan_model.record(r).title for r in range(view.plan_model.rowCount())]  # noqa: E731
    assert sorted(titles()) == ["Community priorities", "Respiratory pathway"]
    view.level_filter.setCurrentIndex(view.level_filter.findData("community"))
    assert titles() == ["Community priorities"]
    view.level_filter.setCurrentIndex(0)
    view.plan_status_filter.setCurrentIndex(view.plan_status_filter.findData("active"))
    assert titles() == ["Respiratory pathway"]
    view.plan_status_filter.setCurrentIndex(0)
    view.owner_filter.setCurrentIndex(view.owner_filter.findData("Priya"))
    assert titles() == ["Community priorities"]
    assert view.detail.model.rowCount() == 2
    view.overdue_only.setChecked(True)
    assert titles() == ["Community priorities"]
    assert [view.detail.model.record(r).title for r in range(view.detail.model.rowCount())] == ["Late stall"]
    assert a


def test_models_pass_the_qt_model_tester(window, ctx, qtmodeltester):
    org = make_org(ctx)
    plan = seeded_plan(ctx)
    activity = act.create_activity(ctx, plan, act.ActivityInput(
        title="Meet", ppe_level="service", planned_date=TODAY, targets=[act.TargetRef("organisation", org)]))
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, summary="Said", organisation_id=org,
                                                         activity_id=activity, is_feedback=True, action="Reply",
                                                         due_on=TODAY))
    view = open_view(window)
    view.detail.table.selectRow(0)
    for tab in range(3):
        view.tabs.setCurrentIndex(tab)
    for model in (view.plan_model, view.detail.model, view.detail.log.model, view.followups.model,
                  view.feedback.model):
        assert model.rowCount() == 1
        qtmodeltester.check(model)
        model.sort(0, Qt.SortOrder.DescendingOrder)


def test_timeline_exports_as_pdf(window, ctx, tmp_path):
    plan = seeded_plan(ctx, start_date=TODAY - timedelta(days=40), end_date=TODAY + timedelta(days=80))
    first = act.create_activity(ctx, plan, act.ActivityInput(title="Workshop", ppe_level="service",
                                                             planned_date=TODAY - timedelta(days=30)))
    second = act.create_activity(ctx, plan, act.ActivityInput(title="Survey", ppe_level="service", status="done",
                                                              planned_date=TODAY, end_date=TODAY + timedelta(days=20)))
    act.create_activity(ctx, plan, act.ActivityInput(title="Undated", ppe_level="service"))
    view = open_view(window)
    gantt = view.detail.gantt
    assert set(gantt.bars) == {first, second}
    assert gantt.bars[first].left() < gantt.bars[second].left() < gantt.bars[second].right()
    assert len(gantt.months) >= 4
    out = tmp_path / "timeline.pdf"
    view.detail.export_pdf(out)
    assert out.read_bytes().startswith(b"%PDF")
    assert "Timeline saved" in view.status.text()


def test_feedback_tab_shows_you_said_we_did(window, ctx, qtbot, dialogs):
    org = make_org(ctx)
    said = inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY - timedelta(days=10), direction="in",
                                                                summary="Too much jargon", organisation_id=org,
                                                                is_feedback=True))
    told = inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, summary="Rewrote the letters",
                                                                organisation_id=org))
    view = open_view(window)
    view.tabs.setCurrentIndex(2)
    assert view.feedback.model.record(0).state == "Awaiting a change"

    def fill(d):
        qtbot.keyClicks(d.f.widgets["change_made"], "Plain-English letters")
        combo = d.f.widgets["response_interaction_id"]
        combo.setCurrentIndex(combo.findData(told))
        qtbot.mouseClick(d.buttons.button(d.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    dialogs.append(fill)
    view.feedback.table.selectRow(0)
    view.feedback.edit_selected()
    row = view.feedback.model.record(0)
    assert (row.id, row.we_did, row.told_on, row.state) == (said, "Plain-English letters", TODAY, "Loop closed")


def test_stakeholder_timeline_in_the_register_and_logging_from_it(window, ctx, qtbot, dialogs):
    org = make_org(ctx, "Riverside PPG")
    person = make_person(ctx, "Okafor", "Amina", orgs=[(org, "chair")])
    plan = seeded_plan(ctx)
    act.create_activity(ctx, plan, act.ActivityInput(title="Focus group", ppe_level="service", planned_date=TODAY,
                                                     targets=[act.TargetRef("person", person)]))
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(1)
    view.person_table.selectRow(0)
    timeline = view.timeline
    assert [timeline.model.record(r).title for r in range(timeline.model.rowCount())] == ["Focus group"]

    def fill(d):
        assert d.f.widgets["person_id"].value() == person
        assert d.f.widgets["person_id"].text() == "Amina Okafor"
        qtbot.keyClicks(d.f.widgets["summary"], "Phoned about parking")
        qtbot.mouseClick(d.buttons.button(d.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    dialogs.append(fill)
    qtbot.mouseClick(timeline.log_button, Qt.MouseButton.LeftButton)
    kinds = [timeline.model.record(r).kind for r in range(timeline.model.rowCount())]
    assert sorted(kinds) == ["activity", "interaction"]
    assert inter.list_interactions(ctx, person_id=person)[0].summary == "Phoned about parking"


def test_report_written_from_the_view(window, ctx, tmp_path):
    plan = seeded_plan(ctx)
    act.create_activity(ctx, plan, act.ActivityInput(title="Meet", ppe_level="service", planned_date=TODAY))
    view = open_view(window)
    out = tmp_path / "report.docx"
    view.write_report(TODAY - timedelta(days=30), TODAY, out)
    assert out.is_file()
    assert "Report written" in view.status.text() and "1 activity," in view.status.text()


def test_export_shown_follow_ups(window, ctx, tmp_path):
    import csv
    org = make_org(ctx)
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, summary="Call", organisation_id=org,
                                                         action="Reply", due_on=TODAY))
    view = open_view(window)
    view.tabs.setCurrentIndex(1)
    out = tmp_path / "f.csv"
    view.followups.export_to(out)
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [r["follow_up_action"] for r in rows] == ["Reply"]


def test_export_shown_plans_and_feedback(window, ctx, tmp_path):
    import csv
    org = make_org(ctx)
    seeded_plan(ctx)
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, summary="More evening sessions",
                                                         organisation_id=org, is_feedback=True, direction="in"))
    view = open_view(window)
    view.export_plans_to(tmp_path / "plans.csv")
    with open(tmp_path / "plans.csv", encoding="utf-8-sig") as f:
        assert [r["title"] for r in csv.DictReader(f)] == ["Respiratory pathway"]
    view.tabs.setCurrentIndex(2)
    view.feedback.export_to(tmp_path / "feedback.xlsx")
    from openpyxl import load_workbook
    rows = list(load_workbook(tmp_path / "feedback.xlsx").active.iter_rows(values_only=True))
    assert rows[1][7] == "More evening sessions" and rows[1][14] is True


def test_search_picker_finds_people_by_any_detail_and_tells_twins_apart(window, ctx):
    from sdm_desktop.services.engagement.activities import person_choices
    from sdm_desktop.ui.common.search_picker import SearchPicker
    org = make_org(ctx, "Hilltop Carers", org_type="Carers' group")
    first = make_person(ctx, "Sample", "Ada", orgs=[(org, "member")])
    second = make_person(ctx, "Sample", "Ada", email="ada2@example.org")
    picker = SearchPicker(lambda text, n: person_choices(ctx, text, n), "Person", "")
    picker.setText("hilltop")
    assert picker.search_now() == ["Ada Sample"]
    picker.setText("ada sample")
    labels = picker.search_now()
    assert sorted(labels) == [f"Ada Sample (#{first})", f"Ada Sample (#{second})"]
    picker.choose_label(f"Ada Sample (#{second})")
    assert picker.value() == second
    picker.setText("")
    assert picker.value() is None


def test_a_group_typed_but_not_chosen_is_reported_and_nothing_is_logged(window, ctx, qtbot, dialogs):
    plan = seeded_plan(ctx)
    activity = act.create_activity(ctx, plan, act.ActivityInput(title="Meet", ppe_level="service"))
    view = open_view(window)
    view.detail.table.selectRow(0)
    seen = {}

    def fill(d):
        qtbot.keyClicks(d.f.widgets["organisation_id"], "No Such Group")
        qtbot.keyClicks(d.f.widgets["summary"], "Hello")
        assert d.save() is False
        seen["message"] = d.f.errors["organisation_id"].text()
        d.reject()

    dialogs.append(fill)
    view.detail.log.log_new()
    assert "choose from the list" in seen["message"]
    assert inter.list_interactions(ctx, activity_id=activity) == []


def test_one_click_on_the_done_box_marks_the_action_done(window, ctx, qtbot):
    from PySide6.QtCore import QPoint
    org = make_org(ctx)
    item = inter.create_interaction(ctx, inter.InteractionInput(
        occurred_on=TODAY, summary="Call", organisation_id=org, action="Reply", due_on=TODAY))
    view = open_view(window)
    view.tabs.setCurrentIndex(1)
    table = view.followups.table
    rect = table.visualRect(view.followups.model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 12, rect.center().y()))
    assert inter.get_interaction(ctx, item).done is True
    assert nav_text(window) == "Engagement"


def test_printing_the_timeline_goes_through_the_printer(window, ctx, tmp_path):
    from PySide6.QtPrintSupport import QPrinter
    plan = seeded_plan(ctx)
    act.create_activity(ctx, plan, act.ActivityInput(title="Meet", ppe_level="service", planned_date=TODAY))
    view = open_view(window)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    view.detail.print_on(printer)
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    assert view.status.text() == "Timeline sent to the printer (1 page)"


def test_a_printer_that_cannot_start_is_one_clear_message(window, ctx, tmp_path, answer_prompts):
    from PySide6.QtPrintSupport import QPrinter
    asked = answer_prompts(True)
    plan = seeded_plan(ctx)
    act.create_activity(ctx, plan, act.ActivityInput(title="Meet", ppe_level="service", planned_date=TODAY))
    view = open_view(window)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "no-such-folder" / "printed.pdf"))
    view.detail.print_on(printer)
    assert asked == ["Could not print the timeline: The printer could not be started."]


def test_deleting_a_plan_asks_first_and_undo_brings_it_back(window, ctx, answer_prompts):
    asked = answer_prompts(True)
    plan = seeded_plan(ctx)
    org = make_org(ctx)
    meet = act.create_activity(ctx, plan, act.ActivityInput(title="Meet", ppe_level="service"))
    for links in ({"activity_id": meet}, {"activity_id": meet, "organisation_id": org}):
        inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, summary="Noted", **links))
    view = open_view(window)
    view.plan_table.selectRow(0)
    view.delete_plan()
    assert asked[0] == ("Delete the plan “Respiratory pathway”, its 1 activity and the 1 interaction logged only on "
                        "them (1 more, with groups or people, stays on their timelines)?\n\nCtrl+Z undoes this.")
    assert view.plan_model.rowCount() == 0 and eng.list_plans(ctx) == []
    assert [(r.summary, r.activity_id) for r in inter.list_interactions(ctx)] == [("Noted", None)]
    window.undo_action.trigger()
    assert view.plan_model.rowCount() == 1
    assert view.detail.model.rowCount() == 1
    assert len(inter.list_interactions(ctx, organisation_id=org)) == 1


def pdf_pages(path) -> int:
    import re
    return len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))


def test_a_long_plan_prints_on_several_readable_pages_with_every_row_and_month_once(window, ctx, tmp_path):
    from sdm_desktop.ui.engagement.gantt import ActivityGantt
    plan = seeded_plan(ctx, start_date=date(2025, 1, 1), end_date=date(2027, 12, 31))
    for n in range(70):
        act.create_activity(ctx, plan, act.ActivityInput(title=f"Activity {n}", ppe_level="service",
                                                         planned_date=date(2025, 1, 5) + timedelta(days=15 * n)))
    gantt = ActivityGantt()
    gantt.show_plan("Three-year plan", act.list_activities(ctx, act.ActivityFilter(plan_id=plan)),
                    date(2025, 1, 1), date(2027, 12, 31))
    assert len(gantt.months) == 36
    out = gantt.export_pdf(tmp_path / "long.pdf")
    pages = gantt.page_plan(1000, 700)
    assert len(pages) > 1
    cells = [(r, m) for rows, months in pages for r in rows for m in months]
    assert sorted(cells) == [(r, m) for r in range(70) for m in range(36)]     # each row × month on one page
    assert pdf_pages(out) > 1


def test_a_short_plan_still_prints_on_one_page(window, ctx, tmp_path):
    plan = seeded_plan(ctx, start_date=TODAY, end_date=TODAY + timedelta(days=150))
    for n in range(6):
        act.create_activity(ctx, plan, act.ActivityInput(title=f"Meeting {n}", ppe_level="service",
                                                         planned_date=TODAY + timedelta(days=20 * n)))
    view = open_view(window)
    out = tmp_path / "short.pdf"
    view.detail.export_pdf(out)
    assert pdf_pages(out) == 1


def test_timeline_months_are_capped_for_absurd_dates():
    from sdm_desktop.ui.engagement.gantt import MAX_MONTHS, month_span
    assert len(month_span(date(2026, 1, 31), date(2026, 3, 1))) == 3
    assert len(month_span(date(1990, 1, 1), date(2090, 1, 1))) == MAX_MONTHS


def test_delete_key_on_an_activity_asks_keeps_it_on_no_and_undo_brings_it_back(window, ctx, qtbot, answer_prompts):
    asked = answer_prompts(False)
    plan = seeded_plan(ctx)
    act.create_activity(ctx, plan, act.ActivityInput(title="Meet", ppe_level="service"))
    view = open_view(window)
    view.detail.table.setFocus()
    view.detail.table.selectRow(0)
    qtbot.keyClick(view.detail.table, Qt.Key.Key_Delete)
    assert asked[0] == "Delete the activity “Meet”?\n\nCtrl+Z undoes this." and len(act.list_activities(ctx)) == 1
    answer_prompts(True)
    qtbot.keyClick(view.detail.table, Qt.Key.Key_Delete)
    assert act.list_activities(ctx) == [] and view.detail.model.rowCount() == 0
    window.undo_action.trigger()
    assert [a.title for a in act.list_activities(ctx)] == ["Meet"] and view.detail.model.rowCount() == 1


def test_delete_key_on_an_interaction_asks_and_undo_brings_it_back(window, ctx, qtbot, answer_prompts):
    asked = answer_prompts(True)
    plan = seeded_plan(ctx)
    activity = act.create_activity(ctx, plan, act.ActivityInput(title="Meet", ppe_level="service"))
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, summary="Agreed dates",
                                                         activity_id=activity))
    view = open_view(window)
    view.detail.table.selectRow(0)
    view.detail.lower.setCurrentIndex(1)
    log = view.detail.log
    assert log.model.rowCount() == 1
    log.table.setFocus()
    log.table.selectRow(0)
    qtbot.keyClick(log.table, Qt.Key.Key_Delete)
    assert asked == ["Delete 1 interaction? Ctrl+Z undoes this."]
    assert inter.list_interactions(ctx) == [] and log.model.rowCount() == 0
    window.undo_action.trigger()
    assert [i.summary for i in inter.list_interactions(ctx)] == ["Agreed dates"]
    assert log.model.rowCount() == 1


def test_deleting_an_interaction_from_a_stakeholder_timeline_asks_and_undo_restores_it(window, ctx, qtbot,
                                                                                      answer_prompts):
    asked = answer_prompts(True)
    org = make_org(ctx, "Riverside PPG")
    make_org(ctx, "Second group")
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, summary="Phoned about parking",
                                                         organisation_id=org))
    view = window.show_view("stakeholders")
    window.activateWindow()
    view.org_table.selectRow(1)             # sorted by name: Riverside PPG, Second group
    view.org_table.selectRow(0)
    timeline = view.timeline
    assert timeline.model.rowCount() == 1
    timeline.table.setFocus()
    timeline.table.selectRow(0)
    qtbot.keyClick(timeline.table, Qt.Key.Key_Delete)
    assert asked == ["Delete 1 interaction with them? Ctrl+Z undoes this."]
    assert inter.list_interactions(ctx) == [] and timeline.model.rowCount() == 0
    assert view.org_model.rowCount() == 2     # the Delete key reached the timeline, not the group list
    window.undo_action.trigger()
    assert [i.summary for i in inter.list_interactions(ctx, organisation_id=org)] == ["Phoned about parking"]
    view.org_table.selectRow(0)
    assert timeline.model.rowCount() == 1


def test_enter_on_a_timeline_entry_opens_the_interaction(window, ctx, qtbot, dialogs):
    org = make_org(ctx, "Riverside PPG")
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, summary="Phoned", organisation_id=org))
    view = window.show_view("stakeholders")
    window.activateWindow()
    view.org_table.selectRow(0)
    seen = []
    dialogs.append(lambda d: seen.append(d.f.widgets["summary"].toPlainText()))
    view.timeline.table.setFocus()
    view.timeline.table.selectRow(0)
    qtbot.keyClick(view.timeline.table, Qt.Key.Key_Return)
    assert seen == ["Phoned"]


def test_a_blank_date_is_filled_by_typing_arrows_or_calendar_starting_from_today(window, ctx, qtbot, dialogs):
    plan = seeded_plan(ctx)
    view = open_view(window)
    today = date.today()

    def fill(d):
        planned = d.f.widgets["planned_date"]
        assert d.f.get("planned_date") is None and planned.text() == "" and planned.edit.placeholderText() == (
            "not recorded")
        planned.setFocus()
        qtbot.keyClicks(planned.edit, "1/3/2027")         # typed into the blank field
        assert d.f.get("planned_date") == date(2027, 3, 1)
        planned.edit.selectAll()
        qtbot.keyClick(planned.edit, Qt.Key.Key_Delete)   # back to blank
        assert d.f.get("planned_date") is None
        qtbot.keyClick(planned.edit, Qt.Key.Key_Up)       # the first step from blank is today, not 2 Jan 1900
        assert d.f.get("planned_date") == today
        ends = d.f.widgets["end_date"]
        ends.open_calendar()                             # the calendar of a blank date opens on this month
        calendar = ends.calendar.widget
        assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
        assert d.f.get("end_date") is None               # ... without choosing a day for the user
        ends.calendar.hide()
        qtbot.keyClicks(d.f.widgets["title"], "Dated")
        qtbot.mouseClick(d.buttons.button(d.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    dialogs.append(fill)
    view.detail.show_plan(plan)
    view.detail.new_activity()
    [row] = act.list_activities(ctx)
    assert (row.title, row.planned_date, row.end_date) == ("Dated", today, None)


def test_money_typed_as_people_write_it_is_kept_to_the_penny_and_wrong_amounts_are_shown(window, ctx, qtbot, dialogs):
    plan = seeded_plan(ctx)
    view = open_view(window)
    seen = {}

    def fill(d):
        qtbot.keyClicks(d.f.widgets["title"], "Citizens' panel")
        qtbot.keyClicks(d.f.widgets["budget_pence"], "£1,200.50")
        qtbot.keyClicks(d.f.widgets["cost_pence"], "-5")
        qtbot.keyClicks(d.f.widgets["expenses_pence"], "99999999")
        assert d.save() is False
        seen.update({name: d.f.errors[name].text() for name in ("budget_pence", "cost_pence", "expenses_pence")})
        assert act.list_activities(ctx) == []                    # nothing half-written
        d.f.widgets["cost_pence"].setText("£75")
        d.f.widgets["expenses_pence"].setText("12.4")
        assert d.save() is True

    dialogs.append(fill)
    view.detail.show_plan(plan)
    view.detail.new_activity()
    assert seen["budget_pence"] == ""
    assert "is not an amount in pounds" in seen["cost_pence"]
    assert "is too large (at most £10,000,000)" in seen["expenses_pence"]
    [row] = act.list_activities(ctx)
    assert (row.budget_pence, row.cost_pence, row.expenses_pence, row.budget, row.spent) == (
        120050, 7500, 1240, "£1,200.50", "£87.40")

    def reopen(d):
        seen["shown"] = d.f.widgets["budget_pence"].text()
        assert d.save() is True                                  # saving unchanged keeps every penny

    dialogs.append(reopen)
    view.detail.table.selectRow(0)
    view.detail.edit_activity()
    assert seen["shown"] == "1,200.50"
    assert act.list_activities(ctx)[0].budget_pence == 120050


def test_a_follow_up_due_before_the_interaction_is_shown_beside_due_and_nothing_is_logged(window, ctx, qtbot,
                                                                                          dialogs):
    org = make_org(ctx)
    view = window.show_view("stakeholders")
    seen = {}

    def fill(d):
        d.f.widgets["occurred_on"].set_value(date(2026, 5, 10))
        qtbot.keyClicks(d.f.widgets["summary"], "Phoned the chair")
        qtbot.keyClicks(d.f.widgets["action"], "Send the minutes")
        d.f.widgets["due_on"].set_value(date(2026, 5, 1))
        assert d.save() is False
        seen["due"] = d.f.errors["due_on"].text()
        d.reject()

    from sdm_desktop.ui.engagement.interaction_dialog import InteractionDialog
    dialogs.append(fill)
    InteractionDialog.ask(window.env, parent=view, organisation_id=org)
    assert seen["due"] == "⚠ Due is before the interaction itself (10 May 2026)"
    assert inter.list_interactions(ctx) == []


def test_an_activity_keeps_a_group_archived_since_and_says_so(window, ctx, qtbot, dialogs):
    from sdm_desktop.services.register import organisations
    org = make_org(ctx, "Closed Carers Group", org_type="Carers' group")
    plan = seeded_plan(ctx)
    act.create_activity(ctx, plan, act.ActivityInput(title="Stall", ppe_level="service", planned_date=TODAY,
                                                     targets=[act.TargetRef("organisation", org)]))
    organisations.set_archived(ctx, [org], True)
    view = open_view(window)
    assert view.detail.model.record(0).targets == "Closed Carers Group (archived)"
    seen = {}

    def edit(d):
        seen["listed"] = d.targets.list.item(0).text()
        qtbot.keyClicks(d.targets.group, "closed")
        seen["offered"] = d.targets.group.search_now()
        d.f.widgets["status"].setCurrentIndex(d.f.widgets["status"].findData("done"))
        assert d.save() is True

    dialogs.append(edit)
    view.detail.table.selectRow(0)
    view.detail.edit_activity()
    assert seen == {"listed": "Group: Closed Carers Group (archived)", "offered": []}
    [row] = act.list_activities(ctx)
    assert (row.status_code, row.targets) == ("done", "Closed Carers Group (archived)")


def test_the_follow_up_count_in_the_navigation_catches_up_with_a_new_day(window, ctx):
    org = make_org(ctx)
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, summary="Asked for minutes",
                                                         organisation_id=org, action="Send minutes",
                                                         due_on=TODAY))
    window.check_new_day()                      # same day, nothing announced: the count is left alone
    assert nav_text(window) == "Engagement"
    window._badges_day = TODAY - timedelta(days=1)       # the window was left open overnight
    window.check_new_day()
    assert nav_text(window) == "Engagement  (1 due)"
