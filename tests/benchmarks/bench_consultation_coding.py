"""Benchmark: coding consultation answers with 10,000 responses (5 free-text questions each: 50,000 answers).

Run:  .venv/bin/python tests/benchmarks/bench_consultation_coding.py [RESPONSES]
Builds a survey in a temporary folder, opens the Consultation view offscreen on its Coding tab and prints the
time the GUI thread is held for each coding key: Enter (the answer counts as coded, the next uncoded one is
shown), a number key (apply a theme), a sentiment key, Page Down, and the opening of the tab (aim: each key
≤ 50 ms). Also the services on their own, and the two-coder comparison.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from consultation_coding_helpers import add_survey  # noqa: E402
from sdm_desktop.app import build_window  # noqa: E402
from sdm_desktop.services.consultation.codebook import agreement, coding, themes  # noqa: E402
from sdm_desktop.services.opening import open_context  # noqa: E402

THEMES = ("Access", "Parking", "Transport", "Staff attitude", "Information", "Waiting times", "Carers", "Cost",
          "Choice", "Follow-up", "Language", "Digital")


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(samples):6.1f} ms   95th {p95:6.1f} ms   worst {max(samples):6.1f} ms"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(Path(folder) / "data")
        started = time.perf_counter()
        survey = add_survey(ctx, responses=n, free_text_questions=5)
        for name in THEMES:
            themes.add_theme(ctx, survey.activity_id, name)
        print(f"{n:,} responses x 5 free-text questions written in {time.perf_counter() - started:.1f} s")
        window = build_window(ctx, synchronous_jobs=False)
        window.resize(1366, 768)
        window.show()
        app.processEvents()

        def held(action) -> float:
            """The GUI thread's longest stretch: the call itself, or an event-loop turn until the
            background reads it started have been delivered."""
            started = time.perf_counter()
            action()
            app.processEvents()
            worst = (time.perf_counter() - started) * 1000
            while not window.env.jobs.idle:
                time.sleep(0.005)
                started = time.perf_counter()
                app.processEvents()
                worst = max(worst, (time.perf_counter() - started) * 1000)
            return worst

        view = window.show_view("consultation")
        opened = held(lambda: view.show_activity(survey.activity_id))
        shown = held(lambda: view.tabs.setCurrentWidget(view.coding))
        panel = view.coding
        one = held(lambda: panel.question.setCurrentIndex(1))            # one question: 10,000 answers
        whole = held(lambda: panel.question.setCurrentIndex(0))          # all five questions: 50,000 answers
        reader = panel.reader
        reader.setFocus()
        print(f"open the view on the survey (all tabs load)    {opened:7.1f} ms")
        print(f"Coding tab shown                               {shown:7.1f} ms")
        print(f"choose all questions (50,000 answers queued)   {whole:7.1f} ms")
        print(f"choose one question (10,000 answers queued)    {one:7.1f} ms")
        keys = {"Enter: coded, next uncoded": Qt.Key.Key_Return, "number key: apply a theme": Qt.Key.Key_3,
                "sentiment key (+)": Qt.Key.Key_Plus, "Page Down: next answer": Qt.Key.Key_PageDown}
        samples = {label: [] for label in keys}
        for _ in range(100):
            for label, key in keys.items():
                samples[label].append(held(lambda k=key: QTest.keyClick(reader, k)))
        for label, times in samples.items():
            print(f"  {label:<32} {_ms(times)}")
        print(f"  progress shown: {panel.progress_words.text()}")

        coder = panel.coder_name()
        answer_ids = panel.queue.answer_ids
        reads = []
        for answer_id in answer_ids[5000:5200]:
            started = time.perf_counter()
            coding.answer_to_code(ctx, answer_id, coder)
            reads.append((time.perf_counter() - started) * 1000)
        print(f"service: read one answer to code              {_ms(reads)}")
        book = themes.codebook(ctx, survey.activity_id)
        for who in ("asha", "ben"):
            for n_answer, answer_id in enumerate(answer_ids[:2000]):
                coding.code_answer(ctx, answer_id, [book[(n_answer + (who == "ben")) % 3].id], who)
        started = time.perf_counter()
        result = agreement.agreement(ctx, survey.activity_id, "asha", "ben")
        print(f"compare two coders over {result.answers:,} answers             "
              f"{(time.perf_counter() - started) * 1000:7.1f} ms")
        window.close()
        ctx.close()


if __name__ == "__main__":
    main()
