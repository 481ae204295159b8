#!/usr/bin/env python3
"""Build the PyInstaller bundle into dist/SDM Desktop and smoke-test it.

    .venv/bin/python packaging/build_bundle.py

The bundle runs without Python or admin rights: copy the folder anywhere (a user folder,
a USB stick). Create "SDM Desktop Data" beside it to keep the data with the app.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    if importlib.util.find_spec("PyInstaller") is None:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "pyinstaller>=6"])
    subprocess.check_call([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                           "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
                           str(ROOT / "packaging" / "sdm-desktop.spec")])
    return subprocess.call([sys.executable, str(ROOT / "packaging" / "smoke_bundle.py")])


if __name__ == "__main__":
    sys.exit(main())
