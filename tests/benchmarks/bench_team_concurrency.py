"""Benchmark: N people working at once on one PostgreSQL team database, each retrying on a conflict as a
user would (reload, redo the change, save again), then a count of lost updates made from the database.

Run: .venv/bin/python tests/benchmarks/bench_team_concurrency.py [--users 10] [--seconds 30]
Needs a PostgreSQL server installed (Debian: apt-get install postgresql); it starts its own on loopback TCP.

The mix per simulated user: search the register (40%), open a person (25%), edit a field (20%: the notes of
one of a small set of "busy" people, so that edits collide), log an interaction (10%), enrol someone on a
cohort (5%). Every saved edit appends the user's own marker to the notes; every interaction carries one.
At the end, independently of what the users believed, the database is read: a marker a user saw saved but
which is not in the notes, or an interaction a user saw saved but which is not there, is a lost update.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PEOPLE, BUSY_PEOPLE, THINK_SECONDS = 500, 25, 0.02
MIX = [("search", 40), ("open", 25), ("edit", 20), ("log interaction", 10), ("enrol", 5)]


def _server_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found and not shutil.which(name):
        sys.exit("No PostgreSQL server installed (Debian: apt-get install postgresql)")
    return found[-1] if found else shutil.which(name)


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen, int]:
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
    subprocess.run(_as_server_user([_server_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "sdm",
                                    "--no-sync"]), check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen(_as_server_user([_server_bin("postgres"), "-D", str(data), "-p", str(port),
                                                "-c", "listen_addresses=127.0.0.1", "-k", str(folder),
                                                "-c", "max_connections=100"]),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(f"host=127.0.0.1 port={port} user=sdm dbname=postgres", autocommit=True) as c:
                c.execute("CREATE DATABASE team")
            return process, port
        except psycopg.OperationalError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.2)


def seed(url: str, folder: Path) -> dict:
    from sdm_desktop.services.opening import open_context
    from sdm_desktop.services.register.organisations import OrganisationInput, create_organisation
    from sdm_desktop.services.register.people import MembershipInput, PersonInput, create_person
    from sdm_desktop.services.training.cohorts import CohortInput, create_cohort
    from sdm_desktop.services.training.programmes import ProgrammeInput, create_programme

    ctx = open_context(folder / "seed", url)
    try:
        orgs = [create_organisation(ctx, OrganisationInput(name=f"Practice {i} PPG",
                                                           org_type="Patient Participation Group (PPG)"),
                                    undoable=False) for i in range(50)]
        people = [create_person(ctx, PersonInput(first_name=f"Person{i}", last_name=f"Surname{i % 97}",
                                                 consent_contact=True,
                                                 memberships=[MembershipInput(orgs[i % 50], "member")]),
                                undoable=False) for i in range(PEOPLE)]
        programme = create_programme(ctx, ProgrammeInput(name="SDM skills"), undoable=False)
        cohort = create_cohort(ctx, CohortInput(programme_id=programme, name="Spring", capacity=500,
                                                start_date=date(2027, 3, 1)), undoable=False)
    finally:
        ctx.close()
    return {"people": people, "cohort": cohort}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def user(number: int, url: str, folder: str, seeded: dict, seconds: float, results, check: bool) -> None:
    from sdm_desktop.errors import UserError
    from sdm_desktop.services.core.versions import RecordChanged
    from sdm_desktop.services.engagement.interactions import InteractionInput, create_interaction
    from sdm_desktop.services.opening import open_context
    from sdm_desktop.services.register import people as people_service
    from sdm_desktop.services.register.search import RegisterFilter, search_person_ids
    from sdm_desktop.services.training.enrolment import enrol

    rng = random.Random(number)
    ctx = open_context(Path(folder) / f"user{number}", url)
    people, busy = seeded["people"], seeded["people"][:BUSY_PEOPLE]
    latencies: dict[str, list[float]] = {name: [] for name, _w in MIX}
    saved_markers: list[tuple[int, str]] = []
    interactions: list[int] = []
    conflicts = 0
    names, weights = zip(*MIX, strict=True)
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        op = rng.choices(names, weights)[0]
        started = time.perf_counter()
        if op == "search":
            search_person_ids(ctx, RegisterFilter(text=f"surname{rng.randrange(97)}"))
        elif op == "open":
            person_id = rng.choice(people)
            people_service.get_person_version(ctx, person_id)
            people_service.get_person(ctx, person_id)
        elif op == "edit":
            person_id, marker = rng.choice(busy), f"u{number}-{count}"
            for _attempt in range(20):            # a user reloads and redoes the change after a conflict
                version = people_service.get_person_version(ctx, person_id)
                data = people_service.get_person(ctx, person_id)
                time.sleep(THINK_SECONDS)          # typing
                data.notes = f"{data.notes or ''} {marker}".strip()
                try:
                    people_service.update_person(ctx, person_id, data, expected_version=version if check else None)
                except RecordChanged:
                    conflicts += 1
                    continue
                saved_markers.append((person_id, marker))
                break
        elif op == "log interaction":
            interactions.append(create_interaction(ctx, InteractionInput(
                occurred_on=date(2026, 12, 7), channel="email", summary=f"u{number}-{count}",
                person_id=rng.choice(people))))
        else:
            with contextlib.suppress(UserError):       # already on it: the user is told so, and moves on
                enrol(ctx, seeded["cohort"], rng.choice(people))
        latencies[op].append(time.perf_counter() - started)
        count += 1
    ctx.close()
    results.put({"latencies": latencies, "markers": saved_markers, "interactions": interactions,
                 "conflicts": conflicts})


def lost_updates(url: str, folder: Path, markers: list[tuple[int, str]], interaction_ids: list[int]) -> int:
    from sqlalchemy import select

    from sdm_desktop.db.models import Interaction, Person
    from sdm_desktop.services.opening import open_context

    ctx = open_context(folder / "check", url)
    try:
        with ctx.session() as s:
            notes = {person_id: text for person_id, text in s.execute(select(Person.id, Person.notes))}
            present = set(s.scalars(select(Interaction.id).where(Interaction.id.in_(interaction_ids))))
    finally:
        ctx.close()
    missing_markers = sum(1 for person_id, marker in markers if marker not in (notes.get(person_id) or "").split())
    return missing_markers + len(set(interaction_ids) - present)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--without-version-check", action="store_true",
                        help="save without the version the edit started from, as before the team database "
                             "work: shows that the count below does find lost updates")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sdm-team-bench-"))
    process, port = start_server(folder)
    try:
        url = f"postgresql+psycopg://sdm@127.0.0.1:{port}/team"
        started = time.perf_counter()
        seeded = seed(url, folder)
        print(f"seeded {PEOPLE:,} people in {time.perf_counter() - started:.1f} s; "
              f"{args.users} users for {args.seconds:.0f} s on PostgreSQL over loopback TCP")
        spawn = multiprocessing.get_context("spawn")
        results = spawn.Queue()
        users = [spawn.Process(target=user, args=(n, url, str(folder), seeded, args.seconds, results,
                                                          not args.without_version_check))
                 for n in range(args.users)]
        for p in users:
            p.start()
        reports = [results.get(timeout=args.seconds + 300) for _ in users]
        for p in users:
            p.join()
        report(reports, args.seconds)
        markers = [m for r in reports for m in r["markers"]]
        interactions = [i for r in reports for i in r["interactions"]]
        print(f"edits saved: {len(markers):,}; interactions logged: {len(interactions):,}; "
              f"conflicts met and retried: {sum(r['conflicts'] for r in reports):,}")
        print(f"lost updates: {lost_updates(url, folder, markers, interactions)}")
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def report(reports: list[dict], seconds: float) -> None:
    total = sum(len(v) for r in reports for v in r["latencies"].values())
    print(f"operations: {total:,} ({total / seconds:.0f} per second)")
    for name, _weight in MIX:
        values = [v for r in reports for v in r["latencies"][name]]
        print(f"  {name:<16} n={len(values):>6,}  p50 {1000 * statistics.median(values):6.1f} ms  "
              f"p95 {1000 * _percentile(values, 0.95):6.1f} ms" if values else f"  {name:<16} n=0")


if __name__ == "__main__":
    main()
