"""The Home view and the programme overview behind it."""

from __future__ import annotations

from datetime import date, timedelta

from helpers import make_org, make_person
from sdm_desktop.db.models import Interaction
from sdm_desktop.services.reporting.overview import programme_overview


def add_action(ctx, due: date, done: bool = False) -> None:
    with ctx.session() as s:
        s.add(Interaction(occurred_on=date(2026, 1, 1), summary="call", action="ring back", due_on=due, done=done))


def test_overview_counts_overdue_and_this_weeks_actions(ctx):
    monday = date(2026, 11, 23)
    add_action(ctx, monday - timedelta(days=1))
    add_action(ctx, monday - timedelta(days=3), done=True)
    add_action(ctx, monday)
    add_action(ctx, monday + timedelta(days=6))
    add_action(ctx, monday + timedelta(days=7))
    overview = programme_overview(ctx, today=monday)
    assert (overview.actions_overdue, overview.actions_this_week) == (1, 2)   # today .. today + 6
    assert overview.latest_round == "none yet"


def test_home_shows_the_register_counts(window, ctx):
    make_org(ctx, "One")
    make_person(ctx, "Rep", is_patient_rep=True)
    home = window.show_view("home")
    home.activated()
    assert home._numbers["organisations"].text() == "1"
    assert home._numbers["patient_reps"].text() == "1"


def test_home_counts_in_the_background_and_the_newest_count_wins(window, ctx, qtbot, monkeypatch):
    import threading

    from sdm_desktop.ui.home import view as home_module

    home = window.show_view("home")
    threads = []
    real = home_module.programme_overview
    monkeypatch.setattr(home_module, "programme_overview",
                        lambda c: threads.append(threading.current_thread()) or real(c))
    window.env.jobs.synchronous = False
    home.activated()
    make_org(ctx, "Counted")
    home.activated()
    qtbot.waitUntil(lambda: window.env.jobs.idle, timeout=5000)
    assert home._numbers["organisations"].text() == "1"
    assert len(threads) == 2 and threading.main_thread() not in threads
