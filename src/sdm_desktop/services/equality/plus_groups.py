"""PLUS groups: the tags the programme chooses to report reach against (e.g. "learning disability and autism",
"inclusion health", "coastal community"). A person is in a PLUS group when they, or a group they belong to,
carry the tag."""

from __future__ import annotations

import json

from sqlalchemy import select

from sdm_desktop.db.models import Setting, Tag
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.validation import FieldErrors, ValidationError, check_tags

SETTING_KEY = "equality.plus_groups"
MAX_GROUPS = 30


def plus_groups(ctx: AppContext) -> list[str]:
    with ctx.session() as s:
        return read_plus_groups(s)


def read_plus_groups(s) -> list[str]:
    value = s.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
    try:
        names = json.loads(value) if value else []
    except ValueError:
        return []
    return [n for n in names if isinstance(n, str)]


def set_plus_groups(ctx: AppContext, names: list[str]) -> list[str]:
    errors = FieldErrors()
    cleaned = check_tags(errors, names)
    if len(cleaned) > MAX_GROUPS:
        errors.add("plus_groups", f"are {len(cleaned)}; at most {MAX_GROUPS}")
    if errors:
        raise ValidationError(errors)
    with ctx.session() as s:
        setting = s.get(Setting, SETTING_KEY) or Setting(key=SETTING_KEY)
        setting.value = json.dumps(cleaned)
        s.add(setting)
        audit.record(s, "update", "plus groups", None, groups=cleaned)
    return cleaned


def tag_names(ctx: AppContext) -> list[str]:
    """Every tag in the register, to choose PLUS groups from."""
    with ctx.session() as s:
        return list(s.scalars(select(Tag.name).order_by(Tag.name)))
