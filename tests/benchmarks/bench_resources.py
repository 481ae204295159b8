"""Benchmark: searching, filtering and sorting a library of 10,000 resources with 20,000 shares.

Run: .venv/bin/python tests/benchmarks/bench_resources.py
Prints the time of each search the Resources view runs as the user types or changes a filter.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date, timedelta

from sdm_desktop.db.models import Organisation, OrganisationType, Resource, ShareLog
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.resources.library import KINDS, ResourceFilter, load_resource_rows, search_resource_ids

RESOURCES, SHARES = 10_000, 20_000
WORDS = ["consultation", "decision", "aid", "BRAN", "risk", "leaflet", "film", "knee", "diabetes", "cancer",
         "maternity", "options", "talking", "carers", "easy read", "NICE", "Ottawa", "training", "poster"]


def timed(label: str, func, repeat: int = 7):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - started) * 1000)
    print(f"{label:52} {statistics.median(times):7.1f} ms (median of {repeat}, max {max(times):.1f} ms)"
          f"  → {len(result) if hasattr(result, '__len__') else result} rows")
    return result


def build(ctx, rng: random.Random) -> None:
    with ctx.session() as s:
        type_id = s.query(OrganisationType.id).first()[0]
        orgs = [Organisation(name=f"Group {n}", org_type_id=type_id, search_text=f"group {n}") for n in range(200)]
        s.add_all(orgs)
        s.flush()
        kinds = [c for c, _ in KINDS]
        rows = [Resource(title=" ".join(rng.sample(WORDS, 4)).capitalize() + f" {n}", kind=rng.choice(kinds),
                         url=f"https://example.org/r/{n}", audience=rng.choice([None, "patients", "clinicians"]),
                         description=" ".join(rng.sample(WORDS, 8)), tags=", ".join(sorted(rng.sample(WORDS, 2))))
                for n in range(RESOURCES)]
        s.add_all(rows)
        s.flush()
        today = date.today()
        s.add_all(ShareLog(resource_id=rng.choice(rows).id, organisation_id=rng.choice(orgs).id,
                           shared_on=today - timedelta(days=rng.randint(0, 700)), channel="email")
                  for _ in range(SHARES))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(folder)
        started = time.perf_counter()
        build(ctx, random.Random(7))
        print(f"Built {RESOURCES:,} resources and {SHARES:,} shares in {time.perf_counter() - started:.1f} s")
        timed("all, sorted by title", lambda: search_resource_ids(ctx))
        timed("search 'decision' (one word)", lambda: search_resource_ids(ctx, ResourceFilter("decision")))
        timed("search 'knee bran' (two words)", lambda: search_resource_ids(ctx, ResourceFilter("knee bran")))
        timed("search with no match", lambda: search_resource_ids(ctx, ResourceFilter("zzzz")))
        timed("kind = film + audience = patients",
              lambda: search_resource_ids(ctx, ResourceFilter(kind="film", audience="patients")))
        timed("tag = easy read", lambda: search_resource_ids(ctx, ResourceFilter(tag="easy read")))
        timed("all, sorted by times shared (descending)", lambda: search_resource_ids(ctx, sort="shares",
                                                                                   descending=True))
        ids = search_resource_ids(ctx)
        timed("load one page of 200 rows for the table", lambda: load_resource_rows(ctx, ids[:200]))
        ctx.close()


if __name__ == "__main__":
    main()
