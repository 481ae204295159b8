"""No lost updates around imports (issue 14): an import that updates a record, and undoing that import,
are edits; a colleague's form opened before either is refused instead of saving over it."""

from __future__ import annotations

import pytest

from helpers import make_org
from importexport_files import write_csv
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.importing import ImportOptions, run_import, undo_batch
from sdm_desktop.services.register import organisations as org_service
from versions_helpers import version_in


def test_an_import_update_and_its_undo_raise_the_version(ctx, tmp_path):
    org_id = make_org(ctx, "Riverside PPG", email="riverside@example.org", phone="01632 000001")
    opened = org_service.get_organisation_version(ctx, org_id)
    stale = org_service.get_organisation(ctx, org_id)
    path = write_csv(tmp_path / "groups.csv", [["Name", "Email", "Phone"],
                                               ["Riverside PPG", "riverside@example.org", "01632 999999"]])
    report = run_import(ctx, path, ImportOptions(on_duplicate="update"))
    assert report.updated == 1 and version_in(ctx, "organisation", org_id) == opened + 1
    stale.notes = "Meets monthly"
    with pytest.raises(RecordChanged):
        org_service.update_organisation(ctx, org_id, stale, expected_version=opened)
    assert org_service.get_organisation(ctx, org_id).phone == "01632 999999"

    undo_batch(ctx, report.batch_id)
    assert org_service.get_organisation(ctx, org_id).phone == "01632 000001"
    assert version_in(ctx, "organisation", org_id) == opened + 2          # versions only go up
