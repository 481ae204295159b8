"""No lost updates in resources (issue 14): the library's records and the share log."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import make_org
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.resources import library as res
from sdm_desktop.services.resources.shares import ShareRequest, delete_shares, share_resource, shares_of
from versions_helpers import answer_merge, colleague_sets, version_in


def _resource(ctx, title="BRAN leaflet") -> int:
    return res.create_resource(ctx, res.ResourceInput(title=title, url="https://example.org/bran"))


def test_a_stale_resource_save_is_refused_and_nothing_is_lost(ctx):
    resource_id = _resource(ctx)
    opened = res.get_resource_version(ctx, resource_id)
    mine = res.get_resource(ctx, resource_id)
    colleague_sets(ctx, "resource", resource_id, description="Their description")
    mine.title = "BRAN questions leaflet"
    with pytest.raises(RecordChanged, match="BRAN leaflet .resource .* by colleague"):
        res.update_resource(ctx, resource_id, mine, expected_version=opened)
    stored = res.get_resource(ctx, resource_id)
    assert (stored.title, stored.description) == ("BRAN leaflet", "Their description")


def test_deleting_a_changed_resource_or_share_is_refused(ctx):
    resource_id = _resource(ctx)
    org_id = make_org(ctx)
    share_resource(ctx, ShareRequest(resource_id, [org_id], shared_on=date(2026, 3, 2)))
    listed = {r.id: r.row_version for r in res.list_resources(ctx)}
    share = shares_of(ctx, resource_id)[0]
    colleague_sets(ctx, "share_log", share.id, notes="Sent a second copy")
    with pytest.raises(RecordChanged, match="Not removed"):
        delete_shares(ctx, [share.id], expected={share.id: share.row_version})
    colleague_sets(ctx, "resource", resource_id, title="Renamed by them")
    with pytest.raises(RecordChanged, match="Not deleted: Renamed by them"):
        res.delete_resources(ctx, [resource_id], expected=listed)
    assert [s.notes for s in shares_of(ctx, resource_id)] == ["Sent a second copy"]
    assert res.get_resource(ctx, resource_id).title == "Renamed by them"


def test_undo_is_refused_after_a_colleagues_change(ctx):
    resource_id = _resource(ctx)
    data = res.get_resource(ctx, resource_id)
    data.tags = ["BRAN"]
    res.update_resource(ctx, resource_id, data)
    colleague_sets(ctx, "resource", resource_id, url="https://example.org/bran-2026")
    with pytest.raises(RecordChanged, match="Not undone: BRAN leaflet"):
        ctx.undo.undo()
    stored = res.get_resource(ctx, resource_id)
    assert (stored.tags, stored.url) == (["BRAN"], "https://example.org/bran-2026")

    report = share_resource(ctx, ShareRequest(resource_id, [make_org(ctx)]))
    colleague_sets(ctx, "share_log", report.share_ids[0], notes="Handed over at the meeting")
    with pytest.raises(RecordChanged, match="Not undone"):
        ctx.undo.undo()
    assert len(shares_of(ctx, resource_id)) == 1


def test_sharing_leaves_the_resources_version_alone(ctx):
    resource_id = _resource(ctx)
    opened = version_in(ctx, "resource", resource_id)
    share_resource(ctx, ShareRequest(resource_id, [make_org(ctx)]))
    assert version_in(ctx, "resource", resource_id) == opened
    data = res.get_resource(ctx, resource_id)          # a form opened before the share still saves
    data.description = "For patients"
    res.update_resource(ctx, resource_id, data, expected_version=opened)


def test_the_resource_editor_merges_a_colleagues_change(window, ctx, qtbot):
    resource_id = _resource(ctx)
    view = window.show_view("resources")
    form = view.form
    form.edit(resource_id)
    colleague_sets(ctx, "resource", resource_id, description="Their description")
    form.f.widgets["title"].setText("BRAN questions leaflet")
    seen: list[str] = []
    answer_merge("&Merge and save", seen)
    assert form.save()
    assert set(seen) == {"description", "title"}
    stored = res.get_resource(ctx, resource_id)
    assert (stored.title, stored.description) == ("BRAN questions leaflet", "Their description")


def test_an_open_editor_saves_again_after_its_own_save_and_still_sees_a_colleagues(window, ctx, qtbot):
    resource_id = _resource(ctx)
    form = window.show_view("resources").form
    form.edit(resource_id)
    form.f.widgets["title"].setText("BRAN leaflet (2026)")
    assert form.save()
    form.f.widgets["title"].setText("BRAN leaflet (2026 edition)")
    assert form.save()                                    # its own earlier save is no conflict
    colleague_sets(ctx, "resource", resource_id, url="https://example.org/bran-2026")
    form.f.widgets["title"].setText("BRAN leaflet, 2026 edition")
    seen: list[str] = []
    answer_merge("Keep &yours", seen)
    assert form.save()
    assert seen == ["url", "title"]
    assert res.get_resource(ctx, resource_id).title == "BRAN leaflet, 2026 edition"
