"""Register benchmark: 20,000 organisations and 100,000 people.

Prints: search-as-you-type time per keystroke (service query + model reset + first page),
time to open the Stakeholders view, process memory, and main-window start-up compared with
a bare QMainWindow in the same run.

    .venv/bin/python tests/benchmarks/bench_register.py [--orgs 20000] [--people 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from sqlalchemy import insert, select

from sdm_desktop.db.models import Membership, Organisation, OrganisationType, Person
from sdm_desktop.services.core.text import search_blob
from sdm_desktop.services.opening import open_context

WORDS = ["Riverside", "Hilltop", "Nunthorpe", "Carers", "Forum", "Voices", "Patient", "Group", "Health",
         "Wellbeing", "Community", "Partnership", "Network", "Surgery", "Practice", "Support", "Action"]
FIRST = ["Ada", "Bilal", "Ceri", "Dev", "Esme", "Farah", "Gwen", "Hamza", "Iris", "Jonah", "Kezia", "Lowri"]
LAST = ["Appleyard", "Birchwood", "Cloudberry", "Dunnock", "Fieldfare", "Goldcrest", "Hawthorn", "Juniper",
        "Kingfisher", "Larkspur", "Nightjar", "Pipit", "Redstart", "Sandpiper", "Teasel", "Yarrow"]


def build(data_dir: Path, n_orgs: int, n_people: int) -> None:
    rng = random.Random(1)
    ctx = open_context(data_dir)
    with ctx.session() as s:
        types = list(s.execute(select(OrganisationType.id, OrganisationType.name)))
        orgs = []
        for i in range(n_orgs):
            type_id, type_name = types[i % len(types)]
            name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(WORDS)} {i}"
            postcode = f"LS{rng.randint(1, 29)} {rng.randint(1, 9)}AB"
            orgs.append(dict(name=name, org_type_id=type_id, postcode=postcode, town="Leeds",
                             email=f"group{i}@example.org", ppe_individual=i % 2 == 0, ppe_service=i % 3 == 0,
                             ppe_community=i % 5 == 0, active=True,
                             search_text=search_blob(name, type_name, postcode, "Leeds", f"group{i}@example.org")))
        s.execute(insert(Organisation), orgs)
        people, members = [], []
        for i in range(n_people):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{i}"
            org_id = rng.randint(1, n_orgs)
            people.append(dict(first_name=first, last_name=last, email=f"p{i}@example.org",
                               postcode=f"LS{rng.randint(1, 29)} {rng.randint(1, 9)}CD", consent_contact=True,
                               search_text=search_blob(first, last, f"p{i}@example.org", orgs[org_id - 1]["name"])))
            members.append(dict(person_id=i + 1, organisation_id=org_id, role="member"))
        s.execute(insert(Person), people)
        s.execute(insert(Membership), members)
    ctx.close()


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_search(data_dir: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from sdm_desktop.app import build_window

    app = QApplication.instance() or QApplication([])
    ctx = open_context(data_dir)
    window = build_window(ctx, synchronous_jobs=True)
    window.show()
    app.processEvents()
    started = time.perf_counter()
    view = window.show_view("stakeholders")
    app.processEvents()
    open_ms = (time.perf_counter() - started) * 1000
    print(f"open the Stakeholders view (first time, 20k orgs):  {open_ms:7.1f} ms")
    started = time.perf_counter()
    view.tabs.setCurrentIndex(1)
    app.processEvents()
    print(f"switch to People tab (100k people):            {(time.perf_counter() - started) * 1000:7.1f} ms")
    for tab, phrase in ((0, "riverside forum"), (1, "kingfisher12")):
        view.tabs.setCurrentIndex(tab)
        timings = []
        for n in range(1, len(phrase) + 1):
            view.search.blockSignals(True)
            view.search.setText(phrase[:n])
            view.search.blockSignals(False)
            t0 = time.perf_counter()
            view.run_search()
            view.current_table().viewport().repaint()   # forces data() for the first page
            timings.append((time.perf_counter() - t0) * 1000)
        label = "organisations" if tab == 0 else "people"
        print(f"search-as-you-type over {label:13} per keystroke: median {statistics.median(timings):6.1f} ms, "
              f"max {max(timings):6.1f} ms  ({len(timings)} keystrokes, {phrase!r}, "
              f"{view.current_model().rowCount()} rows at the end)")
    print(f"process memory (RSS): {rss_mb():.0f} MB")
    window.hide()
    ctx.close()


def bench_search_text_rebuild(data_dir: Path) -> None:
    """The one-off rebuild of every record's search text when a newer version opens the database."""
    from sdm_desktop.db.models import Setting
    from sdm_desktop.services.register.search_index import SETTING_KEY

    ctx = open_context(data_dir)            # the first open after build() rebuilds; make it count:
    with ctx.session() as s:
        s.merge(Setting(key=SETTING_KEY, value="0"))
    ctx.close()
    started = time.perf_counter()
    open_context(data_dir).close()
    print(f"open the database and rebuild every search text (once, after an upgrade): "
          f"{(time.perf_counter() - started) * 1000:7.1f} ms")


def bench_background_search(data_dir: Path) -> None:
    """With real background jobs: how long a click holds the window, and when the rows arrive."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from sdm_desktop.app import build_window

    app = QApplication.instance() or QApplication([])
    ctx = open_context(data_dir)
    window = build_window(ctx, synchronous_jobs=False)
    window.show()
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(1)
    view.search.clear()

    def settle() -> None:
        while window.env.jobs._running:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()

    settle()
    columns = [c.key for c in view.person_model.columns]
    for key, label in (("organisations", "groups"), ("name", "name"), ("email", "email")):
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            started = time.perf_counter()
            view.person_model.sort(columns.index(key), order)
            held = (time.perf_counter() - started) * 1000
            settle()
            shown = (time.perf_counter() - started) * 1000
        print(f"sort 100,000 people by {label:6}: the click holds the window {held:6.1f} ms; rows shown after "
              f"{shown:7.1f} ms (searched in the background)")
    window.hide()
    ctx.close()


STARTUP_BARE = """
import time, sys
t=time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
app=QApplication([]); w=QMainWindow(); w.resize(1280,800); w.show(); app.processEvents()
print((time.perf_counter()-t)*1000)
"""
# The same steps as sdm_desktop.app.run_gui: the window frame first, then the data.
STARTUP_APP = """
import time, sys
t=time.perf_counter()
from pathlib import Path
from PySide6.QtWidgets import QApplication
from sdm_desktop import app as sdm_app
from sdm_desktop.db.lock import DataFolderLock
qt=QApplication([]); folder=Path(sys.argv[1]); lock=DataFolderLock(folder).acquire()
w=sdm_app.window_frame(folder); w.resize(1280,800); w.show(); qt.processEvents()
shown=(time.perf_counter()-t)*1000
sdm_app.show_home_early(w, folder); qt.processEvents()
ahead=sdm_app.check_ahead(folder, None)
ctx=sdm_app._open_data(folder, None, lock, ahead); sdm_app.attach_data(w, ctx); qt.processEvents()
print(shown, (time.perf_counter()-t)*1000)
"""


def bench_startup(data_dir: Path, runs: int = 5) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}

    def timed(code: str, *args: str) -> list[float]:
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True)
        return [float(v) for v in out.stdout.strip().splitlines()[-1].split()]

    bare = statistics.median(timed(STARTUP_BARE)[0] for _ in range(runs))
    runs_app = [timed(STARTUP_APP, str(data_dir)) for _ in range(runs)]
    shown = statistics.median(r[0] for r in runs_app)
    ready = statistics.median(r[1] for r in runs_app)
    print(f"start-up (median of {runs}, from first import): bare QMainWindow shown {bare:6.1f} ms; "
          f"SDM Desktop main window shown {shown:6.1f} ms (ratio {shown / bare:4.2f}x); "
          f"Home view filled from the big database {ready:6.1f} ms (ratio {ready / bare:4.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        t0 = time.perf_counter()
        build(data_dir, args.orgs, args.people)
        print(f"built {args.orgs:,} organisations and {args.people:,} people in {time.perf_counter() - t0:.1f} s")
        bench_search_text_rebuild(data_dir)
        bench_startup(data_dir)
        bench_search(data_dir)
        bench_background_search(data_dir)


if __name__ == "__main__":
    main()
