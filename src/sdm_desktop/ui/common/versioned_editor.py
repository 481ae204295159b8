"""What an editor dialog does when someone else saved or deleted its record while it was open: the same flow
as the register's RecordForm. The version is read BEFORE the values; a save refused with RecordChanged shows
the field-by-field merge (keep theirs / keep yours / merge) and the dialog stays open with nothing lost."""

from __future__ import annotations

from dataclasses import fields

from sdm_desktop.services.core.versions import RecordChanged, current_version, three_way
from sdm_desktop.ui import prompts
from sdm_desktop.ui.common.merge_dialog import THEIRS, ask_merge, shown


def values_of(data) -> dict:
    """An input dataclass as field → value (nested values kept as they are)."""
    return {f.name: getattr(data, f.name) for f in fields(data)}


CHANGED_UNDER_EDITS = ("⚠ A colleague has just changed this record. What you typed is kept: Save shows what each "
                       "of you changed, field by field.")


def also_editing(look, key: tuple[str, int]) -> list[str]:
    """"Also open for editing by …" for the record ``key``, from the colleague watcher's last look."""
    others = look.editing.get(key, [])
    return [f"Also open for editing by {', '.join(sorted({e.actor for e in others}))}."] if others else []


class VersionedEditor:
    """Mixed into an editor dialog. The dialog sets ``table``, implements ``load(record_id)`` (the record's
    values as its input dataclass), ``value()`` (the user's, the same dataclass) and ``show_values(data)``,
    opens its record with ``open_record`` and saves with ``expected_version=self.loaded_version``.
    ``noun`` names the record in "Save as new"; ``can_save_as_new`` is False where the record cannot
    simply be created again (its parent went with it)."""

    table = ""
    noun = "record"
    can_save_as_new = True
    record_id: int | None = None
    loaded = None               # the values as opened: the base of the three-way merge
    loaded_version: int | None = None

    def version(self, record_id: int) -> int | None:
        return current_version(self.env.ctx, self.table, record_id)

    def open_record(self, record_id: int | None):
        """Read the version, then the values (a colleague's save in between shows as a conflict later)."""
        self.record_id = record_id
        self.loaded_version = self.version(record_id) if record_id else None
        self.loaded = self.load(record_id) if record_id else None
        self._mark_editing()
        return self.loaded

    # --- colleagues on a team database (ui/colleagues/watcher.py; nothing on SQLite) ------------------------
    def follow_colleagues(self) -> None:
        """Say at once when a colleague saves this record or has it open too (in ``self.colleague_note``)."""
        watcher = getattr(self.env, "colleagues", None)
        if watcher is not None:
            watcher.looked.connect(self._colleagues_looked)

    def stop_following_colleagues(self) -> None:
        watcher = getattr(self.env, "colleagues", None)
        if watcher is not None:
            watcher.editing(self, None)

    def _mark_editing(self) -> None:
        watcher = getattr(self.env, "colleagues", None)
        if watcher is not None:
            watcher.editing(self, (self.table, self.record_id) if self.record_id and self.table else None)

    def _colleagues_looked(self, look) -> None:
        note = getattr(self, "colleague_note", None)
        if note is None or self.record_id is None or not self.table:
            return
        key, said = (self.table, self.record_id), []
        if key in look.changes.records and self.version(self.record_id) != self.loaded_version:
            said.append(CHANGED_UNDER_EDITS)
        said += also_editing(look, key)
        note.setText(" ".join(said))
        note.setVisible(bool(said))

    def load(self, record_id: int):
        raise NotImplementedError

    def value(self):
        raise NotImplementedError

    def show_values(self, data) -> None:
        for name in self.f.widgets:
            if hasattr(data, name):
                self.f.set(name, getattr(data, name))

    def edited_names(self) -> set[str]:
        """The fields this editor shows (and so may change)."""
        return set(self.f.widgets)

    def shown_as(self, name: str, value) -> str:
        """A value as the merge dialog shows it (override for e.g. money held in pence)."""
        return shown(value)

    def label_of(self, name: str) -> str:
        widget = self.f.widgets.get(name)
        return widget.accessibleName() if widget is not None else name.replace("_", " ").capitalize()

    def settle_conflict(self, exc: RecordChanged, save_again) -> bool:
        """Someone else saved or deleted the record since it was opened. Returns what ``save_again()``
        returns after the user's choice, or False with the dialog still open and nothing lost."""
        if exc.deleted:
            if not self.can_save_as_new:
                prompts.warn(self, f"{exc}\n\nYour values are still in the form: copy what you need.",
                             "Deleted by someone else")
                return False
            if not prompts.confirm(self, f"{exc}\n\nSave your version as a new {self.noun}?",
                                   "Deleted by someone else", yes="Save as new", no="Go back"):
                return False
            self.record_id = self.loaded_version = None
            return save_again()
        yours = self.value()
        version, theirs = self.version(self.record_id), self.load(self.record_id)
        # Only what the form edits is "yours": a value it does not show (e.g. when an action was done) is theirs.
        edited = {name: value for name, value in values_of(yours).items() if name in self.edited_names()}
        merge = three_way(values_of(self.loaded), values_of(theirs), edited)
        outcome = ask_merge(self, merge, self.label_of, str(exc).removeprefix("Not saved: "), self.shown_as)
        if outcome.values is None:
            if outcome.action == THEIRS:
                self.loaded, self.loaded_version = theirs, version
                self.show_values(theirs)
            return False
        self.loaded, self.loaded_version = theirs, version
        self.show_values(type(yours)(**outcome.values))
        return save_again()
