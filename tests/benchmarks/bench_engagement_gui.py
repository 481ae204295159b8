"""Benchmark: how long the Engagement view holds the GUI thread with 50,000 interactions.

Run:  .venv/bin/python tests/benchmarks/bench_engagement_gui.py [INTERACTIONS]
Builds the same data as bench_engagement.py in a temporary folder, opens the main window offscreen
and prints, for each user action, the time the call blocks and the longest event-loop turn while
its background loads finish (both should stay under ~100 ms).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_engagement
from PySide6.QtWidgets import QApplication

from sdm_desktop.app import build_window
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.opening import open_context


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(Path(folder) / "data")
        bench_engagement.build(ctx, n, random.Random(7))
        window = build_window(ctx, synchronous_jobs=False)
        window.show()
        app.processEvents()
        jobs = window.env.jobs

        def timed(label: str, action):
            started = time.perf_counter()
            result = action()
            call = (time.perf_counter() - started) * 1000
            worst, deadline = 0.0, time.perf_counter() + 30
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                app.processEvents()
                worst = max(worst, (time.perf_counter() - started) * 1000)
                if not jobs._running:
                    break
                time.sleep(0.005)
            print(f"  {label:<44} blocks {call:7.1f} ms   longest turn after {worst:7.1f} ms")
            return result

        print(f"Engagement view with {n:,} interactions:")
        view = timed("open the Engagement view", lambda: window.show_view("engagement"))
        timed("select another plan", lambda: view.plan_table.selectRow(1))
        timed("refresh after a change elsewhere", lambda: window.env.announce(Change.INTERACTION))
        timed("Follow-ups tab", lambda: view.tabs.setCurrentIndex(1))
        panel = view.followups
        timed("show every done action", lambda: panel.show_combo.setCurrentIndex(panel.show_combo.findData("done")))
        timed("back to open actions", lambda: panel.show_combo.setCurrentIndex(0))
        panel.table.selectRow(0)
        timed("mark one action done", panel.mark_selected_done)
        timed("You said, we did tab", lambda: view.tabs.setCurrentIndex(2))
        timed("Plans tab", lambda: view.tabs.setCurrentIndex(0))
        register = timed("open the Stakeholders view", lambda: window.show_view("stakeholders"))
        timed("select a group (its timeline)", lambda: register.org_table.selectRow(0))
        window.close()
        ctx.close()


if __name__ == "__main__":
    main()
