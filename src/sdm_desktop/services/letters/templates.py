"""Letter templates (bundled and the user's own, versioned by content hash) and sender details."""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import sdm_desktop
from sdm_desktop.db.models import LetterTemplate, Setting
from sdm_desktop.errors import UserError
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext

if TYPE_CHECKING:
    from sdm_desktop.letters.check import CheckReport


def check_template(*args, **kwargs):
    """The template check; jinja2 and lxml load on first use (in the worker that checks), not when the
    Letters view is opened."""
    from sdm_desktop.letters.check import check_template as check

    return check(*args, **kwargs)

BUNDLED_TITLES = {
    "letter_group_invitation.docx": "Invitation to a patient and public group",
    "letter_rep_ttt_invitation.docx": "Invitation to train-the-trainer (patient representative)",
    "letter_thank_you.docx": "Thank you after an event",
    "certificate_generic.docx": "Certificate of completion",
}
SENDER_FIELDS = [
    ("sender_name", "Signed by", "Dr Sam Okafor"),
    ("sender_role", "Their role", "Clinical Lead for Shared Decision Making"),
    ("sender_organisation", "Organisation (letterhead)", "NHS Wessex Vale Integrated Care Board"),
    ("sender_address", "Address (one item per line)", "Vale House\n1 Quay Street\nFernbridge EX1 1AA"),
    ("sender_phone", "Telephone", "01632 960000"),
    ("sender_email", "Email", "sdm.team@example.nhs.uk"),
    ("programme_name", "Programme name", "Shared Decision Making Programme"),
    ("programme_website", "Programme web page", ""),
]
SETTING_PREFIX = "letters."


@dataclass
class TemplateInfo:
    title: str
    path: Path
    bundled: bool

    @property
    def kind(self) -> str:
        return "certificate" if self.path.name.startswith("certificate") else "letter"


def bundled_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "templates"
    return Path(sdm_desktop.__file__).resolve().parents[2] / "templates"


def user_dir(ctx: AppContext) -> Path:
    return ctx.data_dir / "templates"


def bundled_templates() -> list[TemplateInfo]:
    folder = bundled_dir()
    return [TemplateInfo(title, folder / name, True) for name, title in BUNDLED_TITLES.items()
            if (folder / name).is_file()]


def list_templates(ctx: AppContext) -> list[TemplateInfo]:
    """Bundled templates first, then the user's own (in the data folder's templates/)."""
    folder = user_dir(ctx)
    own = sorted(folder.glob("*.docx"), key=lambda p: p.name.lower()) if folder.is_dir() else []
    return bundled_templates() + [TemplateInfo(p.stem, p, False) for p in own if not p.name.startswith(("~$", "."))]


def find_template(ctx: AppContext, name: str) -> Path:
    """A template by file path, by bundled file name, or by the name of one of the user's templates."""
    given = Path(name)
    if given.is_file():
        return given
    for info in list_templates(ctx):
        if name in (info.path.name, info.path.stem, info.title):
            return info.path
    raise UserError(f"There is no template {name}: give the path of a .docx file, or one of: "
                    + ", ".join(i.path.name for i in list_templates(ctx)))


def safe_file_name(text: str, limit: int = 80) -> str:
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "", text).strip().strip(".")
    name = re.sub(r"\s+", " ", name)[:limit].rstrip(" .")
    if name.upper().split(".")[0] in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                                      *(f"LPT{i}" for i in range(10))}:
        name = "_" + name
    return name or "letter"


def add_user_template(ctx: AppContext, source: Path, title: str | None = None) -> tuple[TemplateInfo, CheckReport]:
    """Copy a .docx into the data folder's templates (checked first); refuses files that are not Word."""
    source = Path(source)
    report = check_template(source)
    if any(p.severity == "error" and not p.where and "Word" in p.message for p in report.problems) \
            or not source.is_file():
        raise UserError(f"Cannot add {source.name}: {report.problems[0].message if report.problems else 'no file'}.")
    folder = user_dir(ctx)
    folder.mkdir(parents=True, exist_ok=True)
    stem = safe_file_name(title or source.stem)
    target, n = folder / f"{stem}.docx", 2
    while target.exists():
        target, n = folder / f"{stem} ({n}).docx", n + 1
    temp = target.with_name(f".{target.name}.part")
    shutil.copyfile(source, temp)
    temp.replace(target)
    with ctx.session() as s:
        row = register_version(s, ctx, target, content_hash(target))
        audit.record(s, "add", "letter_template", row.id, name=target.name, source=str(source))
    return TemplateInfo(target.stem, target, False), report


def copy_bundled(ctx: AppContext, info: TemplateInfo) -> TemplateInfo:
    """A copy of a bundled template the user can change in Word."""
    copied, _ = add_user_template(ctx, info.path, f"{info.title} (my copy)")
    return copied


def content_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def template_name(path: Path) -> str:
    return BUNDLED_TITLES.get(path.name, path.stem) if path.parent == bundled_dir() else path.stem


def register_version(session: Session, ctx: AppContext, path: Path, digest: str) -> LetterTemplate:
    """The template row for this exact content: an existing version, or the next one (a copy is kept)."""
    name = template_name(path)
    row = session.scalar(select(LetterTemplate).where(LetterTemplate.name == name,
                                                      LetterTemplate.content_hash == digest))
    if row is not None:
        return row
    version = (session.scalar(select(func.max(LetterTemplate.version)).where(LetterTemplate.name == name)) or 0) + 1
    versions = user_dir(ctx) / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    kept = versions / f"{safe_file_name(name, 60)} v{version} {digest[:8]}.docx"
    if not kept.exists():
        temp = kept.with_name("." + kept.name + ".part")
        shutil.copyfile(path, temp)
        temp.replace(kept)
    row = LetterTemplate(name=name, kind="certificate" if path.name.startswith("certificate") else "letter",
                         file_name=str(kept.relative_to(ctx.data_dir)), content_hash=digest, version=version,
                         bundled=path.parent == bundled_dir())
    session.add(row)
    session.flush()
    audit.record(session, "version", "letter_template", row.id, name=name, version=version)
    return row


# --- sender and programme details -----------------------------------------------------------
def sender_details(ctx: AppContext) -> dict[str, str]:
    with ctx.session() as s:
        stored = {k.removeprefix(SETTING_PREFIX): v for k, v in s.execute(
            select(Setting.key, Setting.value).where(Setting.key.like(f"{SETTING_PREFIX}%")))}
    return {key: stored.get(key, "") for key, _, _ in SENDER_FIELDS}


SENDER_MAX_CHARS = 1000


def sender_details_versions(ctx: AppContext) -> dict[str, int | None]:
    """Each detail's version (None: never stored), read BEFORE the values when opening the editor."""
    with ctx.session() as s:
        stored = dict(s.execute(select(Setting.key, Setting.row_version)
                                .where(Setting.key.like(f"{SETTING_PREFIX}%"))).all())
    return {key: stored.get(SETTING_PREFIX + key) for key, _, _ in SENDER_FIELDS}


def _expect_sender_versions(s: Session, keys, expected: dict[str, int | None]) -> None:
    from sdm_desktop.services.core.versions import RecordChanged, last_change

    for key in keys:
        row = s.get(Setting, SETTING_PREFIX + key)
        if (row.row_version if row is not None else None) != expected.get(key):
            by, at = last_change(s, "setting", None)
            raise RecordChanged("setting", None, "The sender details", by=by, at=at)


def save_sender_details(ctx: AppContext, values: dict[str, str], *,
                        expected: dict[str, int | None] | None = None) -> None:
    """Store the details given (others stay as they are); all or nothing. ``expected`` (the versions the
    editor opened, see sender_details_versions) refuses a save over a colleague's change with RecordChanged."""
    from sdm_desktop.services.core.validation import CONTROL_RE

    known = {key: label for key, label, _ in SENDER_FIELDS}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise UserError(f"{', '.join(unknown)} is not a sender detail (they are {', '.join(known)}); "
                        "nothing was saved.")
    for key, text in values.items():
        if CONTROL_RE.search(text or ""):
            raise UserError(f"{known[key]}: remove the control characters (pasted from elsewhere?); nothing was saved.")
        if len((text or "").strip()) > SENDER_MAX_CHARS:
            raise UserError(f"{known[key]}: at most {SENDER_MAX_CHARS:,} characters; nothing was saved.")
    with ctx.session() as s:
        if expected is not None:
            _expect_sender_versions(s, [key for key, _, _ in SENDER_FIELDS if key in values], expected)
        for key, _, _ in SENDER_FIELDS:
            if key in values:
                text = (values[key] or "").strip()
                row = s.get(Setting, SETTING_PREFIX + key)
                if row is None:
                    if text:                    # absent and blank read the same: nothing to store
                        s.add(Setting(key=SETTING_PREFIX + key, value=text))
                elif row.value != text:
                    row.value = text
        audit.record(s, "update", "setting", None, area="letters sender details")


def sender_context(details: dict[str, str]) -> dict:
    lines = [line.strip() for line in (details.get("sender_address") or "").splitlines() if line.strip()]
    values = {key: details.get(key, "") for key, _, _ in SENDER_FIELDS}
    values["sender_address_lines"] = lines
    values["sender_address"] = ", ".join(lines)
    values["programme_name"] = values["programme_name"] or "Shared Decision Making Programme"
    return values
