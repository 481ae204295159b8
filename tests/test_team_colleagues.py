"""Everyone sees the same register (issue 14): colleagues' saves reach open views within seconds, an editor
whose record changed says so (or shows it afresh when nothing was typed), and "being edited by …" is
advisory, goes stale by itself, and never refuses anything."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from helpers import make_org, make_person
from sdm_desktop.db.models import RecordPresence
from sdm_desktop.services.colleagues.feed import changes_since, latest_event_id
from sdm_desktop.services.colleagues.presence import STALE_AFTER, mark_editing, others_editing, stop_editing
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.register import people as people_service
from sdm_desktop.ui.colleagues.watcher import ColleagueWatcher
from test_team_versions import colleague_sets


def test_the_feed_names_what_colleagues_changed_and_skips_this_apps_own_saves(ctx):
    start = latest_event_id(ctx)
    person_id = make_person(ctx, first_name="Ada")      # this app's own save
    colleague_sets(ctx, "organisation", make_org(ctx, "Riverside PPG"), notes="x")
    changes = changes_since(ctx, start, ctx.own_writes.audit_ids)
    assert changes.kinds == {Change.ORGANISATION}
    assert changes.by == {"colleague"}
    assert ("person", person_id) not in changes.records
    assert changes_since(ctx, changes.last_event_id).kinds == set()


def test_presence_is_advisory_and_goes_stale(ctx):
    person_id = make_person(ctx)
    mark_editing(ctx, "pc-1", {("person", person_id)})
    seen = others_editing(ctx, "pc-2", {("person", person_id)})
    assert [e.actor for e in seen[("person", person_id)]] and others_editing(ctx, "pc-1", {("person", person_id)}) == {}
    # A PC that crashed never clears its mark: after STALE_AFTER it is ignored.
    with ctx.db.engine.begin() as conn:
        conn.execute(text("UPDATE record_presence SET seen_at = :old"),
                     {"old": (RecordPresence.seen_at.default.arg(None) - STALE_AFTER - timedelta(seconds=1))})
    assert others_editing(ctx, "pc-2", {("person", person_id)}) == {}
    # ...and nothing was ever refused: the other app saves as usual.
    data = people_service.get_person(ctx, person_id)
    data.first_name = "Bea"
    people_service.update_person(ctx, person_id, data)
    stop_editing(ctx, "pc-1")
    with ctx.session() as s:
        assert s.query(RecordPresence).count() == 0


def _watched_window(window, ctx):
    window.env.colleagues = ColleagueWatcher(window.env, interval_ms=100_000)   # looks only when told, below
    return window.show_view("stakeholders")


def _look(qtbot, watcher) -> None:
    with qtbot.waitSignal(watcher.looked, timeout=5000):
        watcher.look_now()


def test_a_colleagues_save_refreshes_the_open_list_and_keeps_the_selection(window, ctx, qtbot):
    keep = make_org(ctx, "Alpha Group")
    other = make_org(ctx, "Beta Group")
    view = _watched_window(window, ctx)
    watcher = window.env.colleagues
    _look(qtbot, watcher)
    pane = view.current_pane()
    view.run_search()
    qtbot.waitUntil(lambda: pane.shows(keep))
    pane.select_quietly(keep)
    colleague_sets(ctx, "organisation", other, name="Beta Partnership")
    _look(qtbot, watcher)
    model = view.org_model
    qtbot.waitUntil(lambda: "Beta Partnership" in [model.record(r).name for r in range(model.rowCount())])
    assert pane.current_id() == keep


def test_an_editor_shows_a_colleagues_change_or_warns_before_more_typing(window, ctx, qtbot):
    person_id = make_person(ctx, first_name="Ada", last_name="Sample")
    view = _watched_window(window, ctx)
    watcher = window.env.colleagues
    form = view.person_form
    form.edit(person_id)
    _look(qtbot, watcher)
    colleague_sets(ctx, "person", person_id, phone="0113 496 0003")
    _look(qtbot, watcher)
    assert form.f.widgets["phone"].text() == "0113 496 0003"      # nothing typed here: shown afresh
    form.f.widgets["first_name"].end(False)
    qtbot.keyClicks(form.f.widgets["first_name"], "le")        # typing, as a user does
    colleague_sets(ctx, "person", person_id, notes="Prefers email")
    _look(qtbot, watcher)
    assert form.colleague_note.isVisibleTo(form) and "just changed this record" in form.colleague_note.text()
    assert form.f.widgets["first_name"].text() == "Adale"          # the user's edit is kept
    assert form.dirty


def test_being_edited_by_shows_in_the_editor(window, ctx, qtbot):
    person_id = make_person(ctx)
    view = _watched_window(window, ctx)
    watcher = window.env.colleagues
    view.person_form.edit(person_id)
    with ctx.session() as s:
        s.add(RecordPresence(entity="person", record_id=person_id, actor="colleague", instance="elsewhere"))
    _look(qtbot, watcher)
    assert "Also open for editing by colleague" in view.person_form.colleague_note.text()
    with ctx.session() as s:       # this app's own mark is there too, for the colleague to see
        assert s.query(RecordPresence).filter_by(instance=watcher.instance, record_id=person_id).count() == 1


def test_a_refresh_keeps_the_lists_scroll_position(window, ctx, qtbot):
    ids = [make_org(ctx, f"Group {n:03}") for n in range(120)]
    view = _watched_window(window, ctx)
    watcher = window.env.colleagues
    _look(qtbot, watcher)
    pane = view.current_pane()
    view.run_search()
    qtbot.waitUntil(lambda: view.org_model.rowCount() == 120)
    bar = pane.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    reading = bar.value()
    colleague_sets(ctx, "organisation", ids[0], name="Group 000 renamed")
    _look(qtbot, watcher)
    qtbot.waitUntil(lambda: view.org_model.record(0).name == "Group 000 renamed")
    assert bar.value() == reading


def test_an_editor_dialog_says_when_a_colleague_saves_its_record_or_has_it_open(window, ctx, qtbot):
    from sdm_desktop.services.engagement.plans import PlanInput, create_plan
    from sdm_desktop.ui.engagement.plan_dialog import PlanDialog

    plan_id = create_plan(ctx, PlanInput(title="Carers' voice", ppe_service=True))
    window.env.colleagues = ColleagueWatcher(window.env, interval_ms=100_000)
    watcher = window.env.colleagues
    dialog = PlanDialog(window.env, plan_id, window)
    qtbot.addWidget(dialog)
    _look(qtbot, watcher)
    assert not dialog.colleague_note.isVisibleTo(dialog)
    with ctx.session() as s:               # this dialog's own mark, for colleagues to see
        assert s.query(RecordPresence).filter_by(instance=watcher.instance, entity="engagement_plan").count() == 1
        s.add(RecordPresence(entity="engagement_plan", record_id=plan_id, actor="colleague", instance="elsewhere"))
    colleague_sets(ctx, "engagement_plan", plan_id, title="Carers' voices")
    _look(qtbot, watcher)
    text = dialog.colleague_note.text()
    assert "just changed this record" in text and "Also open for editing by colleague" in text
    dialog.reject()
    _look(qtbot, watcher)
    with ctx.session() as s:
        assert s.query(RecordPresence).filter_by(instance=watcher.instance).count() == 0


def test_a_look_with_no_record_open_only_reads(ctx, monkeypatch):
    from sdm_desktop.services.colleagues import look as look_module

    writes = []
    monkeypatch.setattr(look_module, "mark_editing", lambda *args: writes.append(args))
    person_id = make_person(ctx)
    look_module.look(ctx, "pc-1", 0, set(), set(), marked_before=False)
    assert writes == []
    look_module.look(ctx, "pc-1", 0, {("person", person_id)}, set(), marked_before=False)
    look_module.look(ctx, "pc-1", 0, set(), set(), marked_before=True)        # its marks are taken away
    assert [w[2] for w in writes] == [{("person", person_id)}, set()]
