"""Reading .eml and .msg files: plain, HTML-only, multipart with attachments, other charsets, no Date,
reply chains, and a real Outlook .msg."""

from __future__ import annotations

from datetime import datetime

import pytest

from email_helpers import SAMPLE_MSG, build, write
from sdm_desktop.errors import UserError
from sdm_desktop.services.email_log.body_text import html_to_text, trim_reply
from sdm_desktop.services.email_log.reading import read_message


def test_plain_message(tmp_path):
    m = read_message(write(tmp_path, "a.eml", build()))
    assert m.subject == "PPG meeting"
    assert m.sender == ("Ada Sample", "ada@example.org")
    assert m.recipients == [("SDM Team", "team@trust.nhs.uk")]
    assert m.sent_at == datetime(2026, 7, 1, 9, 30)
    assert m.body == "Hello,\nthe PPG meets on Tuesday."
    assert m.message_id == "<m1@example.org>"


def test_html_only_message_becomes_text_without_styles(tmp_path):
    html = ("<html><head><style>p{color:red}</style></head><body><p>Dear team,</p><p>We would like "
            "<b>two</b> places &amp; a hearing loop.</p><script>alert(1)</script></body></html>")
    m = read_message(write(tmp_path, "h.eml", build(body=None, html=html)))
    assert m.body == "Dear team,\n\nWe would like two places & a hearing loop."


def test_multipart_with_attachments(tmp_path):
    data = build(body="See attached.", html="<p>See attached.</p>",
                 attachments=[("minutes.pdf", b"%PDF-1.4 minutes", "application/pdf"),
                              ("run me.exe", b"MZ...", "application/octet-stream")])
    m = read_message(write(tmp_path, "m.eml", data))
    assert m.body == "See attached."
    assert [(a.name, a.content_type, a.data) for a in m.attachments] == [
        ("minutes.pdf", "application/pdf", b"%PDF-1.4 minutes"), ("run me.exe", "application/octet-stream", b"MZ...")]


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252", "utf-16"])
def test_other_charsets(tmp_path, charset):
    body = "Café meeting on Friday – Zoë will chair" if charset != "iso-8859-1" else "Café on Friday, Zoë chairs"
    m = read_message(write(tmp_path, "c.eml", build(body=body, charset=charset,
                                                     subject="=?iso-8859-1?q?R=E9union?=")))
    assert m.body == body
    assert m.subject == "Réunion"


def test_unknown_charset_is_read_leniently(tmp_path):
    raw = build(body="plain words").replace(b'charset="utf-8"', b'charset="x-nonsense"')
    assert read_message(write(tmp_path, "u.eml", raw)).body == "plain words"


def test_missing_date_is_none(tmp_path):
    assert read_message(write(tmp_path, "d.eml", build(when=None))).sent_at is None


def test_reply_chain_keeps_only_the_new_text_and_drops_the_signature():
    text = ("Yes, Tuesday works.\n\n-- \nAda Sample\nPPG chair\n\nOn Mon, 1 Jun 2026 at 10:00, Team wrote:\n"
            "> Does Tuesday work?\n> Thanks")
    assert trim_reply(text) == "Yes, Tuesday works."
    outlook = "Thanks, noted.\n\nFrom: SDM Team <team@trust.nhs.uk>\nSent: 01 June 2026 10:00\nTo: Ada\nSubject: x"
    assert trim_reply(outlook) == "Thanks, noted."
    assert trim_reply("-----Original Message-----\nonly a quote") == "-----Original Message-----\nonly a quote"


def test_outlook_html_reply_divider_is_trimmed():
    html = '<div>Agreed.</div><div id="divRplyFwdMsg"><b>From:</b> Team</div><div>Earlier text</div>'
    assert html_to_text(html) == "Agreed."


def test_real_outlook_msg_sample():
    m = read_message(SAMPLE_MSG)
    assert m.subject == "Re: test internal"
    assert m.sender == ("bedfortest at TEST", "bedfortest@tutanota.de")
    assert m.recipients == [("Arne Möhle", "arne.moehle@tutao.onmicrosoft.com")]
    assert m.message_id == "<MIxL6C1--3-0@tutanota.de>"
    assert m.sent_at is not None and m.sent_at.date().isoformat() == "2020-10-06"
    assert [(a.name, len(a.data)) for a in m.attachments] == [("serveimage.jpg", 36739)]
    assert m.attachments[0].data[:3] == b"\xff\xd8\xff"          # a JPEG


def test_not_an_email_is_one_clear_message(tmp_path):
    with pytest.raises(UserError, match="x.msg: not an Outlook message"):
        read_message(write(tmp_path, "x.msg", b"hello"))
    with pytest.raises(UserError, match="notes.txt: not an email file"):
        read_message(write(tmp_path, "notes.txt", b"hello"))
    with pytest.raises(UserError, match="empty.eml: not an email message"):
        read_message(write(tmp_path, "empty.eml", b""))
