"""Issue 21's search and start-up figures, today's path beside the new one in the same run (20,000 organisations,
100,000 people, the register benchmark's data):

- people and organisations search per keystroke (query + model reset + first page painted; debounce excluded),
  with the search index switched off, no first page first and nothing answered from memory ("today"), as
  shipped ("with the index": typing on narrows the rows already found, see services/register/search_memory),
  and with every keystroke asked of the index afresh (as a pasted search is), beside the FTS5 query alone;
  the phrase is typed ``--rounds`` times each way, in turn, and each keystroke's median taken;
- Home filled after start-up and the window shown, against a bare QMainWindow (Home's counts from the tally
  table, and with it removed: the row scan "before");
- the search-text rebuild after an upgrade: how long it blocked opening before, how long it blocks now, and how
  long it takes in the background;
- with ``--postgresql``: the same people search on a PostgreSQL server (pg_trgm) beside SQLite (issue 14).

    .venv/bin/python tests/benchmarks/bench_search_index.py [--orgs 20000] [--people 100000] [--rounds 3]
                                                            [--postgresql]

``bench_issue21.py`` prints these with the rest of issue 21's table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE))

import bench_home  # noqa: E402
from bench_register import build  # noqa: E402
from sqlalchemy import text  # noqa: E402

from sdm_desktop.db import text_index  # noqa: E402
from sdm_desktop.services.opening import open_context  # noqa: E402
from sdm_desktop.services.reporting import home_snapshot  # noqa: E402

PEOPLE_PHRASE, ORG_PHRASE = "kingfisher12", "riverside forum"


def summary(timings: list[float]) -> str:
    return f"median {statistics.median(timings):6.1f} ms, max {max(timings):6.1f} ms"


# --- search per keystroke ----------------------------------------------------------------------------------------
def keystrokes(app, view, tab: int, phrase: str) -> list[float]:
    """Each prefix of the phrase typed in turn: the time until the first rows are painted."""
    view.tabs.setCurrentIndex(tab)
    app.processEvents()
    model, painted = view.current_model(), []
    first_set = model.set_ids

    def set_ids(ids, **how):
        first_set(ids, **how)
        view.current_table().viewport().repaint()          # forces data() for the first page (even when unchanged)
        if not painted:
            painted.append(time.perf_counter())

    model.set_ids = set_ids
    timings = []
    try:
        for n in range(1, len(phrase) + 1):
            view.search.blockSignals(True)
            view.search.setText(phrase[:n])
            view.search.blockSignals(False)
            painted.clear()
            started = time.perf_counter()
            view.run_search()
            timings.append((painted[0] if painted else time.perf_counter()) - started)
    finally:
        del model.set_ids
    return [t * 1000 for t in timings]


def fts_query_times(ctx, table: str, phrase: str) -> list[float]:
    """The FTS5 query alone for each prefix it can serve (three characters or more), best of three."""
    from sdm_desktop.services.register.search import indexed_terms

    times = []
    with ctx.session() as s:
        conn = s.connection().connection.driver_connection
        for n in range(3, len(phrase) + 1):
            match = text_index.match_expression(indexed_terms(phrase[:n]))
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                conn.execute(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?", (match,)).fetchall()
                best = min(best, time.perf_counter() - started)
            times.append(best * 1000)
    return times


@contextmanager
def no_memory(view):
    """Every keystroke asked of the database: nothing answered from the rows already found (search_memory)."""
    from sdm_desktop.services.register import search_memory

    keep, search_memory.KEEP = search_memory.KEEP, 0
    view.forget_searches()
    try:
        yield
    finally:
        search_memory.KEEP = keep


@contextmanager
def todays_search(ctx, view):
    """The search as it was: no index (its mark set back, so searches take the LIKE path), no first page first,
    nothing answered from memory."""
    from sdm_desktop.services.register.search_upkeep import bring_search_up_to_date
    from sdm_desktop.ui.register import view as register_view

    with ctx.session() as s:
        for table in text_index.TABLES:
            text_index.reset(s.connection(), table)
    first_page, register_view.FIRST_PAGE = register_view.FIRST_PAGE, None
    try:
        with no_memory(view):
            yield
    finally:
        register_view.FIRST_PAGE = first_page
        started = time.perf_counter()
        bring_search_up_to_date(ctx)
        print(f"  (index filled again from scratch in the background job: {time.perf_counter() - started:5.1f} s)")


SEARCHES = (("people", 1, PEOPLE_PHRASE), ("organisations", 0, ORG_PHRASE))


def typed(app, view, tab: int, phrase: str) -> list[float]:
    """The phrase typed twice (the first time warms the caches, as a user's first search would), the second
    timed, starting with nothing found yet."""
    keystrokes(app, view, tab, phrase)
    view.forget_searches()
    return keystrokes(app, view, tab, phrase)


def bench_search(data_dir: Path, rounds: int = 3) -> None:
    """Each way of searching timed in turn, ``rounds`` times (the machine's load falls on each alike); the
    figures are the medians of each keystroke's timings over the rounds, and the max of those."""
    from PySide6.QtWidgets import QApplication

    from sdm_desktop.app import build_window

    app = QApplication.instance() or QApplication([])
    ctx = open_context(data_dir)
    window = build_window(ctx, synchronous_jobs=True)
    window.show()
    view = window.show_view("stakeholders")
    app.processEvents()
    runs: dict[tuple[str, str], list[list[float]]] = {}
    for _ in range(rounds):
        with todays_search(ctx, view):
            for label, tab, phrase in SEARCHES:
                runs.setdefault((label, "before"), []).append(typed(app, view, tab, phrase))
        with no_memory(view):
            for label, tab, phrase in SEARCHES:
                runs.setdefault((label, "afresh"), []).append(typed(app, view, tab, phrase))
        for label, tab, phrase in SEARCHES:
            runs.setdefault((label, "after"), []).append(typed(app, view, tab, phrase))
        for label, _tab, phrase in SEARCHES:
            runs.setdefault((label, "fts"), []).append(fts_query_times(ctx, text_index_table(label), phrase))
    for label, phrase in ((label, phrase) for label, _tab, phrase in SEARCHES):
        before, afresh, after, fts = (per_keystroke(runs[label, way]) for way in ("before", "afresh", "after", "fts"))
        print(f"{label} search per keystroke ({len(phrase)} keystrokes, {phrase!r}): "
              f"today {summary(before)}; with the index {summary(after)}; "
              f"FTS5 query alone {summary(fts)}; "
              f"median {statistics.median(after) / statistics.median(fts):4.1f}x the FTS5 query")
        print(f"  each keystroke asked of the index afresh (nothing answered from the rows already found, as "
              f"when a search is pasted): {summary(afresh)} "
              f"({statistics.median(afresh) / statistics.median(fts):4.1f}x the FTS5 query)")
    window.hide()
    ctx.close()


def text_index_table(label: str) -> str:
    return "person" if label == "people" else "organisation"


def per_keystroke(rounds: list[list[float]]) -> list[float]:
    """Each keystroke's median over the rounds."""
    return [statistics.median(times) for times in zip(*rounds, strict=True)]


# --- start-up and Home --------------------------------------------------------------------------------------------
# As sdm_desktop.app.run_gui: bench_home's start-up (window, Home with kept figures, then counted afresh), against
# its bare window of the same size.
STARTUP_HOME, STARTUP_BARE = bench_home.STARTUP_APP, bench_home.STARTUP_BARE


def bench_startup(data_dir: Path, runs: int) -> None:
    import subprocess

    from sdm_desktop.services.reporting.overview import programme_overview

    bench_home.compile_sources()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(HERE.parents[1] / "src")}

    def timed(code: str, *args: str) -> list[float]:
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                             check=True)
        return [float(v) for v in out.stdout.strip().splitlines()[-1].split()]

    def counting_ms(folder: Path) -> float:
        ctx = open_context(folder)
        try:
            programme_overview(ctx)
            times = []
            for _ in range(5):
                started = time.perf_counter()
                programme_overview(ctx)
                times.append((time.perf_counter() - started) * 1000)
            return statistics.median(times)
        finally:
            ctx.close()

    before_dir = data_dir.parent / "without-tally"
    shutil.copytree(data_dir, before_dir, ignore=shutil.ignore_patterns("*.lock", "backups"))
    ctx = open_context(before_dir)
    with ctx.session() as s:
        s.execute(text("DROP TABLE register_tally"))        # Home counts the rows, as before
    ctx.close()
    for folder in (data_dir, before_dir):
        checkpoint(folder)
    kept_file = home_snapshot.FILE_NAME
    timed(STARTUP_HOME, str(data_dir))                      # counts once, and keeps the figures
    bare, before, kept, afresh = [], [], [], []
    for _ in range(runs):                                   # interleaved: the machine's load falls on each alike
        bare.append(timed(STARTUP_BARE)[0])
        (before_dir / kept_file).unlink(missing_ok=True)    # before: no tally, nothing kept, counted afresh
        before.append(timed(STARTUP_HOME, str(before_dir)))
        kept.append(timed(STARTUP_HOME, str(data_dir)))     # nothing changed since the last count
        saved = (data_dir / kept_file).read_bytes()
        (data_dir / kept_file).unlink()                     # as after a change: counted afresh
        afresh.append(timed(STARTUP_HOME, str(data_dir)))
        (data_dir / kept_file).write_bytes(saved)
    bare = statistics.median(bare)
    home_before = statistics.median(r[2] for r in before)
    home_kept, home_afresh = statistics.median(r[1] for r in kept), statistics.median(r[2] for r in afresh)
    shown = statistics.median(r[0] for r in kept + afresh)
    print(f"start-up (median of {runs}, from first import): bare QMainWindow shown {bare:6.1f} ms; "
          f"window shown {shown:6.1f} ms (ratio {shown / bare:4.2f}x)")
    print(f"Home filled after start-up, big database: before (rows counted, nothing kept) {home_before:6.1f} ms "
          f"({home_before / bare:4.2f}x bare); now, nothing changed since the last count (figures kept) "
          f"{home_kept:6.1f} ms ({home_kept / bare:4.2f}x bare), after a change (counted afresh) {home_afresh:6.1f} ms "
          f"({home_afresh / bare:4.2f}x bare); counting after the data was attached "
          f"{statistics.median(r[3] for r in afresh):6.1f} ms; Home's figures alone: "
          f"before {counting_ms(before_dir):6.1f} ms, with the tally {counting_ms(data_dir):6.1f} ms")
    shutil.rmtree(before_dir, ignore_errors=True)
    print(f"  of which the damage check on opening (PRAGMA quick_check, bounded at 2 s): "
          f"{quick_check_ms(data_dir):6.1f} ms")


def quick_check_ms(data_dir: Path) -> float:
    from sdm_desktop.services.core.damage import find_damage

    times = []
    for _ in range(3):
        started = time.perf_counter()
        find_damage(data_dir / "sdm-desktop.sqlite3", data_dir / "backups")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def checkpoint(folder: Path) -> None:
    """The write-ahead log emptied into the database, so no start-up pays for an earlier step's writes."""
    import sqlite3

    conn = sqlite3.connect(folder / "sdm-desktop.sqlite3")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


# --- the search-text rebuild after an upgrade ------------------------------------------------------------------------
def stale_search_text(data_dir: Path) -> None:
    from sdm_desktop.db.models import Setting
    from sdm_desktop.services.register.search_index import SETTING_KEY

    ctx = open_context(data_dir)
    with ctx.session() as s:
        s.merge(Setting(key=SETTING_KEY, value="0"))
        s.execute(text("UPDATE person SET search_text = search_text || ' |'"))     # as an older version made it
        s.execute(text("UPDATE organisation SET search_text = search_text || ' |'"))
    ctx.close()


def bench_rebuild(data_dir: Path) -> None:
    from sdm_desktop.db.lock import DataFolderLock
    from sdm_desktop.services.register.search_upkeep import bring_search_up_to_date

    stale_search_text(data_dir)
    checkpoint(data_dir)
    started = time.perf_counter()
    open_context(data_dir).close()                       # today's: rebuilt while opening (as the CLI still does)
    blocking_before = (time.perf_counter() - started) * 1000
    stale_search_text(data_dir)
    checkpoint(data_dir)
    started = time.perf_counter()
    ctx = open_context(data_dir, lock=DataFolderLock(data_dir).acquire(), search_upkeep_later=True)
    blocking_after = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    done = bring_search_up_to_date(ctx)
    background = (time.perf_counter() - started) * 1000
    ctx.close()
    print(f"search-text rebuild after an upgrade: today it blocks opening {blocking_before:7.1f} ms; now opening "
          f"takes {blocking_after:6.1f} ms (never blocks the window) and the rebuild runs in the background in "
          f"{background:7.1f} ms ({done.texts_rebuilt:,} records, then {done.rows_indexed:,} rows indexed)")


# --- PostgreSQL (issue 14) -------------------------------------------------------------------------------------------
def bench_postgresql(data_dir: Path, folder: Path) -> None:
    import bench_pg_server

    from sdm_desktop.services.register.search import RegisterFilter, search_person_ids

    url = bench_pg_server.start(folder / "pg")
    try:
        copy_register(data_dir, url, folder / "pg-data")
        for name, target in (("SQLite", None), ("PostgreSQL", url)):
            ctx = open_context(data_dir if target is None else folder / "pg-data", target)
            try:
                times = []
                for _ in range(2):
                    times = []
                    for n in range(1, len(PEOPLE_PHRASE) + 1):
                        started = time.perf_counter()
                        search_person_ids(ctx, RegisterFilter(text=PEOPLE_PHRASE[:n]))
                        times.append((time.perf_counter() - started) * 1000)
                print(f"register search query at 100,000 people on {name:10}: {summary(times)} "
                      f"({len(times)} keystrokes, {PEOPLE_PHRASE!r}, whole id list)")
            finally:
                ctx.close()
    finally:
        bench_pg_server.stop()


def copy_register(data_dir: Path, url: str, pg_data: Path) -> None:
    from sqlalchemy import insert, select

    from sdm_desktop.db.models import Membership, Organisation, Person

    lite, pg = open_context(data_dir), open_context(pg_data, url)
    try:
        for model in (Organisation, Person, Membership):
            columns = [c for c in model.__table__.columns]
            with lite.session() as s:
                rows = [dict(zip([c.name for c in columns], r, strict=True))
                        for r in s.execute(select(*columns))]
            with pg.session() as s:
                for start in range(0, len(rows), 5000):
                    s.execute(insert(model.__table__), rows[start:start + 5000])
        with pg.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    finally:
        lite.close()
        pg.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="start-ups timed for each figure")
    parser.add_argument("--rounds", type=int, default=3, help="times each search phrase is typed each way")
    parser.add_argument("--postgresql", action="store_true", help="also on a PostgreSQL server (pg_trgm)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir()
        started = time.perf_counter()
        build(data_dir, args.orgs, args.people)
        print(f"built {args.orgs:,} organisations and {args.people:,} people in {time.perf_counter() - started:.1f} s")
        checkpoint(data_dir)
        bench_startup(data_dir, args.runs)
        bench_search(data_dir, args.rounds)
        bench_rebuild(data_dir)
        if args.postgresql:
            bench_postgresql(data_dir, Path(folder))


if __name__ == "__main__":
    main()
