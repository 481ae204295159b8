"""Benchmark: what the look costs. Icons are SVGs drawn in the palette's colour each time they are painted;
toolbars and empty states are added as each view is built.

Run: .venv/bin/python tests/benchmarks/bench_look.py
Prints the time to draw one toolbar icon (20 px, median of 2,000), to paint the whole navigation rail
and the Stakeholders toolbar, and to build each view with and without its toolbar and empty states (median of 3).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from sdm_desktop.services.opening import open_context
from sdm_desktop.ui import main_window
from sdm_desktop.ui.common.icons import icon
from sdm_desktop.ui.navigation import VIEWS


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def icon_draw_time() -> float:
    house = icon("house")
    times = []
    for _ in range(2000):
        started = time.perf_counter()
        house.pixmap(20, 20)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def view_build_times(window, decorated: bool, rounds: int = 3) -> dict[str, float]:
    """Median of ``rounds`` builds of each view, with or without its toolbar and empty states."""
    real = main_window.add_view_toolbar, main_window.add_empty_states
    if not decorated:
        main_window.add_view_toolbar = main_window.add_empty_states = lambda *a, **k: None
    found: dict[str, list[float]] = {spec.name: [] for spec in VIEWS}
    try:
        for _ in range(rounds):
            for spec in VIEWS:
                window.views.pop(spec.name, None)
                started = time.perf_counter()
                window._build_view(spec.name)
                found[spec.name].append(time.perf_counter() - started)
                QApplication.processEvents()
    finally:
        main_window.add_view_toolbar, main_window.add_empty_states = real
    return {name: statistics.median(times) for name, times in found.items()}


def main() -> None:
    from sdm_desktop.app import build_window
    from sdm_desktop.services.demo.loader import load_demo

    app = QApplication.instance() or QApplication([])
    print(f"one 20 px icon drawn in the palette's colour: {ms(icon_draw_time())} (median of 2,000)")
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(Path(folder))
        load_demo(ctx)
        window = build_window(ctx, synchronous_jobs=True)
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        started = time.perf_counter()
        window.nav.grab()
        print(f"navigation rail painted (7 icons and names): {ms(time.perf_counter() - started)}")
        view = window.show_view("stakeholders")
        app.processEvents()
        started = time.perf_counter()
        view.toolbar.grab()
        print(f"Stakeholders toolbar painted (7 icons): {ms(time.perf_counter() - started)}")
        view_build_times(window, True, rounds=1)          # every view's modules imported first
        without = view_build_times(window, False)
        with_look = view_build_times(window, True)
        for spec in VIEWS:
            print(f"build {spec.name:<13} with toolbar and empty states {ms(with_look[spec.name]):>10}, "
                  f"without {ms(without[spec.name]):>10}")
        window.env.jobs.shutdown()
        window.hide()
        ctx.close()


if __name__ == "__main__":
    main()
