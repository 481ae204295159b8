"""The saved team database connection (password in the keyring or asked), the dialogs of File → Team database,
who did it, check/backup/restore on PostgreSQL, and a lost connection."""

from __future__ import annotations

from types import SimpleNamespace

import keyring
import pytest
from keyring.backend import KeyringBackend

from sdm_desktop.cli import main
from sdm_desktop.errors import UserError
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.team_database import connection as team

pytestmark = pytest.mark.slow
SECRET = "s3cret-Pw!"


class MemoryKeyring(KeyringBackend):
    """keyring's backend interface, kept in memory for the test."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("not kept")


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(before)


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _connection(pg_server, pg_url, **changes) -> team.TeamConnection:
    from sqlalchemy.engine import make_url

    return team.TeamConnection(host="127.0.0.1", port=pg_server.port, database=make_url(pg_url).database,
                               user="sdm", **changes)


def _files_hold(folder, text: str) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]


def _fill(fields, wanted: team.TeamConnection, password: str) -> None:
    fields.host.setText(wanted.host)
    fields.port.setValue(wanted.port)
    fields.database.setText(wanted.database)
    fields.user.setText(wanted.user)
    fields.password.setText(password)


def test_the_connect_dialog_tests_then_saves_without_the_password_on_disk(window, pg_server, pg_url, memory_keyring,
                                                                         answer_prompts, data_dir):
    from sdm_desktop.ui.team_database.connect_dialog import ConnectDialog

    asked = answer_prompts(False)                      # "Restart now?" → Later
    dialog = ConnectDialog(window.env, window)
    wanted = _connection(pg_server, pg_url)
    _fill(dialog.fields, wanted, SECRET)
    dialog.save_button.click()
    assert dialog.saved_to == team.config_path(data_dir)
    assert team.load_saved(data_dir) == wanted
    assert memory_keyring.kept == {(team.KEYRING_SERVICE, wanted.keyring_user): SECRET}
    assert _files_hold(data_dir, SECRET) == []
    assert any("Restart SDM Desktop now?" in q and SECRET not in q for q in asked)
    assert team.saved_url(data_dir) == wanted.url(SECRET)       # the next start: the password from the keyring


def test_a_connection_that_fails_its_test_is_not_saved(window, memory_keyring, data_dir):
    from sdm_desktop.ui.team_database.connect_dialog import ConnectDialog

    dialog = ConnectDialog(window.env, window)
    _fill(dialog.fields, team.TeamConnection(host="127.0.0.1", port=1, database="team", user="sdm"), SECRET)
    dialog.save_button.click()
    assert "Cannot connect to postgresql+psycopg://sdm:***@127.0.0.1:1/team" in dialog.status.text()
    assert "Nothing was saved" in dialog.status.text() and SECRET not in dialog.status.text()
    assert not team.config_path(data_dir).exists() and memory_keyring.kept == {}


def test_ask_each_time_keeps_the_password_nowhere_and_asks_at_start(window, pg_server, pg_url, memory_keyring,
                                                                   answer_prompts, data_dir, tmp_path):
    from sdm_desktop.ui.team_database.connect_dialog import ConnectDialog

    answer_prompts(False)
    dialog = ConnectDialog(window.env, window)
    _fill(dialog.fields, _connection(pg_server, pg_url), SECRET)
    dialog.fields.ask.setChecked(True)
    dialog.save_button.click()
    assert team.load_saved(data_dir).ask_password
    assert memory_keyring.kept == {} and _files_hold(data_dir, SECRET) == []
    with pytest.raises(UserError, match="needs its password, and none was given"):
        team.saved_url(data_dir, ask=lambda _c: None)
    asked = []
    url = team.saved_url(data_dir, ask=lambda c: asked.append(c.shown) or SECRET)
    name = _connection(pg_server, pg_url).database
    assert asked == [f"postgresql+psycopg://sdm:***@127.0.0.1:{pg_server.port}/{name}"]
    assert url.endswith(f"@127.0.0.1:{pg_server.port}/{name}")


def test_the_saved_connection_is_used_at_start_and_database_on_the_command_line_wins(
        pg_server, pg_url, memory_keyring, data_dir, tmp_path, capsys):
    wanted = _connection(pg_server, pg_url)
    team.save(data_dir, wanted, SECRET)
    ctx = open_context(data_dir)
    try:
        assert ctx.db.sqlite_path is None and ctx.db.engine.url.port == pg_server.port
    finally:
        ctx.close()
    team.save(data_dir, team.TeamConnection(host="127.0.0.1", port=1, database="gone", user="sdm"), SECRET)
    code, _out, err = cli(capsys, "--data-dir", data_dir, "export", "people", "-o", tmp_path / "x.csv")
    assert code == 1 and "127.0.0.1:1/gone" in err and SECRET not in err
    local = tmp_path / "local.sqlite3"
    code, _out, err = cli(capsys, "--data-dir", data_dir, "--database", f"sqlite:///{local}", "export", "people",
                          "-o", tmp_path / "x.csv")
    assert code == 0, err


def test_urls_shown_hide_the_password(ctx, data_dir):
    from sdm_desktop.services.core import maintenance
    from sdm_desktop.services.team_database.copy import CopyReport

    url = f"postgresql+psycopg://asha:{SECRET}@db.example/sdm"
    assert SECRET not in maintenance.data_folder_summary(data_dir, url)
    assert SECRET not in CopyReport(url, url).sentence()
    assert SECRET not in maintenance.server_instead(url, "backup")
    assert "pg_dump --format=custom" in maintenance.server_instead(url, "backup")
    assert 'pg_restore --clean --if-exists --dbname="postgresql://asha@db.example/sdm"' in \
        maintenance.server_instead(url, "restore")


def test_the_copy_dialog_copies_to_a_file_with_progress(demo_window, tmp_path):
    from sdm_desktop.ui.team_database.copy_dialog import CopyDialog

    dialog = CopyDialog(demo_window.env, demo_window)
    dialog.to_file.setChecked(True)
    dialog.path.setText(str(tmp_path / "copy.sqlite3"))
    dialog.copy_button.click()
    assert "every table's row count and checksum match" in dialog.status.text()
    assert (tmp_path / "copy.sqlite3").stat().st_size > 0 and dialog.report.rows > 1000


def test_the_copy_dialog_copies_to_a_server_and_offers_to_use_it(demo_window, pg_server, pg_url, memory_keyring,
                                                                 answer_prompts, data_dir):
    from sdm_desktop.ui.team_database.copy_dialog import CopyDialog

    asked = answer_prompts(True)
    closed = []
    demo_window.close = lambda: closed.append(True)         # "Restart now": the window would close
    dialog = CopyDialog(demo_window.env, demo_window)
    assert dialog.to_server.isChecked()
    _fill(dialog.fields, _connection(pg_server, pg_url), SECRET)
    dialog.copy_button.click()
    assert dialog.report is not None and dialog.report.rows > 1000
    assert team.load_saved(data_dir) == _connection(pg_server, pg_url)
    assert closed == [True] and demo_window.restart_requested
    assert all(SECRET not in q for q in asked) and _files_hold(data_dir, SECRET) == []


def test_the_audit_trail_names_the_login_and_a_different_database_role(pg_url, tmp_path):
    import getpass

    from helpers import make_org
    from sdm_desktop.services.core.audit import last_changed
    from sdm_desktop.services.register import organisations as orgs

    login = getpass.getuser()
    for url, expected in ((None, login), (pg_url, login if login == "sdm" else f"{login} (sdm)")):
        ctx = open_context(tmp_path / f"d{bool(url)}", url)
        try:
            org_id = make_org(ctx, "Riverside Voices")
            orgs.update_organisation(ctx, org_id, orgs.OrganisationInput(name="Riverside Voices Forum",
                                                                        org_type="Patient Participation Group (PPG)"))
            found = last_changed(ctx, "organisation", org_id)
            assert found.actor == expected
            assert found.sentence().startswith(f"Last changed by {expected} on ")
        finally:
            ctx.close()


def test_the_editor_shows_who_last_changed_the_record(window):
    from helpers import make_org
    from sdm_desktop.ui.register.organisation_form import OrganisationForm

    org_id = make_org(window.env.ctx, "Hilltop Carers")
    form = OrganisationForm(window.env)
    form.edit(org_id)
    assert form.last_change.text().startswith("Last changed by ")
    form.edit(None)
    assert form.last_change.isHidden()


def test_check_on_postgresql_finds_orphans_missing_keys_and_version_columns(pg_url, tmp_path, capsys):
    from sqlalchemy import create_engine, text

    from sdm_desktop.services.team_database.server_check import check_server_database

    code, _out, err = cli(capsys, "--data-dir", tmp_path / "d", "--database", pg_url, "demo")
    assert code == 0, err
    code, out, err = cli(capsys, "--data-dir", tmp_path / "d", "--database", pg_url, "check")
    assert code == 0, err
    assert "No problems found." in out
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE membership DROP CONSTRAINT fk_membership_person_id_person"))
        conn.execute(text("UPDATE membership SET person_id = 999999 WHERE id = (SELECT min(id) FROM membership)"))
    engine.dispose()
    versioned = [SimpleNamespace(local_table=SimpleNamespace(name="person"),
                                 version_id_col=SimpleNamespace(name="edit_version"))]
    report = check_server_database(pg_url, versioned)
    assert any("membership.person_id → person.id is missing" in p for p in report.problems)
    assert any("1 rows of membership point at a person that does not exist" in p for p in report.problems)
    assert any("person has no edit_version column" in p for p in report.problems)
    code, out, err = cli(capsys, "--data-dir", tmp_path / "d", "--database", pg_url, "check")
    assert code == 1 and "membership" in out


def test_backup_and_restore_on_postgresql_say_what_to_run_instead(pg_url, tmp_path, capsys):
    code, _out, err = cli(capsys, "--data-dir", tmp_path / "d", "--database", pg_url, "backup")
    assert code == 1 and "pg_dump --format=custom" in err and len(err.strip().splitlines()) == 1
    backup = tmp_path / "b.sqlite3"
    backup.write_bytes(b"")
    code, _out, err = cli(capsys, "--data-dir", tmp_path / "d", "--database", pg_url, "restore", backup)
    assert code == 1 and "pg_restore --clean --if-exists" in err


def test_a_lost_connection_keeps_the_form_and_saves_once_the_server_is_back(pg_server, pg_url, tmp_path, qtbot,
                                                                           desktop_screen, answer_prompts):
    from helpers import make_org
    from sdm_desktop.app import build_window
    from sdm_desktop.services.register import organisations as orgs
    from sdm_desktop.ui.register.organisation_form import OrganisationForm

    said = answer_prompts(True)
    ctx = open_context(tmp_path / "d", pg_url)
    try:
        win = build_window(ctx, synchronous_jobs=True)
        qtbot.addWidget(win)
        org_id = make_org(ctx, "Millbrook PPG")
        form = OrganisationForm(win.env)
        form.edit(org_id)
        form.f.widgets["town"].setText("Millbrook")
        form.mark_dirty()
        pg_server.stop()
        try:
            assert form.save() is False
        finally:
            pg_server.start()
        assert said == ["Not saved: The team database at 127.0.0.1 can't be reached; your changes are kept, "
                        "try Save again."]
        assert form.dirty and form.f.widgets["town"].text() == "Millbrook"
        assert orgs.get_organisation(ctx, org_id).town in (None, "")          # nothing half-written
        assert form.save() is True                                            # the pool reconnects
        assert orgs.get_organisation(ctx, org_id).town == "Millbrook"
        win.env.jobs.shutdown()
    finally:
        ctx.close()


def test_at_start_the_window_asks_for_a_password_that_is_kept_nowhere(pg_server, pg_url, memory_keyring, data_dir,
                                                                      monkeypatch, qapp):
    from sdm_desktop import app
    from sdm_desktop.db.lock import DataFolderLock
    from sdm_desktop.ui.team_database import password

    wanted = _connection(pg_server, pg_url, ask_password=True)
    team.save(data_dir, wanted, None)
    asked = []
    monkeypatch.setattr(password.QInputDialog, "getText", lambda *a, **k: asked.append(a[2]) or (SECRET, True))
    ctx = app._open_data(data_dir, None, DataFolderLock(data_dir).acquire())
    try:
        assert ctx.db.sqlite_path is None and ctx.db.engine.url.database == wanted.database
        assert asked == [f"Password for {wanted.shown}:"]
    finally:
        ctx.close()
    assert memory_keyring.kept == {} and _files_hold(data_dir, SECRET) == []
    monkeypatch.setattr(password.QInputDialog, "getText", lambda *a, **k: ("", False))      # Cancel
    with pytest.raises(UserError, match="needs its password"):
        app._open_data(data_dir, None, DataFolderLock(data_dir).acquire())
    DataFolderLock(data_dir).acquire().release()        # the folder was let go of


def test_the_single_instance_lock_is_for_sqlite_only(pg_url, tmp_path):
    from sdm_desktop.errors import DataFolderLocked

    first = open_context(tmp_path / "asha", pg_url)
    try:
        second = open_context(tmp_path / "ben", pg_url)        # a colleague, at the same time: fine on a server
        second.close()
        assert first.database_lock is None
        local = f"sqlite:///{tmp_path / 'one.sqlite3'}"
        mine = open_context(tmp_path / "c", local)
        try:
            with pytest.raises(DataFolderLocked, match="in use by another SDM Desktop"):
                open_context(tmp_path / "d", local)
        finally:
            mine.close()
    finally:
        first.close()


def test_an_unreadable_saved_connection_is_named_and_can_be_forgotten(data_dir, memory_keyring, capsys, tmp_path):
    team.config_path(data_dir).write_text("{not json", encoding="utf-8")
    code, _out, err = cli(capsys, "--data-dir", data_dir, "export", "people", "-o", tmp_path / "x.csv")
    assert code == 1 and "team-database.json cannot be read" in err
    team.forget(data_dir)
    assert not team.config_path(data_dir).exists()
    assert cli(capsys, "--data-dir", data_dir, "export", "people", "-o", tmp_path / "x.csv")[0] == 0


def test_no_keyring_on_the_computer_saves_nothing_and_says_ask_each_time(data_dir):
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(UserError, match='choose "ask each time" instead'):
            team.save(data_dir, team.TeamConnection(host="db", database="sdm", user="asha"), SECRET)
    finally:
        keyring.set_keyring(before)
    assert not team.config_path(data_dir).exists()
