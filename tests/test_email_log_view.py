"""The GUI: Log emails from a dialog and from drops (files, and Outlook's virtual files through the
adapter, with recorded mime data), and Calendar invitations from Training."""

from __future__ import annotations

import ctypes
from datetime import datetime

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from sqlalchemy import select

from email_helpers import build, write
from helpers import make_person
from sdm_desktop.db.models import Interaction, Person
from sdm_desktop.services.email_log.outlook_drop import parse_group_descriptor, save_first
from sdm_desktop.services.email_log.people import LogTarget
from sdm_desktop.ui.email_log.actions import open_log_dialog
from sdm_desktop.ui.email_log.dialog import LogEmailsDialog
from sdm_desktop.ui.email_log.drop import CONTENTS, DESCRIPTOR, OutlookDragAdapter


class FILEDESCRIPTORW(ctypes.Structure):      # as declared in shlobj_core.h, to record what Windows hands over
    _fields_ = [("dwFlags", ctypes.c_uint32), ("clsid", ctypes.c_byte * 16), ("sizel", ctypes.c_int32 * 2),
                ("pointl", ctypes.c_int32 * 2), ("dwFileAttributes", ctypes.c_uint32),
                ("ftCreationTime", ctypes.c_uint32 * 2), ("ftLastAccessTime", ctypes.c_uint32 * 2),
                ("ftLastWriteTime", ctypes.c_uint32 * 2), ("nFileSizeHigh", ctypes.c_uint32),
                ("nFileSizeLow", ctypes.c_uint32), ("cFileName", ctypes.c_wchar * 260)]


def recorded_descriptor(*files: tuple[str, int]) -> bytes:
    out = ctypes.c_uint32(len(files)).value.to_bytes(4, "little")
    for name, size in files:
        entry = FILEDESCRIPTORW()
        entry.dwFlags = 0x40 | 0x4000                 # FD_FILESIZE | FD_UNICODE
        entry.nFileSizeLow = size
        entry.cFileName = name
        raw = bytes(entry)
        # ctypes' c_wchar is 4 bytes on Linux: rewrite the name as Windows' UTF-16 WCHARs
        out += raw[:72] + name.encode("utf-16-le").ljust(520, b"\0")
    return out


def test_outlook_descriptor_parsing_with_recorded_data(tmp_path):
    data = recorded_descriptor(("RE: PPG meeting.msg", 2048), ("Minutes – draft.msg", 10))
    assert len(data) == 4 + 2 * 592
    assert [(f.name, f.size) for f in parse_group_descriptor(data)] == [("RE: PPG meeting.msg", 2048),
                                                                        ("Minutes – draft.msg", 10)]
    path, count = save_first(data, b"message bytes", tmp_path)
    assert (path.name, count, path.read_bytes()) == ("RE_ PPG meeting.msg", 2, b"message bytes")


def test_outlook_descriptor_that_lies_is_one_message(tmp_path):
    import pytest

    from sdm_desktop.errors import UserError

    with pytest.raises(UserError, match="says 5 files but holds"):
        parse_group_descriptor((5).to_bytes(4, "little") + b"\0" * 100)


def test_outlook_mime_through_the_adapter(tmp_path):
    mime = QMimeData()
    message = build()
    mime.setData(DESCRIPTOR, recorded_descriptor(("Hello.eml", len(message))))
    mime.setData(CONTENTS, message)
    assert OutlookDragAdapter.offers(mime)
    [path], note = OutlookDragAdapter.save(mime)
    assert path.read_bytes() == message and note == ""


def _interactions(ctx):
    with ctx.session() as s:
        return [(i.person_id, i.organisation_id, i.direction) for i in s.scalars(select(Interaction))]


def test_dialog_reads_lets_the_user_choose_and_logs(window, ctx, tmp_path, answer_prompts):
    asked = answer_prompts()
    make_person(ctx, email="ada@example.org")
    paths = [write(tmp_path, "a.eml", build()),
             write(tmp_path, "b.eml", build(sender="Cara Stranger <cara@unknown.org>", message_id="<b@x>"))]
    dialog = open_log_dialog(window, window.env, paths, LogTarget())
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "cara@unknown.org"
    combo = dialog.combos["cara@unknown.org"]
    combo.setCurrentIndex(combo.findText("Add a new person for cara@unknown.org"))
    dialog.log()
    assert "Logged 2 emails as 2 interactions" in asked[-1]
    with ctx.session() as s:
        cara = s.scalar(select(Person.id).where(Person.email == "cara@unknown.org"))
    assert sorted(p for p, _o, _d in _interactions(ctx)) == sorted([1, cara])


def test_dropping_a_file_on_a_person_logs_it_against_them(window, ctx, tmp_path, answer_prompts, qtbot):
    asked = answer_prompts()
    ada = make_person(ctx, email="someone@else.org")
    view = window.show_view("stakeholders")
    view.tabs.setCurrentWidget(view.people)
    qtbot.waitUntil(lambda: view.people.table_model.rowCount() == 1)
    viewport = view.people.viewport()
    pos = view.people.visualRect(view.people.table_model.index(0, 0)).center()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(write(tmp_path, "a.eml", build(sender="x@unknown.org"))))])
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    hint = next(w for w in viewport.findChildren(QLabel) if w.accessibleName() == "Drop hint")
    assert enter.isAccepted() and hint.isVisible() and "against Ada Sample" in hint.text()
    event = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)
    assert not hint.isVisible()
    [dialog] = view.findChildren(LogEmailsDialog)
    assert dialog.heading.text() == "1 message to log, each against Ada Sample."
    dialog.log()
    assert _interactions(ctx) == [(ada, None, "in")] and "Logged 1 email" in asked[-1]


def test_training_calendar_invitations_button(window, ctx, tmp_path, answer_prompts, monkeypatch):
    from training_helpers import make_cohort, make_programme

    asked = answer_prompts()
    make_cohort(ctx, make_programme(ctx), name="Spring", sessions=2, start=datetime(2026, 3, 2, 10, 0))
    view = window.show_view("training")
    view.cohort_table.selectRow(0)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "cal"))
    view.cohort_panel.calendar_button.click()
    assert (tmp_path / "cal" / "Spring - all sessions.ics").is_file()
    assert "Wrote 3 calendar files (2 events)" in asked[-1]


def test_the_interaction_editor_shows_the_logged_email_and_its_attachments(window, ctx, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QPushButton

    from sdm_desktop.services.email_log.logbook import log_emails, preview_emails
    from sdm_desktop.ui.engagement.interaction_dialog import InteractionDialog

    make_person(ctx, email="ada@example.org")
    path = write(tmp_path, "a.eml", build(attachments=[("minutes.pdf", b"%PDF", "application/pdf"),
                                                       ("tool.exe", b"MZ", "application/octet-stream")]))
    log_emails(ctx, preview_emails(ctx, [path]), LogTarget())
    with ctx.session() as s:
        interaction_id = s.scalar(select(Interaction.id))
    dialog = InteractionDialog(window.env, interaction_id, parent=window)
    label = next(w for w in dialog.findChildren(QLabel) if w.accessibleName() == "The logged email")
    assert label.text().startswith("From Ada Sample <ada@example.org> to SDM Team <team@trust.nhs.uk>, 01 Jul 2026")
    assert "minutes.pdf; tool.exe (could run code: kept with .blocked added, not opened)" in label.text()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    show = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Show the attachments folder")
    show.click()
    assert opened and opened[0].endswith("/emails/1")
    plain = InteractionDialog(window.env, None, parent=window)
    assert not [w for w in plain.findChildren(QLabel) if w.accessibleName() == "The logged email"]


def test_engagement_buttons_log_chosen_files_and_write_follow_ups(window, ctx, tmp_path, answer_prompts, monkeypatch):
    from datetime import date

    from PySide6.QtWidgets import QPushButton

    from sdm_desktop.services.engagement.interactions import InteractionInput, create_interaction

    asked = answer_prompts()
    ada = make_person(ctx, email="ada@example.org")
    create_interaction(ctx, InteractionInput(occurred_on=date(2026, 5, 1), channel="phone", summary="Rang",
                                             action="Send the leaflet", due_on=date(2026, 5, 8), person_id=ada))
    view = window.show_view("engagement")
    buttons = {b.accessibleName(): b for b in view.findChildren(QPushButton)}
    chosen = write(tmp_path, "a.eml", build())
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(chosen)], ""))
    files_action = buttons["Log emails"].menu().actions()[0]
    assert files_action.text() == "Choose email &files…"
    files_action.trigger()
    [dialog] = view.findChildren(LogEmailsDialog)
    dialog.log()
    assert "Logged 1 email as 1 interaction" in asked[-1]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "follow-ups"), ""))
    [_activity, followups] = buttons["Calendar invitations"].menu().actions()
    followups.trigger()
    assert (tmp_path / "follow-ups.ics").is_file() and "Wrote 1 calendar file (1 event)" in asked[-1]
