"""The register's search index (SQLite FTS5, trigram): the same results as the LIKE search it speeds up,
kept in step with every way records change, filled in the background when missing or new."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, text

from helpers import make_org, make_person
from importexport_files import PEOPLE_HEADERS, write_csv
from sdm_desktop.db import text_index
from sdm_desktop.db.engine import downgrade_to
from sdm_desktop.db.lock import DataFolderLock
from sdm_desktop.db.models import Organisation, Person, Setting
from sdm_desktop.services.importing import ImportOptions, run_import, undo_batch
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.register import people as people_service
from sdm_desktop.services.register import search as register
from sdm_desktop.services.register.organisations import get_organisation, update_organisation
from sdm_desktop.services.register.search_index import SEARCH_TEXT_VERSION, SETTING_KEY
from sdm_desktop.services.register.search_upkeep import bring_search_up_to_date, needs_upkeep

QUERIES = ["a", "e", "zo", "ls", "@", "1", "kes", "smith", "zoë", "zoe", "ls1 4ab", "ls14ab", "1 4a", "nhs.net",
           "@leeds.nhs", "o'brien", "goldsmith", "smith-jones", "carers forum", "patient representative",
           "large print", "voices xyz", 'qu"ote', "100%", "a_b", "ørsted", "straße", "strasse", "riverside ppg"]


def like_ids(ctx, model, flt, sort=register.SortKey()) -> list[int]:
    """The search as it is without the index: LIKE over the search text."""
    conditions = register.person_conditions if model is Person else register.organisation_conditions
    order = register._person_sort(sort) if model is Person else register._org_sort(sort)
    with ctx.session() as s:
        return list(s.scalars(select(model.id).where(*conditions(flt, False)).order_by(*order)))


def index_holds_the_search_text(ctx, table: str) -> bool:
    with ctx.session() as s:
        indexed = s.execute(text(f"SELECT rowid, search_text FROM {table}_fts ORDER BY rowid")).all()
        stored = s.execute(text(f"SELECT id, search_text FROM {table} ORDER BY id")).all()
    return indexed == stored


def index_ready(ctx, table: str = "person") -> bool:
    with ctx.session() as s:
        return text_index.usable(s.connection(), table)


@pytest.fixture
def varied(demo_ctx):
    """The sample data, and people whose names, postcodes and emails test the edges of matching."""
    org = make_org(demo_ctx, "Leeds Carers Forum", postcode="LS1 4AB", email="forum@leeds.nhs.uk")
    make_person(demo_ctx, "O’Brien", "Zoë", orgs=[(org, "chair")], postcode="LS1 4AB", email="zoe.obrien@nhs.net")
    make_person(demo_ctx, "Goldsmith", "Ørsted", postcode="LS14 4AB", email="o.goldsmith@leeds.nhs.uk")
    make_person(demo_ctx, "Smith-Jones", "Straße", notes='says "qu"ote" and 100% a_b', needs_large_print=True,
                is_patient_rep=True)
    return demo_ctx


def test_search_results_are_identical_with_and_without_the_index(varied):
    assert index_ready(varied, "person") and index_ready(varied, "organisation")
    filters = [{}, {"active": True}, {"include_archived": True}, {"patient_reps_only": True}, {"tag": "carers"}]
    found_any = 0
    for query in QUERIES:
        for extra in filters:
            flt = register.RegisterFilter(text=query, **extra)
            people = register.search_person_ids(varied, flt)
            assert people == like_ids(varied, Person, flt), (query, extra)
            groups = register.search_organisation_ids(varied, flt)
            assert groups == like_ids(varied, Organisation, flt), (query, extra)
            found_any += bool(people) + bool(groups)
    assert found_any > 40                   # the queries do find people and groups
    for sort in (register.SortKey("email", True), register.SortKey("organisations"), register.SortKey("postcode")):
        flt = register.RegisterFilter(text="leeds")
        assert register.search_person_ids(varied, flt, sort) == like_ids(varied, Person, flt, sort)


def test_searches_go_through_the_index_only_when_it_is_complete_with_its_triggers(varied):
    assert index_ready(varied, "person") and index_ready(varied, "organisation")
    with varied.session() as s:
        text_index.reset(s.connection(), "person")                  # to be filled again
    assert not index_ready(varied, "person") and index_ready(varied, "organisation")
    bring_search_up_to_date(varied)
    assert index_ready(varied, "person")
    with varied.session() as s:
        s.connection().exec_driver_sql("DROP TRIGGER person_fts_update")      # as a table-copying migration does
    assert not index_ready(varied, "person") and index_ready(varied, "organisation")
    with varied.session() as s:
        s.connection().exec_driver_sql(f"DROP TABLE {text_index.STATE_TABLE}")  # a database made before the index
    assert not index_ready(varied, "organisation")
    flt = register.RegisterFilter(text="goldsmith")
    assert register.search_person_ids(varied, flt) == like_ids(varied, Person, flt)         # the LIKE path


def test_the_longer_terms_go_through_the_index_and_short_ones_do_not(varied):
    with varied.session() as s:
        assert register.served_by_index(s, Person, "smith")
        assert register.served_by_index(s, Person, "ls 4ab")          # one term long enough
        assert not register.served_by_index(s, Person, "ls 4a")
        assert not register.served_by_index(s, Person, "")
    flt = register.RegisterFilter(text="smith")
    names = {register.load_person_rows(varied, [i])[i].name for i in register.search_person_ids(varied, flt)}
    assert {"Ørsted Goldsmith", "Straße Smith-Jones"} <= names            # found inside words and after hyphens
    zoe = register.search_person_ids(varied, register.RegisterFilter(text="zoe.obrien"))
    assert register.search_person_ids(varied, register.RegisterFilter(text="ls14ab")) == zoe   # the postcode unspaced
    assert set(zoe) < set(register.search_person_ids(varied, register.RegisterFilter(text="ls1 4ab")))  # two terms


def test_a_short_search_gives_its_first_page_first_then_everything(varied):
    flt = register.RegisterFilter(text="a")
    first = register.find_person_ids(varied, flt, first_page=5)
    everything = register.find_person_ids(varied, flt)
    assert not first.complete and first.ids == everything.ids[:5] and len(everything.ids) > 5
    smith = register.RegisterFilter(text="smith")
    served, everything = register.find_person_ids(varied, smith, first_page=1), register.find_person_ids(varied, smith)
    assert not served.complete and served.ids == everything.ids[:1]     # served by the index: first page first too
    assert register.find_person_ids(varied, smith, first_page=len(everything.ids) + 1).complete


def test_the_index_follows_add_edit_delete_undo_and_import(ctx, tmp_path):
    org = make_org(ctx, "Hilltop Voices")
    ada = make_person(ctx, "Kingfisher", "Ada", orgs=[(org, "member")])
    assert index_holds_the_search_text(ctx, "person")
    assert register.search_person_ids(ctx, register.RegisterFilter(text="kingf")) == [ada]

    data = people_service.get_person(ctx, ada)
    data.last_name = "Nightjar"
    people_service.update_person(ctx, ada, data)
    assert register.search_person_ids(ctx, register.RegisterFilter(text="kingf")) == []
    assert register.search_person_ids(ctx, register.RegisterFilter(text="nightj")) == [ada]
    ctx.undo.undo()
    assert register.search_person_ids(ctx, register.RegisterFilter(text="kingf")) == [ada]

    update_organisation(ctx, org, dataclasses.replace(get_organisation(ctx, org), name="Riverside Voices"))
    assert register.search_person_ids(ctx, register.RegisterFilter(text="riverside")) == [ada]   # the group's name
    people_service.delete_people(ctx, [ada])
    assert register.search_person_ids(ctx, register.RegisterFilter(text="kingf")) == []
    ctx.undo.undo()
    assert register.search_person_ids(ctx, register.RegisterFilter(text="kingf")) == [ada]
    assert index_holds_the_search_text(ctx, "person") and index_holds_the_search_text(ctx, "organisation")

    rows = [PEOPLE_HEADERS, ["Dr", "Farah", "Teasel", "farah@example.org", "", "LS2 9JT", "yes", ""]]
    report = run_import(ctx, write_csv(tmp_path / "people.csv", rows), ImportOptions())
    assert len(register.search_person_ids(ctx, register.RegisterFilter(text="teasel"))) == 1
    assert index_holds_the_search_text(ctx, "person")
    undo_batch(ctx, report.batch_id)
    assert register.search_person_ids(ctx, register.RegisterFilter(text="teasel")) == []
    assert index_holds_the_search_text(ctx, "person")


def test_a_missing_index_is_made_again_and_filled_with_searches_on_the_like_path_meanwhile(varied):
    flt = register.RegisterFilter(text="smith")
    before = register.search_person_ids(varied, flt)
    with varied.session() as s:
        for what in ("insert", "update", "delete"):          # e.g. lost to a migration that copied the table
            s.execute(text(f"DROP TRIGGER person_fts_{what}"))
        s.execute(text("DROP TABLE person_fts"))
    assert not index_ready(varied) and needs_upkeep(varied)
    assert register.search_person_ids(varied, flt) == before              # the LIKE path meanwhile
    new = make_person(varied, "Goldsmith", "Iris")                         # saves go on meanwhile
    done = bring_search_up_to_date(varied)
    assert done.rows_indexed > 100 and index_ready(varied) and not needs_upkeep(varied)
    assert index_holds_the_search_text(varied, "person")
    assert register.search_person_ids(varied, flt) == like_ids(varied, Person, flt) and new in like_ids(
        varied, Person, flt)


def test_an_upgraded_database_opens_at_once_and_its_index_and_search_text_are_brought_up_to_date(data_dir):
    ctx = open_context(data_dir)
    ada = make_person(ctx, "Kingfisher", "Ada", needs_large_print=True)
    downgrade_to(ctx.db.engine, "0005")                        # as an older version left it
    with ctx.session() as s:                                  # its search text made by an older version
        s.execute(text("INSERT OR REPLACE INTO setting (key, value) VALUES (:key, '1')"), {"key": SETTING_KEY})
        s.execute(text("UPDATE person SET search_text = 'ada | kingfisher'"))
    ctx.close()
    ctx = open_context(data_dir, lock=DataFolderLock(data_dir).acquire(), search_upkeep_later=True)
    try:
        flt = register.RegisterFilter(text="large print")
        assert register.search_person_ids(ctx, flt) == []      # not rebuilt while opening: the window waits not
        assert not index_ready(ctx) and needs_upkeep(ctx)
        assert register.search_person_ids(ctx, register.RegisterFilter(text="kingfisher")) == [ada]
        done = bring_search_up_to_date(ctx)
        assert done.texts_rebuilt == 1 and done.rows_indexed == 1
        assert register.search_person_ids(ctx, flt) == [ada] and index_ready(ctx)
        with ctx.session() as s:
            assert s.get(Setting, SETTING_KEY).value == str(SEARCH_TEXT_VERSION)
        assert index_holds_the_search_text(ctx, "person")
    finally:
        ctx.close()


def test_the_window_brings_the_search_up_to_date_in_the_background_and_searches_again(window):
    from sdm_desktop.app import search_upkeep_in_background

    ctx = window.env.ctx
    ada = make_person(ctx, "Kingfisher", "Ada", needs_interpreter=True, interpreter_language="Polish")
    with ctx.session() as s:
        s.merge(Setting(key=SETTING_KEY, value="1"))
        s.execute(text("UPDATE person SET search_text = 'ada | kingfisher'"))
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(1)
    view.search.setText("polish")
    view.run_search()
    assert view.current_model().rowCount() == 0
    search_upkeep_in_background(window, ctx)                 # jobs are synchronous in tests
    assert view.current_model().ids() == [ada]               # searched again once the text was new


def test_the_people_tab_shows_a_short_search_in_full_after_its_first_page(window):
    from sdm_desktop.ui.common.tables.lazy_table import PAGE

    ctx = window.env.ctx
    with ctx.session() as s:
        s.execute(Person.__table__.insert(), [
            {"first_name": "Ada", "last_name": f"Pipit{i:03}", "search_text": f"ada | pipit{i:03}"}
            for i in range(PAGE + 30)])
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(1)
    view.search.setText("a")
    view.run_search()
    model = view.current_model()
    assert model.rowCount() == PAGE + 30 and model.ids() == register.search_person_ids(
        ctx, register.RegisterFilter(text="a"))
    assert view.status.text() == f"{PAGE + 30} people shown"


def test_a_big_import_leaves_the_index_to_the_background_and_the_window_fills_it(window, tmp_path, monkeypatch):
    from sdm_desktop.app import keep_search_up_to_date
    from sdm_desktop.services.core.changes import Change
    from sdm_desktop.services.register import search_upkeep

    ctx = window.env.ctx
    monkeypatch.setattr(search_upkeep, "BULK_ROWS", 2)
    keep_search_up_to_date(window)
    rows = [PEOPLE_HEADERS, ["", "Farah", "Teasel", "farah@example.org", "", "", "yes", ""],
            ["", "Gwen", "Teasel", "gwen@example.org", "", "", "yes", ""]]
    report = run_import(ctx, write_csv(tmp_path / "people.csv", rows), ImportOptions())
    assert not index_ready(ctx)                                  # not indexed row by row inside the import
    flt = register.RegisterFilter(text="teasel")
    assert len(register.search_person_ids(ctx, flt)) == 2         # found meanwhile, on the LIKE path
    window.env.announce(Change.IMPORT)                            # the wizard's announcement (jobs synchronous)
    assert index_ready(ctx) and index_holds_the_search_text(ctx, "person")
    assert len(register.search_person_ids(ctx, flt)) == 2
    undo_batch(ctx, report.batch_id)
    assert not index_ready(ctx) and register.search_person_ids(ctx, flt) == []
    window.env.announce(Change.IMPORT)
    assert index_ready(ctx) and index_holds_the_search_text(ctx, "person")


def test_an_erase_leaves_nothing_of_the_person_in_the_index_and_it_is_filled_again(ctx):
    from sdm_desktop.services.privacy.erase import erase_people

    gone = make_person(ctx, "Quillfeather", "Perpetua", email="perpetua@example.org")
    kept = make_person(ctx, "Kingfisher", "Ada")
    erase_people(ctx, [gone])
    with ctx.session() as s:
        remains = s.execute(text("SELECT count(*) FROM person_fts")).scalar()
        blobs = b"".join(row[0] or b"" for row in s.execute(text("SELECT block FROM person_fts_data")))
    assert remains == 0 and b"quillf" not in blobs and not index_ready(ctx)     # dropped, not merely marked
    assert register.search_person_ids(ctx, register.RegisterFilter(text="quillf")) == []
    bring_search_up_to_date(ctx)
    assert index_ready(ctx) and index_holds_the_search_text(ctx, "person")
    assert register.search_person_ids(ctx, register.RegisterFilter(text="kingf")) == [kept]


def test_a_full_rebuild_of_a_big_register_leaves_the_index_to_be_filled_afresh(data_dir, monkeypatch):
    from sdm_desktop.services.register import search_index

    ctx = open_context(data_dir)
    ada = make_person(ctx, "Kingfisher", "Ada", needs_large_print=True)
    with ctx.session() as s:
        s.merge(Setting(key=SETTING_KEY, value="1"))
        s.execute(text("UPDATE person SET search_text = 'ada | kingfisher'"))
    ctx.close()
    monkeypatch.setattr(search_index, "ASIDE_FROM", 1)           # as if it held thousands of records
    ctx = open_context(data_dir)                                  # the command line: rebuilt while opening
    try:
        flt = register.RegisterFilter(text="large print")
        assert register.search_person_ids(ctx, flt) == [ada] and not index_ready(ctx)
        bring_search_up_to_date(ctx)
        assert index_ready(ctx) and index_holds_the_search_text(ctx, "person")
        assert register.search_person_ids(ctx, flt) == [ada]
    finally:
        ctx.close()
