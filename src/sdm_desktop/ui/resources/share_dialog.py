"""Share a resource with groups and people: who (found by search), when, how, notes."""

from __future__ import annotations

from datetime import date

from sdm_desktop.errors import UserError
from sdm_desktop.services.core.validation import FieldErrors, ValidationError
from sdm_desktop.services.resources.shares import (
    CHANNELS,
    ShareReport,
    ShareRequest,
    person_choices_for_sharing,
    share_resource,
)
from sdm_desktop.ui.common.form_dialog import FormDialog
from sdm_desktop.ui.common.target_picker import TargetPicker


class ShareDialog(FormDialog):
    def __init__(self, env, resource_id: int, title: str, parent=None):
        super().__init__(env, "Share a resource", parent)
        self.resource_id = resource_id
        self.report: ShareReport | None = None
        self.heading.setText(f"<h3>Share “{title}”</h3><p>People marked do not contact, or who have not "
                             "consented to be contacted, will not be recorded; you will be told who.</p>")
        self.heading.setWordWrap(True)
        self.targets = TargetPicker(env.ctx,
                                    person_search=lambda text, n: person_choices_for_sharing(env.ctx, text, n))
        self.targets.list.setAccessibleName("Groups and people to share with")
        self.targets.group.setAccessibleName("Group to share with")
        self.targets.person.setAccessibleName("Person to share with")
        self.f.add("targets", "&With", self.targets)
        shared_on = self.f.date("shared_on", "&Date shared")
        shared_on.set_range(None, date.today())
        self.f.set("shared_on", date.today())
        self.f.combo("channel", "&How", [("", "—")] + CHANNELS)
        self.f.text("notes", "&Notes")
        self.buttons.button(self.buttons.StandardButton.Save).setText("&Record share")
        self.resize(560, 520)
        self.targets.group.setFocus()

    def request(self) -> ShareRequest:
        targets = self.targets.targets()
        if not targets:
            raise ValidationError(FieldErrors({"targets": "needs at least one group or person"}))
        return ShareRequest(
            self.resource_id, organisation_ids=[t.id for t in targets if t.kind == "organisation"],
            person_ids=[t.id for t in targets if t.kind == "person"], shared_on=self.f.get("shared_on"),
            channel=self.f.get("channel") or None, notes=self.f.get("notes"))

    def store(self) -> int:
        try:
            self.report = share_resource(self.env.ctx, self.request())
        except UserError as exc:
            raise ValidationError(FieldErrors({"targets": str(exc)})) from None
        return self.resource_id

    @classmethod
    def ask(cls, env, resource_id: int, title: str, parent=None) -> ShareReport | None:
        dialog = cls(env, resource_id, title, parent)
        return dialog.report if dialog.exec() else None
