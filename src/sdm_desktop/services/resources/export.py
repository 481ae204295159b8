"""The resources feature's export kinds: the library, and who each resource was shared with."""

from __future__ import annotations

from sdm_desktop.services.exporting.kinds import INCLUDE_NO_CONTACT, ExportKind
from sdm_desktop.services.resources.library import resources_table
from sdm_desktop.services.resources.shares import shares_table

EXPORT_KINDS = (
    ExportKind("resources", "the library of SDM resources: kind, audience, link, offline copy, tags, times shared",
               resources_table),
    ExportKind("shares", "every share of a resource, newest first: what, with whom, how and when",
               shares_table, (INCLUDE_NO_CONTACT,)),
)
