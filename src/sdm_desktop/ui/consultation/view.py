"""Consultation: what people said in a survey, consultation, event or meeting. Choose the activity, then read its
responses, code them by theme from the keyboard, keep the codebook, and see the analysis."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QTabWidget, QVBoxLayout

from sdm_desktop.services.consultation.codebook import themes as theme_service
from sdm_desktop.services.consultation.codebook.coding import consultation_activities
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.accessible import buddy_label, named
from sdm_desktop.ui.common.tables.table_helpers import button
from sdm_desktop.ui.common.view_base import View
from sdm_desktop.ui.consultation.analysis_panel import AnalysisPanel
from sdm_desktop.ui.consultation.coding_panel import CodingPanel
from sdm_desktop.ui.consultation.responses_panel import ResponsesPanel
from sdm_desktop.ui.consultation.themes_panel import ThemesPanel

REFRESHED_BY = (Change.CONSULTATION, Change.ACTIVITY, Change.PLAN, Change.UNDO, Change.ALL, Change.IMPORT)


class ConsultationView(View):
    title = "Consultation"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self._stale = True
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_bar())
        self.tabs = named(QTabWidget(), "Consultation pages")
        self.responses = ResponsesPanel(env)
        self.coding = CodingPanel(env)
        self.themes = ThemesPanel(env)
        self.analysis = AnalysisPanel(env)
        for panel, text in ((self.responses, "&Responses"), (self.coding, "&Coding"), (self.themes, "The&mes"),
                            (self.analysis, "Ana&lysis")):
            self.tabs.addTab(panel, text)
        self.coding.codebook_changed.connect(lambda: self.themes.reload())
        self.themes.codebook_changed.connect(self.coding.reload_codebook)
        self.tabs.currentChanged.connect(self._tab_shown)
        layout.addWidget(self.tabs, 1)
        env.bus.changed.connect(self._on_changed)

    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.activity = named(QComboBox(), "Activity whose responses are shown",
                              "A survey, consultation, event or meeting: its responses, codebook and analysis")
        self.activity.setMinimumContentsLength(40)
        self.activity.currentIndexChanged.connect(lambda _i: self._show_activity())
        bar.addWidget(buddy_label("Act&ivity:", self.activity))
        bar.addWidget(self.activity, 1)
        # Keys rather than Alt letters for three of them: the tabs' pages need most of the letters.
        for text, name, keys, slot in (("Add theme…", "Add a theme to the codebook", "Ctrl+N", self.add_theme),
                                       ("Rename theme…", "Rename the theme chosen", "F2", self.rename_theme),
                                       ("Merge theme…", "Merge the theme chosen into another", "Ctrl+M",
                                        self.merge_theme)):
            bar.addWidget(button(text, name, slot, f"{name} ({keys})"))
            QShortcut(QKeySequence(keys), self, slot)
        bar.addWidget(button("Com&pare coders…", "Compare two coders' themes", self.compare_coders,
                             name_as_tip=True))
        return bar

    # --- showing ----------------------------------------------------------------------------
    def activated(self) -> None:
        if self._stale:
            self._load_activities()

    def _load_activities(self, chosen: int | None = None) -> None:
        self._stale = False
        chosen = chosen or self.activity.currentData()
        self.activity.blockSignals(True)
        self.activity.clear()
        for a in consultation_activities(self.env.ctx):
            count = f"{a.responses} response{'s' if a.responses != 1 else ''}" if a.responses else "no responses yet"
            self.activity.addItem(f"{a.title} ({count})", a.id)
        if not self.activity.count():
            self.activity.addItem("No surveys, meetings or events yet: plan one in Engagement", None)
        self.activity.setCurrentIndex(max(self.activity.findData(chosen), 0))
        self.activity.blockSignals(False)
        self._show_activity()

    def activity_id(self) -> int | None:
        return self.activity.currentData()

    def show_activity(self, activity_id: int) -> None:
        """Open the view on this activity (e.g. from the Engagement view)."""
        self._load_activities(activity_id)

    def show_responses(self, activity_id: int | None, theme: str | None = None) -> None:
        """The Responses tab on this activity (or the one chosen), only those coded with ``theme`` if given."""
        if activity_id is not None and activity_id != self.activity_id():
            self._load_activities(activity_id)
        self.tabs.setCurrentWidget(self.responses)
        self.responses.show_theme(theme)

    def _show_activity(self) -> None:
        activity_id = self.activity_id()
        for panel in (self.responses, self.coding, self.themes, self.analysis):
            panel.show_activity(activity_id)

    def _tab_shown(self, _index: int) -> None:
        """What another tab changed (responses imported or typed, themes edited) shows on the tab opened."""
        if self.tabs.currentWidget() is self.coding:
            self.coding.refresh()
            self.coding.reader.setFocus()
        elif self.tabs.currentWidget() is self.themes:
            self.themes.reload()

    def _on_changed(self, what: Change) -> None:
        if what not in REFRESHED_BY:
            return
        if what in (Change.ACTIVITY, Change.PLAN, Change.ALL, Change.IMPORT) or not self.isVisible():
            self._stale = True
            if self.isVisible():
                self._load_activities()
        elif what == Change.UNDO:
            self.coding.refresh()
            self.themes.reload()
            for panel in (self.responses, self.analysis):
                panel.show_activity(self.activity_id())

    # --- the codebook while reading ---------------------------------------------------------
    def chosen_theme(self) -> theme_service.Theme | None:
        """The theme chosen on the page shown: the codebook's on Themes, the theme list's on Coding."""
        if self.tabs.currentWidget() is self.themes:
            return self.themes.current_theme()
        current = self.coding.list.current_theme()
        return current and next((t for t in self.themes.themes if t.id == current.id), current)

    def _changed_codebook(self, keep: int | None = None) -> None:
        self.env.announce(Change.CONSULTATION)
        self.themes.reload(keep)
        self.coding.reload_codebook()

    def _attempt(self, what) -> bool:
        try:
            what()
        except Exception as exc:  # noqa: BLE001 - one transaction: nothing changed, say why
            prompts.error(self, f"Not changed: {prompts.describe_error(exc)}")
            return False
        return True

    def add_theme(self) -> None:
        activity_id = self.activity_id()
        if activity_id is None:
            prompts.info(self, "Choose the activity first.")
            return
        name = prompts.ask_text(self, "Name of the new theme:", "Add a theme")
        added = []
        if name and self._attempt(lambda: added.append(theme_service.add_theme(self.env.ctx, activity_id, name))):
            self._changed_codebook(added[0].id)

    def rename_theme(self) -> None:
        theme = self.chosen_theme()
        if theme is None:
            prompts.info(self, "Choose a theme first (on the Coding or Themes tab).")
            return
        name = prompts.ask_text(self, f"New name for “{theme.name}”:", "Rename theme", theme.name)
        if name and name != theme.name and self._attempt(
                lambda: theme_service.rename_theme(self.env.ctx, theme.id, name, expected_version=theme.row_version)):
            self._changed_codebook(theme.id)

    def merge_theme(self) -> None:
        from sdm_desktop.ui.consultation.merge_theme_dialog import MergeThemeDialog

        theme = self.chosen_theme()
        if theme is None:
            prompts.info(self, "Choose the theme to merge first (on the Coding or Themes tab).")
            return
        dialog = MergeThemeDialog(theme, self.themes.themes, self)
        if dialog.exec() and dialog.chosen() is not None:
            target = dialog.chosen()
            if self._attempt(lambda: theme_service.merge_themes(self.env.ctx, theme.id, target,
                                                                expected_version=theme.row_version)):
                self._changed_codebook(target)

    def compare_coders(self) -> None:
        from sdm_desktop.ui.consultation.agreement_dialog import AgreementDialog

        activity_id = self.activity_id()
        if activity_id is None:
            prompts.info(self, "Choose the activity first.")
            return
        AgreementDialog(self.env, activity_id, self).exec()
