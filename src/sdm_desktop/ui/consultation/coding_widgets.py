"""The two widgets of the coding screen that take keys: the answer being read, and the codebook beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPlainTextEdit

from sdm_desktop.services.consultation.codebook.themes import Theme

# Keys that mark the sentiment while reading (shown on the sentiment list's entries)
SENTIMENT_KEYS = {"+": "positive", "-": "negative", "~": "mixed", "*": "mixed", "=": "neutral", "0": None}
HELP = ("Keys: 1–9 apply or take off a theme (with a phrase selected: keep it as a quote under that theme) · "
        "type letters to find a theme, Enter applies it (or adds it as a new theme) · Enter: next uncoded · "
        "Page Down / Page Up: next / previous answer · + − ~ = sentiment, 0 clears it · Ctrl+Z undoes")


class AnswerReader(QPlainTextEdit):
    """The answer, read-only but selectable with Shift+arrows or the mouse. Number keys, letters, Enter and the
    sentiment keys are turned into signals for the coding panel; everything else moves and selects as usual."""

    theme_key = Signal(int)          # 1-9
    letter_typed = Signal(str)       # the start of a theme's name
    next_uncoded = Signal()
    step = Signal(int)               # +1 / -1: the next or previous answer, coded or not
    sentiment_key = Signal(object)   # a SENTIMENTS value, or None to clear

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard |
                                     Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setTabChangesFocus(True)
        self.setAccessibleName("Answer being coded")
        self.setAccessibleDescription(HELP)
        self.setToolTip(HELP)

    def show_answer(self, text: str) -> None:
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def selected_phrase(self) -> str:
        return self.textCursor().selectedText().replace("\u2029", "\n").strip()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key, text, mods = event.key(), event.text(), event.modifiers()
        plain = not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier |
                            Qt.KeyboardModifier.MetaModifier)
        if plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_uncoded.emit()
        elif plain and key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self.step.emit(1 if key == Qt.Key.Key_PageDown else -1)
        elif plain and text and text in "123456789":
            self.theme_key.emit(int(text))
        elif plain and text in SENTIMENT_KEYS:
            self.sentiment_key.emit(SENTIMENT_KEYS[text])
        elif plain and text and text.isalpha():
            self.letter_typed.emit(text)
        else:
            super().keyPressEvent(event)


class CodebookList(QListWidget):
    """The codebook, numbered, each theme ticked when this coder has applied it to the answer shown."""

    toggled = Signal(int, bool)       # theme id, applied

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Themes of the codebook")
        self.setToolTip("Tick a theme (Space) to apply it to this answer; 1–9 in the answer do the same")
        self.themes: list[Theme] = []
        self._quiet = False
        self.itemChanged.connect(self._changed)

    def set_themes(self, themes: list[Theme]) -> None:
        self._quiet = True
        self.themes = themes
        self.clear()
        for number, theme in enumerate(themes, start=1):
            label = f"{number if number <= 9 else ' '}  " + ("      " if theme.is_sub_theme else "") + theme.name
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip("\n".join(part for part in (theme.description, theme.example and
                                                         f"For example: {theme.example}") if part) or theme.name)
            self.addItem(item)
        self._quiet = False

    def show_applied(self, applied: frozenset[int]) -> None:
        self._quiet = True
        for row in range(self.count()):
            item = self.item(row)
            on = item.data(Qt.ItemDataRole.UserRole) in applied
            wanted = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
            if item.checkState() != wanted:
                item.setCheckState(wanted)
        self._quiet = False

    def theme_at(self, number: int) -> Theme | None:
        return self.themes[number - 1] if 1 <= number <= len(self.themes) else None

    def current_theme(self) -> Theme | None:
        row = self.currentRow()
        return self.themes[row] if 0 <= row < len(self.themes) else None

    def filter(self, words: str) -> Theme | None:
        """Show only the themes whose name holds ``words`` (any case); the best match: one that starts with
        them, else the first shown."""
        wanted = words.strip().casefold()
        best = None
        for row, theme in enumerate(self.themes):
            name = theme.name.casefold()
            shown = not wanted or wanted in name
            self.item(row).setHidden(not shown)
            if shown and wanted and (best is None or (name.startswith(wanted) and
                                                      not best.name.casefold().startswith(wanted))):
                best = theme
        if best is not None:
            self.setCurrentRow(self.themes.index(best))
        return best

    def _changed(self, item: QListWidgetItem) -> None:
        if not self._quiet:
            self.toggled.emit(item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked)
