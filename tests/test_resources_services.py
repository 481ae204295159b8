"""The resource library's services, without Qt: records, search, offline copies, shares, the pack."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from helpers import make_org, make_person
from sdm_desktop.errors import UserError
from sdm_desktop.progress import JobCancelled
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.register.timeline import stakeholder_timeline
from sdm_desktop.services.resources import files as resource_files
from sdm_desktop.services.resources import pack as resource_pack
from sdm_desktop.services.resources.library import (
    ResourceFilter,
    ResourceInput,
    create_resource,
    delete_resources,
    get_resource,
    list_resources,
    resource_tags,
    resources_table,
    search_resource_ids,
    update_resource,
)
from sdm_desktop.services.resources.shares import ShareRequest, delete_shares, share_resource, shares_of, shares_table


def add(ctx, title="BRAN poster", kind="leaflet", **fields) -> int:
    return create_resource(ctx, ResourceInput(title=title, kind=kind, **fields))


def titles(ctx, flt=None, **sort) -> list[str]:
    rows = {r.id: r.title for r in list_resources(ctx)}
    return [rows[i] for i in search_resource_ids(ctx, flt, **sort)]


# --- records ------------------------------------------------------------------------------------
def test_create_edit_and_undo_each_step(ctx):
    rid = add(ctx, url="www.nice.org.uk/guidance/ng197", tags=["NICE", " guideline ", "NICE"])
    saved = get_resource(ctx, rid)
    assert saved.url == "https://www.nice.org.uk/guidance/ng197"
    assert saved.tags == ["guideline", "NICE"]
    update_resource(ctx, rid, ResourceInput(title="BRAN poster (large print)", kind="leaflet"))
    assert get_resource(ctx, rid).title == "BRAN poster (large print)"
    assert ctx.undo.undo() == "edit BRAN poster"
    assert get_resource(ctx, rid).title == "BRAN poster"
    assert ctx.undo.undo() == "add BRAN poster"
    assert list_resources(ctx) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x",
                                 "mailto:a@b.org", "https://", "not a link"])
def test_non_web_links_are_refused(ctx, url):
    with pytest.raises(ValidationError) as err:
        add(ctx, url=url)
    assert "url" in err.value.errors
    assert list_resources(ctx) == []


def test_missing_title_and_unknown_kind_are_named(ctx):
    with pytest.raises(ValidationError) as err:
        add(ctx, title="  ", kind="podcast")
    assert set(err.value.errors) == {"title", "kind"}


def test_delete_takes_the_share_log_and_undo_brings_both_back(ctx):
    rid = add(ctx)
    org = make_org(ctx, "Riverside PPG")
    share_resource(ctx, ShareRequest(rid, organisation_ids=[org]))
    delete_resources(ctx, [rid])
    assert list_resources(ctx) == [] and shares_of(ctx, rid) == []
    ctx.undo.undo()
    assert [r.title for r in list_resources(ctx)] == ["BRAN poster"]
    assert [s.who for s in shares_of(ctx, rid)] == ["Riverside PPG"]


# --- search and filters -------------------------------------------------------------------------
def test_search_filters_and_sort(ctx):
    add(ctx, "Film: consultation without SDM", "film", audience="clinicians", tags=["bad practice", "training"])
    add(ctx, "Film: consultation with SDM", "film", audience="clinicians", tags=["good practice"])
    add(ctx, "Ottawa Personal Decision Guide", "decision_aid", url="https://decisionaid.ohri.ca/decguide.html",
        audience="patients")
    assert titles(ctx, ResourceFilter(text="ohri")) == ["Ottawa Personal Decision Guide"]
    assert titles(ctx, ResourceFilter(text="film without")) == ["Film: consultation without SDM"]
    assert len(titles(ctx, ResourceFilter(kind="film"))) == 2
    assert titles(ctx, ResourceFilter(audience="patients")) == ["Ottawa Personal Decision Guide"]
    assert titles(ctx, ResourceFilter(tag="Bad practice")) == ["Film: consultation without SDM"]
    assert titles(ctx, ResourceFilter(tag="practice")) == []          # whole tags only
    assert titles(ctx, ResourceFilter(text="100%_")) == []
    assert titles(ctx, sort="title", descending=True)[0] == "Ottawa Personal Decision Guide"
    assert resource_tags(ctx) == ["bad practice", "good practice", "training"]


def test_sort_by_times_shared(ctx):
    quiet, busy = add(ctx, "Quiet"), add(ctx, "Busy")
    org = make_org(ctx)
    share_resource(ctx, ShareRequest(busy, organisation_ids=[org]))
    assert titles(ctx, sort="shares", descending=True) == ["Busy", "Quiet"]
    assert quiet


# --- offline copies -----------------------------------------------------------------------------
def test_offline_copy_is_named_by_its_sha256_and_stored_once(ctx, tmp_path):
    film = tmp_path / "Consultation.MP4"
    film.write_bytes(b"not really a film" * 1000)
    first, second = add(ctx, "One", "film"), add(ctx, "Two", "film")
    digest = resource_files.add_offline_copy(ctx, first, film)
    resource_files.add_offline_copy(ctx, second, film)
    assert digest == hashlib.sha256(film.read_bytes()).hexdigest()
    stored = list((ctx.data_dir / "resources").iterdir())
    assert [p.name for p in stored] == [f"{digest}.mp4"]
    target = resource_files.open_target(ctx, first)
    assert target.kind == "file" and target.value.endswith(f"{digest}.mp4")
    assert list_resources(ctx)[0].file_name == "Consultation.MP4"


def test_missing_file_is_one_clear_message(ctx, tmp_path):
    rid = add(ctx)
    with pytest.raises(UserError, match="does not exist"):
        resource_files.add_offline_copy(ctx, rid, tmp_path / "nowhere.pdf")
    assert list_resources(ctx)[0].file_name is None


def test_a_file_over_the_limit_is_refused_and_nothing_is_written(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(resource_files, "MAX_FILE_BYTES", 1000)
    rid = add(ctx)
    big = tmp_path / "big.mp4"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(UserError, match="files up to"):
        resource_files.add_offline_copy(ctx, rid, big)
    assert list((ctx.data_dir / "resources").iterdir()) == []
    assert list_resources(ctx)[0].content_hash is None


def test_a_copy_that_fails_half_way_leaves_no_file(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(resource_files, "CHUNK", 10)
    rid = add(ctx)
    source = tmp_path / "leaflet.pdf"
    source.write_bytes(b"y" * 100)

    class Cancelling(resource_files.Progress):
        def step(self, n=1):
            super().step(n)
            if self.done == 3:
                self.cancelled = True
                self.check()
    with pytest.raises(JobCancelled):
        resource_files.add_offline_copy(ctx, rid, source, Cancelling())
    assert list((ctx.data_dir / "resources").iterdir()) == []
    assert list_resources(ctx)[0].file_name is None


def test_undo_of_an_offline_copy_and_open_falls_back_to_the_link(ctx, tmp_path):
    rid = add(ctx, url="https://www.nhs.uk")
    source = tmp_path / "poster.pdf"
    source.write_bytes(b"%PDF-1.4 poster")
    resource_files.add_offline_copy(ctx, rid, source)
    assert resource_files.open_target(ctx, rid, prefer="link").value == "https://www.nhs.uk"
    ctx.undo.undo()
    assert resource_files.open_target(ctx, rid).kind == "link"


def test_open_says_when_the_offline_copy_has_gone(ctx, tmp_path):
    rid = add(ctx)
    source = tmp_path / "poster.pdf"
    source.write_bytes(b"poster")
    resource_files.add_offline_copy(ctx, rid, source)
    for path in (ctx.data_dir / "resources").iterdir():
        path.unlink()
    with pytest.raises(UserError, match="missing"):
        resource_files.open_target(ctx, rid)
    with pytest.raises(UserError, match="no offline copy and no link"):
        resource_files.open_target(ctx, add(ctx, "Nothing to open"))


# --- shares -------------------------------------------------------------------------------------
def test_share_refuses_people_without_consent_and_says_why(ctx):
    rid = add(ctx)
    org = make_org(ctx, "Riverside PPG")
    ok = make_person(ctx, "Willing", first_name="Ann")
    dnc = make_person(ctx, "Private", first_name="Bob", do_not_contact=True)
    unconsented = make_person(ctx, "Unasked", first_name="Cat", consent_contact=False)
    report = share_resource(ctx, ShareRequest(rid, [org], [ok, dnc, unconsented], date(2026, 3, 1), "email", "at AGM"))
    assert report.recorded == ["Riverside PPG", "Ann Willing"]
    assert report.refused == [("Bob Private", "marked do not contact"), ("Cat Unasked", "no consent to be contacted")]
    assert "not shared with Bob Private (marked do not contact)" in report.summary()
    assert {s.who for s in shares_of(ctx, rid)} == {"Riverside PPG", "Ann Willing"}
    titles_ = [e.title for e in stakeholder_timeline(ctx, person_id=ok)]
    assert "Shared: BRAN poster" in titles_
    assert stakeholder_timeline(ctx, person_id=dnc) == []


def test_share_undo_and_delete_undo(ctx):
    rid = add(ctx)
    org = make_org(ctx)
    share_resource(ctx, ShareRequest(rid, organisation_ids=[org]))
    ctx.undo.undo()
    assert shares_of(ctx, rid) == []
    report = share_resource(ctx, ShareRequest(rid, organisation_ids=[org]))
    delete_shares(ctx, report.share_ids)
    assert shares_of(ctx, rid) == []
    ctx.undo.undo()
    assert len(shares_of(ctx, rid)) == 1


@pytest.mark.parametrize("request_, message", [
    (dict(), "at least one"), (dict(organisation_ids=[999]), "no group"), (dict(person_ids=[999]), "no person"),
    (dict(organisation_ids=[1], channel="pigeon"), "Unknown channel"),
    (dict(organisation_ids=[1], shared_on=date(2999, 1, 1)), "future"),
])
def test_bad_share_requests_change_nothing(ctx, request_, message):
    rid = add(ctx)
    make_org(ctx)
    with pytest.raises(UserError, match=message):
        share_resource(ctx, ShareRequest(rid, **request_))
    assert shares_of(ctx, rid) == []


def test_exports_of_resources_and_shares(ctx):
    rid = add(ctx, "=HYPERLINK()", url="https://www.nhs.uk")
    share_resource(ctx, ShareRequest(rid, organisation_ids=[make_org(ctx)], channel="post"))
    table, _ = resources_table(ctx)
    assert table.rows[0][1:5] == ["=HYPERLINK()", "Leaflet", "Anyone", "https://www.nhs.uk"]
    assert table.rows[0][8] == 1
    shares, _ = shares_table(ctx)
    assert shares.rows[0][1:5] == ["=HYPERLINK()", "Riverside PPG", "Group", "Post"]


# --- the pack -----------------------------------------------------------------------------------
def test_pack_lists_real_public_links_and_loads_once(ctx):
    entries = resource_pack.read_pack()
    urls = {e.url for e in entries}
    assert "https://www.nice.org.uk/guidance/ng197" in urls
    assert "https://www.nice.org.uk/corporate/ecd8" in urls
    assert all(u.startswith("https://") for u in urls)
    assert resource_pack.load_pack(ctx) == len(entries)
    steps = len(ctx.undo._steps)
    assert resource_pack.load_pack(ctx) == 0
    assert len(ctx.undo._steps) == steps                     # nothing added, nothing to undo
    assert ctx.undo.undo() == "add the resource pack"
    assert len(resource_pack.missing_pack_entries(ctx)) == len(entries)


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"), ('{"items": []}', "no list"),
    (json.dumps({"resources": [{"title": "x", "kind": "film", "url": "javascript:x"}]}), "entry 1"),
    (json.dumps({"resources": [{"title": "x", "kind": "film"}]}), "no link"),
])
def test_a_broken_pack_is_one_clear_message(ctx, tmp_path, content, message):
    pack = tmp_path / "pack.json"
    pack.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        resource_pack.load_pack(ctx, pack)
    assert list_resources(ctx) == []
