""""Calendar invitations…" in Training (the selected cohort) and Engagement (the selected activity, or the
follow-up actions): ask where, write in the background, then say what was written and who was left out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton

from sdm_desktop.services.calendar.export import activity_calendar, cohort_calendar, followups_calendar, slug
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.tables.table_helpers import ON_SCREEN, shortcut


def _report(parent, report) -> None:
    lines = report.lines()
    shown = "\n".join(lines[:25]) + (f"\n… and {len(lines) - 25} more" if len(lines) > 25 else "")
    where = report.files[0].parent if report.files else ""
    prompts.info(parent, f"{report.summary()}\nIn {where}" + ("\n\n" + shown if lines else ""),
                 "Calendar invitations")


def cohort_invitations(parent, env, cohort_name: str | None) -> None:
    if not cohort_name:
        prompts.warn(parent, "Choose a cohort first.")
        return
    start = str(env.ctx.data_dir / "exports" / slug(f"{cohort_name} calendar"))
    folder = QFileDialog.getExistingDirectory(parent, f"Folder for the calendar of {cohort_name}", start)
    if not folder:
        return
    ctx = env.ctx
    env.jobs.run(lambda progress: cohort_calendar(ctx, cohort_name, Path(folder), progress),
                 label="Writing calendar invitations", on_done=lambda report: _report(parent, report))


def activity_invitations(parent, env, activity_id: int | None, title: str = "") -> None:
    if activity_id is None:
        prompts.warn(parent, "Choose an activity with a date first.")
        return
    target = _ask_file(parent, env, f"Calendar file for {title or 'the activity'}", title or "activity")
    if target is not None:
        ctx = env.ctx
        env.jobs.run(lambda _p: activity_calendar(ctx, activity_id, target), label="Writing the calendar file",
                     on_done=lambda report: _report(parent, report))


def followup_invitations(parent, env) -> None:
    target = _ask_file(parent, env, "Calendar file for the follow-up actions", "follow-up actions")
    if target is not None:
        ctx = env.ctx
        env.jobs.run(lambda _p: followups_calendar(ctx, target), label="Writing the calendar file",
                     on_done=lambda report: _report(parent, report))


def _ask_file(parent, env, title: str, name: str) -> Path | None:
    default = str(env.ctx.data_dir / "exports" / f"{slug(name)}.ics")
    chosen, _f = QFileDialog.getSaveFileName(parent, title, default, "Calendar file (*.ics)")
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".ics" else path.with_name(path.name + ".ics")


CALENDAR_KEY = "Ctrl+Shift+I"


def calendar_button(parent, slot=None) -> QPushButton:
    b = QPushButton("Calendar invitations…")     # every Alt letter of its words is taken on its pages: a key
    b.setAccessibleName("Calendar invitations")
    b.setToolTip(f"Write .ics calendar files that Outlook and any calendar open; one invitation per person "
                 f"({CALENDAR_KEY})")
    shortcut(QKeySequence(CALENDAR_KEY), b, b.click, ON_SCREEN)
    if slot is not None:
        b.clicked.connect(lambda _=False: slot())
    return b


def engagement_calendar_button(view) -> QPushButton:
    b = calendar_button(view)
    menu = QMenu(b)

    def for_activity():
        index = view.detail.table.currentIndex()
        record = view.detail.model.record(index.row()) if index.isValid() else None
        activity_invitations(view, view.env, record.id if record else None, record.title if record else "")

    menu.addAction("For the selected &activity…", for_activity)
    menu.addAction("The open &follow-up actions…", lambda: followup_invitations(view, view.env))
    b.setMenu(menu)
    return b
