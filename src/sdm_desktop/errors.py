"""Errors that reach the user as one clear line."""


class UserError(Exception):
    """A problem the user can act on: shown as one line, exit status 1, nothing changed."""


class DataFolderLocked(UserError):
    """Another running SDM Desktop holds the data folder."""
