"""Erase and subject access cover logged emails and their attachment files."""

from __future__ import annotations

import json
import zipfile

from sqlalchemy import select

from email_helpers import build, write
from helpers import make_person
from sdm_desktop.db.models import EmailAttachment, EmailMessage
from sdm_desktop.services.email_log.addresses import save_team_addresses
from sdm_desktop.services.email_log.logbook import log_emails, preview_emails
from sdm_desktop.services.email_log.people import LogTarget
from sdm_desktop.services.privacy.erase import erase_people, erase_plan
from sdm_desktop.services.privacy.subject_access import write_subject_access


def _log(ctx, tmp_path):
    save_team_addresses(ctx, ["team@trust.nhs.uk"])
    ada = make_person(ctx, email="ada@example.org")
    bob = make_person(ctx, "Jones", "Bob", email="bob@example.org")
    own = write(tmp_path, "own.eml", build(attachments=[("ada notes.pdf", b"%PDF ada", "application/pdf")]))
    shared = write(tmp_path, "shared.eml", build(sender="team@trust.nhs.uk", to="ada@example.org, bob@example.org",
                                                 subject="To both", message_id="<both@x>",
                                                 attachments=[("agenda.pdf", b"%PDF agenda", "application/pdf")]))
    log_emails(ctx, preview_emails(ctx, [own, shared]), LogTarget())
    return ada, bob


def test_subject_access_lists_emails_and_includes_attachments(ctx, tmp_path):
    ada, _bob = _log(ctx, tmp_path)
    report = write_subject_access(ctx, ada, tmp_path / "sar.zip")
    assert report.counts["Emails"] == 2
    with zipfile.ZipFile(tmp_path / "sar.zip") as archive:
        names = archive.namelist()
        data = json.loads(archive.read("person.json"))
        attached = [n for n in names if n.startswith("email attachments/")]
        assert sorted(n.split("-", 1)[1] for n in attached) == ["ada notes.pdf", "agenda.pdf"]
        assert archive.read(next(n for n in attached if n.endswith("ada notes.pdf"))) == b"%PDF ada"
    assert {e["Subject"] for e in data["emails"]} == {"PPG meeting", "To both"}
    assert "email attachments/" in data["email_attachments_included"][0]


def test_erase_removes_their_emails_and_attachments_and_their_address_elsewhere(ctx, data_dir, tmp_path):
    ada, bob = _log(ctx, tmp_path)
    with ctx.session() as s:
        kept = {a.file_name: data_dir / a.stored_path for a in s.scalars(select(EmailAttachment))}
    [plan] = erase_plan(ctx, [ada]).people
    assert plan.emails == 2 and any("2 logged emails: their address removed" in line for line in plan.lines())
    report = erase_people(ctx, [ada])
    assert kept["ada notes.pdf"] in report.files_deleted and not kept["ada notes.pdf"].exists()
    assert kept["agenda.pdf"].exists()             # the message to Bob too keeps its attachment
    with ctx.session() as s:
        own = s.scalar(select(EmailMessage).where(EmailMessage.message_id == "<m1@example.org>"))
        shared = s.scalar(select(EmailMessage).where(EmailMessage.message_id == "<both@x>"))
        assert (own.subject, own.sender, own.recipients, own.source_name) == ("", "", "", "")
        assert [a.file_name for a in own.attachments] == ["(erased)"] and own.attachments[0].stored_path is None
        assert "ada@example.org" not in shared.recipients and "bob@example.org" in shared.recipients
    bob_sar = write_subject_access(ctx, bob, tmp_path / "bob.zip")
    assert bob_sar.counts["Emails"] == 1
