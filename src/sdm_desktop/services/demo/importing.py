"""Sample data for import: a small ODS-style list of fictional GP practices, imported as one batch.

So that File → Import history has something to show (and undo) in the sample data set.
"""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path

from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.importing import ImportOptions, run_import

PRACTICES = [
    ("Y98001", "THE OLD FORGE SURGERY", "FORGE LANE", "FERNBRIDGE", "EX3 4FG", "A"),
    ("Y98002", "CASTLE HILL MEDICAL GROUP", "CASTLE HILL", "OAKHAVEN", "TQ4 2BH", "A"),
    ("Y98003", "MILLBROOK VALLEY PRACTICE", "VALLEY ROAD", "MILLBROOK", "PL6 8NW", "A"),
    ("Y98004", "LOWMOOR GREEN SURGERY", "THE GREEN", "LOWMOOR", "TR7 1LG", "A"),
    ("Y98005", "KESTREL BAY HARBOUR PRACTICE", "HARBOUR STREET", "KESTREL BAY", "BA9 3JH", "A"),
    ("Y98006", "ASHCOMBE ST MARY'S SURGERY", "CHURCH LANE", "ASHCOMBE", "TA2 6SM", "C"),
]


def _row(code: str, name: str, street: str, town: str, postcode: str, status: str, rng: random.Random) -> list:
    closed = "20240331" if status == "C" else ""
    return [code, name, "Y99", "QZZ", "", street, town, "WESSEX VALE", "", postcode, "19900401", closed, status,
            "B", "99Z", "19900401", closed, f"01632 {rng.randint(100000, 999999)}", "", "", "", "0", "", "4",
            "", "", ""]


def seed(ctx: AppContext, _rng: random.Random, _ids) -> None:
    rng = random.Random(98)                        # its own, so other seeders' data stays the same
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "epraccur-wessex-vale.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(_row(*p, rng) for p in PRACTICES)
        run_import(ctx, path, ImportOptions())
