"""Erase people from a click: work out what would go (in the background), ask with the erase dialog, then erase.

The Privacy menu, the Stakeholders view's Privacy button and the retention review all erase through
``erase``. Services and the dialog are imported inside the functions, as in ``actions``: the main window
builds the Privacy menu before the database layer is loaded."""

from __future__ import annotations

from collections.abc import Callable

from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui import prompts


def erase(env, parent, person_ids: list[int], on_done: Callable[[], None] | None = None) -> None:
    """Work out what would go (in the background), ask with the erase dialog, then erase."""
    from sdm_desktop.services.privacy.erase import erase_plan

    if not person_ids:
        return
    ctx = env.ctx
    env.jobs.run(lambda _p: erase_plan(ctx, person_ids), label="Finding what is held",
                 on_done=lambda plan: _confirm_and_erase(env, parent, plan, on_done))


def _confirm_and_erase(env, parent, plan, on_done) -> None:
    from sdm_desktop.services.privacy.erase import erase_people
    from sdm_desktop.ui.privacy.erase_dialog import EraseDialog

    if not plan.people:
        prompts.info(parent, "Nothing to erase:\n" + "\n".join(plan.already_erased), "Erase")
        return
    if not EraseDialog.ask(plan, parent):
        return
    ids = [p.person_id for p in plan.people]
    ctx = env.ctx

    def done(report) -> None:
        env.announce(Change.PERSON)
        prompts.info(parent, report.summary(), "Erased")
        if on_done:
            on_done()
    env.jobs.run(lambda progress: erase_people(ctx, ids, progress), label="Erasing", on_done=done)
