"""Log or edit an interaction: the contact, its follow-up action, and "you said, we did"."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QCompleter

from sdm_desktop.services.core.validation import FieldErrors, ValidationError
from sdm_desktop.services.engagement import interactions as inter
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.services.engagement.activities import activity_choices, person_choices
from sdm_desktop.services.register.search import organisation_choices
from sdm_desktop.ui.common.form_dialog import FormDialog
from sdm_desktop.ui.common.search_picker import SearchPicker
from sdm_desktop.ui.email_log.details import email_details_widget

LINKS = ("organisation_id", "person_id", "activity_id", "response_interaction_id")


class InteractionDialog(FormDialog):
    table, noun = "interaction", "interaction"

    def __init__(self, env, interaction_id: int | None = None, *, organisation_id: int | None = None,
                 person_id: int | None = None, activity_id: int | None = None, parent=None):
        super().__init__(env, "Edit interaction" if interaction_id else "Log an interaction", parent)
        self.interaction_id = interaction_id
        data = self.open_record(interaction_id) or inter.InteractionInput(
            occurred_on=date.today(), organisation_id=organisation_id, person_id=person_id, activity_id=activity_id)
        f = self.f
        f.date("occurred_on", "&Date")
        f.combo("channel", "C&hannel", [("", "—")] + inter.CHANNELS)
        f.combo("direction", "Di&rection", inter.DIRECTIONS)
        self._link_fields()
        email = email_details_widget(env, interaction_id)
        if email is not None:
            self.form_layout.addRow("Email:", email)
        f.text("summary", "&Summary")
        f.text("outcome", "Out&come")
        action = f.line("action", "&Follow-up action", 2000, "what needs doing next, if anything")
        action.textEdited.connect(self._suggest_due_date)
        owner = f.line("action_owner", "Action o&wner", 120)
        owner.setCompleter(QCompleter(eng.owners(env.ctx), owner))
        f.date("due_on", "D&ue")
        f.check("done", "", "Action do&ne")
        f.check("is_feedback", "You said, we did", "This is feed&back from them")
        f.text("change_made", "What we chang&ed")
        self._response_field(data)
        self.show_values(data)
        f.widgets["summary"].setFocus()

    def load(self, record_id: int) -> inter.InteractionInput:
        return inter.get_interaction(self.env.ctx, record_id)

    def show_values(self, data: inter.InteractionInput) -> None:
        for name in self.f.widgets:
            if name not in LINKS:
                self.f.set(name, getattr(data, name))
        labels = inter.link_labels(self.env.ctx, data.organisation_id, data.person_id, data.activity_id)
        for name, shown in zip(LINKS[:3], labels, strict=True):
            self.f.widgets[name].set_value(getattr(data, name), shown)
        combo = self.f.widgets["response_interaction_id"]
        combo.setCurrentIndex(max(0, combo.findData(data.response_interaction_id)))

    def _suggest_due_date(self, text: str) -> None:
        """Typing an action with no due date yet suggests one a week ahead (the user can change it)."""
        if text.strip() and self.f.get("due_on") is None:
            self.f.set("due_on", date.today() + timedelta(days=7))

    def _link_fields(self) -> None:
        ctx = self.env.ctx
        pickers = (("organisation_id", "&Group", "Type to find a group…",
                    lambda text, n: organisation_choices(ctx, text, n)),
                   ("person_id", "&Person", "Type to find a person…", lambda text, n: person_choices(ctx, text, n)),
                   ("activity_id", "&Activity", "Type to find an activity or plan…",
                    lambda text, n: activity_choices(ctx, text, n)))
        for name, label, placeholder, search in pickers:
            self.f.add(name, label, SearchPicker(search, label.replace("&", ""), placeholder))

    def _response_field(self, data: inter.InteractionInput) -> None:
        combo = self.f.combo("response_interaction_id", "How we &told them", [])
        combo.addItem("— not yet —", None)
        if self.interaction_id:
            for item_id, text in inter.response_choices(self.env.ctx, self.interaction_id):
                combo.addItem(text, item_id)
        else:
            combo.setToolTip("Save the feedback first; then link the message that told them what changed.")

    def value(self) -> inter.InteractionInput:
        values = {name: self.f.get(name) for name in self.f.widgets if name not in LINKS}
        unmatched = FieldErrors()
        for name in ("organisation_id", "person_id", "activity_id"):
            picker = self.f.widgets[name]
            values[name] = picker.value()
            if picker.text().strip() and values[name] is None:
                unmatched.add(name, "is not one we know: type part of it and choose from the list")
        if unmatched:
            raise ValidationError(unmatched)
        values["response_interaction_id"] = self.f.widgets["response_interaction_id"].currentData()
        values["channel"] = values["channel"] or None
        values["summary"] = values["summary"] or ""
        return inter.InteractionInput(**values)

    def store(self) -> int:
        data = self.value()
        if self.record_id:
            inter.update_interaction(self.env.ctx, self.record_id, data, expected_version=self.loaded_version)
            return self.record_id
        return inter.create_interaction(self.env.ctx, data)

    @classmethod
    def ask(cls, env, interaction_id: int | None = None, parent=None, **links) -> int | None:
        dialog = cls(env, interaction_id, parent=parent, **links)
        return dialog.saved_id if dialog.exec() else None
