"""training add-programme | add-cohort | add-session: set up training without the window.

Registered by ``commands.training``. Validation is the services' own; a refused value gives one
line naming the field (``capacity: must be a whole number from 1 to 500``) and stores nothing.
"""

from __future__ import annotations

from argparse import ArgumentTypeError
from datetime import datetime

from sdm_desktop.commands import command_context, day
from sdm_desktop.commands.training.people import find_programme, person_id
from sdm_desktop.errors import UserError
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.training import cohorts, programmes
from sdm_desktop.services.training import sessions as training_sessions


def add_commands(inner, common) -> None:
    """Add add-programme, add-cohort and add-session to ``training``."""
    cmd = inner.add_parser("add-programme", parents=[common], help="add a training programme")
    cmd.add_argument("--name", required=True, help="the programme's name")
    cmd.add_argument("--sessions-required", type=_whole, default=1, metavar="N", help="sessions needed to complete")
    cmd.add_argument("--description", metavar="TEXT", help="what the programme is")
    cmd.add_argument("--outcomes", help="learning outcomes, one per line")
    cmd.add_argument("--train-the-trainer", action="store_true", help="completing it makes a person a trainer")
    cmd.set_defaults(handler=cmd_add_programme)
    cmd = inner.add_parser("add-cohort", parents=[common], help="add a cohort (one delivery) to a programme")
    cmd.add_argument("--programme", required=True, metavar="NAME", help="the programme's name")
    cmd.add_argument("--name", required=True, help="the cohort's name (unique)")
    cmd.add_argument("--capacity", type=_whole, default=12, metavar="N", help="places (1 to 500; default 12)")
    cmd.add_argument("--starts", type=day, metavar="YYYY-MM-DD", help="first day")
    cmd.add_argument("--ends", type=day, metavar="YYYY-MM-DD", help="last day")
    cmd.add_argument("--venue", help="where it is held")
    cmd.add_argument("--online", action="store_true", help="held online")
    cmd.add_argument("--facilitators", metavar="NAMES", help="who runs it")
    cmd.add_argument("--trainer", type=person_id, metavar="ID", help="the trainer running a cascade cohort")
    cmd.set_defaults(handler=cmd_add_cohort)
    cmd = inner.add_parser("add-session", parents=[common], help="add a session to a cohort")
    cmd.add_argument("--cohort", required=True, metavar="NAME", help="the cohort's name")
    cmd.add_argument("--at", required=True, type=_moment, metavar="'YYYY-MM-DD HH:MM'", help="when it starts")
    cmd.add_argument("--minutes", type=_whole, default=120, metavar="N", help="length (10 to 1440; default 120)")
    cmd.add_argument("--topic", help="what the session covers")
    cmd.set_defaults(handler=cmd_add_session)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a whole number") from None


def _moment(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date and time like '2026-03-31 10:00'") from None


def _refused(exc: ValidationError) -> UserError:
    return UserError("Not saved: " + "; ".join(f"{field.replace('_', ' ')} {message}"
                                               for field, message in exc.errors.items()))


def cmd_add_programme(args) -> int:
    data = programmes.ProgrammeInput(args.name, args.description, args.outcomes, args.sessions_required,
                                   args.train_the_trainer)
    with command_context(args) as ctx:
        try:
            programmes.create_programme(ctx, data)
        except ValidationError as exc:
            raise _refused(exc) from None
    print(f"Added programme {data.name.strip()}")
    return 0


def cmd_add_cohort(args) -> int:
    with command_context(args) as ctx:
        data = cohorts.CohortInput(find_programme(ctx, args.programme), args.name, args.starts, args.ends,
                                    args.venue, args.online, args.facilitators, args.capacity, args.trainer)
        try:
            cohorts.create_cohort(ctx, data)
        except ValidationError as exc:
            raise _refused(exc) from None
    print(f"Added cohort {data.name.strip()} ({data.capacity} places)")
    return 0


def cmd_add_session(args) -> int:
    with command_context(args) as ctx:
        cohort = cohorts.find_cohort(ctx, args.cohort)
        try:
            training_sessions.add_session(ctx, cohort.id, cohorts.SessionInput(args.at, args.minutes, args.topic))
        except ValidationError as exc:
            raise _refused(exc) from None
    print(f"Added a session to {cohort.name} on {args.at:%a %d %b %Y %H:%M}")
    return 0
