"""The Engagement view stays responsive with a long log: big lists load in the background and only
the newest load is shown; the feedback table wraps only the rows on screen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from helpers import make_org
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.engagement import interactions as inter

TODAY = date.today()


@pytest.fixture
def deferred_jobs(window, monkeypatch):
    """Hold every background job so the test decides when (and in which order) each one finishes."""
    held = []

    def run(job, *, label, on_done, on_error=None, on_cancelled=None, show_progress=True):
        held.append((label, job, on_done))

    monkeypatch.setattr(window.env.jobs, "run", run)
    return held


def finish(held, index):
    label, job, on_done = held.pop(index)
    on_done(job(None))


def test_follow_up_list_loads_off_the_gui_thread_and_the_newest_load_wins(window, ctx, deferred_jobs):
    org = make_org(ctx)
    for n, due in enumerate((TODAY - timedelta(days=2), TODAY + timedelta(days=30))):
        inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY - timedelta(days=7), summary=f"Call {n}",
                                                             organisation_id=org, action=f"Action {n}", due_on=due))
    view = window.show_view("engagement")
    view.tabs.setCurrentIndex(1)
    panel = view.followups
    deferred_jobs.clear()
    panel.show_combo.setCurrentIndex(panel.show_combo.findData("overdue"))
    panel.show_combo.setCurrentIndex(panel.show_combo.findData("later"))
    assert [label for label, *_ in deferred_jobs] == ["Loading the follow-up list"] * 2
    finish(deferred_jobs, 1)                       # the newest load finishes first ...
    finish(deferred_jobs, 0)                       # ... and the older one, finishing late, is not shown
    assert [panel.model.record(r).action for r in range(panel.model.rowCount())] == ["Action 1"]


def test_feedback_loads_off_the_gui_thread_and_the_newest_load_wins(window, ctx, deferred_jobs):
    org = make_org(ctx)
    view = window.show_view("engagement")
    deferred_jobs.clear()
    view.tabs.setCurrentIndex(2)
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, direction="in", summary="Too late",
                                                         organisation_id=org, is_feedback=True))
    view.feedback.reload()
    deferred_jobs[:] = [job for job in deferred_jobs if job[0] != "Counting follow-up actions"]   # the tab title
    assert [label for label, *_ in deferred_jobs] == ["Loading the feedback"] * 2
    finish(deferred_jobs, 1)
    finish(deferred_jobs, 0)
    assert view.feedback.model.rowCount() == 1


def test_plans_and_counts_load_off_the_gui_thread_and_the_newest_load_wins(window, ctx, deferred_jobs):
    from sdm_desktop.services.engagement import plans as eng

    make_org(ctx)
    eng.create_plan(ctx, eng.PlanInput(title="First", status="active", ppe_service=True))
    view = window.show_view("engagement")
    deferred_jobs.clear()
    eng.create_plan(ctx, eng.PlanInput(title="Second", status="draft", ppe_service=True))
    view.refresh()
    view.plan_status_filter.setCurrentIndex(view.plan_status_filter.findData("active"))
    labels = [label for label, *_ in deferred_jobs]
    assert labels.count("Loading the plans") == 2 and "Counting follow-up actions" in labels
    newest = max(i for i, label in enumerate(labels) if label == "Loading the plans")
    finish(deferred_jobs, newest)                          # active plans only ...
    oldest = next(i for i, (label, *_) in enumerate(deferred_jobs) if label == "Loading the plans")
    finish(deferred_jobs, oldest)                          # ... the older list (both plans), finishing late, is dropped
    assert [view.plan_model.record(r).title for r in range(view.plan_model.rowCount())] == ["First"]
    while deferred_jobs:
        finish(deferred_jobs, 0)
    assert "0 overdue" in view.tabs.tabText(1)
    assert window.nav.item(3).text() == "Engagement"      # nothing due: no count beside the name


def test_feedback_rows_on_screen_are_wrapped_to_their_text(window, ctx):
    org = make_org(ctx)
    long_text = "The letters use words we do not understand, " * 8
    for _n in range(300):
        inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, direction="in", summary=long_text,
                                                             organisation_id=org, is_feedback=True))
    view = window.show_view("engagement")
    view.tabs.setCurrentIndex(2)
    table = view.feedback.table
    default = table.verticalHeader().defaultSectionSize()
    assert table.rowHeight(0) > default            # wrapped: the whole feedback can be read
    assert table.rowHeight(299) == default         # off screen: left alone until scrolled to
    table.scrollToBottom()
    view.feedback.fit_visible_rows()
    first_on_screen = table.rowAt(0)
    assert first_on_screen > 200 and table.rowHeight(first_on_screen) > default


def test_a_new_action_owner_appears_in_the_follow_up_owner_filter(window, ctx):
    org = make_org(ctx)
    view = window.show_view("engagement")
    view.tabs.setCurrentIndex(1)
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=TODAY, summary="Call", organisation_id=org,
                                                         action="Reply", action_owner="Nadia", due_on=TODAY))
    window.env.announce(Change.INTERACTION)
    combo = view.followups.owner_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Everyone", "Nadia"]
