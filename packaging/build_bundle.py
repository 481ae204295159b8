#!/usr/bin/env python3
"""Build the PyInstaller bundle into dist/SDM Desktop, zip it for portable use, print both sizes,
and smoke-test it.

    .venv/bin/python packaging/build_bundle.py            (Windows: .venv\\Scripts\\python packaging\\build_bundle.py)
    .venv/bin/python packaging/build_bundle.py --no-build  (zip, measure and smoke-test the folder already built)

The bundle runs without Python or admin rights: copy the folder anywhere (a user folder,
a USB stick). Create "SDM Desktop Data" beside it to keep the data with the app.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "SDM Desktop"


def version() -> str:
    text = (ROOT / "src" / "sdm_desktop" / "__init__.py").read_text(encoding="utf-8")
    return text.split("__version__", 1)[1].split('"')[1]


def zip_path() -> Path:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    return ROOT / "dist" / f"SDM-Desktop-{version()}-{system}-{platform.machine().lower()}-portable.zip"


def bundle_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of the folder as it lies on disk; a symbolic link counts as nothing."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total, files


def write_zip(folder: Path, target: Path) -> int:
    """The folder as one ZIP ("SDM Desktop/..." inside), symbolic links kept as links; returns its size."""
    target.unlink(missing_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder.parent).as_posix()
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.create_system = 3                     # Unix, so unzip restores the link
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, os.readlink(path))
            elif path.is_file():
                archive.write(path, name)
    return target.stat().st_size


def build() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "pyinstaller>=6"])
    subprocess.check_call([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                           "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
                           str(ROOT / "packaging" / "sdm-desktop.spec")])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="use the folder already in dist/")
    args = parser.parse_args(argv)
    if not args.no_build:
        build()
    if not BUNDLE.is_dir():
        raise SystemExit(f"No bundle at {BUNDLE}; run without --no-build.")
    size, files = bundle_size(BUNDLE)
    print(f"Bundle: {BUNDLE.relative_to(ROOT)}  {size / 1e6:.1f} MB in {files:,} files")
    target = zip_path()
    print(f"Portable zip: {target.relative_to(ROOT)}  {write_zip(BUNDLE, target) / 1e6:.1f} MB")
    return subprocess.call([sys.executable, str(ROOT / "packaging" / "smoke_bundle.py")])


if __name__ == "__main__":
    sys.exit(main())
