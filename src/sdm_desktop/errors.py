"""Errors that reach the user as one clear line."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can act on: shown as one line, exit status 1, nothing changed."""


class DataFolderLocked(UserError):
    """Another running SDM Desktop holds the data folder (or the database file)."""


class DatabaseDamaged(UserError):
    """The database file failed its check: nothing is written to it until a backup is restored."""


class DatabaseUnreachable(UserError):
    """The team database's server cannot be reached (stopped, restarted, network gone): nothing was written."""

    def __init__(self, host: str):
        self.host = host
        super().__init__(f"The team database at {host} can't be reached; nothing was written. Try again when it "
                         "is back.")

    @property
    def in_an_editor(self) -> str:
        """The message where the user was saving a form, which stays open with their changes."""
        return f"The team database at {self.host} can't be reached; your changes are kept, try Save again."


# Messages of the database driver (SQLite's own wording) and what to tell the user instead.
_STORAGE_MESSAGES = [
    (("database is locked", "database table is locked", "database is busy"),
     "The database is busy: another program is writing to it (a database browser, a sync or backup tool?). "
     "Close that program or wait a moment, then try again. Nothing was changed."),
    (("database disk image is malformed", "file is not a database", "file is encrypted"),
     "The database file is damaged. Nothing was changed. 'sdm-desktop check' gives details; "
     "'sdm-desktop restore FILE' puts back a backup from the data folder's backups folder."),
    (("attempt to write a readonly database", "readonly database"),
     "The database cannot be written: the file or its folder is read-only. Nothing was changed."),
    (("database or disk is full", "disk is full"),
     "The disk holding the database is full. Free some space, then try again. Nothing was changed."),
    (("disk i/o error",),
     "The disk holding the database reported an error (was a USB stick or network drive removed?). "
     "Nothing was changed."),
]


def storage_error_message(exc: BaseException) -> str | None:
    """One plain sentence for a failure of the database itself, or None if ``exc`` is not one.

    Imports SQLAlchemy only when called: this module is loaded before the window appears.
    """
    import sqlite3

    from sqlalchemy import exc as sa_exc

    if not isinstance(exc, (sa_exc.DBAPIError, sqlite3.Error)):
        return None
    original = getattr(exc, "orig", None) or exc
    text = str(original).lower()
    for needles, message in _STORAGE_MESSAGES:
        if any(needle in text for needle in needles):
            return message
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return "The connection to the database server was lost. Nothing was changed; try again."
    if isinstance(exc, (sa_exc.OperationalError, sqlite3.OperationalError)):
        first = str(original).strip().splitlines()[0] if str(original).strip() else original.__class__.__name__
        return f"The database could not do this: {first}. Nothing was changed."
    return None
