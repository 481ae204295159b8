"""The command line. Never imports Qt unless a command opens a window or renders a view."""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys

from sdm_desktop import __version__
from sdm_desktop.errors import UserError, storage_error_message

PROG = "sdm-desktop"
# Each module has register(subparsers); helpers for new capabilities add theirs here.
COMMAND_MODULES = [
    "sdm_desktop.commands.core",
    "sdm_desktop.commands.export",
    "sdm_desktop.commands.org_types",
    "sdm_desktop.commands.analysis",
    "sdm_desktop.commands.assurance",
    "sdm_desktop.commands.report",
    "sdm_desktop.commands.training",
    "sdm_desktop.commands.consultation",
    "sdm_desktop.commands.letters",
    "sdm_desktop.commands.importing",
    "sdm_desktop.commands.resources",
    "sdm_desktop.commands.privacy",
    "sdm_desktop.commands.team_database",
    "sdm_desktop.commands.email_log",
    "sdm_desktop.commands.calendar",
    "sdm_desktop.commands.lookups",
]


def _global_options(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help="folder for the database, backups and letters (env SDM_DESKTOP_DATA_DIR)")
    parser.add_argument("--database", metavar="URL", default=default,
                        help="SQLAlchemy database URL (env SDM_DESKTOP_DATABASE_URL); "
                             "default SQLite in the data folder")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG,
                                     description="SDM Desktop: run a local Shared Decision Making programme.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--smoke", action="store_true", help="open every view offscreen, then exit 0")
    _global_options(parser, None)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    _describe(parser)
    return parser


def _describe(parser: argparse.ArgumentParser) -> None:
    """'sdm-desktop X --help' starts with what X does: the line listed for it one level up, unless the
    command has a description of its own."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            listed = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                if not child.description and listed.get(name):
                    text = listed[name]
                    child.description = text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
                _describe(child)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        # inside the try: an argument type that raises UserError is still one line, not a traceback
        args = parser.parse_args(argv)
        if args.smoke:
            from sdm_desktop.app import run_smoke
            return run_smoke(args.data_dir, args.database)
        if not args.command:
            from sdm_desktop.app import run_gui
            return run_gui(args.data_dir, args.database)
        return args.handler(args) or 0
    except UserError as exc:
        print(f"{PROG}: error: {one_line(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into a command that stopped reading (e.g. `| head`): not an error.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return 0
    except KeyboardInterrupt:
        print(f"{PROG}: stopped; nothing was half-written.", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - last resort: one line; where it happened goes to the error log
        storage = storage_error_message(exc)
        if storage:
            print(f"{PROG}: error: {storage}", file=sys.stderr)
            return 1
        from sdm_desktop.crash_log import write_crash_log

        log = write_crash_log(exc)
        first = (str(exc).strip().splitlines() or [""])[0]
        where = f" Where it happened (without personal data) is in {log}." if log else ""
        print(f"{PROG}: error: unexpected {exc.__class__.__name__}: {one_line(first)}.{where}", file=sys.stderr)
        return 1


LONG_WORD = re.compile(r"\S{200,}")
MAX_MESSAGE = 1000


def one_line(message: str) -> str:
    """An error message as one readable line: line breaks become spaces, and text echoed from the input
    is shortened (a 100,000-character --name is quoted by its start and its length, not in full)."""
    text = " ".join(message.splitlines())
    text = LONG_WORD.sub(lambda m: f"{m.group()[:40]}… ({len(m.group()):,} characters)", text)
    if len(text) > MAX_MESSAGE:
        half = MAX_MESSAGE // 2 - 2
        text = f"{text[:half]} … {text[-half:]}"
    return text



if __name__ == "__main__":
    sys.exit(main())
