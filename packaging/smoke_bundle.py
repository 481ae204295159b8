#!/usr/bin/env python3
"""Smoke test of a built bundle: version, sample data, every view offscreen, integrity check."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "dist" / "SDM Desktop" / ("sdm-desktop-cli.exe" if os.name == "nt" else "sdm-desktop-cli")


def run(*args: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([str(CLI), *args], capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"bundle smoke test failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def main() -> int:
    if not CLI.exists():
        raise SystemExit(f"No bundle at {CLI}; run packaging/build_bundle.py first.")
    with tempfile.TemporaryDirectory() as data:
        print(run("--version").strip())
        print(run("--data-dir", data, "demo").strip())
        print(run("--data-dir", data, "--smoke").strip())
        print(run("--data-dir", data, "check").strip().splitlines()[-1])
    print("Bundle smoke test passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
