"""Home's figures kept from the last count (the data stamp, the kept file) and shown at the next start before the
database layer is loaded, only while nothing they count has changed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import make_org, make_person
from home_helpers import build_programme
from sdm_desktop import paths
from sdm_desktop.db import data_stamp
from sdm_desktop.db.models import Base
from sdm_desktop.services.core import audit
from sdm_desktop.services.reporting import home_snapshot
from sdm_desktop.services.reporting.dashboard import dashboard
from sdm_desktop.services.reporting.periods import LAST_12_MONTHS, THIS_QUARTER, period_for

SRC = Path(__file__).resolve().parents[1] / "src"


def database(ctx) -> Path:
    return ctx.data_dir / paths.DATABASE_FILE_NAME


def count_and_keep(ctx, period):
    stamp = home_snapshot.stamp_of(database(ctx))
    figures = dashboard(ctx, period)
    home_snapshot.keep(ctx.data_dir, stamp, figures)
    return figures


# --- the data stamp ---------------------------------------------------------------------------------------------
def test_every_table_of_records_moves_the_stamp(ctx):
    """A table added later without its triggers would let kept figures go stale: this names it."""
    with sqlite3.connect(database(ctx)) as conn:
        triggers = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    tables = data_stamp.stamped_tables(Base.metadata.tables)
    assert "person" in tables and "audit_event" not in tables and "lookup_postcode" not in tables
    assert set(data_stamp.trigger_names(tables)) - triggers == set()


def test_the_stamp_moves_with_a_record_and_not_with_the_audit_trail(ctx):
    before = data_stamp.read_stamp(database(ctx))
    assert before is not None and before[0] == "0014"
    with ctx.session() as s:
        audit.record(s, "viewed", "person", 1, note="looked")
    assert data_stamp.read_stamp(database(ctx)) == before
    make_person(ctx, "Ann", "Lee")
    after = data_stamp.read_stamp(database(ctx))
    assert after[0] == before[0] and after[1] != before[1]


def test_no_stamp_is_trusted_when_a_trigger_is_missing(ctx):
    assert data_stamp.read_stamp(database(ctx)) is not None
    with sqlite3.connect(database(ctx)) as conn:
        conn.execute("DROP TRIGGER interaction_stamp_update")
    assert data_stamp.read_stamp(database(ctx)) is None
    assert data_stamp.read_stamp(ctx.data_dir / "no-such.sqlite3") is None


# --- the kept figures -------------------------------------------------------------------------------------------
def test_kept_figures_come_back_exactly_while_nothing_changes(ctx):
    build_programme(ctx, date.today())
    period = period_for(LAST_12_MONTHS, date.today())
    counted = count_and_keep(ctx, period)
    kept = home_snapshot.last_figures(ctx.data_dir, database(ctx), period)
    assert kept == counted and kept.since is None
    assert kept.activities and all(isinstance(key, tuple) for key in kept.activities)
    assert kept.quadrants == counted.quadrants and kept.themes == counted.themes


def test_kept_figures_are_dropped_after_any_change_or_on_another_day_or_period(ctx):
    period = period_for(LAST_12_MONTHS, date.today())
    count_and_keep(ctx, period)
    assert home_snapshot.last_figures(ctx.data_dir, database(ctx), period) is not None
    assert home_snapshot.last_figures(ctx.data_dir, database(ctx), period_for(THIS_QUARTER, date.today())) is None
    assert home_snapshot.last_figures(ctx.data_dir, database(ctx), period,
                                      today=date.today() + timedelta(days=1)) is None
    make_org(ctx, "Riverside PPG")
    assert home_snapshot.last_figures(ctx.data_dir, database(ctx), period) is None


@pytest.mark.parametrize("content", ["{not json", json.dumps({"version": "0.1.0"}), "[1, 2]", "x" * 1_100_000])
def test_an_unreadable_kept_file_means_counting_afresh(ctx, content):
    period = period_for(LAST_12_MONTHS, date.today())
    count_and_keep(ctx, period)
    (ctx.data_dir / home_snapshot.FILE_NAME).write_text(content, encoding="utf-8")
    assert home_snapshot.last_figures(ctx.data_dir, database(ctx), period) is None


def test_figures_are_kept_only_for_the_folders_own_database(ctx, tmp_path, monkeypatch):
    assert paths.own_database_file(ctx.data_dir) == database(ctx)
    assert paths.own_database_file(ctx.data_dir, "sqlite:////elsewhere.sqlite3") is None
    (ctx.data_dir / paths.TEAM_DATABASE_FILE_NAME).write_text("{}", encoding="utf-8")
    assert paths.own_database_file(ctx.data_dir) is None


# --- the window -------------------------------------------------------------------------------------------------
def test_the_next_start_shows_kept_figures_before_the_data_is_opened(ctx, qtbot, desktop_screen):
    from sdm_desktop import app as sdm_app

    build_programme(ctx, date.today())
    counted = count_and_keep(ctx, period_for(LAST_12_MONTHS, date.today()))
    window = sdm_app.window_frame(ctx.data_dir)
    qtbot.addWidget(window)
    window.show()
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "Privac&y", "&Help"] and not window.menuBar().isEnabled()
    assert all(menu.isEmpty() for menu in window.menus.values())          # their actions come after the first paint
    assert sdm_app.show_home_early(window, ctx.data_dir)
    assert not any(menu.isEmpty() for menu in window.menus.values())
    assert window.named_actions["import"].text() == "&Import…"               # Home's toolbar shows it
    home = window.views["home"]
    assert window.current_view() is home and window.env.ctx is None
    assert home.tiles["people"].number.text() == f"{counted.register['people']:,}"
    assert home.tiles["overdue"].number.text() == str(counted.overdue)
    assert home.since.text().startswith("Counting what changed")
    home.tiles["overdue"].click()                               # not yet open: nothing happens
    assert window.current_view() is home
    sdm_app.attach_data(window, ctx, synchronous_jobs=True)
    qtbot.waitUntil(lambda: home.figures is not None and home.figures.since is not None or
                    "Welcome" in home.since.text())
    assert window.views["home"] is home and home.tiles["people"].number.text() == f"{counted.register['people']:,}"
    home.tiles["overdue"].click()
    assert window.current_view().title == "Engagement"


@pytest.mark.parametrize("database", [None, "sqlite:////elsewhere.sqlite3"])
def test_without_kept_figures_home_waits_for_the_count(ctx, qtbot, desktop_screen, database):
    from sdm_desktop import app as sdm_app

    count_and_keep(ctx, period_for(LAST_12_MONTHS, date.today()))
    if database is None:
        make_org(ctx, "Changed since")
    window = sdm_app.window_frame(ctx.data_dir)
    qtbot.addWidget(window)
    assert not sdm_app.show_home_early(window, ctx.data_dir, database)
    home = window.views["home"]
    assert window.current_view() is home and home.figures is None and home.tiles["people"].number.text() == "–"
    sdm_app.attach_data(window, ctx, synchronous_jobs=True)
    qtbot.waitUntil(lambda: home.figures is not None)
    assert window.current_view() is home and home.tiles["organisations"].number.text() == (
        "1" if database is None else "0")


def test_closing_keeps_the_figures_when_they_changed_since_the_last_count(window, ctx, qtbot):
    home = window.show_view("home")
    home.activated()
    qtbot.waitUntil(lambda: home.figures is not None)
    period = home.period_bar.period()
    assert home_snapshot.last_figures(ctx.data_dir, database(ctx), period) is not None     # kept by the count
    make_org(ctx, "Counted after")
    assert home_snapshot.last_figures(ctx.data_dir, database(ctx), period) is None
    home.keep_for_next_start()
    kept = home_snapshot.last_figures(ctx.data_dir, database(ctx), period)
    assert kept is not None and kept.register["organisations"] == 1


def test_home_and_the_window_frame_load_no_database_code():
    """What start-up shows before the data is opened must not wait for SQLAlchemy (about 0.8 s to load)."""
    code = ("import sys; import sdm_desktop.ui.main_window, sdm_desktop.ui.home.view, "
            "sdm_desktop.services.reporting.home_snapshot, sdm_desktop.ui.empty_states, sdm_desktop.ui.view_toolbars; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120,
                         env={"PYTHONPATH": str(SRC), "QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.stdout.strip() == "[]"


def test_start_up_restores_pythons_import_and_makes_no_qstyle_before_home_shows(tmp_path):
    """Two costs of the first frame, checked in a fresh process started as run_gui starts: PySide's import hook
    (it reads the source of each module imported after PySide) is taken away, and QStyle's Python enums (16 ms)
    are not made before Home shows: the style is given when the application is made, and the rail draws its
    own state."""
    code = "\n".join([
        "import builtins, sys",
        "from pathlib import Path",
        "from sdm_desktop import app",
        "qt = app._application()",
        "import PySide6.QtWidgets as widgets",
        "window = app.window_frame(Path(sys.argv[1])); window.show(); qt.processEvents()",
        "app.show_home_early(window, Path(sys.argv[1])); qt.processEvents()",
        "print(builtins.__import__ is builtins.__orig_import__, 'QStyle' in vars(widgets), qt.style().name())",
    ])
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True,
                         timeout=120, env={"PYTHONPATH": str(SRC), "QT_QPA_PLATFORM": "offscreen", "PATH": "",
                                           "HOME": str(tmp_path)})
    assert out.stdout.split() == ["True", "False", "fusion"]


def test_a_bulk_import_moves_the_stamp_once_and_keeps_its_triggers(ctx, tmp_path, monkeypatch):
    """A big import drops the insert triggers while it writes and moves the stamp once at the end; a refused one
    leaves stamp and triggers as they were."""
    from importexport_files import write_csv
    from sdm_desktop.errors import UserError
    from sdm_desktop.services.importing import ImportOptions, run_import, writer

    monkeypatch.setattr(writer, "CHUNK", 5)          # a "bulk" insert from 5 rows, not 2,000
    before = data_stamp.read_stamp(database(ctx))
    rows = [["First name", "Surname", "Email"]] + [[f"Name{n}", f"Surname{n}", ""] for n in range(12)]
    bad = [*rows, ["Bad", "Email", "not an email"]]
    with pytest.raises(UserError, match="with --strict nothing was imported"):
        run_import(ctx, write_csv(tmp_path / "bad.csv", bad), ImportOptions(kind="people", strict=True))
    assert data_stamp.read_stamp(database(ctx)) == before                   # triggers all there, stamp unmoved
    report = run_import(ctx, write_csv(tmp_path / "people.csv", rows), ImportOptions(kind="people"))
    after = data_stamp.read_stamp(database(ctx))
    assert report.created == 12 and after is not None and after != before   # every trigger back: a stamp to trust
    make_person(ctx, "Pipit", "Ceri")
    assert data_stamp.read_stamp(database(ctx)) != after


def test_migration_0014_stamps_a_database_from_0013_with_its_records_and_takes_a_backup(ctx, tmp_path):
    """From the previous head: no stamp at 0013, every trigger and a stamp after the upgrade, records kept, and the
    file as it was at 0013 saved among the backups first."""
    from sdm_desktop.db.engine import downgrade_to
    from sdm_desktop.services.opening import open_context

    make_person(ctx, "Ann", "Lee")
    downgrade_to(ctx.db.engine, "0013")
    assert data_stamp.read_stamp(database(ctx)) is None
    folder = ctx.data_dir
    ctx.close()
    again = open_context(folder)
    try:
        assert data_stamp.read_stamp(database(again))[0] == "0014"
        with sqlite3.connect(database(again)) as conn:
            assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 1
        assert list((folder / "backups").glob("*before-upgrade-from-0013*.sqlite3"))
    finally:
        again.close()
