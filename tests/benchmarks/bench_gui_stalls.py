"""How long each common user action holds the GUI thread, on one big database, with real background jobs.

    .venv/bin/python tests/benchmarks/bench_gui_stalls.py [--repeat 3] [--data DIR] [--only TEXT] [--json FILE]
                                                          [--compare EARLIER.json] [--src OTHER/src] [--verbose]

Builds one database from the other benchmarks' builders (20,000 groups and 100,000 people from
bench_register, 50,000 interactions from bench_engagement, 2,000 groups assessed in two rounds from
bench_analysis, a 50,000-person cascade from bench_training, 10,000 resources from bench_resources,
200,000 audit events and 10,000 letters as in bench_privacy), a 100,000-row people CSV and a 20,000-row
XLSX to import. ``--data DIR`` keeps the built database there and reuses it (each run works on a copy).

It opens the real main window with background jobs (``build_window(ctx, synchronous_jobs=False)``, then
``gc.freeze`` and garbage collection between events as ``run_gui`` does) and, for each action, prints:

- **call**: how long the call that performs the user's action (a click, a key, a selection) holds the
  GUI thread;
- **stall**: the longest time the event loop did not turn, from the action until its result is on
  screen: the longest gap between ticks of a 5 ms timer on the GUI thread (so it includes the call, the
  callbacks that show the result, painting, garbage collections, and the GIL held by a worker);
- **cpu**: the GUI thread's CPU time over the same span (steadier than wall time on a busy machine);
- **shown**: wall time until the result is on screen (the last background job delivered, debounce
  timers included).

Medians and maxima over ``--repeat`` runs of each action (first-time opens run once). Other programs
on the machine inflate the stall figures: the idle line at the top shows the noise with nothing to do.
The target is that no action stalls the window for more than ~100 ms. ``--verbose`` prints each run as it
happens with the background jobs it started and every garbage collection over 5 ms (which thread ran
it); ``--src`` measures another copy of the app (e.g. ``git archive`` of an older commit) with the same
data, and ``--compare`` prints an earlier ``--json`` beside this run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent


def _pin_source() -> None:
    """``--src DIR`` runs another copy of the app (e.g. the code before a change) with this benchmark."""
    if "--src" in sys.argv:
        sys.path.insert(0, sys.argv[sys.argv.index("--src") + 1])
    else:
        sys.path.insert(0, str(HERE.parents[1] / "src"))
    import sdm_desktop  # noqa: F401 - imported first, so the benchmarks below use this copy

    sys.path.insert(1, str(HERE))


_pin_source()

# Imported only now, so that these and sdm_desktop come from the copy _pin_source() put on sys.path.
import bench_analysis  # noqa: E402 - must follow _pin_source()
import bench_engagement  # noqa: E402 - must follow _pin_source()
import bench_import_export  # noqa: E402 - must follow _pin_source()
import bench_register  # noqa: E402 - must follow _pin_source()
import bench_resources  # noqa: E402 - must follow _pin_source()
import bench_training  # noqa: E402 - must follow _pin_source()

from sdm_desktop.db.models import AuditEvent, Letter  # noqa: E402 - must follow _pin_source()
from sdm_desktop.services.opening import open_context  # noqa: E402 - must follow _pin_source()

ORGS, PEOPLE, INTERACTIONS, CASCADE, AUDIT_EVENTS, LETTERS = 20_000, 100_000, 50_000, 50_000, 200_000, 10_000
CSV_ROWS, XLSX_ROWS = 100_000, 20_000
DB_NAME = "sdm-desktop.sqlite3"


# --- the data --------------------------------------------------------------------------------------------
def build(data_dir: Path) -> None:
    started = time.perf_counter()

    def step(what: str) -> None:
        print(f"  {what:<58} {time.perf_counter() - started:5.1f} s", flush=True)

    bench_register.build(data_dir, ORGS, PEOPLE)
    step(f"{ORGS:,} groups and {PEOPLE:,} people (bench_register)")
    ctx = open_context(data_dir)             # the first open brings every search text up to date
    step("search text brought up to date")
    rng = random.Random(11)
    bench_engagement.build(ctx, INTERACTIONS, rng, stakeholders=False)
    step(f"{INTERACTIONS:,} interactions, 50 plans (bench_engagement)")
    bench_analysis.build(ctx, rng, org_ids=range(1, bench_analysis.STAKEHOLDERS + 1))
    step(f"{bench_analysis.STAKEHOLDERS:,} groups assessed in two rounds (bench_analysis)")
    bench_training.build(ctx, CASCADE, rng, insert_people=False)
    step(f"a cascade of {CASCADE:,} people (bench_training)")
    bench_resources.build(ctx, rng)
    step(f"{bench_resources.RESOURCES:,} resources, {bench_resources.SHARES:,} shares (bench_resources)")
    add_privacy_history(ctx, rng)
    step(f"{AUDIT_EVENTS:,} audit events, {LETTERS:,} letters, review dates (as bench_privacy)")
    ctx.close()


def add_privacy_history(ctx, rng: random.Random) -> None:
    """What bench_privacy gives its people: review dates, lawful bases, letters and audit events."""
    now, today = datetime.now(), date.today()
    with ctx.session() as s:
        s.execute(text("UPDATE person SET lawful_basis = CASE abs(random()) % 3 WHEN 0 THEN 'consent' "
                       "WHEN 1 THEN 'public_task' END, consent_data = (abs(random()) % 5 != 0), "
                       "retention_review_on = CASE WHEN id % 3 THEN date(:today, (abs(random()) % 2400 - 400) "
                       "|| ' days') END, updated_at = datetime(:now, '-' || (abs(random()) % 2500) || ' days')"),
                  {"today": today.isoformat(), "now": now.isoformat(sep=" ")})
        s.execute(insert(Letter), [dict(person_id=rng.randint(1, PEOPLE), template_name="Invitation", file_path=None,
                                        created_at=now - timedelta(days=rng.randint(0, 2000)))
                                   for _ in range(LETTERS)])
        for start in range(0, AUDIT_EVENTS, 50_000):
            s.execute(insert(AuditEvent), [dict(at=now - timedelta(minutes=i), actor="bench",
                                                action=rng.choice(["create", "update", "archive"]), entity="person",
                                                entity_id=rng.randint(1, PEOPLE), detail=None)
                                           for i in range(start, start + 50_000)])


def write_import_files(folder: Path) -> tuple[Path, Path]:
    from sdm_desktop.services.exporting.tables import Table, write_table

    rng = random.Random(8)
    csv_path, xlsx_path = folder / "people-100k.csv", folder / "people-20k.xlsx"
    if not csv_path.exists():
        bench_import_export.write_people(csv_path, CSV_ROWS, rng)
    if not xlsx_path.exists():
        rows = [[rng.choice(["Mr", "Ms", "Dr", ""]), f"First{n}", f"Surname{n}", f"person{n}@example.org",
                 f"07700 {900000 + n:06d}", f"{n % 200} High Street", "Fernbridge", bench_import_export.postcode(rng),
                 "yes", "no", ""] for n in range(XLSX_ROWS)]
        write_table(Table(bench_import_export.PEOPLE_HEADERS, rows, len(rows), "People"), xlsx_path)
    return csv_path, xlsx_path


# --- the meter -------------------------------------------------------------------------------------------
@dataclass
class Figures:
    call: list[float] = field(default_factory=list)
    stall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    shown: list[float] = field(default_factory=list)


TICK_MS = 5
QUIET_MS = 300         # nothing running for this long (longer than any debounce timer): the result is shown
TIMEOUT_S = 120


class Meter:
    def __init__(self, app, jobs):
        from PySide6.QtCore import Qt, QTimer

        self.app, self.jobs = app, jobs
        self.results: dict[str, Figures] = {}
        self.order: list[str] = []
        self.ticker = QTimer()
        self.ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._tick)
        self.last_tick = self.longest = 0.0
        self.last_delivery = 0.0
        jobs.finished.connect(self._delivered)
        self.ticker.start()
        self.verbose = False
        self.jobs_started: list[str] = []
        self.collections: list[tuple[int, float, str]] = []     # generation, ms, thread
        self._gc_started: dict[int, float] = {}
        original_run = jobs.run

        def run(job, *, label, **kwargs):
            self.jobs_started.append(label)
            return original_run(job, label=label, **kwargs)
        jobs.run = run
        gc.callbacks.append(self._collection)

    def _collection(self, phase: str, info: dict) -> None:
        thread = threading.get_ident()
        if phase == "start":
            self._gc_started[thread] = time.perf_counter()
        elif thread in self._gc_started:
            took = (time.perf_counter() - self._gc_started.pop(thread)) * 1000
            if took > 5:
                self.collections.append((info["generation"], took, threading.current_thread().name))

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last_tick)
        self.last_tick = now

    def _delivered(self) -> None:
        self.last_delivery = time.perf_counter()

    def pump(self, seconds: float) -> None:
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            self.app.processEvents()
            time.sleep(0.001)

    def settle(self, ready: Callable[[], bool] | None = None) -> float:
        """Run the event loop until no job runs, ``ready()`` holds and nothing happened for QUIET_MS;
        returns when the last thing happened."""
        deadline = time.perf_counter() + TIMEOUT_S
        quiet_since = None
        while time.perf_counter() < deadline:
            self.app.processEvents()
            busy = bool(self.jobs._running) or (ready is not None and not ready())
            now = time.perf_counter()
            if busy:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = now
            elif now - quiet_since >= QUIET_MS / 1000 and now - self.last_delivery >= QUIET_MS / 1000:
                return max(quiet_since, self.last_delivery)
            time.sleep(0.001)
        raise TimeoutError("the action did not settle")

    def measure(self, label: str, *steps: Callable[[], object], ready: Callable[[], bool] | None = None,
                pause_ms: int = 0):
        """Run ``steps`` (one action, or keystrokes ``pause_ms`` apart) and wait for the result on screen."""
        self.settle()
        self.pump(0.03)
        result, call = None, 0.0
        self.longest, self.last_tick = 0.0, time.perf_counter()
        self.jobs_started.clear()
        self.collections.clear()
        started, cpu = time.perf_counter(), time.thread_time()
        self.last_delivery = started
        for n, step in enumerate(steps):
            if n and pause_ms:
                self.pump(pause_ms / 1000)
            t0 = time.perf_counter()
            result = step()
            call = max(call, time.perf_counter() - t0)
        finished = max(self.settle(ready), started + call)
        cpu = time.thread_time() - cpu
        self._tick()
        figures = self.results.setdefault(label, Figures())
        if label not in self.order:
            self.order.append(label)
        figures.call.append(call * 1000)
        figures.stall.append(self.longest * 1000)
        figures.cpu.append(cpu * 1000)
        figures.shown.append((finished - started) * 1000)
        if self.verbose:
            slow = ", ".join(f"gen{g} {ms:.0f} ms on {t}" for g, ms, t in self.collections)
            print(f"    {label}: call {call * 1000:.0f} ms, stall {self.longest * 1000:.0f} ms, shown after "
                  f"{(finished - started) * 1000:.0f} ms; jobs {self.jobs_started}"
                  + (f"; garbage collections over 5 ms: {slow}" if slow else ""), flush=True)
        return result

    def idle(self, seconds: float = 1.0) -> None:
        """The machine's own noise: the same figures with nothing to do."""
        until = time.perf_counter() + seconds
        self.measure("(idle, for comparison: 1 s doing nothing)", lambda: None,
                     ready=lambda: time.perf_counter() > until)

    def report(self) -> None:
        print()
        print(f"{'action':<62} {'n':>2}  {'call ms':>15}  {'stall ms':>15}  {'GUI cpu ms':>15}  {'shown ms':>8}")
        print(f"{'':<62} {'':>2}  {'median':>7} {'max':>7}  {'median':>7} {'max':>7}  {'median':>7} {'max':>7}  "
              f"{'median':>8}")
        for label in self.order:
            f = self.results[label]
            flag = "  <-- over 100 ms" if max(f.stall) > 100 or max(f.call) > 100 else ""
            print(f"{label:<62} {len(f.call):>2}  {statistics.median(f.call):7.1f} {max(f.call):7.1f}  "
                  f"{statistics.median(f.stall):7.1f} {max(f.stall):7.1f}  {statistics.median(f.cpu):7.1f} "
                  f"{max(f.cpu):7.1f}  {statistics.median(f.shown):8.0f}{flag}")

    def dump(self, path: Path) -> None:
        path.write_text(json.dumps({label: vars(self.results[label]) for label in self.order}, indent=1))

    def compare(self, path: Path) -> None:
        """Beside the figures of another run (``--json`` of e.g. the code before a change, ``--src``)."""
        before = {label: Figures(**values) for label, values in json.loads(path.read_text()).items()}
        print()
        print(f"{'action':<62}  {'call ms (median/max)':>25}  {'stall ms (median/max)':>25}")
        print(f"{'':<62}  {'before':>12} {'after':>12}  {'before':>12} {'after':>12}")
        for label in self.order:
            after, earlier = self.results[label], before.get(label)

            def pair(values: list[float] | None) -> str:
                return f"{statistics.median(values):5.0f}/{max(values):<6.0f}" if values else f"{'-':>12}"
            print(f"{label:<62}  {pair(earlier and earlier.call)} {pair(after.call)}  "
                  f"{pair(earlier and earlier.stall)} {pair(after.stall)}")


# --- the actions -----------------------------------------------------------------------------------------
VIEW_ORDER = ["stakeholders", "analysis", "engagement", "training", "letters", "resources", "home"]


def views(meter: Meter, window, repeat: int) -> None:
    for name in VIEW_ORDER[:-1]:
        meter.measure(f"open {name} (first time)", lambda n=name: window.show_view(n))
    for _ in range(repeat):
        for name in VIEW_ORDER:
            meter.measure(f"open {name} (again)", lambda n=name: window.show_view(n))


def stakeholders(meter: Meter, window, repeat: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = window.show_view("stakeholders")
    ready = lambda: not view._search_timer.isActive()  # noqa: E731 - benchmark
    for tab, phrase, noun in ((0, "riverside forum", "groups"), (1, "kingfisher12", "people")):
        view.tabs.setCurrentIndex(tab)
        meter.settle()
        for _ in range(repeat):
            meter.measure(f"stakeholders: type {phrase!r} over {noun} (keys 150 ms apart)",
                          *[lambda c=c: QTest.keyClick(view.search, c) for c in phrase], ready=ready, pause_ms=150)
            meter.measure(f"stakeholders: clear the search ({noun})", view.search.clear, ready=ready)
    for tab, noun in ((0, "groups"), (1, "people")):
        view.tabs.setCurrentIndex(tab)
        meter.settle()
        table, model = view.current_table(), view.current_model()
        for column in list(range(1, len(model.columns))) + [0]:
            header = model.columns[column].header
            for n in range(repeat):
                order = Qt.SortOrder.DescendingOrder if n % 2 == 0 else Qt.SortOrder.AscendingOrder
                meter.measure(f"stakeholders: sort {noun} by {header}",
                              lambda table=table, column=column, order=order: table.sortByColumn(column, order))
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        meter.settle()
        for n in range(repeat):
            meter.measure(f"stakeholders: select a row of {noun} (editor, timeline)",
                          lambda table=table, n=n: table.selectRow(10 + n))
    form = view.person_form
    for n in range(repeat):
        view.person_table.selectRow(20 + n)
        meter.settle()
        form.f.set("role", f"Bench role {n}")
        meter.measure("stakeholders: save an edited person", form.save)
        meter.measure("stakeholders: archive the person", view.toggle_archive_selected)
        meter.measure("stakeholders: undo (Ctrl+Z) the archive", window.undo_action.trigger)


def analysis(meter: Meter, window, repeat: int) -> None:
    view = window.show_view("analysis")
    meter.settle()
    types = [view.type_filter.itemData(i) for i in range(1, view.type_filter.count())]
    for n in range(repeat):
        meter.measure("analysis: change the type filter", lambda n=n: view.type_filter.setCurrentIndex(
            view.type_filter.findData(types[n % len(types)])))
        meter.measure("analysis: clear the type filter", lambda: view.type_filter.setCurrentIndex(0))
    for _n in range(repeat):
        meter.measure("analysis: change the round (Baseline)",
                      lambda: view.round_combo.setCurrentIndex(view.round_combo.findData("Baseline")))
        meter.measure("analysis: change the round (Review)",
                      lambda: view.round_combo.setCurrentIndex(view.round_combo.findData("Review")))
    redraw_done = lambda: not view._redraw_soon.isActive()  # noqa: E731 - benchmark
    for n in range(repeat):
        key = sorted(view.scene.markers)[n]
        view.show_on_grid(key)
        meter.settle()
        item = view.scene.markers[key]
        interest = item.point.interest + (1 if item.point.interest < 5 else -1)
        meter.measure("analysis: move a marker (keyboard: write, redraw)",
                      lambda key=key, item=item, interest=interest: view.reassess_position(
                          key, item.point.influence, interest), ready=redraw_done)
        meter.measure("analysis: undo the move", window.undo_action.trigger, ready=redraw_done)
    for tab, name in ((1, "Table"), (2, "Coverage"), (3, "Gaps"), (0, "Grid")):
        for _ in range(repeat):
            meter.measure(f"analysis: {name} tab", lambda t=tab: view.tabs.setCurrentIndex(t))
            if tab:
                view.tabs.setCurrentIndex(0)
                meter.settle()


def engagement(meter: Meter, window, repeat: int) -> None:
    view = window.show_view("engagement")
    view.tabs.setCurrentIndex(0)
    meter.settle()
    for n in range(repeat):
        meter.measure("engagement: select a plan", lambda n=n: view.plan_table.selectRow(1 + n))
    for tab, name in ((1, "Follow-ups"), (2, "You said, we did"), (0, "Plans")):
        for _ in range(repeat):
            meter.measure(f"engagement: {name} tab", lambda t=tab: view.tabs.setCurrentIndex(t))
            if tab:
                view.tabs.setCurrentIndex(0)
                meter.settle()
    view.tabs.setCurrentIndex(1)
    meter.settle()
    panel = view.followups
    for _ in range(repeat):
        panel.table.selectRow(0)
        meter.measure("engagement: mark a follow-up done", panel.mark_selected_done)
    view.tabs.setCurrentIndex(0)


def training(meter: Meter, window, repeat: int) -> None:
    view = window.show_view("training")
    view.tabs.setCurrentIndex(0)
    meter.settle()
    for n in range(repeat):
        meter.measure("training: select a cohort", lambda n=n: view.cohort_table.selectRow(5 + n))
    for tab, name in ((1, "Participants"), (2, "Attendance"), (3, "Evaluation"), (0, "Cohort")):
        for _ in range(repeat):
            meter.measure(f"training: {name} tab", lambda t=tab: view.tabs.setCurrentIndex(t))
    cascade = view.cascade
    for _n in range(repeat):
        cascade.every_programme.setChecked(False)
        meter.measure("training: Cascade tab (one programme)", lambda: view.tabs.setCurrentIndex(4))
        meter.measure("training: all programmes together", lambda: cascade.every_programme.setChecked(True))
        meter.measure("training: Expand all (50,000 people)", getattr(cascade, "expand_all", cascade.tree.expandAll),
                      ready=lambda: not getattr(cascade, "expanding", False))
        meter.measure("training: collapse all", cascade.tree.collapseAll)
        view.tabs.setCurrentIndex(0)
        meter.settle()


def letters(meter: Meter, window, repeat: int) -> None:
    view = window.show_view("letters")
    meter.settle()
    ready = lambda: not view._preview_timer.isActive()  # noqa: E731 - benchmark
    templates = view.templates
    for _n in range(repeat):
        for row in (1, 0):
            meter.measure("letters: choose a template", lambda r=row: templates.list.setCurrentIndex(
                templates.model.index(r, 0)), ready=ready)
    for _n in range(repeat):
        meter.measure("letters: write to people (recipient filter)",
                      lambda: view.recipients.to.setCurrentIndex(1), ready=ready)
        meter.measure("letters: write to groups (recipient filter)",
                      lambda: view.recipients.to.setCurrentIndex(0), ready=ready)


def resources(meter: Meter, window, repeat: int) -> None:
    from PySide6.QtTest import QTest

    view = window.show_view("resources")
    meter.settle()
    ready = lambda: not view._timer.isActive()  # noqa: E731 - benchmark
    for _ in range(repeat):
        meter.measure("resources: type 'decision' (keys 150 ms apart)",
                      *[lambda c=c: QTest.keyClick(view.search, c) for c in "decision"], ready=ready, pause_ms=150)
        meter.measure("resources: clear the search", view.search.clear, ready=ready)
    for n in range(repeat):
        meter.measure("resources: select a resource", lambda n=n: view.table.selectRow(3 + n))


def privacy(meter: Meter, window, repeat: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from sdm_desktop.ui.privacy.audit_trail import AuditTrailDialog
    from sdm_desktop.ui.privacy.retention_review import COLUMNS, RetentionReviewDialog

    env = window.env

    def opened(label: str, dialog_class):
        """Measure making and showing the dialog; return it."""
        holder = {}

        def open_dialog():
            holder["dialog"] = dialog_class(env, window)
            holder["dialog"].show()
        meter.measure(label, open_dialog)
        return holder["dialog"]

    for n in range(repeat):
        dialog = opened("privacy: open the Retention review", RetentionReviewDialog)
        for column in range(1, len(COLUMNS)):
            order = Qt.SortOrder.DescendingOrder if n % 2 == 0 else Qt.SortOrder.AscendingOrder
            meter.measure(f"privacy: sort the review by {COLUMNS[column][0]} ({dialog.model.rowCount():,} rows)",
                          lambda c=column, dialog=dialog, order=order: dialog.table.sortByColumn(c, order))
        dialog.close()
        dialog.deleteLater()
    for _n in range(repeat):
        dialog = opened("privacy: open the Audit trail", AuditTrailDialog)
        ready = lambda dialog=dialog: not dialog._timer.isActive()  # noqa: E731 - benchmark
        meter.measure("privacy: filter the audit trail (type 'archive')",
                      *[lambda c=c, dialog=dialog: QTest.keyClick(dialog.text, c) for c in "archive"], ready=ready,
                      pause_ms=150)
        meter.measure("privacy: sort the audit trail by action",
                      lambda dialog=dialog: dialog.table.sortByColumn(2, Qt.SortOrder.AscendingOrder))
        dialog.close()
        dialog.deleteLater()


def import_wizard(meter: Meter, window, repeat: int, files: tuple[Path, Path]) -> None:
    from sdm_desktop.ui.importing.wizard import CHECK, MAPPING, PREVIEW, ImportWizard

    for path, what in zip(files, (f"{CSV_ROWS:,}-row CSV", f"{XLSX_ROWS:,}-row XLSX"), strict=False):
        for _ in range(repeat):
            wizard = meter.measure("import: open the wizard",
                                   lambda p=path: _shown(ImportWizard(window.env, window, p)))
            meter.measure(f"import: read a {what} (Next, to the preview)", wizard.next,
                          ready=lambda w=wizard: w.currentId() == PREVIEW)
            meter.measure("import: Next, to the columns", wizard.next, ready=lambda w=wizard: w.currentId() == MAPPING)
            meter.measure(f"import: check every row of the {what} (dry run)", wizard.next,
                          ready=lambda w=wizard: w.currentId() == CHECK and w.check.checked is not None)
            wizard.reject()
            wizard.deleteLater()


def _shown(widget):
    widget.show()
    return widget


SECTIONS = {"views": views, "stakeholders": stakeholders, "analysis": analysis, "engagement": engagement,
            "training": training, "letters": letters, "resources": resources, "privacy": privacy}


# --- the run ---------------------------------------------------------------------------------------------
def quiet_prompts(answer: bool = True) -> list[str]:
    from sdm_desktop.ui import prompts

    said: list[str] = []
    prompts.confirm = lambda _p, q, *a, **k: said.append(q) or answer
    for name in ("info", "warn", "error"):
        setattr(prompts, name, lambda _p, m, *a, **k: said.append(m))
    return said


def run(data_dir: Path, files: tuple[Path, Path], repeat: int, only: str | None, verbose: bool = False) -> Meter:
    from PySide6.QtWidgets import QApplication

    from sdm_desktop.app import build_window, freeze_start_up_objects

    app = QApplication.instance() or QApplication(sys.argv[:1])
    said = quiet_prompts()
    ctx = open_context(data_dir)
    started = time.perf_counter()
    window = build_window(ctx, synchronous_jobs=False)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    print(f"main window built and shown (Home): {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
    freeze_start_up_objects()                     # as run_gui does once the window is up
    import sdm_desktop.app as sdm_app
    collector = sdm_app.collect_garbage_between_events(window) \
        if hasattr(sdm_app, "collect_garbage_between_events") else None
    meter = Meter(app, window.env.jobs)
    meter.verbose = verbose
    meter.settle()
    meter.idle()
    for name, section in SECTIONS.items():
        if only and only not in name and name != "views":
            continue
        print(f"  {name}…", flush=True)
        section(meter, window, repeat)
    if not only or only in "import":
        print("  import…", flush=True)
        import_wizard(meter, window, max(1, repeat - 1), files)
    meter.idle()
    if said:
        print(f"({len(said)} prompts answered; the last: {said[-1][:100]!r})")
    window.env.jobs.shutdown()
    if collector is not None:
        collector.stop()
    gc.callbacks.remove(meter._collection)
    window.hide()
    gc.unfreeze()
    ctx.close()
    return meter


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each action (first-time opens: one)")
    parser.add_argument("--data", type=Path, help="keep the built database and files here, and reuse them")
    parser.add_argument("--only", help="only the sections whose name contains this (views always run)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--compare", type=Path, help="print these figures (an earlier --json) beside this run's")
    parser.add_argument("--verbose", action="store_true", help="each run's figures, jobs and long garbage "
                        "collections as it happens")
    parser.add_argument("--src", help="the app's source folder to measure (default: this checkout's src)")
    args = parser.parse_args()
    import sdm_desktop
    print(f"measuring {Path(sdm_desktop.__file__).parent}; load average {os.getloadavg()[0]:.2f} on "
          f"{os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory(prefix="sdm-bench-stalls-") as tmp:
        store = args.data or Path(tmp) / "store"
        store.mkdir(parents=True, exist_ok=True)
        if not (store / DB_NAME).exists():
            print("building the database:", flush=True)
            build(store)
        files = write_import_files(store)
        work = Path(tmp) / "work"
        work.mkdir()
        for suffix in ("", "-wal", "-shm"):
            if (store / (DB_NAME + suffix)).exists():
                shutil.copy2(store / (DB_NAME + suffix), work / (DB_NAME + suffix))
        meter = run(work, files, args.repeat, args.only, args.verbose)
    meter.report()
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    if args.json:
        meter.dump(args.json)
    if args.compare:
        meter.compare(args.compare)
    return 0


if __name__ == "__main__":
    sys.exit(main())
