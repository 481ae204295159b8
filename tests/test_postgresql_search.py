"""Register search on a real PostgreSQL server: the pg_trgm index that migration 0009 makes, used by the search's
``LIKE '%…%'``, and the same results as on SQLite (which goes through its FTS5 index).

The server is the shared test server (``tests/pg_server.py``, the ``pg_url`` fixture), on loopback TCP.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from sdm_desktop.db.models import Person
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.register import search as register

pytestmark = pytest.mark.slow


def test_the_migration_makes_pg_trgm_indexes_that_a_substring_search_uses(pg_url, tmp_path):
    from helpers import make_person

    ctx = open_context(tmp_path / "data", pg_url)
    try:
        with ctx.session() as s:
            indexes = set(s.scalars(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%search_trgm'")))
        assert indexes == {"ix_person_search_trgm", "ix_organisation_search_trgm"}
        make_person(ctx, "Goldsmith", "Ada")
        with ctx.session() as s:
            s.execute(Person.__table__.insert(), [
                {"first_name": "Iris", "last_name": f"Pipit{i}", "search_text": f"iris | pipit{i} | p{i}@example.org"}
                for i in range(20_000)])
        with ctx.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE person"))
            plan = "\n".join(conn.scalars(text("EXPLAIN SELECT id FROM person WHERE search_text LIKE '%smit%'")))
        assert "ix_person_search_trgm" in plan
        assert register.search_person_ids(ctx, register.RegisterFilter(text="smit")) != []
    finally:
        ctx.close()


def test_register_search_gives_the_same_results_on_postgresql_as_on_sqlite(pg_url, tmp_path):
    from helpers import make_org, make_person
    from sdm_desktop.services.demo.loader import load_demo
    from test_register_search_index import QUERIES

    def fill(ctx) -> None:
        load_demo(ctx)
        org = make_org(ctx, "Leeds Carers Forum", postcode="LS1 4AB", email="forum@leeds.nhs.uk")
        make_person(ctx, "O’Brien", "Zoë", orgs=[(org, "chair")], postcode="LS1 4AB", email="zoe.obrien@nhs.net")
        make_person(ctx, "Goldsmith", "Ørsted", postcode="LS14 4AB", email="o.goldsmith@leeds.nhs.uk")
        make_person(ctx, "Smith-Jones", "Straße", notes='"qu"ote" 100% a_b', needs_large_print=True)

    lite, pg = open_context(tmp_path / "lite"), open_context(tmp_path / "pg", pg_url)
    try:
        fill(lite)
        fill(pg)
        found = 0
        for query in QUERIES:
            for extra in ({}, {"include_archived": True}, {"patient_reps_only": True}):
                flt = register.RegisterFilter(text=query, **extra)
                people = register.search_person_ids(lite, flt)
                assert register.search_person_ids(pg, flt) == people, (query, extra)
                groups = register.search_organisation_ids(lite, flt)
                assert register.search_organisation_ids(pg, flt) == groups
                # the table's rows of what was found, a page at a time (read straight from SQLite's driver)
                assert register.load_person_rows(pg, people[:50]) == register.load_person_rows(lite, people[:50])
                assert (register.load_organisation_rows(pg, groups[:50])
                        == register.load_organisation_rows(lite, groups[:50]))
                found += bool(people)
        assert found > 20
    finally:
        lite.close()
        pg.close()
