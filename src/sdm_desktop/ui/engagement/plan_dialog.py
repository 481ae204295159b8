"""Create or edit an engagement plan."""

from __future__ import annotations

from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.ui.common.form_dialog import FormDialog


class PlanDialog(FormDialog):
    table, noun = "engagement_plan", "plan"

    def __init__(self, env, plan_id: int | None = None, parent=None):
        super().__init__(env, "Edit engagement plan" if plan_id else "New engagement plan", parent)
        self.plan_id = plan_id
        f = self.f
        f.line("title", "&Title", 200)
        f.text("objective", "&Objective")
        f.line("owner", "O&wner", 120, "who leads this plan")
        f.date("start_date", "&Starts")
        f.date("end_date", "&Ends")
        f.combo("status", "Stat&us", eng.PLAN_STATUSES)
        f.check("ppe_individual", "Engagement levels", "&Individual: patients involved in their own care")
        f.explain("ppe_individual", "Engagement levels")
        f.check("ppe_service", "", "Ser&vice: users and carers in service design and evaluation")
        f.check("ppe_community", "", "&Community: communities and the public in prioritisation and planning")
        self.show_values(self.open_record(plan_id) or eng.PlanInput())
        f.widgets["title"].setFocus()

    def load(self, record_id: int) -> eng.PlanInput:
        return eng.get_plan(self.env.ctx, record_id)

    def value(self) -> eng.PlanInput:
        data = eng.PlanInput(**{name: self.f.get(name) for name in self.f.widgets})
        data.title = data.title or ""
        return data

    def store(self) -> int:
        data = self.value()
        if self.record_id:
            eng.update_plan(self.env.ctx, self.record_id, data, expected_version=self.loaded_version)
            return self.record_id
        return eng.create_plan(self.env.ctx, data)

    @classmethod
    def ask(cls, env, plan_id: int | None = None, parent=None) -> int | None:
        dialog = cls(env, plan_id, parent)
        return dialog.saved_id if dialog.exec() else None
