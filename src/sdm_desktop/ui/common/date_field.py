"""The one date field every screen uses: type a date as you would write it (1/1/27, 01/01/2027, 1.1.2027,
2027-01-01, today, +7), or open a calendar with Alt+Down or F4. What it read is shown back (01/01/2027, and
the day in words beside it); text that is not a date stays as typed with the reason beside the field, and
is never saved as some other date."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from sdm_desktop.services.core.dates import DateTextError, format_date, long_date, parse_typed_date, parse_typed_time

TIP = ("Type a date as dd/mm/yyyy (1/1/27, 1.1.2027 and 2027-01-01 work too), or today, +7 for a week on; "
       "Up and Down move a day; Alt+Down or F4 opens a calendar")


class DateField(QWidget):
    """``value()`` is the date (None when blank) or raises DateTextError; ``set_value(date | None)``."""

    dateChanged = Signal(object)  # noqa: N815 - as Qt names it: the new date, or None
    edited = Signal()                 # the user typed or chose something

    def __init__(self, value: date | None = None, *, blank: str = "not recorded", words_beside: bool = True,
                 required: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.required = required
        self._value: date | None = None
        self._problem: str | None = None
        self.minimum: date | None = None
        self.maximum: date | None = None
        self.words_beside = words_beside
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(blank)
        self.edit.setMaxLength(40)
        self.edit.setToolTip(TIP)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("00/00/00000 ") + 16)
        self.edit.installEventFilter(self)
        self.edit.editingFinished.connect(self._read_text)
        self.edit.textEdited.connect(lambda _text: self.edited.emit())
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Choose from a calendar (Alt+Down or F4)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)      # the keyboard opens it from the field
        self.button.clicked.connect(self.open_calendar)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)
        row.addWidget(self.edit)
        row.addWidget(self.button)
        row.addWidget(self.hint, 1)
        row.addStretch(0)       # no date, no words: the space goes here, not between the field and its button
        self.setFocusProxy(self.edit)
        self.calendar = _CalendarPopup(self)
        self.setAccessibleName("Date")
        self.set_value(value)

    # --- what it holds ---------------------------------------------------------------------------
    def value(self) -> date | None:
        """The date shown; raises DateTextError while the text is not one (or is out of range)."""
        if self.edit.text().strip() != (format_date(self._value) if self._value else ""):
            self._read_text()
        if self._problem:
            raise DateTextError(self._problem)
        return self._value

    def problem(self) -> str | None:
        try:
            self.value()
        except DateTextError as exc:
            return str(exc)
        return None

    def text(self) -> str:
        return self.edit.text()

    def set_value(self, value: date | None) -> None:
        self._problem = None
        self.edit.setText(format_date(value) if value else "")
        self.edit.setCursorPosition(0)
        self._take(value)

    def set_range(self, minimum: date | None, maximum: date | None) -> None:
        self.minimum, self.maximum = minimum, maximum

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name, so forms name the field itself
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
        self.button.setAccessibleName(f"{name}: calendar")
        self.hint.setAccessibleName(f"{name}: as read")
        self.calendar.setAccessibleName(f"{name}: calendar")

    # --- reading what was typed --------------------------------------------------------------------
    def _read_text(self) -> None:
        try:
            value = parse_typed_date(self.edit.text(), date.today())
            self._check_range(value)
        except DateTextError as exc:
            self._problem = str(exc)
            self._show_hint(f"⚠ {exc}")
            return
        self._problem = None
        self.edit.setText(format_date(value) if value else "")
        self._take(value)

    def _check_range(self, value: date | None) -> None:
        if value is None and self.required:
            raise DateTextError("A date is needed here: type one, e.g. 19/01/2027, or today")
        if value is not None and self.minimum and value < self.minimum:
            raise DateTextError(f"{format_date(value)} is too early: the earliest is {format_date(self.minimum)}")
        if value is not None and self.maximum and value > self.maximum:
            raise DateTextError(f"{format_date(value)} is too late: the latest is {format_date(self.maximum)}")

    def _take(self, value: date | None) -> None:
        self._show_hint(long_date(value) if value and self.words_beside else "")
        if value != self._value:
            self._value = value
            self.dateChanged.emit(value)

    def _show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def choose(self, value: date) -> None:
        """A date picked (calendar, arrow keys): shown, taken and announced as an edit."""
        self.set_value(value)
        self.edited.emit()

    # --- keys and the calendar ---------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key, alt = event.key(), event.modifiers() & Qt.KeyboardModifier.AltModifier
            if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
                self.open_calendar()
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not alt:
                self._step(1 if key == Qt.Key.Key_Up else -1)
                return True
        return super().eventFilter(watched, event)

    def _step(self, days: int) -> None:
        current = self._value if not self.problem() else None
        wanted = current + timedelta(days=days) if current else date.today()
        try:
            self._check_range(wanted)
        except DateTextError:
            return
        self.choose(wanted)

    def open_calendar(self) -> None:
        shown = self._value if not self.problem() and self._value else date.today()
        self.calendar.show_at(self, shown)


class _CalendarPopup(QWidget):
    """A calendar under the field: arrows move, Enter takes the date, Escape closes it unchanged."""

    def __init__(self, field: DateField):
        super().__init__(field, Qt.WindowType.Popup)
        self.field = field
        column = QVBoxLayout(self)
        column.setContentsMargins(1, 1, 1, 1)
        self.widget = QCalendarWidget()
        self.widget.setGridVisible(True)
        self.widget.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.widget.activated.connect(self._take)
        self.widget.clicked.connect(self._take)
        column.addWidget(self.widget)
        self.setFocusProxy(self.widget)

    def selectedDate(self) -> QDate:  # noqa: N802 - as QCalendarWidget, for tests and screen readers
        return self.widget.selectedDate()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._take(self.widget.selectedDate())
            return
        super().keyPressEvent(event)

    def show_at(self, field: QWidget, shown: date) -> None:
        low, high = self.field.minimum, self.field.maximum
        self.widget.setDateRange(QDate(low) if low else QDate(100, 1, 1), QDate(high) if high else QDate(9999, 12, 31))
        self.widget.setSelectedDate(QDate(shown))
        self.move(field.mapToGlobal(field.rect().bottomLeft()))
        self.show()
        self.widget.setFocus()

    def _take(self, chosen: QDate) -> None:
        self.hide()
        self.field.choose(chosen.toPython())
        self.field.edit.setFocus()


class DateTimeField(QWidget):
    """A day (a DateField) and a time typed as hh:mm (10:00, 1030, 2pm): a training session's start."""

    def __init__(self, value: datetime, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.day = DateField(value.date(), required=True, words_beside=False)
        self.time = QLineEdit()
        self.time.setMaxLength(10)
        self.time.setFixedWidth(self.time.fontMetrics().horizontalAdvance("00:00 pm") + 16)
        self.time.setToolTip("The time, as hh:mm (14:30, 2pm and 1430 work too)")
        self.time.editingFinished.connect(self._read_time)
        row.addWidget(self.day)
        row.addWidget(self.time)
        self.setFocusProxy(self.day)
        self.set_value(value)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        super().setAccessibleName(name)
        self.day.setAccessibleName(f"{name}: day")
        self.time.setAccessibleName(f"{name}: time")

    def _read_time(self) -> None:
        with contextlib.suppress(DateTextError):
            self.time.setText(f"{parse_typed_time(self.time.text()):%H:%M}")

    def value(self) -> datetime:
        """Raises DateTextError while the day or the time is not one."""
        day = self.day.value()
        return datetime.combine(day, parse_typed_time(self.time.text()))

    def set_value(self, value: datetime) -> None:
        self.day.set_value(value.date())
        self.time.setText(f"{value:%H:%M}")
