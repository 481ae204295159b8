"""What changed, as typed events: a view subscribes to the kinds of record it shows.

The GUI's change bus carries these; a misspelt kind is an AttributeError, not a view that never refreshes,
and announcing a plain string is a TypeError. ``Change`` is a ``StrEnum`` (a ``str`` subclass) so that members
still compare equal to, and hash like, their value strings.
"""

from __future__ import annotations

from enum import StrEnum


class Change(StrEnum):
    ORGANISATION = "organisation"
    PERSON = "person"
    ASSESSMENT = "assessment"
    PLAN = "plan"
    ACTIVITY = "activity"
    INTERACTION = "interaction"
    TRAINING = "training"
    LETTER = "letter"
    LETTER_TEMPLATE = "letter template"
    LETTER_SETTINGS = "letter settings"
    RESOURCE = "resource"
    CONSULTATION = "consultation"   # consultation responses, their codebook or their coding
    IMPORT = "import"          # an import or the undo of one: register rows came or went in bulk
    UNDO = "undo"              # Edit → Undo put something back; what it was is not known here
    ALL = "all"                # everything may have changed (restore, sample data, another database)


PEOPLE = frozenset({Change.PERSON, Change.IMPORT, Change.UNDO, Change.ALL})
"""The kinds after which anything showing people (not groups) should look again."""

REGISTER = PEOPLE | {Change.ORGANISATION}
"""The kinds after which anything showing groups or people should look again."""
