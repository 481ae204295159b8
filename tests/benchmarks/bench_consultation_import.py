"""Consultation import speed: builds survey exports in a temporary folder and prints figures.

    .venv/bin/python tests/benchmarks/bench_consultation_import.py [--responses 10000]

Target (issue 18): 10,000 responses with 5 free-text questions imported in <= 10 s. Also measured: the same
as a Microsoft Forms .xlsx, a dry run, re-importing the same file (every response already there), listing the
responses, exporting them to CSV, and peak memory.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from sdm_desktop.services.consultation.export import responses_table
from sdm_desktop.services.consultation.intake.importing import ResponsesImportOptions, import_responses
from sdm_desktop.services.consultation.responses import list_responses
from sdm_desktop.services.engagement.activities import ActivityInput, create_activity
from sdm_desktop.services.engagement.plans import PlanInput, create_plan
from sdm_desktop.services.exporting.tables import write_table
from sdm_desktop.services.exporting.xlsx_writer import write_xlsx
from sdm_desktop.services.opening import open_context

QUESTIONS = ["What works well at your practice?", "What could be better?", "Tell us about your last appointment.",
             "What would help you take part in decisions about your care?", "Anything else you want to tell us?"]
WORDS = ("appointment", "waiting", "phone", "parking", "letter", "nurse", "doctor", "pharmacy", "online",
         "booking", "evening", "weekend", "interpreter", "large", "print", "friendly", "rushed", "listened",
         "explained", "options", "choice", "carer", "transport", "ramp", "reception", "text", "reminder",
         "jargon", "clear", "helpful", "time")


def answer(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 40))).capitalize() + "."


def rows(count: int, rng: random.Random):
    start = datetime(2026, 3, 1, 9)
    for n in range(1, count + 1):
        began = start + timedelta(minutes=n * 3)
        yield [n, began, began + timedelta(minutes=4), "anonymous", "", *[answer(rng) for _ in QUESTIONS]]


def write_smartsurvey_csv(path: Path, count: int, rng: random.Random) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["UserNo", "UserID", "Name", "Email", "IP Address", "Unique ID", "Started", "Ended",
                      "Tracking Link", "Custom Value", *QUESTIONS])
        for n, began, ended, _email, _name, *answers in rows(count, rng):
            out.writerow([n, 90000 + n, "", "", f"198.51.100.{n % 250}", "", f"{began:%d/%m/%Y %H:%M}",
                          f"{ended:%d/%m/%Y %H:%M}", "", "", *answers])


def activity(ctx, title: str) -> int:
    plan = create_plan(ctx, PlanInput(title=f"Plan for {title}", ppe_service=True))
    return create_activity(ctx, plan, ActivityInput(title=title, ppe_level="service", method="survey"))


def timed(label: str, fn):
    began = time.perf_counter()
    result = fn()
    print(f"{label:<58} {time.perf_counter() - began:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=10_000)
    count = parser.parse_args().responses
    rng = random.Random(18)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        data = folder / "data"
        data.mkdir()
        ctx = open_context(data)
        survey, forms = activity(ctx, "CSV survey"), activity(ctx, "Forms survey")
        csv_path = folder / "smartsurvey.csv"
        write_smartsurvey_csv(csv_path, count, rng)
        xlsx_path = folder / "forms.xlsx"
        write_xlsx(xlsx_path, "Sheet1", ["ID", "Start time", "Completion time", "Email", "Name", *QUESTIONS],
                   rows(count, rng))
        print(f"{count:,} responses x {len(QUESTIONS)} free-text questions "
              f"(CSV {csv_path.stat().st_size / 1e6:.1f} MB, XLSX {xlsx_path.stat().st_size / 1e6:.1f} MB)")
        dry = timed("dry run, SmartSurvey CSV", lambda: import_responses(
            ctx, csv_path, survey, ResponsesImportOptions(dry_run=True)))
        done = timed("import, SmartSurvey CSV (target <= 10 s)", lambda: import_responses(ctx, csv_path, survey))
        again = timed("re-import of the same CSV (all already there)", lambda: import_responses(ctx, csv_path, survey))
        xlsx = timed("import, Microsoft Forms XLSX (target <= 10 s)", lambda: import_responses(ctx, xlsx_path, forms))
        listed = timed("list the responses (with their answers)", lambda: list_responses(ctx, survey))
        exported = timed("export responses to CSV", lambda: write_table(responses_table(ctx, survey),
                                                                        folder / "out.csv"))
        print(f"dry run would add {dry.added:,}; import added {done.added:,}, bad rows {len(done.bad)}; "
              f"re-import added {again.added:,}, already {again.already:,}; XLSX added {xlsx.added:,}; "
              f"listed {len(listed):,}; exported {exported:,}")
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(f"peak memory (whole process) {usage.ru_maxrss / 1024:.0f} MB; CPU time {usage.ru_utime:.1f} s; "
              f"machine load (1 min) {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        ctx.close()


if __name__ == "__main__":
    main()
