"""Privacy benchmark: 100,000 people, 50,000 interactions, 200,000 audit events.

Prints: the retention review (service), how long the Retention review dialog blocks the GUI thread
while its worker builds the list (the longest gap between 10 ms timer ticks), the erase plan and
erase of one person (the mention search reads every text column), a subject access export, and an
audit trail search.

    .venv/bin/python tests/benchmarks/bench_privacy.py [--people 100000]
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

from sdm_desktop.db.models import (
    AuditEvent,
    Interaction,
    Letter,
    Membership,
    Organisation,
    OrganisationType,
    Person,
)
from sdm_desktop.services.core.text import search_blob
from sdm_desktop.services.opening import open_context

FIRST = ["Ada", "Bilal", "Ceri", "Dev", "Esme", "Farah", "Gwen", "Hamza", "Iris", "Jonah", "Kezia", "Lowri"]
LAST = ["Appleyard", "Birchwood", "Cloudberry", "Dunnock", "Fieldfare", "Goldcrest", "Hawthorn", "Juniper"]


def build(data_dir: Path, n_people: int) -> None:
    rng = random.Random(7)
    ctx = open_context(data_dir)
    today = date.today()
    with ctx.session() as s:
        type_id = s.scalar(select(OrganisationType.id))
        n_orgs = max(10, n_people // 50)
        s.execute(insert(Organisation), [dict(name=f"Group {i}", org_type_id=type_id, active=True,
                                              search_text=f"group {i}") for i in range(n_orgs)])
        people, members = [], []
        for i in range(n_people):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{i}"
            updated = datetime.now() - timedelta(days=rng.randint(0, 2500))
            people.append(dict(first_name=first, last_name=last, email=f"p{i}@example.org", consent_contact=True,
                               phone=f"01632 {i:06d}", address_line1=f"{i} Long Lane",
                               lawful_basis=rng.choice(["consent", "public_task", None]),
                               consent_data=rng.random() < .8,
                               retention_review_on=today + timedelta(days=rng.randint(-400, 2000)) if i % 3 else None,
                               notes=f"Knows {rng.choice(FIRST)} {rng.choice(LAST)}{rng.randint(0, n_people)}",
                               created_at=updated, updated_at=updated,
                               search_text=search_blob(first, last, f"p{i}@example.org")))
            members.append(dict(person_id=i + 1, organisation_id=rng.randint(1, n_orgs), role="member"))
        s.execute(insert(Person), people)
        s.execute(insert(Membership), members)
        s.execute(insert(Interaction), [dict(occurred_on=today - timedelta(days=rng.randint(0, 2000)),
                                             channel="email", direction="out", summary=f"Contact {i}",
                                             person_id=rng.randint(1, n_people))
                                        for i in range(n_people // 2)])
        s.execute(insert(Letter), [dict(person_id=rng.randint(1, n_people), template_name="Invitation", file_path=None,
                                        created_at=datetime.now() - timedelta(days=rng.randint(0, 2000)))
                                   for _ in range(n_people // 10)])
        s.execute(insert(AuditEvent), [dict(at=datetime.now() - timedelta(minutes=i), actor="bench",
                                            action=rng.choice(["create", "update", "archive"]), entity="person",
                                            entity_id=rng.randint(1, n_people), detail=None)
                                       for i in range(n_people * 2)])
    ctx.close()


def timed(label: str, func):
    started = time.perf_counter()
    result = func()
    print(f"{label}: {(time.perf_counter() - started) * 1000:,.0f} ms")
    return result


def bench_services(data_dir: Path, n_people: int) -> None:
    from sdm_desktop.services.privacy.audit_trail import AuditFilter, search_audit_ids
    from sdm_desktop.services.privacy.erase import erase_people, erase_plan
    from sdm_desktop.services.privacy.retention import retention_review
    from sdm_desktop.services.privacy.subject_access import write_subject_access

    ctx = open_context(data_dir)
    try:
        rows = timed(f"retention review of {n_people:,} people (service)", lambda: retention_review(ctx))
        print(f"  {len(rows):,} people listed")
        target = n_people // 2
        timed("subject access export of one person", lambda: write_subject_access(
            ctx, target, data_dir / "sar.zip"))
        plan = timed("erase plan of one person (counts + mention search)", lambda: erase_plan(ctx, [target]))
        print(f"  {plan.mentions} mentions elsewhere")
        timed("erase of one person", lambda: erase_people(ctx, [target]))
        ids = timed("erase of 20 people at once", lambda: erase_people(ctx, list(range(1, 21)))).erased
        assert len(ids) == 20
        found = timed(f"audit trail search by text over {n_people * 2:,} events",
                      lambda: search_audit_ids(ctx, AuditFilter(text="archive")))
        print(f"  {len(found):,} events")
        timed("audit trail events about one person", lambda: search_audit_ids(ctx, AuditFilter(person_id=target + 1)))
    finally:
        ctx.close()


def bench_gui(data_dir: Path) -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from sdm_desktop.ui.env import ChangeBus, UiEnv
    from sdm_desktop.ui.jobs import JobRunner
    from sdm_desktop.ui.privacy.retention_review import RetentionReviewDialog

    app = QApplication.instance() or QApplication([])
    ctx = open_context(data_dir)
    host = QWidget()
    jobs = JobRunner(host)
    env = UiEnv(ctx, jobs, QSettings(str(data_dir / "bench.ini"), QSettings.Format.IniFormat), ChangeBus())
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    heartbeat.start()
    started = time.perf_counter()
    while time.perf_counter() - started < 2:          # the machine's own noise, with no job running
        app.processEvents()
        time.sleep(0.001)
    idle_gap = max((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=0)
    ticks.clear()
    started = time.perf_counter()
    dialog = RetentionReviewDialog(env, host)
    opened = time.perf_counter()
    dialog.show()
    while dialog.model.rowCount() == 0 and time.perf_counter() - started < 120:
        app.processEvents()
        time.sleep(0.001)
    loaded = time.perf_counter()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    print(f"Retention review dialog: opened in {(opened - started) * 1000:,.0f} ms, list shown after "
          f"{(loaded - started) * 1000:,.0f} ms ({dialog.model.rowCount():,} rows)")
    print(f"  GUI thread while the worker ran: longest gap between 10 ms ticks {max(gaps, default=0) * 1000:,.0f} ms, "
          f"{len(ticks)} ticks (with no job running: {idle_gap * 1000:,.0f} ms)")
    started = time.perf_counter()
    dialog.table.sortByColumn(3, dialog.table.horizontalHeader().sortIndicatorOrder())
    print(f"  sort by last activity: {(time.perf_counter() - started) * 1000:,.0f} ms")
    heartbeat.stop()
    jobs.shutdown()
    dialog.close()
    ctx.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--gui-only", action="store_true", help="only the Retention review dialog")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        timed(f"build {args.people:,} people", lambda: build(data_dir, args.people))
        bench_gui(data_dir)
        if not args.gui_only:
            bench_services(data_dir, args.people)


if __name__ == "__main__":
    main()
