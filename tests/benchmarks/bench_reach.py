"""Benchmark: equality and reach.

Run: .venv/bin/python tests/benchmarks/bench_reach.py [--rows 2700000] [--people 100000] [--interactions 200000]

1. A generated 2.7-million-row postcode directory (ONSPD layout, 30 columns) imported with `lookups import`'s
   service, in a child process: wall time and the child's peak resident memory (targets ≤ 60 s, ≤ 500 MB);
   then the Python allocations' peak (tracemalloc) for a 300,000-row cut of it.
2. The reach report for 100,000 people and 200,000 interactions (target ≤ 3 s), and writing it as .xlsx and
   .docx (charts drawn offscreen).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert

from sdm_desktop.db.models import EqualityMonitoring, Interaction, Person
from sdm_desktop.services.lookups.loading import import_lookup
from sdm_desktop.services.opening import open_context

LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
COLUMNS = ["pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "ced", "oslaua", "osward", "parish", "usertype",
           "oseast1m", "osnrth1m", "osgrdind", "oshlthau", "nhser", "ctry", "rgn", "streg", "pcon", "eer", "teclec",
           "ttwa", "pct", "itl", "statsward", "oa11", "lsoa11", "msoa11", "lsoa21"]


def postcodes(count: int):
    """Unique, sorted-ish postcodes in the register's format."""
    areas = [f"{a}{b}" for a in "BCDEGHKLMNPRSTW" for b in "ABDEFGHKLMNPRSTY"]
    n = 0
    for area in areas:
        for district in range(1, 100):
            for sector in range(10):
                for unit in range(400):
                    if n >= count:
                        return
                    yield f"{area}{district} {sector}{LETTERS[unit // 20]}{LETTERS[unit % 20]}"
                    n += 1


def write_directory(path: Path, rows: int) -> None:
    started = time.perf_counter()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(COLUMNS) + "\n")
        for n, pc in enumerate(postcodes(rows)):
            lsoa = f"E01{n // 80:06d}"
            compact = pc.replace(" ", "")
            handle.write(f"{compact:<7},{pc.split()[0]:<4} {pc.split()[1]},{pc},199001,,E10000002,E58000001,"
                         f"E06000001,E05000001,E04000001,0,{400000 + n % 9999},{300000 + n % 7777},1,E18000001,"
                         f"E40000001,E92000001,E12000001,0,E14000001,E15000001,E16000001,E30000001,E17000001,"
                         f"TLC11,00ABFX,E00000001,{lsoa},E02000001,{lsoa}\n")
    size = path.stat().st_size / 1024 ** 2
    print(f"generated {rows:,} rows ({size:,.0f} MB) in {time.perf_counter() - started:.1f} s")


def child_import(file: str, data_dir: str) -> None:
    ctx = open_context(Path(data_dir))
    try:
        started = time.perf_counter()
        result = import_lookup(ctx, file)
        took = time.perf_counter() - started
    finally:
        ctx.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    print(f"import of {result.rows:,} postcodes: {took:.1f} s wall (target ≤ 60 s), {cpu:.1f} s CPU, peak "
          f"resident memory {usage.ru_maxrss / 1024:,.0f} MB (target ≤ 500 MB); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def bench_directory(folder: Path, rows: int) -> None:
    big = folder / "ONSPD_bench.csv"
    write_directory(big, rows)
    data = folder / "lookup-data"
    data.mkdir()
    subprocess.run([sys.executable, __file__, "--child-import", str(big), str(data)], check=True)
    cut = folder / "ONSPD_cut.csv"
    write_directory(cut, min(rows, 300_000))
    ctx = open_context(data)
    try:
        tracemalloc.start()
        import_lookup(ctx, cut)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        ctx.close()
    print(f"Python allocations' peak importing 300,000 rows (tracemalloc): {peak / 1024 ** 2:,.1f} MB")
    big.unlink()
    cut.unlink()


def fill_register(ctx, people: int, interactions: int) -> None:
    rng = random.Random(7)
    started = time.perf_counter()
    codes = {"age_band": ["16_24", "25_34", "45_54", "65_74", "85_plus", "prefer_not"],
             "ethnic_group": ["white_british", "indian", "pakistani", "african", "caribbean", "white_asian", "arab"],
             "disability": ["limited_a_lot", "limited_a_little", "not_disabled"], "carer": ["none", "up_to_19"]}
    with ctx.session() as s:
        conn = s.connection()
        conn.execute(insert(Person), [{"id": n, "last_name": f"Person {n}", "postcode": f"LS{n % 20 + 1} {n % 9}AB",
                                       "imd_decile": rng.randint(1, 10) if n % 7 else None, "search_text": ""}
                                      for n in range(1, people + 1)])
        conn.execute(insert(EqualityMonitoring), [
            {"person_id": n, "consent_date": date(2026, 1, 1), "consent_how": "form",
             **{k: rng.choice(v) for k, v in codes.items()}} for n in range(1, people + 1, 3)])
        start = date(2026, 1, 1)
        conn.execute(insert(Interaction), [{"occurred_on": start + timedelta(days=rng.randint(0, 364)),
                                            "person_id": rng.randint(1, people), "summary": "", "direction": "out"}
                                           for _ in range(interactions)])
    print(f"register of {people:,} people and {interactions:,} interactions made in "
          f"{time.perf_counter() - started:.1f} s")


def bench_report(folder: Path, people: int, interactions: int) -> None:
    from sdm_desktop.app import _application
    from sdm_desktop.services.reach.assemble import build_reach
    from sdm_desktop.services.reach.documents import write_reach_docx, write_reach_xlsx
    from sdm_desktop.services.reach.engaged import ReachFilter

    app = _application(offscreen=True)
    from sdm_desktop.ui.common.charts import chart_png

    data = folder / "reach-data"
    data.mkdir()
    ctx = open_context(data)
    try:
        fill_register(ctx, people, interactions)
        period = ReachFilter(date(2026, 1, 1), date(2026, 12, 31))
        times, cpu = [], []
        for _ in range(3):
            started, started_cpu = time.perf_counter(), time.process_time()
            report = build_reach(ctx, period)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        print(f"reach report figures for {report.people:,} people engaged: best {min(times):.2f} s wall "
              f"({min(cpu):.2f} s CPU), worst {max(times):.2f} s of 3 (target ≤ 3 s); load average "
              f"{os.getloadavg()[0]:.1f}")
        started = time.perf_counter()
        write_reach_xlsx(report, folder / "reach.xlsx")
        print(f"  written as .xlsx in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        write_reach_docx(report, folder / "reach.docx", chart_png)
        print(f"  written as .docx with {len(report.dimensions)} charts in {time.perf_counter() - started:.2f} s")
    finally:
        ctx.close()
    del app


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child-import":
        child_import(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_700_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        bench_directory(folder, args.rows)
        bench_report(folder, args.people, args.interactions)


if __name__ == "__main__":
    main()
