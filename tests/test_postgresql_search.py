"""Register search on a real PostgreSQL server: the pg_trgm index that migration 0007 makes, used by the search's
``LIKE '%…%'``, and the same results as on SQLite (which goes through its FTS5 index).

The server is started as in ``test_postgresql.py`` (Debian's ``postgresql`` package), listening on loopback TCP
on a free port; without a server installed the tests are skipped.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from sdm_desktop.db.models import Person
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.register import search as register

pytestmark = pytest.mark.slow


def _server_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as 'nobody' then."""
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def pg_server():
    """(host, port) of a throw-away server on loopback TCP."""
    initdb, postgres = _server_bin("initdb"), _server_bin("postgres")
    if not (initdb and postgres):
        pytest.skip("no PostgreSQL server installed (Debian: apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="sdm-desktop-pg-search-"))
    data, socket_dir, port = folder / "data", folder / "socket", _free_port()
    socket_dir.mkdir()
    if os.geteuid() == 0:
        for path in (folder, socket_dir):
            shutil.chown(path, "nobody")
    subprocess.run(_as_server_user([initdb, "-D", str(data), "-A", "trust", "-U", "sdm", "--no-sync",
                                    "-E", "UTF8", "--locale", "C"]), check=True, capture_output=True)
    process = subprocess.Popen(_as_server_user([postgres, "-D", str(data), "-k", str(socket_dir), "-p", str(port),
                                                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(process, port)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for(process: subprocess.Popen, port: int) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            psycopg.connect(f"host=127.0.0.1 port={port} user=sdm dbname=postgres", connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the PostgreSQL test server did not start")
            time.sleep(0.2)


@pytest.fixture
def pg_url(pg_server, request):
    import psycopg

    host, port = pg_server
    name = "s_" + request.node.name.lower()[:50]
    with psycopg.connect(f"host={host} port={port} user=sdm dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://sdm@{host}:{port}/{name}"


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
                assert register.search_organisation_ids(pg, flt) == register.search_organisation_ids(lite, flt)
                found += bool(people)
        assert found > 20
    finally:
        lite.close()
        pg.close()
