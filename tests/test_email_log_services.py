"""Logging emails as interactions: direction by the team's addresses, matching people, duplicates,
unknown senders, do-not-contact flagged, attachments kept, undo."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from email_helpers import SAMPLE_MSG, build, make_activity, write
from helpers import make_org, make_person
from sdm_desktop.db.models import EmailAttachment, EmailMessage, Interaction, Person
from sdm_desktop.errors import UserError
from sdm_desktop.progress import JobCancelled, Progress
from sdm_desktop.services.email_log.addresses import save_team_addresses, team_addresses
from sdm_desktop.services.email_log.logbook import log_emails, preview_emails
from sdm_desktop.services.email_log.people import GROUP, NEW, PERSON, Choice, LogTarget


def _interactions(ctx):
    with ctx.session() as s:
        return [(i.person_id, i.organisation_id, i.activity_id, i.direction, i.channel, i.occurred_on,
                 i.summary) for i in s.scalars(select(Interaction).order_by(Interaction.id))]


def _log(ctx, paths, target=None, choices=None, **kw):
    preview = preview_emails(ctx, paths)
    return preview, log_emails(ctx, preview, target or LogTarget(), choices, **kw)


def test_team_addresses_set_once_and_checked(ctx):
    assert save_team_addresses(ctx, ["Team@Trust.nhs.uk, @sdm.example.org"]) == ["team@trust.nhs.uk",
                                                                                 "@sdm.example.org"]
    assert team_addresses(ctx) == ["team@trust.nhs.uk", "@sdm.example.org"]
    with pytest.raises(UserError, match="'not' is not an email address"):
        save_team_addresses(ctx, ["not"])


def test_incoming_and_outgoing_matched_by_address(ctx, tmp_path):
    save_team_addresses(ctx, ["team@trust.nhs.uk"])
    ada = make_person(ctx, email="ada@example.org")
    bob = make_person(ctx, "Jones", "Bob", email="BOB@example.org")
    incoming = write(tmp_path, "in.eml", build())
    outgoing = write(tmp_path, "out.eml", build(sender="SDM Team <team@trust.nhs.uk>",
                                                to="Ada <ada@example.org>, bob@example.org, team@trust.nhs.uk",
                                                subject="Dates", body="Here are the dates.",
                                                message_id="<m2@trust>"))
    _preview, report = _log(ctx, [incoming, outgoing])
    assert report.logged == 2 and report.interactions == 3
    rows = _interactions(ctx)
    assert rows[0][:6] == (ada, None, None, "in", "email", date(2026, 7, 1))
    assert rows[0][6] == "PPG meeting\n\nHello,\nthe PPG meets on Tuesday."
    assert {(r[0], r[3]) for r in rows[1:]} == {(ada, "out"), (bob, "out")}
    with ctx.session() as s:
        msg = s.scalar(select(EmailMessage).where(EmailMessage.message_id == "<m2@trust>"))
        assert msg.direction == "out" and "bob@example.org" in msg.recipients and msg.row_version == 1


def test_duplicate_drop_is_recognised(ctx, tmp_path):
    make_person(ctx, email="ada@example.org")
    first = write(tmp_path, "a.eml", build())
    same_again = write(tmp_path / "copy", "a copy.eml", build())
    _p, report = _log(ctx, [first, same_again])
    assert report.logged == 1
    assert report.duplicates == [(str(same_again), "the same message as a.eml")]
    _p, report = _log(ctx, [first])
    assert report.logged == 0 and "already logged on" in report.duplicates[0][1]
    assert len(_interactions(ctx)) == 1


def test_unknown_sender_not_logged_without_a_choice_then_to_a_group_or_new_person(ctx, tmp_path):
    group = make_org(ctx, "Hillside PPG")
    path = write(tmp_path, "u.eml", build(sender="Cara Stranger <cara@unknown.org>"))
    preview, report = _log(ctx, [path])
    assert report.logged == 0 and "nobody to log it against (cara@unknown.org)" in report.not_logged[0][1]
    assert [m.address for m in preview.needing_a_choice()] == ["cara@unknown.org"]
    _p, report = _log(ctx, [path], LogTarget(organisation_id=group))
    assert report.logged == 1 and _interactions(ctx)[0][:2] == (None, group)


def test_new_person_created_from_the_address(ctx, tmp_path):
    path = write(tmp_path, "u.eml", build(sender="Cara Stranger <cara@unknown.org>"))
    _p, report = _log(ctx, [path], choices={"cara@unknown.org": Choice(NEW)})
    assert report.people_created == ["Cara Stranger <cara@unknown.org>"]
    with ctx.session() as s:
        person = s.scalar(select(Person).where(Person.email == "cara@unknown.org"))
        assert (person.first_name, person.last_name, person.consent_contact) == ("Cara", "Stranger", False)
    assert _interactions(ctx)[0][0] == person.id


def test_several_matches_user_chooses(ctx, tmp_path):
    make_person(ctx, "Sample", "Ada", email="shared@example.org")
    second = make_person(ctx, "Sample", "Adam", email="shared@example.org")
    path = write(tmp_path, "s.eml", build(sender="shared@example.org"))
    preview, report = _log(ctx, [path])
    assert report.logged == 0 and preview.needing_a_choice()[0].state == "several"
    _p, report = _log(ctx, [path], choices={"shared@example.org": Choice(PERSON, second)})
    assert _interactions(ctx)[0][0] == second


def test_group_address_matches_the_group(ctx, tmp_path):
    group = make_org(ctx, "Hillside PPG", email="ppg@hillside.org")
    _p, report = _log(ctx, [write(tmp_path, "g.eml", build(sender="ppg@hillside.org"))])
    assert report.logged == 1 and _interactions(ctx)[0][:2] == (None, group)
    chosen = make_org(ctx, "Other PPG")
    _p, report = _log(ctx, [write(tmp_path, "g2.eml", build(sender="x@y.org", message_id="<g2@x>"))],
                      choices={"x@y.org": Choice(GROUP, chosen)})
    assert _interactions(ctx)[1][:2] == (None, chosen)


def test_do_not_contact_sender_logged_but_flagged(ctx, tmp_path):
    ada = make_person(ctx, email="ada@example.org", do_not_contact=True)
    _p, report = _log(ctx, [write(tmp_path, "a.eml", build())])
    assert report.logged == 1 and report.flagged[0][1] == "Ada Sample"
    assert "marked do not contact" in report.lines()[0]
    with ctx.session() as s:
        assert s.scalar(select(EmailMessage.no_contact_flag)) is True
        assert s.scalar(select(Interaction.outcome)).startswith("Flagged: marked do not contact.")
    assert _interactions(ctx)[0][0] == ada


def test_dropped_on_a_person_or_activity(ctx, tmp_path):
    ada = make_person(ctx, email="someone-else@example.org")
    _p, report = _log(ctx, [write(tmp_path, "a.eml", build(sender="x@unknown.org"))], LogTarget(person_id=ada))
    assert _interactions(ctx)[0][0] == ada
    activity = make_activity(ctx)
    _p, report = _log(ctx, [write(tmp_path, "b.eml", build(sender="x@unknown.org", message_id="<b@x>"))],
                      LogTarget(activity_id=activity))
    assert _interactions(ctx)[1][:3] == (None, None, activity)


def test_attachments_kept_dangerous_renamed_and_undo_removes_them(ctx, data_dir, tmp_path):
    make_person(ctx, email="ada@example.org")
    data = build(attachments=[("minutes.pdf", b"%PDF minutes", "application/pdf"),
                              ("invoice.js", b"alert(1)", "application/javascript")])
    _p, report = _log(ctx, [write(tmp_path, "a.eml", data)])
    assert report.attachments_kept == 2
    with ctx.session() as s:
        kept = [(a.file_name, a.stored_path, a.dangerous, a.size) for a in s.scalars(select(EmailAttachment))]
    assert kept[0][0] == "minutes.pdf" and (data_dir / kept[0][1]).read_bytes() == b"%PDF minutes"
    assert kept[1][1].endswith("invoice.js.blocked") and kept[1][2] is True
    ctx.undo.undo()
    assert _interactions(ctx) == [] and not (data_dir / kept[0][1]).exists()


def test_too_big_attachment_not_kept(ctx, tmp_path, monkeypatch):
    from sdm_desktop.services.email_log import attachments

    monkeypatch.setattr(attachments, "MAX_ATTACHMENT", 10)
    make_person(ctx, email="ada@example.org")
    _p, report = _log(ctx, [write(tmp_path, "a.eml", build(attachments=[("big.bin", b"x" * 11,
                                                                          "application/octet-stream")]))])
    assert report.attachments_kept == 0 and "over the" in report.attachments_not_kept[0][1]


def test_missing_date_uses_file_time_and_msg_sample_logs(ctx, tmp_path):
    make_person(ctx, email="ada@example.org")
    make_person(ctx, "Test", "Bedfor", email="bedfortest@tutanota.de")
    _p, report = _log(ctx, [write(tmp_path, "n.eml", build(when=None)), SAMPLE_MSG])
    assert report.logged == 2 and report.attachments_kept == 1
    assert _interactions(ctx)[0][5] == date.today()


def test_dry_run_and_cancel_write_nothing(ctx, data_dir, tmp_path):
    make_person(ctx, email="ada@example.org")
    path = write(tmp_path, "a.eml", build(attachments=[("a.txt", b"x", "text/plain")]))
    _p, report = _log(ctx, [path], dry_run=True)
    assert report.logged == 1 and _interactions(ctx) == []
    progress = Progress()
    progress.cancelled = True
    with pytest.raises(JobCancelled):
        _log(ctx, [path], progress=progress)
    assert _interactions(ctx) == [] and not list(data_dir.rglob("a.txt"))


def test_unreadable_file_is_listed_not_fatal(ctx, tmp_path):
    make_person(ctx, email="ada@example.org")
    _p, report = _log(ctx, [write(tmp_path, "bad.msg", b"no"), write(tmp_path, "a.eml", build())])
    assert report.logged == 1 and "not an Outlook message" in report.not_logged[0][1]


def test_log_email_cli(ctx, data_dir, tmp_path, capsys):
    from sdm_desktop.cli import main

    group = make_org(ctx, "Hillside PPG")
    make_person(ctx, email="ada@example.org")
    ctx.close()
    folder = tmp_path / "mail"
    write(folder, "a.eml", build())
    write(folder / "sub", "b.eml", build(sender="x@unknown.org", message_id="<b@x>"))
    base = ["--data-dir", str(data_dir)]
    assert main(base + ["team-addresses", "--set", "team@trust.nhs.uk"]) == 0
    capsys.readouterr()
    assert main(base + ["log-email", str(folder), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert "Would log 1 email as 1 interaction; 1 not logged." in out and "b.eml: nobody to log it against" in err
    assert main(base + ["log-email", str(folder), "--organisation", str(group)]) == 0
    assert "Logged 2 emails as 2 interactions." in capsys.readouterr().out
    assert main(base + ["log-email", str(folder / "a.eml")]) == 0
    assert "1 already logged" in capsys.readouterr().out
    assert main(base + ["log-email", str(tmp_path / "missing")]) == 1
    assert "missing: no such file or folder" in capsys.readouterr().err
