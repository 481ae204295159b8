"""Benchmark: the one-page board summary on a large generated database (target ≤ 3 s).

Run: .venv/bin/python tests/benchmarks/bench_board_summary.py [--organisations 3000]

The database (tests/board_helpers.build_large): 3,000 organisations with long names, 2,000 people, 500 activities,
200 feedback items, 300 open follow-ups, 3,000 assessments, 400 people trained. Timed: counting the figures, and
counting plus writing the PDF (laid out with QPainter, offscreen) and the Word document (template + chart).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from board_helpers import PERIOD, build_large  # noqa: E402
from sdm_desktop.services.opening import open_context  # noqa: E402
from sdm_desktop.services.reporting.board import board_summary  # noqa: E402
from sdm_desktop.services.reporting.board_report import make_board_summary  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=3000)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 - the PDF and the chart need one
    from sdm_desktop.ui.common.charts import chart_png
    from sdm_desktop.ui.reporting.board_pdf import write_board_pdf

    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(Path(folder))
        try:
            started = time.perf_counter()
            build_large(ctx, organisations=args.organisations)
            print(f"generated {args.organisations:,} organisations, 500 activities, 200 feedback items in "
                  f"{time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            board_summary(ctx, *PERIOD)
            print(f"board summary figures: {time.perf_counter() - started:.2f} s")
            for suffix in (".pdf", ".docx"):
                out = Path(folder) / f"board{suffix}"
                started = time.perf_counter()
                make_board_summary(ctx, *PERIOD, out, write_board_pdf, chart_png)
                took = time.perf_counter() - started
                print(f"board summary written as {suffix}: {took:.2f} s (target ≤ 3 s), {out.stat().st_size:,} bytes")
        finally:
            ctx.close()


if __name__ == "__main__":
    main()
