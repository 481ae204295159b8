"""A shared team database: the same app on a real PostgreSQL server (`--database postgresql+psycopg://…`).

The tests use the throw-away server of ``tests/pg_server.py`` (fixtures ``pg_server``/``pg_url`` in conftest),
listening on 127.0.0.1; without a server installed they are skipped, or fail under ``SDM_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdm_desktop.cli import main
from sdm_desktop.services.opening import open_context

pytestmark = pytest.mark.slow


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
    from sdm_desktop.ui.navigation import VIEWS

    assert f"opened {len(VIEWS)} views" in out
    assert errors == []


def test_logged_emails_and_calendars_work_on_postgresql(pg_url, data_dir, tmp_path):
    from email_helpers import build, write
    from helpers import make_person
    from sdm_desktop.services.calendar.export import cohort_calendar
    from sdm_desktop.services.email_log.logbook import log_emails, preview_emails
    from sdm_desktop.services.email_log.people import LogTarget
    from training_helpers import make_cohort, make_programme

    ctx = open_context(data_dir, pg_url)
    try:
        make_person(ctx, email="ada@example.org")
        path = write(tmp_path, "a.eml", build(attachments=[("a.pdf", b"%PDF", "application/pdf")]))
        report = log_emails(ctx, preview_emails(ctx, [path]), LogTarget())
        assert report.logged == 1 and report.attachments_kept == 1
        assert log_emails(ctx, preview_emails(ctx, [path]), LogTarget()).logged == 0      # Message-ID unique
        make_cohort(ctx, make_programme(ctx), name="PG cohort", sessions=2)
        first = cohort_calendar(ctx, "PG cohort", tmp_path / "cal")
        assert first.events == 2
    finally:
        ctx.close()
