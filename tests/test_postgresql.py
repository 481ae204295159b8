"""A shared team database: the same app on a real PostgreSQL server (`--database postgresql+psycopg://…`).

The tests start their own throw-away server (Debian's ``postgresql`` package, which ``.ci/run``
installs) on a Unix socket in a temporary folder; without a server installed they are skipped.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from sdm_desktop.cli import main
from sdm_desktop.services.opening import open_context

pytestmark = pytest.mark.slow


def _server_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as 'nobody' then."""
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def server():
    initdb, postgres = _server_bin("initdb"), _server_bin("postgres")
    if not (initdb and postgres):
        pytest.skip("no PostgreSQL server installed (Debian: apt-get install postgresql)")
    # Not under pytest's temporary folder: as root that is closed to the 'nobody' the server runs as.
    folder = Path(tempfile.mkdtemp(prefix="sdm-desktop-pg-"))
    try:
        yield from _run_server(initdb, postgres, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_server(initdb: str, postgres: str, folder: Path):
    data, socket_dir = folder / "data", folder / "socket"
    socket_dir.mkdir()
    if os.geteuid() == 0:
        for path in (folder, socket_dir):
            shutil.chown(path, "nobody")
    subprocess.run(_as_server_user([initdb, "-D", str(data), "-A", "trust", "-U", "sdm", "--no-sync"]),
                   check=True, capture_output=True)
    process = subprocess.Popen(_as_server_user([postgres, "-D", str(data), "-k", str(socket_dir), "-p", "5439",
                                                "-c", "listen_addresses=", "-c", "fsync=off"]),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not (socket_dir / ".s.PGSQL.5439").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail("the PostgreSQL test server did not start")
        time.sleep(0.1)
    yield socket_dir
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def pg_url(server, request):
    """A new empty database on the test server for each test."""
    import psycopg

    name = "t_" + request.node.name.lower().replace("[", "_").replace("]", "")[:50]
    with psycopg.connect(f"host={server} port=5439 user=sdm dbname=postgres", autocommit=True) as conn:
        for _ in range(50):                     # the server may still be finishing its start
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
                break
            except psycopg.errors.CannotConnectNow:
                time.sleep(0.1)
    return f"postgresql+psycopg://sdm@/{name}?host={server}&port=5439"


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_new_postgresql_database_gets_every_table_from_the_migrations(pg_url, data_dir):
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect, text

    from sdm_desktop.db.engine import alembic_config

    ctx = open_context(data_dir, pg_url)
    try:
        with ctx.session() as s:
            version = s.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            tables = set(inspect(s.get_bind()).get_table_names())
    finally:
        ctx.close()
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert {"organisation", "person", "membership", "assessment", "interaction", "enrolment",
            "letter_run", "resource"} <= tables


def test_the_sample_data_searches_and_exports_the_same_on_postgresql_as_on_sqlite(pg_url, data_dir, tmp_path,
                                                                              capsys, demo_ctx):
    from sdm_desktop.services.demo.loader import load_demo
    from sdm_desktop.services.register import search as register

    pg = open_context(tmp_path / "pg-data", pg_url)
    try:
        load_demo(pg)
        filters = [register.RegisterFilter(text="kes"), register.RegisterFilter(text="o", active=True),
                   register.RegisterFilter(org_type="Patient Participation Group (PPG)", ppe_level="service"),
                   register.RegisterFilter(tag="carers")]
        for f in filters:
            assert register.search_organisation_ids(pg, f) == register.search_organisation_ids(demo_ctx, f)
            assert register.search_person_ids(pg, f) == register.search_person_ids(demo_ctx, f)
    finally:
        pg.close()
    code, out, err = cli(capsys, "--data-dir", tmp_path / "pg-data", "--database", pg_url,
                         "export", "people", "-o", tmp_path / "pg.csv")
    assert code == 0, err
    code, _out, err = cli(capsys, "--data-dir", data_dir, "export", "people", "-o", tmp_path / "lite.csv")
    assert code == 0, err
    assert (tmp_path / "pg.csv").read_bytes() == (tmp_path / "lite.csv").read_bytes()


def test_edits_undo_and_letters_work_on_postgresql(pg_url, tmp_path, capsys):
    from sdm_desktop.services.demo.loader import load_demo
    from sdm_desktop.services.letters.recipients import RecipientRequest, select_recipients
    from sdm_desktop.services.register import organisations as orgs

    ctx = open_context(tmp_path / "data", pg_url)
    try:
        load_demo(ctx)
        before = len(select_recipients(ctx, RecipientRequest("organisations"))[0])
        new_id = orgs.create_organisation(ctx, orgs.OrganisationInput(name="Riverside Carers' Café",
                                                                      org_type="Carers' group",
                                                                      address_line1="1 Mill Lane",
                                                                      postcode="ls1 4ap"))
        assert orgs.get_organisation(ctx, new_id).postcode == "LS1 4AP"
        ctx.undo.undo()
        with pytest.raises(LookupError):
            orgs.get_organisation(ctx, new_id)
        assert len(select_recipients(ctx, RecipientRequest("organisations"))[0]) == before
    finally:
        ctx.close()
    out_dir = tmp_path / "letters"
    code, _out, err = cli(capsys, "--data-dir", tmp_path / "data", "--database", pg_url, "letters", "render",
                          Path(__file__).resolve().parents[1] / "templates" / "letter_group_invitation.docx",
                          "-o", out_dir, "--combined")
    assert code == 0, err
    letters = [p.name for p in out_dir.glob("*.docx")]
    assert len([n for n in letters if not n.startswith("All letters")]) == before       # one a group
    assert any(n.startswith("All letters") for n in letters)                            # and the print run


def test_the_window_opens_every_view_on_postgresql(pg_url, tmp_path, capsys, monkeypatch):
    from sdm_desktop.ui import prompts

    errors: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda _parent, message, *a, **k: errors.append(message))
    code, _out, err = cli(capsys, "--data-dir", tmp_path / "data", "--database", pg_url, "demo")
    assert code == 0, err
    code, out, err = cli(capsys, "--data-dir", tmp_path / "data", "--database", pg_url, "--smoke")
    assert code == 0, err
    assert "opened 8 views" in out
    assert errors == []
