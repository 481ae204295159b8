"""letters render --email-drafts: one unsent .eml per recipient with an email address, the letter as its
body; do-not-contact people get none (as they get no letter); the letters are recorded as usual."""

from __future__ import annotations

import email
import email.policy

from sqlalchemy import select

from helpers import make_org, make_person
from letter_docs import make_template
from sdm_desktop.cli import main
from sdm_desktop.db.models import Letter
from sdm_desktop.services.letters.templates import save_sender_details
from sdm_desktop.services.opening import open_context

ADDRESS = {"address_line1": "1 High Street", "town": "Fernbridge", "postcode": "EX1 1AA"}


def test_email_drafts_per_recipient_with_an_address(capsys, tmp_path, data_dir):
    ctx = open_context(data_dir)
    try:
        save_sender_details(ctx, {"sender_name": "Sam Okafor", "sender_email": "sdm.team@example.nhs.uk"})
        ann = make_person(ctx, "Able", "Ann", email="ann@example.org", **ADDRESS)
        make_person(ctx, "Noemail", "Nia", **ADDRESS)
        make_person(ctx, "Barred", "Ben", email="ben@example.org", do_not_contact=True, **ADDRESS)
        group = make_org(ctx, "Riverside PPG", email="ppg@riverside.org", **ADDRESS)
    finally:
        ctx.close()
    template = make_template(tmp_path / "Invitation.docx", "{{ salutation }},", "Please come to our event.")
    out_dir = tmp_path / "out"
    code = main(["--data-dir", str(data_dir), "letters", "render", str(template), "-o", str(out_dir),
                 "--to", "people", "--email-drafts"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "left out: Ben Barred: marked do not contact" in err
    assert "no email draft: Nia Noemail: no email address" in err
    assert "Wrote 1 email drafts to" in out
    [draft] = sorted((out_dir / "Email drafts").iterdir())
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1" and message["To"] == "Ann Able <ann@example.org>"
    assert message["From"] == "Sam Okafor <sdm.team@example.nhs.uk>" and message["Subject"] == "Invitation"
    assert "Please come to our event." in message.get_content() and "Dear" in message.get_content()
    assert b"ben@example.org" not in b"".join(p.read_bytes() for p in (out_dir / "Email drafts").iterdir())
    ctx = open_context(data_dir)
    try:
        with ctx.session() as s:
            assert ann in set(s.scalars(select(Letter.person_id)))
    finally:
        ctx.close()
    code = main(["--data-dir", str(data_dir), "letters", "render", str(template), "-o", str(tmp_path / "g"),
                 "--type", "Patient Participation Group (PPG)", "--email-drafts"])
    out, err = capsys.readouterr()
    assert code == 0, err
    [draft] = (tmp_path / "g" / "Email drafts").iterdir()
    assert "ppg@riverside.org" in draft.read_text() and group


def test_email_drafts_need_the_individual_letters(capsys, tmp_path, data_dir):
    template = make_template(tmp_path / "T.docx", "Hello")
    code = main(["--data-dir", str(data_dir), "letters", "render", str(template), "-o", str(tmp_path / "o"),
                 "--combined-only", "--email-drafts"])
    assert code == 1 and "write the individual letters too" in capsys.readouterr().err
