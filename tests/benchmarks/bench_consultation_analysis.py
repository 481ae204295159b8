"""Consultation analysis benchmark: 10,000 responses × 5 free-text questions (plus two choice questions, a group
question, an equality field and quote consent), each free-text answer coded with one or two of 12 themes, and
500 kept quotes.

Prints: theme counts (the whole analysis: choice counts, themes per question and overall), the same with a
filter, themes by group, phrase suggestions for one question and for all five, the quote bank (names redacted),
and the Word report with its charts (aims: counts and suggestions ≤ 1 s, the report ≤ 5 s).

    .venv/bin/python tests/benchmarks/bench_consultation_analysis.py [--responses 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from sqlalchemy import insert, select

from sdm_desktop.db.models import Activity, EngagementPlan, Person
from sdm_desktop.db.models.consultation import (
    AnswerCoding,
    AnswerTheme,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationQuote,
    ConsultationResponse,
    ConsultationTheme,
)
from sdm_desktop.services.opening import open_context

THEMES = ["Waiting times", "Parking", "Staff attitude", "Booking appointments", "Phone lines", "Opening hours",
          "Prescriptions", "Cleanliness", "Communication", "Accessibility", "Continuity of care", "Online services"]
PHRASES = ["the waiting times are too long", "car parking is impossible", "the receptionists were friendly",
           "booking an appointment online is hard", "the phone lines are always engaged", "opening hours suit me",
           "repeat prescriptions take ages", "the surgery was clean", "nobody told me about the results",
           "the ramp at the front door is too steep", "I never see the same doctor twice", "the app keeps crashing",
           "out of hours care was good", "my carer Susan Brown helps me get there", "Dr Patel listened to me"]
FILLER = ["and", "but", "also", "really", "sometimes", "which is a shame", "overall", "to be honest", "again"]


def build(data_dir: Path, n_responses: int) -> int:
    rng = random.Random(18)
    ctx = open_context(data_dir)
    with ctx.session() as s:
        plan = EngagementPlan(title="Bench plan")
        s.add(plan)
        s.flush()
        activity = Activity(plan_id=plan.id, title="Big survey", method="survey", planned_date=date(2026, 4, 1))
        s.add(activity)
        s.add_all(Person(first_name=f"First{i}", last_name=f"Last{i}") for i in range(2000))
        s.flush()
        specs = [(f"Free text question {n}", "free_text", "question", None, None) for n in range(1, 6)]
        specs += [("How do you travel here?", "single_choice", "question", None, "Bus\nCar\nWalk\nTaxi"),
                  ("Which services do you use?", "multiple_choice", "question", None, "GP\nPharmacy\nDentist\nNurse"),
                  ("Are you a carer?", "single_choice", "group", None, "Yes\nNo"),
                  ("Age band", "single_choice", "equality", "age_band", None),
                  ("May we quote you?", "single_choice", "quote_consent", None, "Yes\nNo")]
        questions = []
        for n, (text, kind, purpose, field, choices) in enumerate(specs):
            q = ConsultationQuestion(activity_id=activity.id, position=n, text=text, kind=kind, purpose=purpose,
                                     equality_field=field, choices=choices)
            s.add(q)
            s.flush()
            questions.append(q.id)
        theme_ids = []
        for n, name in enumerate(THEMES):
            theme = ConsultationTheme(activity_id=activity.id, name=name, position=n)
            s.add(theme)
            s.flush()
            theme_ids.append(theme.id)
        start = datetime(2026, 4, 1, 9)
        s.execute(insert(ConsultationResponse), [
            dict(activity_id=activity.id, source_key=f"b{i}", source="forms", submitted_at=start + timedelta(minutes=i),
                 quote_consent=rng.random() < 0.6) for i in range(n_responses)])
        response_ids = list(s.scalars(select(ConsultationResponse.id).where(
            ConsultationResponse.activity_id == activity.id).order_by(ConsultationResponse.id)))
        answers = []
        for rid in response_ids:
            for q in questions[:5]:
                words = rng.sample(PHRASES, rng.randint(1, 3))
                answers.append(dict(response_id=rid, question_id=q, text=f" {rng.choice(FILLER)} ".join(words)))
            answers.append(dict(response_id=rid, question_id=questions[5],
                                text=rng.choice(["Bus", "Car", "Walk", "Taxi"])))
            answers.append(dict(response_id=rid, question_id=questions[6],
                                text="\n".join(rng.sample(["GP", "Pharmacy", "Dentist", "Nurse"], rng.randint(1, 3)))))
            answers.append(dict(response_id=rid, question_id=questions[7], text=rng.choice(["Yes", "No"])))
            answers.append(dict(response_id=rid, question_id=questions[8],
                                text=rng.choice(["18 to 24", "25 to 34", "35 to 44", "45 to 64", "65 to 74"])))
        s.execute(insert(ConsultationAnswer), answers)
        free = list(s.scalars(select(ConsultationAnswer.id).where(ConsultationAnswer.question_id.in_(questions[:5]))))
        now = datetime(2026, 5, 1)
        s.execute(insert(AnswerCoding), [dict(answer_id=a, coder="bench", coded_at=now) for a in free])
        s.execute(insert(AnswerTheme), [dict(answer_id=a, theme_id=t, coder="bench") for a in free
                                        for t in rng.sample(theme_ids, rng.randint(1, 2))])
        s.execute(insert(ConsultationQuote), [dict(answer_id=a, theme_id=rng.choice(theme_ids),
                                                   text="Dr Patel listened to me and Susan Brown helped", row_version=1)
                                              for a in rng.sample(free, 500)])
        activity_id = activity.id
    ctx.close()
    return activity_id


def timed(label: str, fn, repeat: int = 3):
    """Best of ``repeat`` runs: wall time, and this process's CPU time (the wall time on a machine shared with
    other work is longer; the report's CPU time leaves out its worker process)."""
    best, result = None, None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = fn()
        took = (time.perf_counter() - started, time.process_time() - cpu)
        best = took if best is None else min(best, took)
    print(f"{label:<58} {best[0] * 1000:8.0f} ms   (CPU {best[1] * 1000:6.0f} ms)")
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=10_000)
    args = parser.parse_args()
    from sdm_desktop.app import _application
    from sdm_desktop.services.consultation.analysis import AnalysisFilter, analyse, group_questions, themes_by_group
    from sdm_desktop.services.consultation.quotes import quote_bank
    from sdm_desktop.services.consultation.report import write_consultation_report
    from sdm_desktop.services.consultation.suggestions import free_text_questions, suggest
    from sdm_desktop.ui.common.charts import chart_png

    _app = _application(offscreen=True)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir()
        started = time.perf_counter()
        activity_id = build(data_dir, args.responses)
        print(f"{args.responses:,} responses × 5 free-text questions built in {time.perf_counter() - started:.1f} s")
        ctx = open_context(data_dir)
        try:
            result = timed("theme counts (whole analysis)", lambda: analyse(ctx, activity_id))
            print(f"    {result.total:,} responses, {sum(q.answered for q in result.questions):,} free-text answers, "
                  f"{len(result.overall)} themes, {len(result.choices)} choice questions")
            questions = free_text_questions(ctx, activity_id)
            carer = group_questions(ctx, activity_id)[0][0]
            timed("theme counts, filtered by a theme and text",
                  lambda: analyse(ctx, activity_id, AnalysisFilter(theme_id=1, text="parking")))
            timed("themes by group (carer)", lambda: themes_by_group(ctx, activity_id, carer))
            found = timed("phrase suggestions, one question (10,000 answers)", lambda: suggest(ctx, questions[0][0]))
            print(f"    top: {', '.join(f'{s.phrase} ({s.responses:,})' for s in found[:4])}")
            timed("phrase suggestions, all five questions (50,000 answers)",
                  lambda: [suggest(ctx, q[0]) for q in questions], repeat=1)
            bank = timed("quote bank (consent checked, names redacted)", lambda: quote_bank(ctx, activity_id))
            print(f"    {len(bank.quotes)} offered, {bank.withheld} withheld; e.g. {bank.quotes[0].text!r}")
            out = Path(folder) / "report.docx"
            timed("report consultation (Word, 4 charts)",
                  lambda: write_consultation_report(ctx, activity_id, out, chart_png), repeat=2)
            print(f"    {out.stat().st_size / 1024:.0f} KB")
        finally:
            ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
