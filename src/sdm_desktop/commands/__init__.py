"""Command-line commands, one module per area. Each has ``register(subparsers, common)``.

Argument types shared by the commands are here: a value argparse cannot turn into one is wrong usage
(exit status 2, one line saying which option and why), before anything is opened. So are the reading of
--from/--to and the adding of a registered kind's options (export and report kinds).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

from sdm_desktop.errors import DatabaseDamaged, UserError
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.registry import Option
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.team_database.connection import TeamConnection

MAX_ID = 2 ** 63 - 1        # the largest id SQLite can store


@contextmanager
def command_context(args, *, take_lock: bool = True) -> Iterator[AppContext]:
    """The data folder's context for one command. ``take_lock``: the command writes. On a damaged database a
    command that writes is refused before it starts; one that only reads runs, and then warns on stderr."""
    ctx = open_context(getattr(args, "data_dir", None), getattr(args, "database", None), take_lock=take_lock,
                       ask_password=ask_password_on_terminal)
    try:
        if ctx.damage is not None and take_lock:
            raise DatabaseDamaged(ctx.damage.message("Nothing was done."))
        yield ctx
        if ctx.damage is not None:
            print(f"sdm-desktop: warning: {ctx.damage.message('What was read from it may be incomplete.')}",
                  file=sys.stderr)
    finally:
        ctx.close()


def ask_password_on_terminal(connection: TeamConnection) -> str | None:
    """The saved team database's password, typed at the terminal (not echoed); None with no terminal."""
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(f"Password for {connection.shown}: ") or None


def record_id(noun: str = "record") -> Callable[[str], int]:
    """An argparse type for a record's id: a whole number from 1 that the database can hold."""
    what = f"{'an' if noun[0] in 'aeiou' else 'a'} {noun} id"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what} (a whole number)") from None
        if not 1 <= value <= MAX_ID:
            raise argparse.ArgumentTypeError(f"{text} is not {what} (too large or below 1)")
        return value
    parse.__name__ = f"{noun.replace(' ', '_')}_id"
    return parse


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type for a whole number from ``low`` to ``high``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not from {low} to {high}")
        return value
    parse.__name__ = "whole_number"
    return parse


def day(text: str) -> date:
    """An argparse type for a day written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31 (year-month-day)") from None


def iso_date(text: str | date | None, option: str = "--from") -> date | None:
    """A YYYY-MM-DD date from the command line; a bad one is the user's error (one line, exit 1)."""
    if text is None or isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{option} {text!r} is not a date like 2026-04-01.") from None


def read_period(args) -> None:
    """Turn --from/--to into dates in place and refuse a period that ends before it starts."""
    args.date_from = iso_date(getattr(args, "date_from", None), "--from")
    args.date_to = iso_date(getattr(args, "date_to", None), "--to")
    if args.date_from and args.date_to and args.date_to < args.date_from:
        raise UserError(f"The period ends ({args.date_to}) before it starts ({args.date_from}).")


def add_option(parser: argparse.ArgumentParser, option: Option) -> None:
    """Add an option of a registered kind (see services.core.registry) to ``parser``."""
    if option.is_flag:
        parser.add_argument(*option.flags, dest=option.dest, action="store_true", help=option.help)
        return
    parser.add_argument(*option.flags, dest=option.dest, metavar=option.metavar, choices=option.choices,
                        default=option.default, required=option.required, help=option.help)
