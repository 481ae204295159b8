"""Import and export speed: builds its files in a temporary folder and prints figures.

    .venv/bin/python tests/benchmarks/bench_import_export.py [--people 100000] [--practices 13500]

Targets (issue 8): 13,500-row epraccur file <= 3 s; 100,000-row people CSV <= 20 s with
peak memory <= 400 MB; export of 100,000 people to XLSX <= 15 s.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from sdm_desktop.services.exporting.tables import write_table
from sdm_desktop.services.importing import ImportOptions, run_import
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.register.export import ExportOptions, people_table
from sdm_desktop.services.register.search import RegisterFilter

LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
AREAS = ["EX", "TQ", "PL", "TR", "BA", "TA", "LS", "M", "B", "S"]


def postcode(rng: random.Random) -> str:
    return (f"{rng.choice(AREAS)}{rng.randint(1, 29)} {rng.randint(1, 9)}"
            f"{rng.choice(LETTERS)}{rng.choice(LETTERS)}")


def write_epraccur(path: Path, rows: int, rng: random.Random) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        for n in range(rows):
            status = rng.choice("AAAAAAACD")
            closed = "20200331" if status in "CD" else ""
            out.writerow([f"{'ABCDEFGHJKLMNPY'[n % 15]}{10000 + n:05d}", f"THE {rng.choice(['HIGH', 'MILL', 'PARK'])} "
                          f"STREET SURGERY & PARTNERS {n}", "Y63", "QHM", "THE HEALTH CENTRE", f"{n} LAWSON STREET",
                          "STOCKTON-ON-TEES", "CLEVELAND", "", postcode(rng), "19740401", closed, status, "B", "00K",
                          "19740401", "", f"01642 {rng.randint(100000, 999999)}", "", "", "", "0", "", "4", "", "", ""])


PEOPLE_HEADERS = ["Title", "First name", "Surname", "Email", "Phone", "Address line 1", "Town", "Postcode",
                  "Consent to contact", "Do not contact", "Tags"]


def write_people(path: Path, rows: int, rng: random.Random) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(PEOPLE_HEADERS)
        for n in range(rows):
            out.writerow([rng.choice(["Mr", "Ms", "Dr", ""]), f"First{n}", f"Surname{n}", f"person{n}@example.org",
                          f"07700 {900000 + n % 99999:06d}", f"{n % 200} High Street", "Fernbridge", postcode(rng),
                          rng.choice(["yes", "no"]), rng.choice(["no", "no", "no", "yes"]),
                          rng.choice(["", "carers", "panel, carers"])])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, func):
    started = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - started
    print(f"{label:<46} {elapsed:6.2f} s   peak RSS {peak_rss_mb():6.0f} MB")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--practices", type=int, default=13_500)
    args = parser.parse_args()
    rng = random.Random(8)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        epraccur, people = folder / "epraccur.csv", folder / "people.csv"
        write_epraccur(epraccur, args.practices, rng)
        write_people(people, args.people, rng)
        print(f"Files: {args.practices:,} practices ({epraccur.stat().st_size / 1e6:.1f} MB), "
              f"{args.people:,} people ({people.stat().st_size / 1e6:.1f} MB)")
        print(f"Baseline peak RSS {peak_rss_mb():.0f} MB")
        ctx = open_context(folder / "data")
        try:
            report = timed(f"import {args.practices:,}-row epraccur (target 3 s)",
                           lambda: run_import(ctx, epraccur, ImportOptions()))
            print(f"  created {report.created:,}, skipped {len(report.skipped):,}, rejected {len(report.rejected):,}")
            report = timed("re-import it, updating (--on-duplicate update)",
                           lambda: run_import(ctx, epraccur, ImportOptions(on_duplicate="update")))
            print(f"  updated {report.updated:,}")
            report = timed(f"import {args.people:,}-row people CSV (target 20 s)",
                           lambda: run_import(ctx, people, ImportOptions(kind="people")))
            print(f"  created {report.created:,}, rejected {len(report.rejected):,}; "
                  f"peak RSS target 400 MB")
            target = folder / "people.xlsx"

            def export():
                table, _ = people_table(ctx, ExportOptions(RegisterFilter(), include_no_contact=True))
                return write_table(table, target)

            count = timed(f"export {args.people:,} people to XLSX (target 15 s)", export)
            print(f"  {count:,} rows, {target.stat().st_size / 1e6:.1f} MB")
        finally:
            ctx.close()
        # Our own export has no <dimension>: openpyxl's read-only loader used to scan it whole on every load.
        fresh = open_context(folder / "fresh")
        try:
            report = timed("import that XLSX back into an empty register",
                           lambda: run_import(fresh, target, ImportOptions(kind="people")))
            print(f"  created {report.created:,}, rejected {len(report.rejected):,}")
        finally:
            fresh.close()


if __name__ == "__main__":
    main()
