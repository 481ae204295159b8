"""Two people on one PostgreSQL team database (issue 14): nobody's change is silently lost, undo never
overwrites a colleague, and a colleague's save reaches an open view."""

from __future__ import annotations

import pytest

from helpers import make_org, make_person
from sdm_desktop.services.core.versions import RecordChanged, three_way
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.services.register import people as people_service

pytestmark = pytest.mark.slow


@pytest.fixture
def two_users(pg_url, tmp_path):
    first = open_context(tmp_path / "first", pg_url)
    second = open_context(tmp_path / "second", pg_url)
    yield first, second
    second.close()
    first.close()


def test_two_sessions_save_the_same_person_the_second_is_refused_and_nothing_is_lost(two_users):
    mine, theirs = two_users
    person_id = make_person(mine, first_name="Ada", last_name="Sample")
    opened = [people_service.get_person_version(ctx, person_id) for ctx in two_users]
    forms = [people_service.get_person(ctx, person_id) for ctx in two_users]
    forms[1].phone = "0113 496 0000"
    people_service.update_person(theirs, person_id, forms[1], expected_version=opened[1])
    forms[0].first_name = "Adele"
    with pytest.raises(RecordChanged, match="Ada Sample"):
        people_service.update_person(mine, person_id, forms[0], expected_version=opened[0])
    stored = people_service.get_person(mine, person_id)
    assert (stored.first_name, stored.phone) == ("Ada", "0113 496 0000")


def test_the_merge_keeps_both_sides_fields(two_users):
    mine, theirs = two_users
    person_id = make_person(mine, first_name="Ada", last_name="Sample")
    base, opened = people_service.get_person(mine, person_id), people_service.get_person_version(mine, person_id)
    colleague = people_service.get_person(theirs, person_id)
    colleague.phone = "0113 496 0000"
    people_service.update_person(theirs, person_id, colleague)
    yours = people_service.get_person(mine, person_id)
    yours.phone, yours.first_name = base.phone, "Adele"
    with pytest.raises(RecordChanged):
        people_service.update_person(mine, person_id, yours, expected_version=opened)
    now, now_version = people_service.get_person(mine, person_id), people_service.get_person_version(mine, person_id)
    merge = three_way(vars(base), vars(now), vars(yours))
    assert merge.conflicts == []
    people_service.update_person(mine, person_id, type(yours)(**merge.values), expected_version=now_version)
    stored = people_service.get_person(theirs, person_id)
    assert (stored.first_name, stored.phone) == ("Adele", "0113 496 0000")


def test_undo_after_a_colleagues_edit_is_refused(two_users):
    mine, theirs = two_users
    org_id = make_org(mine, "Riverside PPG")
    data = org_service.get_organisation(mine, org_id)
    data.notes = "Meets monthly"
    org_service.update_organisation(mine, org_id, data)
    colleague = org_service.get_organisation(theirs, org_id)
    colleague.phone = "0113 496 0001"
    org_service.update_organisation(theirs, org_id, colleague)
    with pytest.raises(RecordChanged, match="Not undone: Riverside PPG"):
        mine.undo.undo()
    stored = org_service.get_organisation(mine, org_id)
    assert (stored.notes, stored.phone) == ("Meets monthly", "0113 496 0001")


def test_a_colleagues_save_reaches_an_open_view(pg_url, tmp_path, qtbot, desktop_screen):
    from sdm_desktop.app import build_window

    mine, theirs = open_context(tmp_path / "first", pg_url), open_context(tmp_path / "second", pg_url)
    try:
        org_id = make_org(mine, "Alpha Group")
        window = build_window(mine, synchronous_jobs=True)
        qtbot.addWidget(window)
        window.show()
        assert window.env.colleagues is not None            # a team database: the watcher runs
        view = window.show_view("stakeholders")
        model = view.org_model
        qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5000)
        data = org_service.get_organisation(theirs, org_id)
        data.name = "Alpha Partnership"
        org_service.update_organisation(theirs, org_id, data)
        qtbot.waitUntil(lambda: model.record(0).name == "Alpha Partnership", timeout=10_000)
        window.env.colleagues.stop()
        window.hide()
    finally:
        theirs.close()
        mine.close()
