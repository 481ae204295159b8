"""Who to write to (filters, saved selections), details for this mailing, and output options."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sdm_desktop.letters.pdf import pdf_converter
from sdm_desktop.services.core.versions import RecordChanged
from sdm_desktop.services.core.vocab import PPE_LEVELS
from sdm_desktop.services.letters import recipients as recipient_service
from sdm_desktop.services.letters.recipients import RecipientRequest
from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.services.register.search import RegisterFilter, organisation_choices, tag_names
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import focus_target
from sdm_desktop.ui.common.search_picker import SearchPicker

EXAMPLES = {"event_name": "e.g. Listening event on diabetes care", "event_date": "e.g. Tuesday 19 January, 6pm",
            "event_venue": "e.g. Fernbridge Community Hall", "reply_by": "e.g. Friday 8 January",
            "course_name": "e.g. SDM skills for clinicians", "completion_date": "e.g. 19 January 2027"}
RUN_FIELD_LABELS = [("event_name", "Event or meeting"), ("event_date", "When"), ("event_venue", "Where"),
                    ("reply_by", "Reply by"), ("course_name", "Course"), ("completion_date", "Completed on")]


class RecipientPanel(QWidget):
    changed = Signal()

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self._applied: tuple[str | None, int] = (None, 0)     # the saved selection applied, and its version
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_filters())
        layout.addWidget(self._build_fields())
        # The output choices are placed by the view under the template, whole: at the bottom of the
        # scrolling recipients they were cut off on a laptop screen.
        self.options_box = self._build_options()
        layout.addStretch(1)
        self.reload()

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(18)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def _build_filters(self) -> QGroupBox:
        box = QGroupBox("2. Recipients")
        form = QFormLayout(box)
        self.to = self._combo("Write to")
        self.to.addItem("Groups and organisations", "organisations")
        self.to.addItem("People", "people")
        self.type_filter = self._combo("Organisation type")
        self.tag_filter = self._combo("Tag")
        self.ppe_filter = self._combo("Level of engagement")
        # One group: writing to it, or (People) to its members; found by typing part of its name
        self.group = SearchPicker(lambda text, limit: organisation_choices(self.env.ctx, text, limit),
                                  "Just this group", "any group (or type part of one's name)",
                                  describe=self._group_name)
        self.group.setToolTip("Write to this group only, or with People to its members only; clear it for all")
        self.group.chosen.connect(lambda _id: self.changed.emit())
        self.group.textChanged.connect(lambda text: self._group_cleared() if not text else None)
        self.reps_only = QCheckBox("P&atient representatives only (people)")
        self.reps_only.setAccessibleName("Patient representatives only")
        self.reps_only.toggled.connect(lambda _c: self.changed.emit())
        self.selection = self._combo("Saved selection")
        self.selection.activated.connect(lambda _i: self.apply_selection())
        save = QPushButton("Save selectio&n…")
        save.setAccessibleName("Save this selection")
        save.clicked.connect(self.save_selection)
        saved_row = QHBoxLayout()
        saved_row.addWidget(self.selection, 1)
        saved_row.addWidget(save)
        form.addRow("Wr&ite to:", self.to)
        form.addRow("&Type:", self.type_filter)
        form.addRow("Ta&g:", self.tag_filter)
        form.addRow("&Level:", self.ppe_filter)
        form.addRow("&Just this group:", self.group)
        form.addRow("", self.reps_only)
        saved_label = QLabel("&Saved:")
        saved_label.setBuddy(self.selection)
        form.addRow(saved_label, saved_row)
        return box

    def _build_fields(self) -> QGroupBox:
        box = QGroupBox("Details for this mailing (fill in what the template uses)")
        grid = QGridLayout(box)            # two pairs a row, so that the Letters view fits a laptop screen
        self.fields: dict[str, QLineEdit] = {}
        for i, (key, label) in enumerate(RUN_FIELD_LABELS):
            edit = QLineEdit()
            edit.setAccessibleName(label)
            edit.setPlaceholderText(EXAMPLES[key])
            edit.setToolTip(f"Fills in {{{{ {key} }}}} in the template")
            self.fields[key] = edit
            self._add_pair(grid, i // 2, 2 * (i % 2), f"{label}:", edit)
        self.other = QLineEdit()
        self.other.setAccessibleName("Other fields your template uses")
        self.other.setPlaceholderText("your own fields: room=Hall 2; parking=free")
        self.other.setToolTip("Fields of your own that your template uses, as name=value, separated by ;")
        self.other.editingFinished.connect(self.changed.emit)
        row = (len(RUN_FIELD_LABELS) + 1) // 2
        self._add_pair(grid, row, 0, "Other fields:", self.other, span=3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    @staticmethod
    def _add_pair(grid: QGridLayout, row: int, column: int, text: str, edit: QLineEdit, span: int = 1) -> None:
        label = QLabel(text)
        label.setBuddy(focus_target(edit))
        grid.addWidget(label, row, column)
        grid.addWidget(edit, row, column + 1, 1, span)

    def other_fields(self) -> dict[str, str]:
        values = {}
        for item in self.other.text().split(";"):
            name, sep, value = item.partition("=")
            if sep and name.strip().isidentifier():
                values[name.strip()] = value.strip()
        return values

    def _build_options(self) -> QGroupBox:
        box = QGroupBox("3. Output")
        grid = QGridLayout(box)
        self.individual = QCheckBox("One Word file per recipient")
        self.combined = QCheckBox("One combined document to print (one letter a page)")
        self.large_print = QCheckBox("Large print for people who asked for it")
        self.pdf = QCheckBox("PDF of the combined document")
        self.email_drafts = QCheckBox("Email drafts too (.eml, not sent)")
        self.email_drafts.setToolTip("One unsent email per recipient with an email address, the letter as its "
                                     "body: open them in Outlook, check and send them yourself")
        for i, (check, on) in enumerate(((self.individual, True), (self.combined, True), (self.large_print, True),
                                         (self.pdf, False))):
            check.setChecked(on)
            check.setAccessibleName(check.text())
            grid.addWidget(check, i, 0)        # one column: side by side they held the template list 620 wide,
        self.email_drafts.setAccessibleName("Email drafts too")    # cutting the examples in the details
        grid.addWidget(self.email_drafts, 4, 0)
        converter = pdf_converter()
        self.pdf.setEnabled(converter is not None)
        self.pdf.setToolTip(f"Made with {converter}" if converter else
                            "Install LibreOffice (free) or Microsoft Word to make PDFs")
        if converter is None:
            self.pdf.setText("PDF (install LibreOffice or Word to make PDFs)")
        return box

    # --- state ------------------------------------------------------------------------------
    def reload(self) -> None:
        fill = [(self.type_filter, "All types", org_service.organisation_types(self.env.ctx)),
                (self.tag_filter, "All tags", tag_names(self.env.ctx))]
        for combo, everything, values in fill:
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)
        if self.ppe_filter.count() == 0:
            self.ppe_filter.addItem("All levels", None)
            for code, text in PPE_LEVELS:
                self.ppe_filter.addItem(text, code)
        self.selection.blockSignals(True)
        self.selection.clear()
        self.selection.addItem("(none)", None)
        for name in recipient_service.saved_selections(self.env.ctx):
            self.selection.addItem(name, name)
        self.selection.blockSignals(False)

    def current_filter(self) -> RegisterFilter:
        return RegisterFilter(org_type=self.type_filter.currentData(), tag=self.tag_filter.currentData(),
                              ppe_level=self.ppe_filter.currentData(), organisation_id=self.group.value(),
                              patient_reps_only=self.reps_only.isChecked() and self.to.currentData() == "people")

    def request(self) -> RecipientRequest:
        return RecipientRequest(self.to.currentData(), self.current_filter())

    def run_fields(self) -> dict[str, str]:
        values = {key: edit.text().strip() for key, edit in self.fields.items() if edit.text().strip()}
        return {**values, **self.other_fields()}

    def save_selection(self) -> None:
        name = prompts.ask_text(self, "Name for this selection:", "Save selection")
        if not name:
            return
        applied_name, applied_version = self._applied
        version = recipient_service.selection_version(self.env.ctx, name)
        if name == applied_name:
            version = applied_version          # replacing the one applied: as it was when applied
        elif version and not prompts.confirm(self, f"Replace the saved selection {name!r}?", "Save selection",
                                             yes="Replace", no="Cancel"):
            return
        try:
            recipient_service.save_selection(self.env.ctx, name, self.to.currentData(), self.current_filter(),
                                             expected_version=version)
        except RecordChanged as exc:           # a colleague saved that name meanwhile: theirs is kept
            prompts.warn(self, f"{exc}\n\nSave yours under another name, or apply theirs and save again.",
                         "Changed by someone else")
            return
        self._applied = (name, recipient_service.selection_version(self.env.ctx, name))
        self.reload()
        self.selection.setCurrentIndex(self.selection.findData(name))

    def apply_selection(self) -> None:
        name = self.selection.currentData()
        if not name:
            return
        version = recipient_service.selection_version(self.env.ctx, name)     # before its values
        to, flt = recipient_service.load_selection(self.env.ctx, name)
        self._applied = (name, version)
        for combo, value in ((self.to, to), (self.type_filter, flt.org_type), (self.tag_filter, flt.tag),
                             (self.ppe_filter, flt.ppe_level)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self.reps_only.setChecked(flt.patient_reps_only)
        self.group.blockSignals(True)
        self.group.set_value(flt.organisation_id)
        self.group.blockSignals(False)
        self.changed.emit()

    def _group_name(self, organisation_id: int) -> str:
        return org_service.get_organisation(self.env.ctx, organisation_id).name

    def _group_cleared(self) -> None:
        if self.group.value() is None:
            self.changed.emit()
