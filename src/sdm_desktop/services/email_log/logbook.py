"""Logging emails as interactions, in two steps: ``preview_emails`` reads the files and matches the
addresses (nothing is written); ``log_emails`` writes, in one transaction, one interaction for each
person or group a message is with (its sender when it came in, its recipients when the team sent it),
the message itself (recognised again by its Message-ID, so the same message is never logged twice)
and its attachments as files. A message from someone marked do not contact is logged (it is their
contact with us) and flagged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select

from sdm_desktop.db.models import EmailAttachment, EmailMessage, Interaction, email_interaction
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.email_log import attachments as kept_files
from sdm_desktop.services.email_log.addresses import Match, is_team, match_addresses, team_addresses
from sdm_desktop.services.email_log.messages import SUFFIXES, ParsedMessage, sent_on_default
from sdm_desktop.services.email_log.people import Choice, LogTarget, default_choice, resolve
from sdm_desktop.services.email_log.reading import read_message

MAX_FILES = 20_000
SUMMARY_LIMIT = 20_000
NO_CONTACT_NOTE = "Flagged: marked do not contact. Logged because it is their contact with us."


def email_files(paths: list[Path]) -> list[Path]:
    """The .eml and .msg files named, and those in the folders named (and their subfolders)."""
    out: list[Path] = []
    for path in map(Path, paths):
        try:
            if path.is_dir():
                out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            elif path.is_file():
                out.append(path)
            else:
                raise UserError(f"{path}: no such file or folder.")
        except OSError as exc:
            raise UserError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
        if len(out) > MAX_FILES:
            raise UserError(f"More than {MAX_FILES:,} email files: log them a folder at a time.")
    return out


@dataclass
class MessagePlan:
    path: Path
    message_id: str
    subject: str
    sent_at: datetime
    direction: str
    sender: tuple[str, str]
    counterparts: list[str]                  # the addresses it is with: the sender, or the recipients
    duplicate: str = ""                      # why it will not be logged again


@dataclass
class EmailPreview:
    messages: list[MessagePlan] = field(default_factory=list)
    matches: dict[str, Match] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)        # (file, what is wrong)

    def to_log(self) -> list[MessagePlan]:
        return [m for m in self.messages if not m.duplicate]

    def needing_a_choice(self) -> list[Match]:
        used = {a for m in self.to_log() for a in m.counterparts}
        return [self.matches[a] for a in sorted(used) if self.matches[a].state in ("several", "unknown")]


def preview_emails(ctx: AppContext, paths: list[Path], progress: Progress | None = None) -> EmailPreview:
    progress = progress or Progress()
    files = email_files(paths)
    progress.start(len(files) + 1, f"Reading {len(files):,} email files")
    team = team_addresses(ctx)
    preview = EmailPreview()
    named: dict[str, str] = {}
    for path in files:
        try:
            message = read_message(path, headers_only=True)
        except UserError as exc:
            preview.errors.append((str(path), str(exc)))
            progress.step()
            continue
        plan = _plan(message, team)
        for name, address in [message.sender, *message.recipients]:
            if address in plan.counterparts:
                named[address] = named.get(address) or name
        preview.messages.append(plan)
        progress.step()
    _mark_duplicates(ctx, preview.messages)
    preview.matches = match_addresses(ctx, named)
    progress.step()
    return preview


def _plan(message: ParsedMessage, team: list[str]) -> MessagePlan:
    outgoing = bool(team) and is_team(message.sender_address, team)
    if outgoing:
        others = [a for _n, a in message.recipients if not is_team(a, team)]
    else:
        others = [message.sender_address] if message.sender_address else []
    return MessagePlan(message.path, message.message_id, message.subject or "(no subject)",
                       sent_on_default(message), "out" if outgoing else "in", message.sender, others)


def _mark_duplicates(ctx: AppContext, plans: list[MessagePlan]) -> None:
    ids = sorted({p.message_id for p in plans})
    logged: dict[str, datetime] = {}
    with ctx.session() as s:
        for start in range(0, len(ids), 500):
            logged.update(s.execute(select(EmailMessage.message_id, EmailMessage.created_at)
                                    .where(EmailMessage.message_id.in_(ids[start:start + 500]))).all())
    seen: dict[str, Path] = {}
    for plan in plans:
        if plan.message_id in logged:
            plan.duplicate = f"already logged on {logged[plan.message_id]:%d %b %Y}"
        elif plan.message_id in seen:
            plan.duplicate = f"the same message as {seen[plan.message_id].name}"
        else:
            seen[plan.message_id] = plan.path


@dataclass
class LogReport:
    logged: int = 0
    interactions: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    not_logged: list[tuple[str, str]] = field(default_factory=list)
    flagged: list[tuple[str, str]] = field(default_factory=list)       # (file, who is do not contact)
    people_created: list[str] = field(default_factory=list)
    attachments_kept: int = 0
    attachments_not_kept: list[tuple[str, str]] = field(default_factory=list)
    email_ids: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"duplicate, not logged again: {Path(f).name}: {why}" for f, why in self.duplicates]
        out += [f"not logged: {_named(f, why)}" for f, why in self.not_logged]
        out += [f"flagged: {Path(f).name}: from or to {who}, marked do not contact" for f, who in self.flagged]
        out += [f"attachment {name}: {why}" for name, why in self.attachments_not_kept]
        out += [f"new person: {name}" for name in self.people_created]
        return out

    def summary(self, dry_run: bool = False) -> str:
        verb = "Would log" if dry_run else "Logged"
        return (f"{verb} {self.logged} email{'s' if self.logged != 1 else ''} as {self.interactions} "
                f"interaction{'s' if self.interactions != 1 else ''}"
                + (f", keeping {self.attachments_kept} attachments" if self.attachments_kept else "")
                + (f"; {len(self.duplicates)} already logged" if self.duplicates else "")
                + (f"; {len(self.not_logged)} not logged" if self.not_logged else "")
                + (f"; {len(self.flagged)} flagged do not contact" if self.flagged else "") + ".")


def log_emails(ctx: AppContext, preview: EmailPreview, target: LogTarget, choices: dict[str, Choice] | None = None,
               progress: Progress | None = None, dry_run: bool = False) -> LogReport:
    """Write what the preview found, with ``choices`` (address -> Choice) for addresses the user decided."""
    progress = progress or Progress()
    choices = {a: choices[a] for a in (choices or {})}
    for address, match in preview.matches.items():
        choices.setdefault(address, default_choice(match))
    report = LogReport(duplicates=[(str(m.path), m.duplicate) for m in preview.messages if m.duplicate])
    report.not_logged += preview.errors
    todo = preview.to_log()
    progress.start(len(todo) + 1, f"Logging {len(todo):,} emails")
    written: list[str] = []
    try:
        with ctx.session() as s:
            _check_target(s, target)
            people = resolve(s, preview.matches, choices, report)
            for plan in todo:
                _log_one(ctx, s, plan, target, people, report, written, dry_run)
                progress.step()
            if dry_run:
                raise _DryRun()
            audit.record(s, "log emails", "email_message", None, count=report.logged)
            progress.step()
    except _DryRun:
        return report
    except BaseException:
        kept_files.remove_files(ctx.data_dir, written)
        raise
    if report.email_ids:
        ids = list(report.email_ids)
        ctx.undo.push(UndoStep(f"log {len(ids)} emails", lambda: unlog_emails(ctx, ids)))
    return report


class _DryRun(Exception):
    """Rolls back a dry run once everything has been checked."""


def _check_target(s, target: LogTarget) -> None:
    from sdm_desktop.db.models import Activity, Organisation, Person

    for model, value, word in ((Activity, target.activity_id, "activity"), (Organisation, target.organisation_id,
                               "organisation"), (Person, target.person_id, "person")):
        if value is not None and (not 0 < value < 2 ** 63 or s.get(model, value) is None):
            raise UserError(f"There is no {word} with id {value}.")


def _log_one(ctx, s, plan: MessagePlan, target: LogTarget, people, report: LogReport, written: list[str],
             dry_run: bool) -> None:
    links = target.links_for(plan.counterparts, people)
    if not links:
        who = ", ".join(plan.counterparts) or "no address"
        report.not_logged.append((str(plan.path), f"nobody to log it against ({who}): choose a person or a group"))
        return
    try:
        message = read_message(plan.path) if not dry_run else None
    except UserError as exc:            # its headers were read, its body or attachments cannot be
        report.not_logged.append((str(plan.path), str(exc)))
        return
    body = message.body if message else ""
    summary = (plan.subject + ("\n\n" + body if body else ""))[:SUMMARY_LIMIT]
    flagged = [name for person_id, _group in links for name in [people.no_contact_name(person_id)] if name]
    # Core inserts (the app's own bulk write): the unit of work cost more than reading the message
    messages, interactions = EmailMessage.__table__, Interaction.__table__
    email_id = s.execute(messages.insert().returning(messages.c.id).values(
        message_id=plan.message_id, sent_at=plan.sent_at, direction=plan.direction, subject=plan.subject,
        sender=_address_text(*plan.sender),
        recipients="\n".join(_address_text(n, a) for n, a in (message.recipients if message else [])),
        source_name=plan.path.name[:300], no_contact_flag=bool(flagged))).scalar_one()
    for person_id, group_id in links:
        interaction_id = s.execute(interactions.insert().returning(interactions.c.id).values(
            occurred_on=plan.sent_at.date(), channel="email", direction=plan.direction, summary=summary,
            person_id=person_id, organisation_id=group_id, activity_id=target.activity_id,
            outcome=NO_CONTACT_NOTE if people.no_contact_name(person_id) else None)).scalar_one()
        s.execute(email_interaction.insert().values(email_id=email_id, interaction_id=interaction_id))
    report.interactions += len(links)
    if flagged:
        report.flagged.append((str(plan.path), ", ".join(flagged)))
    report.logged += 1
    report.email_ids.append(email_id)
    if message is not None:
        _keep_attachments(ctx, s, email_id, message, report, written)


def _keep_attachments(ctx, s, email_id: int, message: ParsedMessage, report: LogReport, written: list[str]) -> None:
    taken: set[str] = set()
    for item in message.attachments:
        stored, why = kept_files.keep(ctx.data_dir, email_id, item, taken)
        if stored:
            written.append(stored)
            report.attachments_kept += 1
        else:
            report.attachments_not_kept.append((item.name, why or ""))
        s.execute(EmailAttachment.__table__.insert().values(
            email_id=email_id, file_name=item.name[:300], stored_path=stored, size=len(item.data),
            content_type=item.content_type[:200], dangerous=kept_files.is_dangerous(item.name), note=why))


def _named(file: str, why: str) -> str:
    """The file's name and the reason; a reading error already starts with the name."""
    name = Path(file).name
    return why if why.startswith(f"{name}: ") else f"{name}: {why}"


def _address_text(name: str, address: str) -> str:
    return f"{name} <{address}>" if name and name != address else address


def unlog_emails(ctx: AppContext, email_ids: list[int]) -> None:
    """Undo a logging: its interactions, the messages and their kept attachment files."""
    with ctx.session() as s:
        stored = list(s.scalars(select(EmailAttachment.stored_path).where(
            EmailAttachment.email_id.in_(email_ids), EmailAttachment.stored_path.is_not(None))))
        interaction_ids = list(s.scalars(select(email_interaction.c.interaction_id)
                                         .where(email_interaction.c.email_id.in_(email_ids))))
        s.execute(delete(Interaction).where(Interaction.id.in_(interaction_ids)))
        s.execute(delete(EmailMessage).where(EmailMessage.id.in_(email_ids)))
        audit.record(s, "undo log emails", "email_message", None, count=len(email_ids))
    kept_files.remove_files(ctx.data_dir, stored)
