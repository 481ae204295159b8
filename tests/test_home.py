"""The Home view: its figures, and each figure opening exactly its records (qtbot, by mouse and by keyboard)."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QPointF, Qt

from helpers import make_org
from home_helpers import CARERS, build_programme, month_start
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.reporting.dashboard import NO_LEVEL
from sdm_desktop.ui.home.view import LAST_OPENED


@pytest.fixture
def home(window, ctx, qtbot):
    build_programme(ctx, date.today())
    view = window.show_view("home")
    view.activated()
    qtbot.waitUntil(lambda: view.figures is not None)
    view.resize(1300, 2400)           # every chart laid out, so that its bars have a place to click
    qtbot.wait(10)
    return view


def click_bar(qtbot, panel, bar: int, part: int = -1) -> None:
    panel.view.grab()                                            # painted: its bars have their places
    hit = panel.view.hit_at(bar, part)
    assert hit is not None, f"bar {bar} part {part} not drawn"
    qtbot.mouseClick(panel.view, Qt.MouseButton.LeftButton, pos=hit.rect.center().toPoint())


def test_the_tiles_show_the_figures(home):
    shown = {key: tile.number.text() for key, tile in home.tiles.items()}
    assert shown == {"organisations": "3", "people": "3", "patient_reps": "1", "trained": "2", "cascade": "1",
                     "letters": "1", "overdue": "2", "due": "1", "moved": "3", "retention": "1"}
    assert home.tiles["overdue"].accessibleName() == "2 follow-up actions overdue"
    assert "Round one" in home.tiles["moved"].caption
    assert "2 people trained since the programme began" in home.counts["trained"].text()
    assert "<b>3</b>" in home.counts["responses"].text()


def test_overdue_tile_opens_the_overdue_follow_ups(home, window, qtbot):
    qtbot.mouseClick(home.tiles["overdue"], Qt.MouseButton.LeftButton)
    engagement = window.current_view()
    assert engagement.title == "Engagement" and engagement.tabs.currentWidget() is engagement.followups
    assert engagement.followups.show_combo.currentData() == "overdue"
    assert engagement.followups.model.rowCount() == 2


def test_enter_on_the_due_tile_opens_this_weeks_follow_ups(home, window, qtbot):
    home.tiles["due"].setFocus()
    qtbot.keyClick(home.tiles["due"], Qt.Key.Key_Return)
    followups = window.current_view().followups
    assert followups.show_combo.currentData() == "this_week" and followups.model.rowCount() == 1


def test_a_month_bar_part_opens_that_months_activities_at_that_level(home, window, qtbot):
    click_bar(qtbot, home.panels["activities"], 11, 1)           # this month, service design
    engagement = window.current_view()
    assert engagement.level_filter.currentData() == "service"
    assert engagement.period_note.isVisible() and engagement.period_note.value[0] == month_start(date.today())
    plans = [engagement.plan_model.record(r).title for r in range(engagement.plan_model.rowCount())]
    assert sorted(plans) == ["Plan one", "Plan two"]             # each has one service activity this month
    shown = []
    for row in range(engagement.plan_model.rowCount()):
        engagement.plan_table.selectRow(row)
        detail = engagement.detail.model
        shown += [detail.record(r).title for r in range(detail.rowCount())]
    assert sorted(shown) == ["Service panel", "Service survey"]
    engagement.period_note.clear_button.click()                  # every date again
    assert not engagement.period_note.isVisible()


def test_the_level_not_set_part_opens_the_activities_with_no_level(home, window, qtbot):
    click_bar(qtbot, home.panels["activities"], 10, 3)           # last month, "Level not set"
    engagement = window.current_view()
    assert engagement.level_filter.currentData() == NO_LEVEL
    assert [engagement.detail.model.record(r).title for r in range(engagement.detail.model.rowCount())] == \
        ["Unlevelled"]


def test_keyboard_on_the_month_chart_opens_a_whole_month(home, window, qtbot):
    chart = home.panels["activities"].view
    chart.setFocus()
    chart.current = (10, -1)
    qtbot.keyClick(chart, Qt.Key.Key_Up)                         # the month's first level
    qtbot.keyClick(chart, Qt.Key.Key_Down)                       # back to the whole month
    qtbot.keyClick(chart, Qt.Key.Key_Enter)
    engagement = window.current_view()
    assert engagement.level_filter.currentData() is None
    assert [engagement.plan_model.record(r).title for r in range(engagement.plan_model.rowCount())] == ["Plan two"]
    assert sorted(engagement.detail.model.record(r).title for r in range(engagement.detail.model.rowCount())) == \
        ["Town hall", "Unlevelled"]


def test_level_chart_by_keyboard_opens_the_groups_at_that_level(home, window, qtbot):
    chart = home.panels["by_level"].view
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Right)                      # from the first bar to the second: service
    assert "Service design and evaluation: 2" in chart.accessibleDescription()
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    register = window.current_view()
    assert register.title == "Stakeholders" and register.tabs.currentIndex() == 0
    assert register.filters.ppe_filter.currentData() == "service"
    qtbot.waitUntil(lambda: register.org_model.rowCount() == 2)  # the archived group is not listed, nor counted


def test_type_chart_as_a_table_opens_the_groups_of_that_type(home, window, qtbot):
    panel = home.panels["by_type"]
    panel.toggle.click()
    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 0).text() == CARERS)
    panel.table.activated.emit(panel.table.model().index(row, 1))
    register = window.current_view()
    assert register.filters.type_filter.currentData() == CARERS
    qtbot.waitUntil(lambda: register.org_model.rowCount() == 1)


def test_quadrant_bar_opens_the_grid_with_only_that_quadrant(home, window, qtbot):
    click_bar(qtbot, home.panels["quadrants"], 0)                # Manage closely: 2
    analysis = window.current_view()
    assert analysis.title == "Analysis" and analysis.round_combo.currentData() is None
    assert sorted(p.name for p in analysis.data.points) == ["Alpha PPG", "Beta PPG"]
    assert analysis.link_note.isVisible()
    analysis.clear_filters()
    assert len(analysis.data.points) == 3 and not analysis.link_note.isVisible()


def test_moved_tile_opens_the_grid_with_only_those_who_moved(home, window, qtbot):
    qtbot.mouseClick(home.tiles["moved"], Qt.MouseButton.LeftButton)
    analysis = window.current_view()
    assert (analysis.round_combo.currentData(), analysis.compare_combo.currentData()) == ("Round two", "Round one")
    assert len(analysis.data.points) == 3 == len(analysis.data.comparison.moved)


def test_patient_reps_and_people_tiles_open_the_people_list(home, window, qtbot):
    qtbot.mouseClick(home.tiles["patient_reps"], Qt.MouseButton.LeftButton)
    register = window.current_view()
    assert register.tabs.currentIndex() == 1 and register.filters.reps_only.isChecked()
    qtbot.waitUntil(lambda: register.person_model.rowCount() == 1)
    window.show_view("home")
    qtbot.mouseClick(home.tiles["people"], Qt.MouseButton.LeftButton)
    assert not register.filters.reps_only.isChecked()
    qtbot.waitUntil(lambda: register.person_model.rowCount() == 3)


def test_trained_tiles_and_training_bars_open_the_people_trained(home, window, qtbot):
    qtbot.mouseClick(home.tiles["trained"], Qt.MouseButton.LeftButton)
    register = window.current_view()
    assert register.tabs.currentIndex() == 1 and register.filters.trained_note.isVisible()
    model = register.person_model
    names = lambda: sorted(model.data(model.index(r, 0)) for r in range(model.rowCount()))  # noqa: E731
    qtbot.waitUntil(lambda: register.person_model.rowCount() == 2)
    window.show_view("home")
    qtbot.mouseClick(home.tiles["cascade"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: register.person_model.rowCount() == 1)
    assert "Bob" in names()[0]
    window.show_view("home")
    click_bar(qtbot, home.panels["training"], 11, 0)             # this month, by the programme's own trainers
    qtbot.waitUntil(lambda: register.person_model.rowCount() == 1)
    assert "Ada" in names()[0]
    register.filters.trained_note.clear_button.click()           # everyone again
    qtbot.waitUntil(lambda: register.person_model.rowCount() == 3 and not register.filters.trained_note.isVisible())


def test_letters_tile_opens_the_mailings_of_the_period(home, window, qtbot):
    qtbot.mouseClick(home.tiles["letters"], Qt.MouseButton.LeftButton)
    letters = window.current_view()
    assert letters.title == "Letters" and letters.tabs.currentIndex() == 1 and letters.mailings_note.isVisible()
    assert sum(run.recipient_count for run in letters.runs_model.rows()) == 1
    letters.mailings_note.clear_button.click()
    assert letters.runs_model.rowCount() == 2


def test_retention_tile_opens_the_review_of_those_whose_date_has_come(home, qtbot, monkeypatch):
    from sdm_desktop.ui.privacy.retention_review import RetentionReviewDialog

    opened = []
    monkeypatch.setattr(RetentionReviewDialog, "exec", lambda self: opened.append(self) or 0)
    qtbot.mouseClick(home.tiles["retention"], Qt.MouseButton.LeftButton)
    dialog = opened[0]
    assert dialog.due_only.isChecked()
    assert [dialog.model.row(r).name for r in range(dialog.model.rowCount())] == ["Bob Brown"]
    dialog.due_only.setChecked(False)                            # everyone the review lists, as before
    assert sorted(dialog.model.row(r).name for r in range(dialog.model.rowCount())) == ["Bob Brown", "Cy Cole"]


def test_the_period_selector_counts_another_period(home, qtbot):
    home.period_bar.choice.setCurrentIndex(home.period_bar.choice.findData("custom"))
    def tab_from(widget):                                        # where Tab goes: the next visible field
        widget = widget.nextInFocusChain()
        while not (widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            widget = widget.nextInFocusChain()
        return widget

    bar = home.period_bar                                        # the dates, made now, come next to the choice
    assert tab_from(bar.choice) is bar.first.edit and tab_from(bar.first.edit) is bar.last.edit
    first = month_start(date.today(), 1)
    home.period_bar.first.set_value(first)
    home.period_bar.last.set_value(first + timedelta(days=27))
    qtbot.waitUntil(lambda: home.figures.period.first == first)
    assert home.figures.activities == {(0, "community"): 1, (0, NO_LEVEL): 1}
    home.period_bar.last.set_value(first - timedelta(days=1))    # ends before it starts: said, not counted
    assert "before it starts" in home.period_bar.problem.text() and home.figures.period.first == first


def test_what_changed_since_last_opened_is_remembered_per_user(window, ctx, qtbot):
    earlier = (datetime.utcnow() - timedelta(days=1)).isoformat(timespec="seconds")
    window.env.settings.setValue(LAST_OPENED, earlier)
    from sdm_desktop.ui.home.view import HomeView

    home = HomeView(window.env)
    qtbot.addWidget(home)
    assert window.env.settings.value(LAST_OPENED) != earlier     # now is the last time
    with ctx.session() as s:
        from sdm_desktop.db.models import Interaction
        s.add(Interaction(occurred_on=date.today(), summary="rang"))
    home.activated()
    assert "1 new interaction," in home.since.text()


def test_home_counts_in_the_background_and_refreshes_on_a_change(window, ctx, qtbot, monkeypatch):
    from sdm_desktop.services.reporting import dashboard as dashboard_module

    home = window.show_view("home")
    threads = []
    real = dashboard_module.dashboard
    monkeypatch.setattr(dashboard_module, "dashboard",
                        lambda c, p: threads.append(threading.current_thread()) or real(c, p))
    window.env.jobs.synchronous = False
    home.activated()
    qtbot.waitUntil(lambda: window.env.jobs.idle and home.figures is not None, timeout=5000)
    tile = home.tiles["organisations"]
    before = tile.number.text()
    make_org(ctx, "Counted")
    window.env.announce(Change.ORGANISATION)
    window.env.announce(Change.ORGANISATION)                     # a burst is counted once
    assert tile.number.text() == before                          # the old figure stays until the new one is in
    qtbot.waitUntil(lambda: tile.number.text() == "1", timeout=5000)
    assert threading.main_thread() not in threads and len(threads) == 2


def test_a_stacked_chart_is_drawn_with_its_parts_and_a_table_column_each(qtbot):
    from sdm_desktop.services.core.charts import Bar, BarChart
    from sdm_desktop.ui.common.charts import ChartPanel

    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.set_linked(True)
    panel.set_chart(BarChart("Stacked", [Bar("A", 3.0, parts=(1.0, 2.0)), Bar("B", 0.0, parts=(0.0, 0.0))],
                             unit="", horizontal=False, series=("One", "Two")))
    panel.resize(600, 320)
    panel.show()
    qtbot.waitExposed(panel)
    panel.view.grab()                                            # painted: its bars have their places
    assert [panel.table.horizontalHeaderItem(c).text() for c in range(4)] == ["", "Engaged", "One", "Two"]
    assert [panel.table.item(0, c).text() for c in range(4)] == ["A", "3", "1", "2"]
    chosen = []
    panel.chosen.connect(lambda bar, part: chosen.append((bar, part)))
    lower, upper = panel.view.hit_at(0, 0).rect, panel.view.hit_at(0, 1).rect
    assert lower.top() >= upper.bottom() - 0.5 and lower.height() * 2 == pytest.approx(upper.height(), rel=0.05)
    qtbot.mouseClick(panel.view, Qt.MouseButton.LeftButton, pos=upper.center().toPoint())
    qtbot.mouseClick(panel.view, Qt.MouseButton.LeftButton, pos=QPointF(2, 2).toPoint())   # the title: nothing
    assert chosen == [(0, 1)]


def test_the_views_a_figure_opens_still_fit_a_1366_pixel_screen(home, window, qtbot):
    """The "Showing only" notes go on their own line: beside the filters they widened the window."""
    window.resize(1366, 768)
    for open_figure in (lambda: home._open_month(11, 1), lambda: home._open_quadrant(0, -1),
                        lambda: home._open_trained(True), lambda: home._open_mailings()):
        window.show_view("home")
        open_figure()
        qtbot.wait(20)
        assert window.width() <= 1366, window.current_view().title


def test_a_consultation_theme_bar_opens_that_activitys_responses_coded_with_the_theme(demo_window, qtbot):
    """The sample survey is coded: the first theme bar on Home opens the Consultation view on the survey,
    showing only the responses coded with that theme."""
    home = demo_window.show_view("home")
    qtbot.waitUntil(lambda: home.figures is not None and bool(home.figures.themes), timeout=10000)
    name, answers = home.figures.themes[0]
    home.panels["themes"].chosen.emit(0, -1)
    view = demo_window.show_view("consultation")
    panel = view.responses
    assert view.tabs.currentWidget() is panel
    assert panel.theme.currentText() == name
    qtbot.waitUntil(lambda: panel.model.rowCount() == answers, timeout=10000)


def test_open_the_responses_opens_the_consultation_views_list(demo_window, qtbot):
    home = demo_window.show_view("home")
    qtbot.waitUntil(lambda: home.figures is not None, timeout=10000)
    qtbot.keyClick(home.open_responses, Qt.Key.Key_Space)
    view = demo_window.views["consultation"]
    assert view.isVisible()
    assert view.tabs.currentWidget() is view.responses
