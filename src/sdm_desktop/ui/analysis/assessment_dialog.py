"""Record a new dated assessment of a group or person (history is kept)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
)

from sdm_desktop.errors import UserError
from sdm_desktop.services.analysis import assessments as svc
from sdm_desktop.services.analysis.assessments import AssessmentInput, Subject
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.core.vocab import ATTITUDES, COMMITMENT_LEVELS, GLOSSARY, IAP2_LEVELS
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.date_field import DateField
from sdm_desktop.ui.unsaved import AskBeforeClosing

NO_ROUND = "(not part of a round)"


class AssessmentDialog(QDialog):
    def __init__(self, env, subject: Subject | None = None, round_name: str | None = None, parent=None):
        super().__init__(parent)
        self.env = env
        self.saved_id: int | None = None
        self.setWindowTitle("New assessment")
        self.setAccessibleName("New assessment")
        form = QFormLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type to find a group or person…")
        self.search.setAccessibleName("Find a stakeholder")
        self.subject = QComboBox()
        self.subject.setAccessibleName("Stakeholder")
        self.subject.setMinimumContentsLength(64)          # "… Practice (South) (GP practice)" whole; more on hover
        self.subject.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self._find)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.subject.currentIndexChanged.connect(lambda _i: self._prefill())
        self.subject.currentTextChanged.connect(self.subject.setToolTip)
        form.addRow("&Find", self.search)
        form.addRow("&Stakeholder", self.subject)
        self.on = DateField(date.today(), required=True, words_beside=False)
        self.on.set_range(svc.EARLIEST_ASSESSMENT, date.today())
        self.round = QComboBox()
        self.round.addItem(NO_ROUND, None)
        for r in svc.list_rounds(env.ctx):
            self.round.addItem(r.name, r.name)
        self.round.setCurrentIndex(max(0, self.round.findData(round_name)))
        self.influence, self.interest = self._score(), self._score()
        self.attitude = self._choice(ATTITUDES)
        self.inv_now, self.inv_target = self._choice(IAP2_LEVELS), self._choice(IAP2_LEVELS)
        self.com_now, self.com_target = self._choice(COMMITMENT_LEVELS), self._choice(COMMITMENT_LEVELS)
        self.rationale = QPlainTextEdit()
        self.rationale.setTabChangesFocus(True)
        self.rationale.setFixedHeight(70)
        self.assessed_by = QLineEdit()
        self.assessed_by.setMaxLength(120)
        self.assessed_by.setPlaceholderText("your user name if left blank")
        for text, widget in (("&Date", self.on), ("&Round", self.round), ("&Influence (1–5)", self.influence),
                             ("In&terest (1–5)", self.interest), ("&Attitude to SDM", self.attitude),
                             ("In&volvement now", self.inv_now), ("Involvement tar&get", self.inv_target),
                             ("&Commitment now", self.com_now), ("Commitment targ&et", self.com_target),
                             ("Rationa&le", self.rationale), ("Assessed &by", self.assessed_by)):
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(text, widget)
        for widget, term in ((self.inv_now, "IAP2 level"), (self.inv_target, "IAP2 level"),
                             (self.com_now, "Commitment"), (self.com_target, "Commitment")):
            widget.setToolTip(f"{term}: {GLOSSARY[term]}")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem with the assessment")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save the assessment")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel without saving")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        if subject is not None:
            self.search.setVisible(False)
            form.labelForField(self.search).setVisible(False)
            self.subject.addItem(svc.subject_name(env.ctx, subject), subject.key)
            self.subject.setEnabled(False)
        else:
            self._find()
        self.unsaved = AskBeforeClosing(self, self.save, ignore=(self.search,))

    def reject(self) -> None:
        """Escape, Cancel and the close button ask first when something was changed."""
        if self.unsaved.may_close():
            super().reject()

    def keyPressEvent(self, event) -> None:
        """Enter in Find finds and moves on to the list of matches; elsewhere it saves, as in any dialog.
        (It saved an assessment of whoever matched first.)"""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() is self.search:
            self._find()
            self.subject.setFocus()
            return
        super().keyPressEvent(event)

    @staticmethod
    def _score() -> QSpinBox:
        box = QSpinBox()
        box.setRange(1, 5)
        box.setValue(3)
        return box

    @staticmethod
    def _choice(pairs) -> QComboBox:
        combo = QComboBox()
        combo.addItem("—", None)
        for code, text in pairs:
            combo.addItem(text, code)
        return combo

    def _find(self) -> None:
        self.subject.blockSignals(True)
        self.subject.clear()
        for key, text in svc.subject_choices(self.env.ctx, self.search.text()):
            self.subject.addItem(text, key)
        self.subject.blockSignals(False)
        self._prefill()

    def _prefill(self) -> None:
        """Start from the stakeholder's latest assessment, so only what changed needs typing."""
        key = self.subject.currentData()
        self.save_button.setEnabled(key is not None)
        if key is None:
            return
        past = svc.history(self.env.ctx, Subject.from_key(key))
        # a stakeholder never assessed starts from the defaults, not from the one chosen before
        last = past[0] if past else AssessmentInput(subject=Subject.from_key(key))
        self.influence.setValue(last.influence)
        self.interest.setValue(last.interest)
        for combo, value in ((self.attitude, last.attitude), (self.inv_now, last.involvement_current),
                             (self.inv_target, last.involvement_target), (self.com_now, last.commitment_current),
                             (self.com_target, last.commitment_target)):
            combo.setCurrentIndex(max(0, combo.findData(value)))

    def value(self) -> AssessmentInput:
        return AssessmentInput(
            subject=Subject.from_key(self.subject.currentData()), influence=self.influence.value(),
            interest=self.interest.value(), assessed_on=self.on.value(),
            round_name=self.round.currentData(), attitude=self.attitude.currentData(),
            involvement_current=self.inv_now.currentData(), involvement_target=self.inv_target.currentData(),
            commitment_current=self.com_now.currentData(), commitment_target=self.com_target.currentData(),
            rationale=self.rationale.toPlainText(), assessed_by=self.assessed_by.text())

    def save(self) -> None:
        if self.subject.currentData() is None:
            self.problem.setText("Choose a stakeholder first.")
            return
        if problem := self.on.problem():
            self.problem.setText(f"Not saved: {problem}")
            self.on.setFocus()
            return
        data = self.value()
        try:
            self.saved_id = svc.create_assessment(self.env.ctx, data,
                                                  label=f"add assessment of {self.subject.currentText()}")
        except (ValidationError, UserError) as exc:
            self.problem.setText(f"Not saved: {exc}")
            return
        prompts.saved(self.parentWidget(), "assessment")
        self.accept()

    @classmethod
    def ask(cls, parent, env, subject: Subject | None = None, round_name: str | None = None) -> int | None:
        dialog = cls(env, subject, round_name, parent)
        dialog.exec()
        return dialog.saved_id
