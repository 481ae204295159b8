"""What an import will do before it does it: file format, ODS layout, kind, column mapping."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sdm_desktop.errors import UserError
from sdm_desktop.services.importing.fields import (
    FIELDS,
    KINDS,
    ORGANISATIONS,
    PEOPLE,
    guess_kind,
    guess_mapping,
    recall_mapping,
)
from sdm_desktop.services.importing.layouts import OdsLayout, detect_layout
from sdm_desktop.services.importing.prescribing import DEFAULT_SETTINGS, PRESCRIBING_SETTINGS
from sdm_desktop.services.importing.sources import Row, Source, open_source

if TYPE_CHECKING:
    from sdm_desktop.services.core.context import AppContext

PREVIEW_ROWS = 20
DUPLICATE_CHOICES = ("skip", "update", "create")
CLOSED_CHOICES = ("skip", "inactive")


@dataclass
class ImportOptions:
    kind: str = "auto"                       # auto, organisations, people
    sheet: str | None = None                 # XLSX: None is the first sheet
    mapping: dict[str, int] | None = None    # field -> column; None: remembered or guessed
    on_duplicate: str = "skip"               # skip, update or create
    closed: str = "skip"                     # ODS closed/dormant/proposed organisations: skip or inactive
    prescribing_settings: frozenset[int] | None = DEFAULT_SETTINGS   # epraccur rows to bring in; None: all
    published_case: bool = False             # ODS names and addresses as published (capitals), not tidied
    default_org_type: str = "Other"          # organisations without a type column
    has_header: bool = True                  # the first row names the columns (ODS files: detected)
    dry_run: bool = False
    strict: bool = False                     # any rejected row: import nothing
    remember_mapping: bool = True

    def check(self) -> None:
        if self.kind not in ("auto", *KINDS):
            raise UserError(f"--kind must be auto, organisations or people (not {self.kind!r}).")
        if self.on_duplicate not in DUPLICATE_CHOICES:
            raise UserError(f"Duplicates must be skipped, updated or created (not {self.on_duplicate!r}).")
        if self.closed not in CLOSED_CHOICES:
            raise UserError(f"Closed organisations must be skipped or marked inactive (not {self.closed!r}).")
        unknown = sorted(set(self.prescribing_settings or ()) - set(PRESCRIBING_SETTINGS))
        if unknown or self.prescribing_settings == frozenset():
            raise UserError(f"Prescribing settings must be ODS codes ({', '.join(map(str, PRESCRIBING_SETTINGS))}); "
                            f"not {', '.join(map(str, unknown)) or 'none at all'}.")


@dataclass
class ImportPlan:
    source: Source
    kind: str
    layout: OdsLayout | None
    headers: list[str]
    has_header: bool
    mapping: dict[str, int]
    mapping_from: str                        # "ODS layout", "remembered", "guessed" or "given"
    preview: list[Row] = field(default_factory=list)
    title_rows: int = 0                      # rows above the header row, left out

    @property
    def named_width(self) -> int:
        """How many columns the header row names (all of them in a file without one)."""
        return len(self.preview[0][1]) if self.has_header and self.preview else len(self.headers)

    def describe(self) -> str:
        what = self.layout.describe() if self.layout else f"{self.kind}, mapping {self.mapping_from}"
        if self.title_rows:
            rows = "1 title row" if self.title_rows == 1 else f"{self.title_rows} title rows"
            what += f"; header on row {self.preview[0][0]} ({rows} above it left out)"
        return f"{self.source.path.name}: {self.source.describe()}; {what}"

    def unmapped_required(self) -> list[str]:
        if self.layout:
            return []
        required = [f.name for f in FIELDS[self.kind] if f.required]
        if self.kind == PEOPLE and "full_name" in self.mapping:
            required = [r for r in required if r != "last_name"]
        return [r for r in required if r not in self.mapping]


def plan_import(ctx: AppContext, path: str | Path, options: ImportOptions) -> ImportPlan:
    options.check()
    source = open_source(path, options.sheet)
    try:
        return _plan(ctx, source, options)
    except BaseException:
        source.close()
        raise


def _plan(ctx: AppContext, source: Source, options: ImportOptions) -> ImportPlan:
    preview = source.head(PREVIEW_ROWS + 1)
    if not preview:
        raise UserError(f"{source.path.name} has no rows to import{_where(source)}.")
    layout = detect_layout(source.path.name, [cells for _line, cells in preview])
    if len(preview) == 1 and (layout.has_header if layout else options.has_header):
        names = ", ".join(repr(h.strip()) for h in preview[0][1][:6] if h.strip())
        raise UserError(f"{source.path.name} has a header row ({names}{', …' if len(preview[0][1]) > 6 else ''}) "
                        f"but no rows of data{_where(source)}; there is nothing to import.")
    if layout is not None:
        if options.kind == PEOPLE:
            raise UserError(f"{source.path.name} is an ODS list of organisations, not of people.")
        headers = preview[0][1] if layout.has_header else _numbered(preview)
        return ImportPlan(source, ORGANISATIONS, layout, headers, layout.has_header, {}, "ODS layout", preview)
    title_rows = 0
    if not options.has_header:
        headers = _numbered(preview)
    else:
        title_rows = _header_index(preview, options)
        preview = preview[title_rows:]                          # title rows above the header are left out
        headers = _number_merged([h.strip() for h in preview[0][1]], source.merged_spans(preview[0][0]))
        width = max(len(cells) for _line, cells in preview)
        headers += [f"Column {i + 1}" for i in range(len(headers), width)]
    kind, mapping, mapping_from = _choose_mapping(ctx, headers, options)
    return ImportPlan(source, kind, None, headers, options.has_header, mapping, mapping_from, preview, title_rows)


TITLE_ROWS_LOOKED_AT = 10


def _header_index(preview: list[Row], options: ImportOptions) -> int:
    """Which of the first rows names the columns: a sheet often starts with a title ("PPG contacts 2026")
    or a blank row. The first row whose cells name the most fields, if it names at least two more than
    the first row does; else the first row."""
    def named(cells: list[str]) -> int:
        headers = [str(c) for c in cells]
        kind = options.kind if options.kind != "auto" else guess_kind(headers)
        return len(guess_mapping(kind, headers))

    counts = [named(cells) for _line, cells in preview[:TITLE_ROWS_LOOKED_AT]]
    best = max(range(len(counts)), key=lambda i: (counts[i], -i))
    return best if counts[best] >= counts[0] + 2 and best < len(preview) - 1 else 0


def _number_merged(headers: list[str], spans: list[tuple[int, int]]) -> list[str]:
    """A header merged over several columns names each of them: "Name" over A:B is "Name (1)", "Name (2)"."""
    out = list(headers)
    for first, last in spans:
        if first > len(out) or not out[first - 1]:
            continue
        out += [""] * (last - len(out))
        for column in range(first, last + 1):
            out[column - 1] = f"{headers[first - 1]} ({column - first + 1})"
    return out


def _where(source: Source) -> str:
    others = [name for name in source.sheets if name != source.sheet]
    return f" in sheet {source.sheet!r} (other sheets: {', '.join(others)})" if others else ""


def _numbered(preview: list[Row]) -> list[str]:
    width = max(len(cells) for _line, cells in preview)
    return [f"Column {i + 1}" for i in range(width)]


def _choose_mapping(ctx: AppContext, headers: list[str], options: ImportOptions) -> tuple[str, dict, str]:
    if options.mapping is not None:
        kind = options.kind if options.kind != "auto" else guess_kind(headers)
        bad = [name for name in options.mapping if name not in {f.name for f in FIELDS[kind]}]
        if bad:
            raise UserError(f"Unknown {kind} field(s) in the mapping: {', '.join(bad)}.")
        return kind, dict(options.mapping), "given"
    remembered = recall_mapping(ctx, headers)
    if remembered and options.kind in ("auto", remembered[0]):
        return remembered[0], remembered[1], "remembered"
    kind = options.kind if options.kind != "auto" else guess_kind(headers)
    return kind, guess_mapping(kind, headers), "guessed"


def unmapped_message(plan: ImportPlan, missing: list[str]) -> str:
    """Say where we looked and how to go on: the columns found, --map, and the other sheets."""
    columns = ", ".join(repr(h) for h in plan.headers[:12]) + (", …" if len(plan.headers) > 12 else "")
    text = (f"No column is mapped to the required field(s): {', '.join(missing)}. "
            f"{plan.describe()}, columns {columns or 'none'}; map one with --map FIELD=COLUMN")
    others = [name for name in plan.source.sheets if name != plan.source.sheet]
    if others:
        text += f", or read another sheet with --sheet ({', '.join(others)})"
    return text + "."
