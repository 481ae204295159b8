"""The Resources view, driven like a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from helpers import make_org, make_person
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.resources import files as resource_files
from sdm_desktop.services.resources.library import ResourceInput, create_resource, list_resources
from sdm_desktop.services.resources.shares import shares_of
from sdm_desktop.ui.common.form_dialog import FormDialog
from sdm_desktop.ui.resources import offline_copy
from sdm_desktop.ui.resources import view as resources_view


@pytest.fixture
def dialogs(monkeypatch):
    """Answer the next form dialogs with these functions (each fills in the real dialog)."""
    queue = []

    def fake_exec(self):
        queue.pop(0)(self)
        return self.result()

    monkeypatch.setattr(FormDialog, "exec", fake_exec)
    return queue


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(offline_copy, "open_url", lambda url: urls.append(url) or True)
    return urls


def add(ctx, title="BRAN poster", kind="leaflet", **fields) -> int:
    return create_resource(ctx, ResourceInput(title=title, kind=kind, **fields))


def open_view(window):
    return window.show_view("resources")


def shown_titles(view) -> list[str]:
    return [view.model.record(r).title for r in range(view.model.rowCount())]


def test_model_passes_qt_model_tester(window, ctx, qtmodeltester):
    add(ctx)
    view = open_view(window)
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.share_log.model)


def test_empty_library_offers_the_starter_pack_then_hides_it(window, ctx, qtbot):
    view = open_view(window)
    assert view.pack_banner.isVisibleTo(view) and "library is empty" in view.pack_banner.label.text()
    qtbot.mouseClick(view.pack_banner.button, Qt.MouseButton.LeftButton)
    assert "NICE guideline NG197: Shared decision making" in shown_titles(view)
    assert not view.pack_banner.isVisibleTo(view)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)


def test_add_a_resource_in_the_editor_and_search_filter_sort(window, ctx, qtbot):
    add(ctx, "Film: consultation without SDM", "film", tags=["training"])
    view = open_view(window)
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = view.form
    qtbot.keyClicks(form.f.widgets["title"], "Ottawa Personal Decision Guide")
    form.f.set("kind", "decision_aid")
    qtbot.keyClicks(form.f.widgets["url"], "decisionaid.ohri.ca/decguide.html")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    urls = [r.url for r in list_resources(ctx) if r.kind == "decision_aid"]
    assert urls == ["https://decisionaid.ohri.ca/decguide.html"]
    qtbot.keyClicks(view.search, "ohri")
    qtbot.waitUntil(lambda: shown_titles(view) == ["Ottawa Personal Decision Guide"])
    view.search.clear()
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("film"))
    assert shown_titles(view) == ["Film: consultation without SDM"]
    view.kind_filter.setCurrentIndex(0)
    view.tag_filter.setCurrentIndex(view.tag_filter.findData("training"))
    assert shown_titles(view) == ["Film: consultation without SDM"]
    view.tag_filter.setCurrentIndex(0)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert shown_titles(view) == ["Ottawa Personal Decision Guide", "Film: consultation without SDM"]
    assert "2 of 2 resources shown" in view.status.text()


def test_a_non_web_link_is_shown_beside_the_field_and_nothing_saved(window, ctx, qtbot):
    view = open_view(window)
    view.new_resource()
    qtbot.keyClicks(view.form.f.widgets["title"], "Bad link")
    qtbot.keyClicks(view.form.f.widgets["url"], "javascript:alert(1)")
    assert view.form.save() is False
    assert "http" in view.form.f.errors["url"].text()
    assert list_resources(ctx) == []


def test_add_offline_copy_then_open_it_and_the_link(window, ctx, tmp_path, opened, answer_prompts):
    add(ctx, url="https://www.nhs.uk")
    view = open_view(window)
    poster = tmp_path / "poster.pdf"
    poster.write_bytes(b"%PDF-1.4 poster")
    view.offline_copy.add(poster)
    assert "Offline copy:</b> poster.pdf" in view.offline_copy.label.text()
    view.offline_copy.open()
    assert opened[-1].isLocalFile() and Path(opened[-1].toLocalFile()).parent == ctx.data_dir / "resources"
    view.offline_copy.open("link")
    assert opened[-1].toString() == "https://www.nhs.uk"


def test_a_huge_or_missing_file_is_refused_with_a_message(window, ctx, tmp_path, monkeypatch, answer_prompts):
    asked = answer_prompts()
    monkeypatch.setattr(resource_files, "MAX_FILE_BYTES", 5)
    add(ctx)
    view = open_view(window)
    big = tmp_path / "film.mp4"
    big.write_bytes(b"123456")
    view.offline_copy.add(big)
    view.offline_copy.add(tmp_path / "gone.mp4")
    assert "files up to" in asked[0] and "does not exist" in asked[1]
    assert list_resources(ctx)[0].file_name is None
    assert list((ctx.data_dir / "resources").iterdir()) == []


def test_share_with_a_group_and_people_lists_who_was_refused(window, ctx, qtbot, dialogs, answer_prompts):
    asked = answer_prompts()
    rid = add(ctx)
    make_org(ctx, "Riverside PPG")
    make_person(ctx, "Willing", first_name="Ann")
    make_person(ctx, "Private", first_name="Bob", do_not_contact=True)
    view = open_view(window)

    def fill(d):
        d.targets.group.setText("Riverside")
        d.targets.group.choose_label(d.targets.group.search_now()[0])
        d.targets.add_from(d.targets.group, "organisation")
        for name in ("Willing", "Private"):
            d.targets.person.setText(name)
            d.targets.person.choose_label(d.targets.person.search_now()[0])
            d.targets.add_from(d.targets.person, "person")
        d.f.set("channel", "meeting")
        qtbot.keyClicks(d.f.widgets["notes"], "At the AGM")
        d.save()

    dialogs.append(fill)
    qtbot.mouseClick(view.share_button, Qt.MouseButton.LeftButton)
    assert {s.who for s in shares_of(ctx, rid)} == {"Riverside PPG", "Ann Willing"}
    assert "Bob Private (marked do not contact)" in asked[-1]
    assert view.share_log.model.rowCount() == 2
    assert view.model.record(0).shares == 2
    view.share_log.table.selectRow(0)
    qtbot.mouseClick(view.share_log.remove_button, Qt.MouseButton.LeftButton)
    assert len(shares_of(ctx, rid)) == 1


def test_share_dialog_needs_someone(window, ctx, dialogs):
    rid = add(ctx)
    view = open_view(window)

    def fill(d):
        assert d.save() is False
        assert "at least one" in d.f.errors["targets"].text()
    dialogs.append(fill)
    view.share_selected()
    assert shares_of(ctx, rid) == []


def test_delete_then_undo(window, ctx, qtbot, answer_prompts):
    answer_prompts(True)
    add(ctx, "One")
    add(ctx, "Two")
    view = open_view(window)
    view.select_id(view.model.id_at(0))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert shown_titles(view) == ["Two"]
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: shown_titles(view) == ["One", "Two"])


def test_export_shown_writes_the_rows_shown(window, ctx, tmp_path):
    add(ctx, "One", "film")
    add(ctx, "Two")
    view = open_view(window)
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("film"))
    view.export_to(tmp_path / "shown.csv")
    lines = (tmp_path / "shown.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2 and ",One," in lines[1]


def test_forget_the_offline_copy_then_undo(window, ctx, tmp_path, qtbot):
    add(ctx)
    view = open_view(window)
    leaflet = tmp_path / "leaflet.pdf"
    leaflet.write_bytes(b"leaflet")
    view.offline_copy.add(leaflet)
    assert view.offline_copy.forget_button.isVisibleTo(view)
    qtbot.mouseClick(view.offline_copy.forget_button, Qt.MouseButton.LeftButton)
    assert list_resources(ctx)[0].file_name is None and "none" in view.offline_copy.label.text()
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "leaflet.pdf" in view.offline_copy.label.text())


def test_share_dialog_says_who_may_not_be_contacted_while_searching(window, ctx, dialogs):
    add(ctx)
    make_person(ctx, "Private", first_name="Bob", do_not_contact=True)
    make_person(ctx, "Unasked", first_name="Cat", consent_contact=False)
    view = open_view(window)
    offered = []

    def look(d):
        d.targets.person.setText("a")
        offered.extend(d.targets.person.search_now())
        d.reject()
    dialogs.append(look)
    view.share_selected()
    assert sorted(offered) == ["Bob Private — marked do not contact", "Cat Unasked — no consent to be contacted"]


def test_search_runs_off_the_gui_thread_and_the_newest_search_wins(window, ctx, qtbot, monkeypatch):
    import threading

    add(ctx, "BRAN poster")
    add(ctx, "Knee decision aid", kind="decision_aid")
    view = open_view(window)
    threads = []
    real = resources_view.res.search_resource_ids
    monkeypatch.setattr(resources_view.res, "search_resource_ids",
                        lambda *a: threads.append(threading.current_thread()) or real(*a))
    window.env.jobs.synchronous = False
    qtbot.keyClicks(view.search, "knee")
    view.run_search()                              # the older search's rows never show
    qtbot.waitUntil(lambda: shown_titles(view) == ["Knee decision aid"], timeout=5000)
    qtbot.waitUntil(lambda: window.env.jobs.idle, timeout=5000)
    assert shown_titles(view) == ["Knee decision aid"] and view.status.text() == "1 of 2 resources shown"
    assert threads and threading.main_thread() not in threads
    assert view.detail.currentWidget() is view.hint          # the resource shown before is no longer listed


def test_a_change_made_while_the_view_is_hidden_shows_when_it_comes_back(window, ctx, qtbot):
    add(ctx, "BRAN poster", tags=["carers"])
    view = open_view(window)
    window.show_view("stakeholders")
    searches = []
    real = view.run_search
    view.run_search = lambda *a, **k: searches.append(1) or real(*a, **k)
    add(ctx, "Easy read leaflet", tags=["easy read"])
    window.env.announce(Change.RESOURCE)
    assert searches == []                          # nothing is read for a view nobody sees
    open_view(window)
    assert searches and shown_titles(view) == ["BRAN poster", "Easy read leaflet"]
    assert view.tag_filter.findData("easy read") >= 0
