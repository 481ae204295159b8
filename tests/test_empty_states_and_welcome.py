"""Empty lists say what to do next (and go once there is data); the first-run welcome shows once, ever."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from sdm_desktop import paths
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui.empty_states import EMPTY_STATES
from sdm_desktop.ui.welcome import dialog as welcome


def _states(window, name):
    return window.show_view(name).empty_states


def _bring_into_view(table) -> None:
    """Show the tab each list is on (a list on a tab not yet shown has not loaded, so is not "empty")."""
    from PySide6.QtWidgets import QStackedWidget, QTabWidget
    page, holder = table, table.parentWidget()
    while holder is not None:
        if isinstance(holder, QStackedWidget) and isinstance(holder.parentWidget(), QTabWidget):
            holder.parentWidget().setCurrentWidget(page)
        page, holder = holder, holder.parentWidget()


def test_each_empty_list_says_what_to_do_next_with_the_actions_as_buttons(window, qtbot):
    for name, specs in EMPTY_STATES.items():
        states = _states(window, name)
        assert len(states) == len(specs)
        for state, spec in zip(states, specs, strict=True):
            _bring_into_view(state.table)
            qtbot.waitUntil(state.isVisible)
            assert state.message.text() == spec.nothing_yet
            assert [b.text() for b in state.buttons] == [words for words, _i, _n in spec.buttons + spec.window_actions]
            assert all(not b.isHidden() and b.accessibleName() for b in state.buttons)


def test_the_empty_states_new_button_does_what_the_views_button_does(window, monkeypatch):
    from sdm_desktop.ui.engagement.plan_dialog import PlanDialog
    asked = []
    monkeypatch.setattr(PlanDialog, "ask", staticmethod(lambda env, parent=None, **_k: asked.append(parent)))
    view = window.show_view("engagement")
    new_plan = next(b for b in view.empty_states[0].buttons if b.text() == "New plan…")
    new_plan.click()
    assert asked == [view]


def test_loading_the_sample_data_from_an_empty_list_fills_the_lists_and_the_empty_states_go(window, qtbot):
    view = window.show_view("engagement")
    state = view.empty_states[0]
    sample = next(b for b in state.buttons if b.text() == "Load the sample data")
    sample.click()                               # jobs run synchronously in the tests
    qtbot.waitUntil(lambda: view.plan_model.rowCount() > 0)
    assert state.isHidden()
    for name in EMPTY_STATES:
        for one in _states(window, name):
            _bring_into_view(one.table)
            qtbot.waitUntil(lambda one=one: one.table.model().rowCount() > 0)
            assert one.isHidden(), one.table.accessibleName()


def test_a_list_emptied_by_a_search_says_nothing_matches_and_offers_no_new_start(demo_window, qtbot):
    view = demo_window.show_view("resources")
    state = view.empty_states[0]
    assert state.isHidden()
    view.search.setText("zzz no resource is called this")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    qtbot.waitUntil(lambda: not state.isHidden())
    assert state.message.text() == "No resources match the search and filters."
    assert all(b.isHidden() for b in state.buttons)
    view.search.clear()
    qtbot.waitUntil(state.isHidden)


def test_an_empty_state_appears_when_the_last_record_goes(window, ctx, qtbot):
    from sdm_desktop.services.engagement import plans as eng
    view = window.show_view("engagement")
    plan = eng.create_plan(ctx, eng.PlanInput(title="Only plan", ppe_service=True))
    window.env.announce(Change.PLAN)
    qtbot.waitUntil(lambda: view.plan_model.rowCount() == 1)
    assert view.empty_states[0].isHidden()
    eng.delete_plans(ctx, [plan])
    window.env.announce(Change.PLAN)
    qtbot.waitUntil(lambda: not view.empty_states[0].isHidden())


@pytest.fixture
def user_settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)


def _answer_welcome(monkeypatch, outcome: int, setup=lambda d: None) -> list:
    shown = []

    def fake_exec(self):
        shown.append(self)
        setup(self)
        return outcome
    monkeypatch.setattr(welcome.WelcomeDialog, "exec", fake_exec)
    return shown


def test_the_welcome_shows_on_first_run_only_and_gives_the_choices_made(user_settings, monkeypatch, tmp_path, qtbot):
    chosen = tmp_path / "Team share" / "SDM"

    def choose(dialog):
        qtbot.addWidget(dialog)
        dialog.folder.setText(str(chosen))
        dialog.sample_choice.setChecked(True)
        dialog.import_choice.setChecked(True)
    shown = _answer_welcome(monkeypatch, QDialog.DialogCode.Accepted, choose)
    choice = welcome.first_run_welcome(user_settings, tmp_path / "default")
    assert choice == welcome.WelcomeChoice(data_dir=chosen, sample_data=True, import_lists=True)
    assert welcome.first_run_welcome(user_settings, tmp_path / "default") is None
    assert welcome.first_run_welcome(QSettings(user_settings.fileName(), QSettings.Format.IniFormat),
                                     tmp_path / "default") is None          # read back from the file
    assert len(shown) == 1


def test_skipping_the_welcome_also_means_never_again(user_settings, monkeypatch, tmp_path, qtbot):
    shown = _answer_welcome(monkeypatch, QDialog.DialogCode.Rejected, qtbot.addWidget)
    assert welcome.first_run_welcome(user_settings, tmp_path) is None
    assert welcome.first_run_welcome(user_settings, tmp_path) is None
    assert len(shown) == 1


def test_the_folder_chosen_in_the_welcome_is_the_data_folder_from_then_on(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    monkeypatch.setattr(paths, "portable_data_dir", lambda: tmp_path / "no portable folder")
    monkeypatch.setattr(paths.platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "default"))
    assert paths.choose_data_dir(create=False) == (tmp_path / "default").resolve()
    assert paths.data_dir_is_fixed() == ""
    paths.remember_data_dir(tmp_path / "chosen")
    assert paths.choose_data_dir() == (tmp_path / "chosen").resolve()
    assert (tmp_path / "chosen" / "backups").is_dir()
    assert paths.choose_data_dir(str(tmp_path / "given")) == (tmp_path / "given").resolve()
    assert "command line" in paths.data_dir_is_fixed(str(tmp_path / "given"))


def test_the_welcome_cannot_move_a_data_folder_given_on_the_command_line(qtbot, tmp_path):
    dialog = welcome.WelcomeDialog(None, data_dir=tmp_path, folder_fixed="it was given on the command line")
    qtbot.addWidget(dialog)
    assert not dialog.folder.isEnabled() and not dialog.choose_button.isEnabled()


def test_the_team_database_choice_is_offered_only_when_connected_and_asks_for_it(qtbot, tmp_path):
    plain = welcome.WelcomeDialog(None, data_dir=tmp_path)
    qtbot.addWidget(plain)
    assert plain.team_button.isHidden()
    offered = welcome.WelcomeDialog(None, data_dir=tmp_path, offer_team_database=True)
    qtbot.addWidget(offered)
    assert not offered.team_button.isHidden()
    with qtbot.waitSignal(offered.team_database_requested, timeout=1000):
        offered.team_button.click()


def test_help_welcome_reopens_it_and_acts_on_the_choice(window, monkeypatch, qtbot):
    opened = []
    monkeypatch.setattr(type(window), "open_import", lambda self: opened.append("import wizard"))

    def choose(dialog):
        qtbot.addWidget(dialog)
        dialog.import_choice.setChecked(True)
    shown = _answer_welcome(monkeypatch, QDialog.DialogCode.Accepted, choose)
    window.named_actions["welcome"].trigger()
    assert len(shown) == 1 and opened == ["import wizard"]
    assert Path(shown[0].folder.text()) == window.env.ctx.data_dir


def test_the_first_run_welcome_hands_the_team_database_choice_to_whoever_connects(user_settings, monkeypatch,
                                                                               tmp_path, qtbot):
    asked = []

    def press_team_database(dialog):
        qtbot.addWidget(dialog)
        assert not dialog.team_button.isHidden()
        dialog.team_button.click()
    _answer_welcome(monkeypatch, QDialog.DialogCode.Rejected, press_team_database)
    welcome.first_run_welcome(user_settings, tmp_path, on_team_database=asked.append)
    assert len(asked) == 1 and isinstance(asked[0], welcome.WelcomeDialog)


def test_an_empty_database_has_no_records_of_any_kind(ctx):
    from sdm_desktop.services.reporting.records import RECORD_KINDS, has_records
    assert [kind for kind in RECORD_KINDS if has_records(ctx, kind)] == []
    with pytest.raises(ValueError, match="Unknown record kind 'plan'"):
        has_records(ctx, "plan")


def test_the_sample_data_has_records_of_every_kind(demo_ctx):
    from sdm_desktop.services.reporting.records import RECORD_KINDS, has_records
    assert [kind for kind in RECORD_KINDS if not has_records(demo_ctx, kind)] == []


def test_the_welcomes_team_database_button_opens_the_connect_dialog_once_the_window_has_its_data(window, monkeypatch):
    from sdm_desktop.ui.welcome.dialog import WelcomeDialog, act_on_choice

    opened = []
    monkeypatch.setattr(type(window), "connect_team_database", lambda self: opened.append(self))
    dialog = WelcomeDialog(window, data_dir=window.env.ctx.data_dir, offer_team_database=True)
    dialog.team_database_requested.connect(dialog.ask_for_team_database)
    assert dialog.team_button.isVisibleTo(dialog)
    dialog.team_button.click()
    assert dialog.result() == WelcomeDialog.DialogCode.Accepted and dialog.choice().team_database
    act_on_choice(window, dialog.choice())
    assert opened == [window]
