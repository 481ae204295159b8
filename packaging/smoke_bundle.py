#!/usr/bin/env python3
"""Smoke test of a built bundle: what it holds (packaging/bundle_contents.py), version, sample data,
every view offscreen, integrity check, and the PostgreSQL driver loading."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "SDM Desktop"
EXE = ".exe" if os.name == "nt" else ""
CLI = BUNDLE / f"sdm-desktop-cli{EXE}"
GUI = BUNDLE / f"SDM Desktop{EXE}"
# Nothing listens on port 9 (discard): reaching "connection refused" proves psycopg and libpq load.
UNREACHABLE_POSTGRES = "postgresql+psycopg://sdm@127.0.0.1:9/sdm"

sys.path.insert(0, str(ROOT / "packaging"))
from bundle_contents import icu_item_kept, tree_problems  # noqa: E402
from icu_data import chosen_items, linked_package, package_items  # noqa: E402

BIG_IMPORT_ROWS = 25_000        # over importing.prepared.ahead.READ_AHEAD_FROM


def run(*args: str, expect: int = 0) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([str(CLI), *args], capture_output=True, text=True, encoding="utf-8", errors="replace",
                            env=env, timeout=300)
    if result.returncode != expect:
        raise SystemExit(f"bundle smoke test failed: {' '.join(args)} exited {result.returncode}\n"
                         f"{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


def check_contents() -> None:
    problems = tree_problems(str(BUNDLE / "_internal"))
    if problems:
        raise SystemExit("bundle smoke test failed: the bundle holds what it should not:\n  "
                         + "\n  ".join(problems[:40]))
    for exe in (GUI, CLI):
        if not exe.is_file():
            raise SystemExit(f"bundle smoke test failed: {exe.name} is missing")
    check_icu_data()
    print(f"Contents as listed in packaging/bundle_contents.py; executables {GUI.stat().st_size / 1e3:.0f} kB "
          f"and {CLI.stat().st_size / 1e3:.0f} kB (the code is shared in _internal).")


def check_icu_data() -> None:
    """On Linux, Qt's ICU data library holds only the items bundle_contents.icu_item_kept keeps."""
    for library in (BUNDLE / "_internal").rglob("libicudata.so.*"):
        if library.is_symlink():
            continue
        _symbol, package = linked_package(library.read_bytes())
        items = package_items(package)[1]
        extra = len(items) - len(chosen_items(items, icu_item_kept))
        if extra:
            raise SystemExit(f"bundle smoke test failed: {library.name} holds {extra} ICU data items "
                             "the bundle leaves out (was it rebuilt by packaging/icu_data.py?)")
        print(f"ICU data: {len(items)} items, {library.stat().st_size / 1e6:.1f} MB ({library.name}).")


def check_big_import(data: Path) -> None:
    """A people file big enough to be read by a second process (importing/prepared/ahead.py): the frozen app
    must start itself again as that process."""
    people = data / "people.csv"
    lines = ["First name,Surname,Email,Postcode"]
    lines += [f"Ada{n},Smoke{n},smoke{n}@example.org,LS1 4AP" for n in range(BIG_IMPORT_ROWS)]
    people.write_text("\n".join(lines) + "\n", encoding="utf-8")
    said = run("--data-dir", str(data), "import", str(people), "--kind", "people")
    if f"{BIG_IMPORT_ROWS} created" not in said:
        raise SystemExit(f"bundle smoke test failed: the big import did not create {BIG_IMPORT_ROWS:,} people:\n{said}")
    print(f"A {BIG_IMPORT_ROWS:,}-row people file imported, read ahead by a second process.")


def main() -> int:
    if not CLI.exists():
        raise SystemExit(f"No bundle at {CLI}; run packaging/build_bundle.py first.")
    check_contents()
    with tempfile.TemporaryDirectory() as data:
        print(run("--version").strip())
        print(run("--data-dir", data, "demo").strip())
        print(run("--data-dir", data, "--smoke").strip())
        print(run("--data-dir", data, "check").strip().splitlines()[-1])
        check_big_import(Path(data))
        refused = run("--data-dir", data, "--database", UNREACHABLE_POSTGRES, "org-types", "list", expect=1)
        if "connection" not in refused or "driver is not installed" in refused:
            raise SystemExit(f"bundle smoke test failed: the PostgreSQL driver did not load:\n{refused}")
        print("PostgreSQL driver loads (a server that is not there is refused: connection failed).")
    print("Bundle smoke test passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
