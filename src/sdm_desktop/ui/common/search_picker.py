"""Choose one group, person or activity by typing part of it; the search runs in SQL, so it stays
quick with a register of 100,000 people."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

SEARCH_DELAY_MS = 150
RESULTS = 50


class SearchPicker(QLineEdit):
    chosen = Signal(object)            # the id chosen, or None when cleared

    def __init__(self, search: Callable[[str, int], list[tuple[int, str]]], name: str, placeholder: str,
                 parent=None, describe: Callable[[int], str] | None = None):
        """``describe``: the label of an id, for ``set_value`` without one (e.g. showing a stored choice)."""
        super().__init__(parent)
        self._search = search
        self._describe = describe
        self._by_label: dict[str, int] = {}
        self.value_id: int | None = None
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        self._completer.activated.connect(self.choose_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.textEdited.connect(self._edited)

    def keyPressEvent(self, event) -> None:
        """Enter chooses (or, beside an Add button, adds) what was typed; it is not passed on to the dialog,
        where it would also press the default button (Record share, Save) before the form is finished.
        With the list of matches open, Enter is left to the list: it picks the highlighted match."""
        choosing = self._completer.popup().isVisible()
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not choosing:
            event.accept()

    def _edited(self, _text: str) -> None:
        self.value_id = None
        self._timer.start()

    def search_now(self) -> list[str]:
        """Run the search for the text typed and offer the results; returns their labels."""
        self._timer.stop()
        results = self._search(self.text().strip(), RESULTS) if self.text().strip() else []
        labels, self._by_label = [], {}
        seen: dict[str, int] = {}
        for _item_id, label in results:
            seen[label] = seen.get(label, 0) + 1
        for item_id, label in results:
            shown = label if seen[label] == 1 else f"{label} (#{item_id})"
            labels.append(shown)
            self._by_label[shown] = item_id
        self._model.setStringList(labels)
        if labels and self.hasFocus():
            self._completer.complete()
        return labels

    def choose_label(self, label: str) -> None:
        if label in self._by_label:
            self.setText(label)
            self.value_id = self._by_label[label]
            self.chosen.emit(self.value_id)

    def set_value(self, item_id: int | None, label: str = "") -> None:
        if item_id is not None and not label and self._describe is not None:
            label = self._describe(item_id)
        self.value_id = item_id
        self.setText(label if item_id is not None else "")
        self.setCursorPosition(0)

    def value(self) -> int | None:
        if not self.text().strip():
            return None
        if self.value_id is None and self.text() in self._by_label:
            return self._by_label[self.text()]
        return self.value_id
