"""Which lookup a file is, told by its columns: a postcode directory (ONSPD / NSPL), an English Indices of
Deprivation "File 1" (2019 with 2011 LSOAs, 2025 with 2021 LSOAs; columns recognised by how their names begin),
an ONS LSOA 2011→2021 lookup, a ``postcode,imd_decile`` file (with or without a header), a postcode→LSOA file
without a header, or a population profile ``dimension,category,percent``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

POSTCODES, DEPRIVATION, LSOA_CHANGE, POSTCODE_DECILES, POPULATION = (
    "postcodes", "deprivation", "lsoa_change", "postcode_deciles", "population")
KIND_NAMES = {POSTCODES: "Postcode directory", DEPRIVATION: "Index of Multiple Deprivation",
              LSOA_CHANGE: "LSOA 2011 to 2021 lookup", POSTCODE_DECILES: "Postcode to IMD decile",
              POPULATION: "Population profile"}

POSTCODE_COLUMNS = ("pcds", "pcd", "pcd2", "pcd7", "pcd8", "postcode")
LSOA_RE = re.compile(r"^[EW]0[12]\d{6}$")
COMPACT_POSTCODE_RE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$")
IMD_LSOA = re.compile(r"^lsoa code \((20\d\d)\)")
IMD_DECILE = "index of multiple deprivation (imd) decile"
IMD_RANK = "index of multiple deprivation (imd) rank"


@dataclass
class Layout:
    kind: str
    version: str
    columns: dict[str, int] = field(default_factory=dict)     # what -> column index
    has_header: bool = True
    lsoa_year: int | None = None

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]


def _norm(cell: str) -> str:
    return " ".join(str(cell).replace("\ufeff", "").split()).lower()


def recognise(first: list[str], second: list[str] | None = None) -> Layout | None:
    """The layout of a file from its first row (and second, for a file without a header); None if not one."""
    header = [_norm(c) for c in first]
    return (_directory(header) or _deprivation(header) or _lsoa_change(header) or _postcode_deciles(header)
            or _population(header) or _headerless(first))


def _index(header: list[str], *names: str) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _directory(header: list[str]) -> Layout | None:
    postcode = _index(header, *POSTCODE_COLUMNS)
    lsoa11, lsoa21 = _index(header, "lsoa11", "lsoa11cd"), _index(header, "lsoa21", "lsoa21cd")
    if postcode is None or (lsoa11 is None and lsoa21 is None):
        return None
    columns = {"postcode": postcode}
    years = []
    if lsoa11 is not None:
        columns["lsoa11"] = lsoa11
        years.append("2011")
    if lsoa21 is not None:
        columns["lsoa21"] = lsoa21
        years.append("2021")
    return Layout(POSTCODES, f"postcode directory with LSOA {' and '.join(years)} codes", columns)


def _starting(header: list[str], start: str) -> int | None:
    return next((i for i, name in enumerate(header) if name.startswith(start)), None)


def _deprivation(header: list[str]) -> Layout | None:
    code = next(((i, int(m.group(1))) for i, name in enumerate(header) if (m := IMD_LSOA.match(name))), None)
    decile = _starting(header, IMD_DECILE)
    if code is None or decile is None:
        return None
    columns = {"lsoa": code[0], "decile": decile}
    for what, start in (("rank", IMD_RANK), ("lsoa_name", "lsoa name"),
                        ("district_code", "local authority district code"),
                        ("district_name", "local authority district name")):
        found = _starting(header, start)
        if found is not None:
            columns[what] = found
    edition = "2019" if code[1] == 2011 else "2025" if code[1] == 2021 else "unknown edition"
    district = _starting(header, "local authority district code")
    if district is not None and (m := re.search(r"\((20\d\d)\)", header[district])):
        edition += f", districts as of {m.group(1)}"
    return Layout(DEPRIVATION, f"English Indices of Deprivation ({edition}) with LSOA {code[1]} codes", columns,
                  lsoa_year=code[1])


def _lsoa_change(header: list[str]) -> Layout | None:
    lsoa11, lsoa21 = _index(header, "lsoa11cd"), _index(header, "lsoa21cd")
    if lsoa11 is None or lsoa21 is None or _index(header, *POSTCODE_COLUMNS) is not None:
        return None
    return Layout(LSOA_CHANGE, "ONS LSOA (2011) to LSOA (2021) lookup", {"lsoa11": lsoa11, "lsoa21": lsoa21})


def _postcode_deciles(header: list[str]) -> Layout | None:
    postcode = _index(header, *POSTCODE_COLUMNS)
    decile = next((i for i, name in enumerate(header) if "decile" in name), None)
    if postcode is None or decile is None:
        return None
    return Layout(POSTCODE_DECILES, "postcode to IMD decile file", {"postcode": postcode, "decile": decile})


def _population(header: list[str]) -> Layout | None:
    wanted = ("dimension", "category", "percent")
    if not all(w in header for w in wanted):
        return None
    return Layout(POPULATION, "population profile", {w: header.index(w) for w in wanted})


def _headerless(first: list[str]) -> Layout | None:
    """``postcode,decile`` or ``postcode,LSOA code`` with no header: told by the first row's values."""
    if len(first) < 2 or not COMPACT_POSTCODE_RE.match("".join(first[0].split()).upper()):
        return None
    second = first[1].strip()
    if second.isdigit() and 1 <= int(second) <= 10:
        return Layout(POSTCODE_DECILES, "postcode to IMD decile file (no header)", {"postcode": 0, "decile": 1},
                      has_header=False)
    if LSOA_RE.match(second.upper()):
        return Layout(POSTCODES, "postcode to LSOA file (no header; codes read as LSOA 2021)",
                      {"postcode": 0, "lsoa21": 1}, has_header=False)
    return None


def fast_postcode(raw: str) -> str | None:
    """A postcode as the register writes it ("LS1 4AP"), for millions of directory rows: spaces dropped, upper
    case, the space put before the last three characters; None if it cannot be a postcode."""
    compact = raw.replace(" ", "").upper()
    if not 5 <= len(compact) <= 7:
        compact = "".join(compact.split())
        if not 5 <= len(compact) <= 7:
            return None
    return f"{compact[:-3]} {compact[-3:]}"
