"""A file's people rows (field name -> text) into the column values of validated people.

The rules are the editor's (``register.people.validate_person``); what is worked out here once per file is
which of them can apply: a field the file does not map keeps its default, which every rule lets through.
A row that passes the quick checks below is stored as they leave it; a row any rule might refuse or tidy
(a control character, a line break, a text too long, an email, phone or postcode that does not normalise,
a missing surname, a consent dated in the future, an odd tag or role) goes through ``validate_person``
itself, which gives the message. ``tests/test_import_person_rows.py`` holds the two ways to the same result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from operator import itemgetter

from sdm_desktop.services.core.validation import (
    CONTROL_RE,
    TAG_LIMIT,
    ValidationError,
    normalise_email,
    normalise_phone,
    normalise_postcode,
)
from sdm_desktop.services.core.vocab import CONTACT_CHANNELS, LAWFUL_BASES, PARTICIPANT_TYPES
from sdm_desktop.services.importing.convert import (
    BOOL_WORDS,
    RowError,
    parse_bool,
    parse_choice,
    parse_date,
    parse_memberships,
    phone_text,
    raise_validation,
    split_full_name,
    split_list,
)
from sdm_desktop.services.register.inputs.people import (
    CHECKED_TEXT,
    ROLE_LIMIT,
    TEXT_LIMITS,
    MembershipInput,
    PersonInput,
    validate_person,
)

PERSON_COLUMNS = tuple(f.name for f in fields(PersonInput) if f.name not in ("tags", "memberships"))
_TEXTS = ("title", "first_name", "last_name", "role", "email", "phone", "address_line1", "address_line2",
          "address_line3", "town", "county", "postcode", "interpreter_language", "profession",
          "consent_contact_how", "notes")
_BOOLS = ("is_patient_rep", "needs_large_print", "needs_easy_read", "needs_interpreter", "do_not_contact",
          "consent_contact", "consent_data", "special_category_consent", "active")
_CHOICES = (("preferred_channel", CONTACT_CHANNELS), ("participant_type", PARTICIPANT_TYPES),
            ("lawful_basis", LAWFUL_BASES))
_DATES = ("consent_contact_date", "consent_data_date", "retention_review_on")
_ACCESS = ("needs_large_print", "needs_easy_read", "needs_interpreter", "interpreter_language", "access_needs_other")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")        # tabs and line breaks too: validate_person tidies those
POSTCODES_KEPT = 20_000                               # normalised postcodes remembered (a file repeats them)
_REFUSED = object()

Person = tuple[dict, list[str], list[MembershipInput]]     # column values, tags, memberships


class PersonRows:
    def __init__(self, mapped: Iterable[str], organisations: dict[str, tuple[int, str]], today: date | None = None):
        """``mapped``: the fields the file gives, in the order ``texts`` gives their cells (RowCells.fields)."""
        self.names = tuple(dict.fromkeys(mapped))
        at = {name: i for i, name in enumerate(self.names)}      # a field's place in a row's texts
        self.organisations = organisations           # lower-case name -> (id, name)
        self.today = today or date.today()
        self.texts = [n for n in _TEXTS if n in at]
        self.take_texts = _taker([at[n] for n in self.texts])
        self.bools = [(n, at[n]) for n in _BOOLS if n in at]
        self.choices = [(n, pairs, at[n]) for n, pairs in _CHOICES if n in at]
        self.dates = [(n, at[n]) for n in _DATES if n in at]
        self.full_name, self.access = at.get("full_name"), at.get("access_needs")     # None: not in the file
        self.tags, self.members = at.get("tags"), at.get("organisations")
        self.phone = "phone" in at
        settable = {*self.texts, "last_name", *(("title", "first_name") if self.full_name is not None else ()),
                    *(_ACCESS if self.access is not None else ())}
        checked = [n for n in CHECKED_TEXT if n in settable]
        self.checked = itemgetter(*checked) if len(checked) > 1 else lambda row: (row[checked[0]],)
        self.limits = [(n, limit) for n, limit in TEXT_LIMITS.items() if n in settable]
        blank = PersonInput()
        self.blank = {name: getattr(blank, name) for name in PERSON_COLUMNS}
        self.postcodes: dict[str, object] = {}

    def person_of(self, texts: tuple[str, ...], quick: bool = True) -> Person:
        """The validated columns, tags and memberships of a row's texts, one per mapped field in the order of
        ``names`` (``RowCells.texts``); RowError says why it cannot be imported. ``quick=False``: every row through
        ``validate_person`` (the quick checks give the same)."""
        row, tags, members = self._parse(texts)
        if quick and (done := self._quick(row.copy(), tags, members)) is not None:
            return done
        data = PersonInput(**row, tags=tags, memberships=members)
        try:
            out = validate_person(data)
        except ValidationError as exc:
            raise_validation(exc)
        return {name: getattr(out, name) for name in PERSON_COLUMNS}, out.tags, out.memberships

    def _parse(self, texts: tuple[str, ...]) -> Person:
        """Spreadsheet text into values (yes/no, dates, choices, names, groups), as the editor would hold them."""
        row = self.blank.copy()
        if self.texts:
            row.update(zip(self.texts, self.take_texts(texts), strict=False))    # one length: made from one list
        if self.phone:
            row["phone"] = phone_text(row["phone"])
        if self.full_name is not None and (full_name := texts[self.full_name]) and not row["last_name"]:
            row["title"], row["first_name"], row["last_name"] = split_full_name(full_name)
        row["last_name"] = row["last_name"] or ""
        for name, at in self.bools:
            if text := texts[at]:               # most cells: a word exactly as listed, else parse_bool says why not
                known = BOOL_WORDS.get(text)
                row[name] = known if known is not None else parse_bool(name, text)
        if self.access is not None and (needs := texts[self.access]):
            _apply_access_needs(row, needs)
        for name, pairs, at in self.choices:    # an empty cell leaves the default (None), as parsing it would
            if text := texts[at]:
                row[name] = parse_choice(name, text, pairs)
        for name, at in self.dates:
            if text := texts[at]:
                row[name] = parse_date(name, text)
        tags = split_list(text, ",") if self.tags is not None and (text := texts[self.tags]) else []
        members = (parse_memberships(text, self.organisations)
                   if self.members is not None and (text := texts[self.members]) else [])
        return row, tags, members

    def _quick(self, row: dict, tags: list[str], members: list[MembershipInput]) -> Person | None:
        """``validate_person``'s result for a row no rule refuses or tidies; None for any other row."""
        joined = " ".join(filter(None, self.checked(row)))
        if not joined.isprintable() and _ANY_CONTROL.search(joined):     # printable: no control character
            return None
        for name, limit in self.limits:
            if (value := row[name]) is not None:
                value = row[name] = value.strip() or None
                if value is not None and len(value) > limit:
                    return None
        if not row["last_name"]:
            return None
        try:
            row["email"] = normalise_email(row["email"])
            row["phone"] = normalise_phone(row["phone"])
        except ValueError:
            return None
        if (postcode := self._postcode(row["postcode"])) is _REFUSED:
            return None
        row["postcode"] = postcode
        if not self._consent_ok(row):
            return None
        if tags:
            tags = sorted({" ".join(t.split()) for t in tags}) if len(tags) > 1 else [" ".join(tags[0].split())]
            # each tag's spaces are single spaces now: joined by one, a control character is still found
            if max(map(len, tags)) > TAG_LIMIT or CONTROL_RE.search(" ".join(tags)):
                return None
        if members:
            members = _roles(members)
            if members is None:
                return None
        return row, tags, members

    def _postcode(self, text: str | None):
        if text is None:
            return None
        known = self.postcodes.get(text)
        if known is None:
            try:
                known = normalise_postcode(text)
            except ValueError:
                known = _REFUSED
            if len(self.postcodes) >= POSTCODES_KEPT:
                self.postcodes.clear()
            self.postcodes[text] = known
        return known

    def _consent_ok(self, row: dict) -> bool:
        """The channel has its address, consent is not dated in the future; consent given today when undated."""
        channel = row["preferred_channel"]
        if (channel == "email" and not row["email"]) or (channel in ("phone", "text") and not row["phone"]):
            return False
        for flag, when in (("consent_contact", "consent_contact_date"), ("consent_data", "consent_data_date")):
            given = row[when]
            if given is not None and given > self.today:
                return False
            if row[flag] and not given:
                row[when] = self.today
        return True


def _taker(places: list[int]):
    """The texts at these places, as a tuple, taken at once."""
    if len(places) == 1:
        return lambda texts: (texts[places[0]],)
    return itemgetter(*places) if places else (lambda _texts: ())


def _roles(members: list[MembershipInput]) -> list[MembershipInput] | None:
    out = []
    for m in members:
        role = " ".join((m.role or "").split()).lower() or "member"
        if len(role) > ROLE_LIMIT or CONTROL_RE.search(role):
            return None
        out.append(m if role == m.role else MembershipInput(m.organisation_id, role, m.organisation_name))
    return out


def _apply_access_needs(row: dict, text: str) -> None:
    """'large print; interpreter Polish; hearing loop' -> the three needs, the language and the rest."""
    other = []
    for part in split_list(text, ";"):
        low = part.lower()
        if low == "large print":
            row["needs_large_print"] = True
        elif low == "easy read":
            row["needs_easy_read"] = True
        elif low.startswith("interpreter"):
            row["needs_interpreter"] = True
            row["interpreter_language"] = part[len("interpreter"):].strip() or row["interpreter_language"]
        else:
            other.append(part)
    if other:
        row["access_needs_other"] = "; ".join(other)


__all__ = ["PERSON_COLUMNS", "Person", "PersonRows", "RowError"]
