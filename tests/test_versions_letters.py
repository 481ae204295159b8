"""No lost updates in the letters' settings (issue 14): the sender and programme details. Letter templates
are never edited in place (each new content is a new template version), so only the settings can go stale."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.letters.templates import (
    SETTING_PREFIX,
    save_sender_details,
    sender_details,
    sender_details_versions,
)
from sdm_desktop.ui.letters.sender_details import SenderDetailsDialog
from versions_helpers import answer_merge


def colleague_sets_detail(ctx, key: str, value: str) -> None:
    with ctx.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE setting SET value = ?, row_version = row_version + 1 WHERE key = ?",
                             (value, SETTING_PREFIX + key))
        conn.exec_driver_sql("INSERT INTO audit_event (at, actor, action, entity) "
                             "VALUES (CURRENT_TIMESTAMP, 'colleague', 'update', 'setting')")


def _stored(ctx) -> None:
    save_sender_details(ctx, {"sender_name": "Dr Sam Okafor", "sender_organisation": "NHS Wessex Vale ICB"})


def test_a_stale_save_of_the_sender_details_is_refused_and_nothing_is_lost(ctx):
    _stored(ctx)
    opened = sender_details_versions(ctx)
    colleague_sets_detail(ctx, "sender_organisation", "NHS Riverside ICB")
    with pytest.raises(RecordChanged, match="The sender details .* by colleague"):
        save_sender_details(ctx, {"sender_name": "Dr S. Okafor", "sender_organisation": "NHS Wessex Vale ICB"},
                            expected=opened)
    stored = sender_details(ctx)
    assert (stored["sender_name"], stored["sender_organisation"]) == ("Dr Sam Okafor", "NHS Riverside ICB")
    # A detail first stored by a colleague since counts too
    opened = sender_details_versions(ctx)
    save_sender_details(ctx, {"sender_phone": "0113 496 0000"})
    with pytest.raises(RecordChanged):
        save_sender_details(ctx, {"sender_phone": "0113 496 0001"}, expected=opened)


def test_saving_the_same_details_again_leaves_their_versions_alone(ctx):
    _stored(ctx)
    opened = sender_details_versions(ctx)
    save_sender_details(ctx, sender_details(ctx))             # nothing changed: nothing written
    assert sender_details_versions(ctx) == opened
    save_sender_details(ctx, {**sender_details(ctx), "sender_role": "Clinical lead"}, expected=opened)


def test_the_dialog_merges_a_colleagues_change_and_keeps_the_users(window, ctx, qtbot, monkeypatch):
    _stored(ctx)
    shown: list[int] = []

    def user_types_while_a_colleague_saves(dialog):
        shown.append(1)
        if len(shown) == 1:
            dialog.widgets["sender_name"].setText("Dr S. Okafor")
            colleague_sets_detail(ctx, "sender_organisation", "NHS Riverside ICB")
            answer_merge("&Merge and save")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(SenderDetailsDialog, "exec", user_types_while_a_colleague_saves)
    assert SenderDetailsDialog.ask(ctx, window)
    stored = sender_details(ctx)
    assert (stored["sender_name"], stored["sender_organisation"]) == ("Dr S. Okafor", "NHS Riverside ICB")
    assert shown == [1]                                    # merged and saved without asking again


def test_go_back_shows_the_dialog_again_with_what_the_user_typed(window, ctx, qtbot, monkeypatch):
    _stored(ctx)
    seen_again: list[str] = []

    def exec_(dialog):
        if not seen_again and dialog.widgets["sender_name"].text() == "Dr Sam Okafor":
            dialog.widgets["sender_name"].setText("Dr S. Okafor")
            colleague_sets_detail(ctx, "sender_name", "Prof Sam Okafor")
            answer_merge("Go back")
            return QDialog.DialogCode.Accepted
        seen_again.append(dialog.widgets["sender_name"].text())
        return QDialog.DialogCode.Rejected
    monkeypatch.setattr(SenderDetailsDialog, "exec", exec_)
    assert not SenderDetailsDialog.ask(ctx, window)
    assert seen_again == ["Dr S. Okafor"]
    assert sender_details(ctx)["sender_name"] == "Prof Sam Okafor"


# --- saved selections --------------------------------------------------------------------------
def test_saving_over_a_selection_a_colleague_saved_since_is_refused(ctx):
    from sdm_desktop.services.letters.recipients import load_selection, save_selection, selection_version
    from sdm_desktop.services.register.search import RegisterFilter
    save_selection(ctx, "Northern groups", "organisations", RegisterFilter(tag="north"))
    seen = selection_version(ctx, "Northern groups")
    save_selection(ctx, "Northern groups", "people", RegisterFilter(tag="north"), expected_version=seen)  # theirs
    with pytest.raises(RecordChanged, match="The saved selection 'Northern groups'"):
        save_selection(ctx, "Northern groups", "organisations", RegisterFilter(tag="south"), expected_version=seen)
    assert load_selection(ctx, "Northern groups") == ("people", RegisterFilter(tag="north"))
    with pytest.raises(RecordChanged):           # "none by that name" when the user chose it: a colleague's since
        save_selection(ctx, "Northern groups", "people", RegisterFilter(), expected_version=0)


def test_the_letters_view_keeps_a_colleagues_selection_of_the_same_name(window, ctx, qtbot, answer_prompts,
                                                                        monkeypatch):
    from helpers import make_org
    from sdm_desktop.services.letters.recipients import load_selection, save_selection
    from sdm_desktop.services.register.search import RegisterFilter
    from sdm_desktop.ui import prompts
    make_org(ctx, "Riverside PPG", tags=["north"])
    save_selection(ctx, "Northern groups", "organisations", RegisterFilter(tag="north"))
    recipients = window.show_view("letters").recipients
    recipients.reload()
    recipients.selection.setCurrentIndex(recipients.selection.findData("Northern groups"))
    recipients.apply_selection()
    save_selection(ctx, "Northern groups", "people", RegisterFilter(tag="north"))      # a colleague's
    asked = answer_prompts(True)
    monkeypatch.setattr(prompts, "ask_text", lambda *a, **k: "Northern groups")
    recipients.save_selection()
    assert any("was changed" in q for q in asked)
    assert load_selection(ctx, "Northern groups")[0] == "people"
