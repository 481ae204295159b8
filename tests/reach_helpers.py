"""Small lookup files in the layouts the lookups import reads, written by the tests."""

from __future__ import annotations

from pathlib import Path

IMD2019_HEADER = ["LSOA code (2011)", "LSOA name (2011)", "Local Authority District code (2019)",
                  "Local Authority District name (2019)", "Index of Multiple Deprivation (IMD) Rank",
                  "Index of Multiple Deprivation (IMD) Decile"]
IMD2025_HEADER = ["LSOA code (2021)", "LSOA name (2021)", "Local Authority District code (2024)",
                  "Local Authority District name (2024)",
                  "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
                  "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"]


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def imd_rows(header: list[str], lsoas: dict[str, int], district: str = "E08000035") -> list[list[object]]:
    """``lsoas``: code -> decile; ranks follow the deciles."""
    rows: list[list[object]] = [header]
    for n, (code, decile) in enumerate(sorted(lsoas.items(), key=lambda p: p[1])):
        rows.append([code, f"Leeds {n:03d}A", district, "Leeds", decile * 3000 + n, decile])
    return rows


def write_imd_xlsx(path: Path, header: list[str], lsoas: dict[str, int]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["English Indices of Deprivation: File 1"])
    sheet = book.create_sheet("IoD2025 IMD")
    for row in imd_rows(header, lsoas):
        sheet.append(row)
    book.save(path)
    return path
