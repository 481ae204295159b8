"""Create or edit an activity in an engagement plan."""

from __future__ import annotations

from PySide6.QtWidgets import QCompleter

from sdm_desktop.services.core.validation import FieldErrors, ValidationError
from sdm_desktop.services.core.vocab import IAP2_LEVELS, PPE_LEVELS
from sdm_desktop.services.engagement import activities as act
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.services.engagement.activities import MONEY_FIELDS
from sdm_desktop.ui.common.form_dialog import FormDialog
from sdm_desktop.ui.common.target_picker import TargetPicker

MONEY_LABELS = {"budget_pence": "&Budget (£)", "cost_pence": "C&ost (£)",
                "involvement_payments_pence": "Involvement &payments (£)", "expenses_pence": "E&xpenses (£)"}


class ActivityDialog(FormDialog):
    table, noun = "activity", "activity"

    def __init__(self, env, plan_id: int, activity_id: int | None = None, parent=None):
        super().__init__(env, "Edit activity" if activity_id else "New activity", parent)
        self.plan_id, self.activity_id = plan_id, activity_id
        f = self.f
        f.line("title", "&Title", 200)
        f.combo("method", "&Method", eng.METHODS)
        f.combo("ppe_level", "&Level of engagement", PPE_LEVELS)
        f.combo("iap2_level", "&IAP2 level", [("", "—")] + IAP2_LEVELS)
        f.explain("iap2_level", "IAP2 level")
        owner = f.line("owner", "O&wner", 120)
        owner.setCompleter(QCompleter(eng.owners(env.ctx), owner))
        f.date("planned_date", "Planned &date")
        f.date("end_date", "&Ends (optional)")
        f.combo("status", "Stat&us", eng.ACTIVITY_STATUSES)
        self.targets = TargetPicker(env.ctx)
        f.add("targets", "Tar&gets", self.targets)
        for name in MONEY_FIELDS:
            self.money(name, MONEY_LABELS[name])
        f.text("outcome", "Out&come")
        f.text("notes", "&Notes")
        self._load(env, plan_id, activity_id)

    def _load(self, env, plan_id: int, activity_id: int | None) -> None:
        data = self.open_record(activity_id)
        if data is None:
            plan = eng.get_plan(env.ctx, plan_id)
            data = act.ActivityInput(ppe_level=(plan.levels or ["individual"])[0], owner=plan.owner)
        self.show_values(data)
        self.f.widgets["title"].setFocus()

    def load(self, record_id: int) -> act.ActivityInput:
        return act.get_activity(self.env.ctx, record_id)

    def show_values(self, data: act.ActivityInput) -> None:
        for name in self.f.widgets:
            if name in MONEY_FIELDS:
                self.set_pence(name, getattr(data, name))
            elif name != "targets":
                self.f.set(name, getattr(data, name))
        self.targets.set_targets(data.targets)

    def value(self) -> act.ActivityInput:
        values, errors = {}, FieldErrors()
        for name in self.f.widgets:
            if name in MONEY_FIELDS:
                try:
                    values[name] = self.pence(name)
                except ValidationError as exc:
                    errors.add(name, exc.errors[name])
            elif name != "targets":
                values[name] = self.f.get(name)
        if errors:
            raise ValidationError(errors)
        values["title"] = values["title"] or ""
        values["iap2_level"] = values["iap2_level"] or None
        return act.ActivityInput(**values, targets=self.targets.targets())

    def store(self) -> int:
        data = self.value()
        if self.record_id:
            act.update_activity(self.env.ctx, self.record_id, data, expected_version=self.loaded_version)
            return self.record_id
        return act.create_activity(self.env.ctx, self.plan_id, data)

    @classmethod
    def ask(cls, env, plan_id: int, activity_id: int | None = None, parent=None) -> int | None:
        dialog = cls(env, plan_id, activity_id, parent)
        return dialog.saved_id if dialog.exec() else None
