#!/usr/bin/env python3
"""Set up everything SDM Desktop needs in ./.venv, then open the app or run the tests.

    python3 bootstrap.py            set up, then open SDM Desktop
    python3 bootstrap.py test       set up, then run the whole test suite
    python3 bootstrap.py lint       set up, then run the linter (ruff, configured in pyproject.toml)
    python3 bootstrap.py run ARGS   set up, then run `sdm-desktop ARGS`

Needs only Python 3.11+ (no admin rights). Works on Windows (`py bootstrap.py`) and Linux.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".sdm-desktop-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def wanted_stamp() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{sys.version_info[:2]} {digest}"


def ensure_environment() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs on whatever Python the user has: tell them
        sys.exit(f"SDM Desktop needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not venv_python().exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as exc:  # noqa: BLE001 - explain, then stop
            sys.exit(f"Could not create .venv ({exc}). On Debian or Ubuntu install the python3-venv package "
                     "first; elsewhere, install Python from python.org.")
    if not STAMP.exists() or STAMP.read_text() != wanted_stamp():
        print("Installing SDM Desktop and its dependencies ...", flush=True)
        pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        try:
            subprocess.check_call(pip + ["--upgrade", "pip"])
            subprocess.check_call(pip + ["-e", f"{ROOT}[test]"])
        except (subprocess.CalledProcessError, OSError) as exc:
            sys.exit(f"Could not install SDM Desktop's dependencies ({exc}); pip's own message is above. "
                     "Check the internet connection (behind a proxy, set HTTPS_PROXY), then run this again: "
                     "it carries on where it stopped.")
        STAMP.write_text(wanted_stamp())
    return venv_python()


# The suite runs on every core (pytest-xdist), each worker taking the next test as it comes free.
PARALLEL = ["-n", "auto", "--dist", "worksteal"]


def pytest_args(args: list[str]) -> list[str]:
    """pytest's arguments for `bootstrap.py test ARGS`: in parallel, unless ARGS say how (-n) or switch xdist off."""
    own = any(a in ("-n", "--numprocesses", "--dist") or a.startswith(("-n", "--numprocesses=", "--dist="))
              or a in ("no:xdist", "-pno:xdist") for a in args)
    return args if own else [*PARALLEL, *args]


def main(argv: list[str]) -> int:
    python = str(ensure_environment())
    if argv[:1] == ["test"]:
        return subprocess.call([python, "-m", "pytest", *pytest_args(argv[1:])], cwd=ROOT)
    if argv[:1] == ["lint"]:
        return subprocess.call([python, "-m", "ruff", "check", "src", "tests", *argv[1:]], cwd=ROOT)
    if argv[:1] == ["run"]:
        argv = argv[1:]
    return subprocess.call([python, "-m", "sdm_desktop", *argv], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
