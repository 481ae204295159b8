"""Every export kind, each registered by its own feature.

A feature lists its kinds as ``EXPORT_KINDS`` (a tuple of ``ExportKind``) in its export module, and that module
is named once here; no feature imports another's exporter. ``sdm-desktop export`` is built from this.
"""

from __future__ import annotations

from collections.abc import Iterable

from sdm_desktop.services.core.registry import Option, collect_kinds
from sdm_desktop.services.exporting.kinds import SHARED_FILTERS, ExportKind

FEATURE_EXPORT_MODULES = [
    "sdm_desktop.services.register.export",
    "sdm_desktop.services.analysis.export",
    "sdm_desktop.services.engagement.export",
    "sdm_desktop.services.training.export",
    "sdm_desktop.services.letters.export",
    "sdm_desktop.services.resources.export",
    "sdm_desktop.services.equality.export",
    "sdm_desktop.services.consultation.export",
]


def export_kinds() -> dict[str, ExportKind]:
    """Every registered export kind by name, sorted by name."""
    return collect_kinds(FEATURE_EXPORT_MODULES, "EXPORT_KINDS")


def export_options(kinds: Iterable[ExportKind]) -> list[Option]:
    """Every option some kind takes, each once: the shared filters first, then the kinds' own."""
    options = {o.dest: o for o in SHARED_FILTERS}
    for kind in kinds:
        for option in kind.options:
            if options.setdefault(option.dest, option) != option:
                raise ValueError(f"Export kind {kind.name!r} gives {option.name} a different meaning")
    return list(options.values())
