"""Every report kind, each registered by its own feature.

A feature lists its kinds as ``REPORT_KINDS`` (a tuple of ``ReportKind``) in its report module, and that module
is named once here. ``sdm-desktop report`` is built from this.
"""

from __future__ import annotations

from sdm_desktop.services.core.registry import collect_kinds
from sdm_desktop.services.reporting.kinds import ReportKind

FEATURE_REPORT_MODULES = [
    "sdm_desktop.services.assurance.report",
    "sdm_desktop.services.consultation.report",
    "sdm_desktop.services.engagement.report",
    "sdm_desktop.services.reach.report",
    "sdm_desktop.services.reporting.board_report",
    "sdm_desktop.services.reporting.dashboard_report",
]


def report_kinds() -> dict[str, ReportKind]:
    """Every registered report kind by name, sorted by name."""
    return collect_kinds(FEATURE_REPORT_MODULES, "REPORT_KINDS")
