"""Where emails can be dropped: the window (matched by address), a stakeholder (the Stakeholders tables),
a plan or an activity (the Engagement tables)."""

from __future__ import annotations

from sdm_desktop.services.email_log.people import LogTarget
from sdm_desktop.ui.email_log.actions import log_emails_button, open_log_dialog
from sdm_desktop.ui.email_log.drop import EmailDropTarget


def install_window_drop(window) -> EmailDropTarget:
    def dropped(paths, _pos, note):
        open_log_dialog(window, window.env, paths, note=note)

    return EmailDropTarget(window.stack, lambda _pos: "each with the people their addresses belong to", dropped)


def _row_target(table, describe_row):
    """position in an item view -> what ``describe_row`` says of the row under it (None: no row there)."""
    def at(pos):
        index = table.indexAt(pos)
        return describe_row(index.row()) if index.isValid() else None
    return at


def install_register_drops(view) -> None:
    for pane, kind in ((view.organisations, "group"), (view.people, "person")):
        def describe(row, pane=pane, kind=kind):
            row_id = pane.table_model.id_at(row)
            if row_id is None:
                return None
            name = pane.table_model.data(pane.table_model.index(row, 0)) or f"{kind} {row_id}"
            target = LogTarget(person_id=row_id) if kind == "person" else LogTarget(organisation_id=row_id)
            return target, f"against {name}"

        at = _row_target(pane, describe)
        EmailDropTarget(pane.viewport(), lambda pos, at=at: (at(pos) or (None, None))[1],
                        lambda paths, pos, note, at=at, view=view: _open(view, paths, at(pos), note))


def register_button(view):
    def target_now():
        pane = view.current_pane()
        ids = view.selected_ids()
        if len(ids) != 1:
            return LogTarget(), ""
        kind = "person" if pane is view.people else "group"
        return (LogTarget(person_id=ids[0]) if kind == "person" else LogTarget(organisation_id=ids[0]),
                f"against the selected {kind}")
    return log_emails_button(view, view.env, target_now)


def install_engagement_drops(view) -> None:
    from sdm_desktop.services.engagement import activities as act

    detail = view.detail

    def activity_at(row):
        record = detail.model.record(row) if 0 <= row < detail.model.rowCount() else None
        return (LogTarget(activity_id=record.id), f"on the activity {record.title}") if record else None

    def plan_at(row):
        record = view.plan_model.record(row) if 0 <= row < view.plan_model.rowCount() else None
        return (LogTarget(), f"on an activity of the plan {record.title}", record.id) if record else None

    at_activity = _row_target(detail.table, activity_at)
    EmailDropTarget(detail.table.viewport(), lambda pos: (at_activity(pos) or (None, None))[1],
                    lambda paths, pos, note: _open(view, paths, at_activity(pos), note))
    at_plan = _row_target(view.plan_table, plan_at)

    def plan_dropped(paths, pos, note):
        found = at_plan(pos)
        if found:
            choices = [(r.id, r.title) for r in act.list_activities(view.env.ctx, act.ActivityFilter(plan_id=found[2]))]
            open_log_dialog(view, view.env, paths, found[0], found[1], note, activities=choices)

    EmailDropTarget(view.plan_table.viewport(), lambda pos: (at_plan(pos) or (None, None))[1], plan_dropped)


def engagement_button(view):
    def target_now():
        record = view.detail.model.record(view.detail.table.currentIndex().row()) \
            if view.detail.table.currentIndex().isValid() else None
        return (LogTarget(activity_id=record.id), f"on the activity {record.title}") if record else (LogTarget(), "")
    return log_emails_button(view, view.env, target_now)


def _open(view, paths, found, note) -> None:
    if found:
        open_log_dialog(view, view.env, paths, found[0], found[1], note)
