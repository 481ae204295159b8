"""A bulk import sets the search index's insert trigger and the table's plain indexes aside while it inserts,
and leaves the schema exactly as it found it: after the commit, and after a refusal or a cancel."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from helpers import make_person
from importexport_files import write_csv
from sdm_desktop.db import bulk_insert, text_index
from sdm_desktop.errors import UserError
from sdm_desktop.progress import JobCancelled, Progress
from sdm_desktop.services.importing import ImportOptions, run_import, writer
from sdm_desktop.services.register import search as register
from sdm_desktop.services.register import search_upkeep
from sdm_desktop.services.register.search_upkeep import bring_search_up_to_date

ROWS = [["First name", "Surname", "Email", "Postcode"]] + [
    [f"Name{n}", f"Surname{n}", f"name{n}@example.org", "LS1 4AP"] for n in range(12)]


def schema(ctx) -> set[tuple[str, str, str]]:
    with ctx.session() as s:
        return set(s.execute(text("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")).all())


@pytest.fixture
def bulk(monkeypatch):
    """Imports of a few rows count as bulk ones; what each import set aside is kept."""
    monkeypatch.setattr(writer, "CHUNK", 5)
    monkeypatch.setattr(search_upkeep, "BULK_ROWS", 2)
    seen: list[list[str]] = []
    set_aside = bulk_insert.set_aside

    def spy(*args):
        seen.append(set_aside(*args))
        return seen[-1]

    monkeypatch.setattr(bulk_insert, "set_aside", spy)
    return seen


def test_a_bulk_import_makes_the_trigger_and_indexes_again_as_they_were(ctx, tmp_path, bulk):
    make_person(ctx, "Kingfisher", "Ada")
    before = schema(ctx)
    report = run_import(ctx, write_csv(tmp_path / "people.csv", ROWS), ImportOptions(kind="people"))
    assert report.created == 12
    aside = " ".join(bulk[0])
    assert "CREATE TRIGGER person_fts_insert" in aside and "ix_person_sort_name" in aside
    assert "ix_person_uid" not in aside                       # a unique index checks every row as it goes in
    assert schema(ctx) == before
    bring_search_up_to_date(ctx)
    make_person(ctx, "Quillfeather", "Perpetua")              # indexed by the trigger made again
    with ctx.session() as s:
        indexed = s.execute(text("SELECT count(*) FROM person_fts WHERE person_fts MATCH 'quillfeather'")).scalar()
    assert indexed == 1
    assert len(register.search_person_ids(ctx, register.RegisterFilter(text="surname1"))) == 3   # 1, 10, 11


def test_a_refused_bulk_import_leaves_the_schema_as_it_was(ctx, tmp_path, bulk):
    before = schema(ctx)
    rows = [*ROWS, ["Bad", "Email", "not an email", ""]]
    with pytest.raises(UserError, match="with --strict nothing was imported"):
        run_import(ctx, write_csv(tmp_path / "people.csv", rows), ImportOptions(kind="people", strict=True))
    assert bulk and bulk[0]                                   # something was set aside, and came back
    assert schema(ctx) == before
    assert register.search_person_ids(ctx, register.RegisterFilter()) == []


def test_a_cancelled_bulk_import_leaves_the_schema_as_it_was(ctx, tmp_path, bulk):
    before = schema(ctx)

    class CancelLate(Progress):
        def step(self, n=1):
            if self.done >= 9:                                # after the first chunk of 5 is in
                self.cancelled = True
            super().step(n)

    with pytest.raises(JobCancelled):
        run_import(ctx, write_csv(tmp_path / "people.csv", ROWS), ImportOptions(kind="people"), CancelLate())
    assert bulk and bulk[0]
    assert schema(ctx) == before
    assert register.search_person_ids(ctx, register.RegisterFilter()) == []


def test_what_is_set_aside_depends_on_the_index_and_the_rows_already_there(ctx):
    for n in range(4):
        make_person(ctx, f"Surname{n}")
    with ctx.session() as s:
        connection = s.connection()
        assert text_index.is_ready(connection, "person")
        kept = bulk_insert.set_aside(connection, "person", 5, 1)    # the index is complete: its trigger indexes them
        assert kept == []                                        # and 1 row beside 4 does not pay a rebuild
        text_index.reset(connection, "person")
        only_trigger = bulk_insert.set_aside(connection, "person", 5, 1)
        assert len(only_trigger) == 1 and "person_fts_insert" in only_trigger[0]
        bulk_insert.put_back(connection, only_trigger)
        both = bulk_insert.set_aside(connection, "person", 5, 2)
        assert len(both) == 6 and sum("CREATE INDEX" in sql for sql in both) == 5
        s.rollback()


@pytest.mark.slow
def test_a_bulk_import_on_postgresql_sets_nothing_aside_and_journals_every_row(pg_url, tmp_path, bulk):
    from sdm_desktop.services.importing import undo_batch
    from sdm_desktop.services.opening import open_context

    ctx = open_context(tmp_path / "pg-data", pg_url)
    try:
        rows = [[*ROWS[0], "Tags"]] + [[*row, "carers" if n % 2 else ""] for n, row in enumerate(ROWS[1:])]
        report = run_import(ctx, write_csv(tmp_path / "people.csv", rows), ImportOptions(kind="people"))
        assert report.created == 12 and not any(bulk)
        with ctx.session() as s:
            journal = s.execute(text("SELECT entity, action, count(*) FROM import_change WHERE batch_id = :b "
                                     "GROUP BY entity, action"), {"b": report.batch_id}).all()
            tagged = s.execute(text("SELECT count(*) FROM person_tag")).scalar()
        assert journal == [("person", "create", 12)] and tagged == 6
        flt = register.RegisterFilter(text="surname1")
        assert len(register.search_person_ids(ctx, flt)) == 3
        undo_batch(ctx, report.batch_id)
        assert register.search_person_ids(ctx, register.RegisterFilter()) == []
    finally:
        ctx.close()
