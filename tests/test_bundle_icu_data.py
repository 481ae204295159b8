"""The Linux bundle's smaller ICU data library (packaging/icu_data.py, kept items listed in
packaging/bundle_contents.py): built from the ICU data PySide6 ships, it still serves what Qt asks ICU for."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_contents as contents  # noqa: E402
import icu_data  # noqa: E402


@pytest.mark.parametrize("name, char_bytes, kept", [
    ("coll/ucadata.icu", 0, True),
    ("coll/sv.res", 0, True),                            # every language still sorts its own way
    ("coll/cy.res", 0, True),
    ("zone/en_GB.res", 0, True),
    ("zone/root.res", 0, True),
    ("zone/de.res", 0, False),                           # German time-zone names
    ("root.res", 0, True),
    ("pool.res", 0, True),
    ("en_GB.res", 0, True),
    ("fr.res", 0, False),
    ("zoneinfo64.res", 0, True),
    ("cnvalias.icu", 0, True),
    ("ibm-5348_P100-1997.cnv", 1, True),                 # Windows-1252
    ("gb18030.cnv", 4, False),
    ("ibm-943_P130-1999.cnv", 2, False),                 # Shift-JIS
    ("brkitr/cjdict.dict", 0, False),
    ("lang/en.res", 0, False),
    ("curr/en_GB.res", 0, False),
    ("unit/en.res", 0, False),
    ("translit/root.res", 0, False),
    ("unames.icu", 0, False),
])
def test_icu_items_kept_are_those_qt_reads(name, char_bytes, kept):
    assert contents.icu_item_kept(name, char_bytes) is kept


def _pyside_icu_data() -> Path:
    pyside = pytest.importorskip("PySide6")
    found = sorted((Path(pyside.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not sys.platform.startswith("linux") or not found or not shutil.which("as") or not shutil.which("ld"):
        pytest.skip("needs Linux PySide6 with its own ICU, and binutils")
    return found[0]


def test_the_package_is_read_and_written_back_byte_for_byte():
    symbol, package = icu_data.linked_package(_pyside_icu_data().read_bytes())
    header, items = icu_data.package_items(package)
    assert symbol.startswith("icudt") and len(items) > 1000
    assert icu_data.write_package(header, items) == package
    with pytest.raises(ValueError, match="not an ICU common data package"):
        icu_data.package_items(b"\x20\x00\xda\x27" + b"\0" * 60)


PROBE = textwrap.dedent("""
    from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
    names = ["zebra", "apple", "item10", "item9", "Zoë", "ångström"]
    swedish = QCollator(QLocale("sv_SE"))
    swedish.setNumericMode(True)
    print(sorted(names, key=swedish.sortKey))
    print(QTimeZone(b"Europe/London").displayName(QTimeZone.StandardTime, QTimeZone.LongName, QLocale("en_GB")))
    print(QStringDecoder("windows-1252").isValid(), QStringDecoder("Shift_JIS").isValid())
    print(QLocale("tr_TR").toUpper("istanbul"))
""")


def test_the_trimmed_library_still_serves_what_qt_asks_icu_for(tmp_path):
    source = _pyside_icu_data()
    target = tmp_path / source.name
    kept, total = icu_data.trimmed_library(str(source), target, contents.icu_item_kept)
    assert 400 < kept < total and target.stat().st_size < source.stat().st_size / 4
    _symbol, package = icu_data.linked_package(target.read_bytes())
    names = [name.split("/", 1)[1] for name, _data in icu_data.package_items(package)[1]]
    assert "coll/sv.res" in names and "brkitr/cjdict.dict" not in names and "zone/de.res" not in names

    env = {**os.environ, "LD_PRELOAD": str(target), "QT_QPA_PLATFORM": "offscreen"}    # instead of Qt's own
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['apple', 'item9', 'item10', 'zebra', 'Zoë', 'ångström']",     # Swedish order: å after z
        "Greenwich Mean Time",
        "True False",                                                   # single-byte code pages only
        "İSTANBUL",                                                     # Turkish dotted capital I
    ]
