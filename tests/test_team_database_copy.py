"""`sdm-desktop database copy --to URL`: SQLite to a PostgreSQL team database and back, all or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect

from sdm_desktop.cli import main
from sdm_desktop.progress import JobCancelled, Progress
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.team_database import copy as copying

pytestmark = pytest.mark.slow

EXPORT_KINDS = ["organisations", "people", "assessments", "activities", "interactions", "training", "resources",
                "shares", "letters"]


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _exports(capsys, folder, where, *database) -> dict[str, bytes]:
    found = {}
    for kind in EXPORT_KINDS:
        target = folder / f"{where}-{kind}.csv"
        extra = ["--include-no-contact"] if kind == "people" else []
        # one data folder for all: a letter's file is shown inside it
        code, _out, err = cli(capsys, "--data-dir", folder / "data", *database, "export", kind, *extra, "-o", target)
        assert code == 0, err
        found[kind] = target.read_bytes()
    return found


def _tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return inspect(conn).get_table_names()
    finally:
        engine.dispose()


def test_sqlite_to_postgresql_and_back_gives_identical_exports(demo_ctx, data_dir, pg_url, tmp_path, capsys):
    demo_ctx.close()
    code, out, err = cli(capsys, "--data-dir", data_dir, "database", "copy", "--to", pg_url)
    assert code == 0, err
    assert "checksum match" in out
    back = tmp_path / "back.sqlite3"
    code, out, err = cli(capsys, "--data-dir", tmp_path / "pg", "--database", pg_url,
                         "database", "copy", "--to", f"sqlite:///{back}")
    assert code == 0, err
    original = _exports(capsys, tmp_path, "data")
    assert original["people"].count(b"\n") > 10 and original["interactions"].count(b"\n") > 5
    assert _exports(capsys, tmp_path, "pg", "--database", pg_url) == original
    assert _exports(capsys, tmp_path, "back", "--database", f"sqlite:///{back}") == original


def test_new_records_on_the_copy_get_keys_after_the_copied_ones(demo_ctx, pg_url, tmp_path):
    from helpers import make_org

    copying.copy_database(demo_ctx, pg_url)
    team = open_context(tmp_path / "team", pg_url)
    try:
        new_id = make_org(team, "Brand New Forum")      # would collide with a copied key if not reset
        with team.session() as s:
            from sqlalchemy import func, select

            from sdm_desktop.db.models import Organisation
            assert new_id == s.scalar(select(func.max(Organisation.id)))
    finally:
        team.close()


def test_a_non_empty_target_is_refused_in_one_line(demo_ctx, data_dir, pg_url, capsys):
    demo_ctx.close()
    assert cli(capsys, "--data-dir", data_dir, "database", "copy", "--to", pg_url)[0] == 0
    code, out, err = cli(capsys, "--data-dir", data_dir, "database", "copy", "--to", pg_url)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "is not empty" in err and "Nothing was copied" in err


def test_an_unreachable_server_exits_1_in_one_line_without_the_password(ctx, data_dir, capsys):
    ctx.close()
    code, out, err = cli(capsys, "--data-dir", data_dir, "database", "copy", "--to",
                         "postgresql+psycopg://sdm:s3cret@127.0.0.1:1/team")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "Cannot reach the database postgresql+psycopg://sdm:***@127.0.0.1:1/team" in err
    assert "s3cret" not in err


def _tamper(monkeypatch, table_name: str) -> None:
    """Change one value on its way to the target, as a faulty driver or disk would."""
    write = copying._write_batch

    def tampered(target, table, rows):
        if table.name == table_name and rows:
            rows[0] = {**rows[0], "name": rows[0]["name"] + "!"}
        write(target, table, rows)
    monkeypatch.setattr(copying, "_write_batch", tampered)


def test_a_checksum_mismatch_is_detected_and_nothing_is_left_on_postgresql(demo_ctx, pg_url, monkeypatch):
    _tamper(monkeypatch, "organisation")
    with pytest.raises(copying.CopyMismatch, match="organisation does not match the original"):
        copying.copy_database(demo_ctx, pg_url)
    assert _tables(pg_url) == []


def test_a_checksum_mismatch_leaves_no_sqlite_file(demo_ctx, tmp_path, monkeypatch):
    _tamper(monkeypatch, "tag")
    target = tmp_path / "copy.sqlite3"
    with pytest.raises(copying.CopyMismatch, match="tag does not match"):
        copying.copy_database(demo_ctx, f"sqlite:///{target}")
    assert list(tmp_path.glob("copy.sqlite3*")) == []


def test_a_cancelled_copy_leaves_the_target_empty(demo_ctx, pg_url):
    class CancelSoon(Progress):
        def step(self, n: int = 1) -> None:
            super().step(n)
            if self.done > 100:
                self.cancelled = True

    with pytest.raises(JobCancelled):
        copying.copy_database(demo_ctx, pg_url, CancelSoon())
    assert _tables(pg_url) == []


def test_a_copy_to_an_sqlite_file_is_a_database_the_app_opens(demo_ctx, tmp_path):
    from sdm_desktop.services.register import search

    target = tmp_path / "copy.sqlite3"
    report = copying.copy_database(demo_ctx, f"sqlite:///{target}")
    assert report.rows > 1000 and {t.name for t in report.tables} >= {"person", "organisation", "interaction"}
    copied = open_context(tmp_path / "other", f"sqlite:///{target}")
    try:
        wanted = search.RegisterFilter(text="o")
        assert search.search_person_ids(copied, wanted) == search.search_person_ids(demo_ctx, wanted)
    finally:
        copied.close()


def test_a_row_the_server_refuses_is_named_in_one_line_and_nothing_is_left(demo_ctx, pg_url, data_dir, capsys):
    from sqlalchemy import text

    with demo_ctx.session() as s:        # SQLite keeps text longer than the column allows; PostgreSQL does not
        s.execute(text("UPDATE tag SET name = :long WHERE id = (SELECT min(id) FROM tag)"), {"long": "x" * 200})
    demo_ctx.close()
    code, out, err = cli(capsys, "--data-dir", data_dir, "database", "copy", "--to", pg_url)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "A row of the table tag could not be written to the target: value too long" in err
    assert _tables(pg_url) == []


def test_a_user_who_may_not_create_tables_is_told_so_in_one_line(demo_ctx, pg_server, pg_url, data_dir, capsys):
    import psycopg
    from sqlalchemy.engine import make_url

    name = make_url(pg_url).database
    with psycopg.connect(pg_server.dsn(name), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS reader")
        conn.execute("CREATE ROLE reader LOGIN")
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    demo_ctx.close()
    reader_url = make_url(pg_url).set(username="reader").render_as_string(hide_password=False)
    code, out, err = cli(capsys, "--data-dir", data_dir, "database", "copy", "--to", reader_url)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "Cannot create SDM Desktop's tables in the target database: permission denied" in err
