"""The command-line contract, swept over every command and action the parser knows.

DESIGN.md: exit status 0 on success, 1 on a user-facing error (one clear line on stderr, no traceback),
2 on wrong usage; bad input never changes stored data.

The commands are found by walking ``build_parser()``, so a new command is swept without touching this
file. Each command starts from a *baseline* (arguments that succeed on the sample data, listed in
BASELINES, or made up from the option names for a command not listed there), then one argument at a
time is made hostile: left out, an unknown id, a missing or a folder for an input file, an output in a
missing folder or that is a folder or has the wrong suffix, impossible dates, out-of-range numbers, text
with NUL or 100,000 characters, and a bad, in-memory or text-file --database. After every run:

- the exit status is 0, 1 or 2, and the one the input calls for (a missing required argument is 2,
  a bad value is 1 or 2, never 0);
- on 1, stderr is one line starting "sdm-desktop: error:", without "Traceback" or "unexpected" (the
  last-resort message of cli.main for a bug);
- after a failure, every table's rows are as they were; after a success no NUL or 100,000-character
  text was stored.

All of it runs on one copy of the sample database, put back only when a command changed it.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sdm_desktop import cli, paths
from sdm_desktop.cli import build_parser, main

ERROR_PREFIX = "sdm-desktop: error:"
GLOBAL_DESTS = {"help", "version", "data_dir", "database", "smoke"}
LONG_TEXT = "x" * 100_000
NUL_TEXT = "bad\x00text"

SPRING = "Train-the-trainer — Spring 2026"       # past cohort: completers, a waiting list
WINTER = "Train-the-trainer — Winter 2027"       # coming cohort: invited, enrolled, waiting
PROGRAMME = "SDM skills for clinicians"
ROUND = "Baseline March 2026"
UNUSED_TYPE = "Unused sweep type"                # added by the fixture so that 'org-types remove' can succeed
PERSON = "2"                                     # may be contacted, on no cohort
ENROLLED = "108"                                 # enrolled on WINTER
COMPLETER = "28"                                 # completed SPRING
SURVEY = "7"                                     # "Survey of clinic letters": the sample consultation responses
TEMPLATE = str(paths.templates_dir() / "letter_group_invitation.docx")


def _leaf_commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs and path:
        yield path, parser
    for action in subs:
        for name, child in action.choices.items():
            yield from _leaf_commands(child, path + (name,))


COMMANDS = dict(_leaf_commands(build_parser()))

# Arguments that succeed on the sample data, in order: (option or positional dest, value).
# A value None is a flag; a list is several words. "{out}" is a fresh, empty folder for each run.
BASELINES: dict[tuple[str, ...], list[tuple[str, object]]] = {
    ("demo",): [],
    ("backup",): [("--output", "{out}/copy.sqlite3")],
    ("restore",): [("file", "{backup}")],
    ("check",): [],
    ("screenshot",): [("view", "home"), ("--output", "{out}/home.png")],
    ("export",): [("kind", "people"), ("--output", "{out}/people.csv")],
    ("org-types", "list"): [],
    ("org-types", "add"): [("name", "Sweep type")],
    ("org-types", "rename"): [("old", "Other"), ("new", "Other groups")],
    ("org-types", "remove"): [("name", UNUSED_TYPE)],
    ("analysis", "grid"): [("--output", "{out}/grid.png")],
    ("analysis", "assess"): [("--person", PERSON), ("--influence", "3"), ("--interest", "4")],
    ("analysis", "rounds"): [],
    ("analysis", "add-round"): [("name", "Sweep round")],
    ("analysis", "coverage"): [],
    ("analysis", "gaps"): [],
    ("report", "engagement"): [("--from", "2026-01-01"), ("--to", "2026-12-31"),
                               ("--output", "{out}/report.docx")],
    ("training", "certificates"): [("--cohort", SPRING), ("--output", "{out}/certificates")],
    ("training", "invitations"): [("--cohort", WINTER), ("--output", "{out}/invitations")],
    ("training", "reminders"): [("--cohort", WINTER), ("--output", "{out}/reminders")],
    ("training", "reach"): [],
    ("training", "cohorts"): [],
    ("training", "enrol"): [("--cohort", WINTER), ("--person", PERSON)],
    ("training", "withdraw"): [("--cohort", WINTER), ("--person", ENROLLED)],
    ("training", "attend"): [("--cohort", SPRING), ("--person", COMPLETER), ("--session", "1")],
    ("training", "override"): [("--cohort", SPRING), ("--person", COMPLETER), ("--not-completed", None),
                               ("--reason", "left early")],
    ("training", "evaluation"): [("--cohort", SPRING), ("--add-note", ["reaction", "Sweep note"])],
    ("training", "add-programme"): [("--name", "Sweep programme")],
    ("training", "add-cohort"): [("--programme", PROGRAMME), ("--name", "Sweep cohort")],
    ("training", "add-session"): [("--cohort", WINTER), ("--at", "2027-01-20 14:00")],   # after that day's session
    ("letters", "check"): [("template", TEMPLATE)],
    ("letters", "render"): [("template", TEMPLATE), ("--output", "{out}/letters")],
    ("letters", "fields"): [],
    ("letters", "templates"): [],
    ("letters", "add"): [("template", TEMPLATE)],
    ("letters", "sender"): [("--set", "sender_name=Dr Sweep")],
    ("letters", "runs"): [],
    ("letters", "print"): [("run", "1")],
    ("import",): [("file", "{csv}")],
    ("resources", "list"): [],
    ("resources", "add"): [("--title", "Sweep resource"), ("--kind", "leaflet")],
    ("resources", "share"): [("resource_id", "1"), ("--person", PERSON)],
    ("resources", "pack"): [],
    ("privacy", "export-person"): [("person_id", PERSON), ("--output", "{out}/person.zip")],
    ("privacy", "erase"): [("person_ids", PERSON), ("--yes", None)],
    ("privacy", "review"): [],
    ("privacy", "keep"): [("person_ids", PERSON)],
    ("privacy", "audit"): [],
    ("database", "copy"): [("--to", "sqlite:///{out}/copy.sqlite3")],
    ("assurance", "principles"): [],
    ("assurance", "add-principle"): [("title", "Sweep principle")],
    ("assurance", "edit-principle"): [("number", "2"), ("title", "Sweep wording")],
    ("assurance", "add-framework"): [("name", "Sweep framework")],
    ("assurance", "tag"): [("--activity", "1"), ("numbers", ["1", "2"])],
    ("assurance", "rate"): [("number", "1"), ("--from", "2026-01-01"), ("--to", "2026-12-31"), ("--rating", "amber")],
    ("report", "assurance"): [("--from", "2026-01-01"), ("--to", "2026-12-31"), ("--output", "{out}/assurance.docx")],

    ("log-email",): [("paths", "{out}")],
    ("team-addresses",): [("--set", ["team@example.nhs.uk"])],
    ("calendar",): [("--cohort", WINTER), ("--output", "{out}/calendar")],

    ("lookups", "import"): [("file", "{lookup}")],
    ("lookups", "status"): [],
    ("report", "reach"): [("--from", "2026-01-01"), ("--to", "2026-12-31"), ("--output", "{out}/reach.xlsx")],
    ("report", "board"): [("--from", "2026-01-01"), ("--to", "2026-12-31"), ("--output", "{out}/board.pdf")],
    ("report", "consultation"): [("--activity", SURVEY), ("--output", "{out}/consultation.docx")],

    ("responses", "import"): [("file", "{csv}"), ("--activity", SURVEY)],
    ("responses", "list"): [("--activity", SURVEY)],

    # {survey} and {response}: a survey the sweep adds, with one free-text question and a theme "Access"
    ("responses", "themes"): [("--activity", "{survey}"), ("--add", "Sweep theme")],
    ("responses", "code"): [("response_id", "{response}"), ("themes", ["Access"]), ("--quote", "car park"),
                            ("--coder", "Sweep coder")],

    ("report", "home"): [("--from", "2026-01-01"), ("--to", "2026-12-31"), ("--output", "{out}/home.csv")],
}

# Hostile values that are nevertheless fine, with the reason: (command, dest, case).
ALLOWED_SUCCESS = {
    (("privacy", "audit"), "person", "unknown id"): "the audit trail outlives a deleted record",
    (("privacy", "audit"), "organisation", "unknown id"): "the audit trail outlives a deleted record",
    (("backup",), "output", "a folder"): "a folder is allowed: the backup is written into it",
    (("backup",), "output", "wrong suffix"): "a backup file may have any name",
}
# Commands that never open the database (a bad --database does not matter to them).
NO_DATABASE = {("letters", "fields"), ("letters", "check")}
ID_DESTS = {"person", "organisation", "trainer", "person_id", "person_ids", "resource_id", "run", "undo",
            "response_id"}
DATE_TYPES = {"_date", "_day", "_iso_date", "iso_date", "_moment"}


def _kind(action: argparse.Action) -> str | None:
    """What sort of value an argument takes, for choosing hostile values."""
    if action.nargs == 0:
        return None                                   # a flag
    if action.choices:
        return "choice"
    meta = " ".join(action.metavar) if isinstance(action.metavar, tuple) else str(action.metavar or "")
    type_name = getattr(action.type, "__name__", "")
    if action.dest == "output":
        return "output folder" if "DIR" in meta else "output file"
    if action.dest in ("file", "template"):
        return "input file"
    if type_name in DATE_TYPES or "DATE" in meta or "YYYY" in meta:
        return "date"
    if action.dest in ID_DESTS or "ID" in meta.split() or meta in ("RUN", "BATCH_ID"):
        return "id"
    if action.type is not None:
        return "number"
    return "text"


def _suffixes(action: argparse.Action) -> list[str]:
    import re
    text = f"{action.metavar or ''} {action.help or ''}"
    return sorted(set(re.findall(r"FILE(\.[a-z0-9]+)", text)))


@dataclass
class Case:
    command: tuple[str, ...]
    args: list[tuple[str, object]]
    label: str
    expect: frozenset[int]
    dest: str | None = None
    setup: dict = field(default_factory=dict)       # paths to make before the run: {"dir": [...], "file": [...]}
    database: str | None = None
    data_dir: str | None = None                     # instead of the sweep's data folder

    @property
    def id(self) -> str:
        return f"{' '.join(self.command)}: {self.label}"


def _option_key(action: argparse.Action) -> str:
    return max(action.option_strings, key=len) if action.option_strings else action.dest


def _generic_baseline(parser: argparse.ArgumentParser) -> list[tuple[str, object]]:
    """For a command not in BASELINES: required arguments filled with plausible values."""
    values = {"id": "1", "number": "1", "date": "2026-03-01", "text": "Sweep", "input file": "{csv}",
              "output file": "{out}/file.csv", "output folder": "{out}/folder"}
    args = []
    for action in parser._actions:
        if action.dest in GLOBAL_DESTS or not (action.required or not action.option_strings and action.nargs != "?"):
            continue
        kind = _kind(action)
        args.append((_option_key(action), action.choices and sorted(action.choices)[0] or values.get(kind, "1")))
    return args


def baseline(command: tuple[str, ...]) -> list[tuple[str, object]]:
    return BASELINES.get(command) or _generic_baseline(COMMANDS[command])


def _with(args, key, value):
    if any(k == key for k, _ in args):
        return [(k, value if k == key else v) for k, v in args]
    return args + [(key, value)]


def _without(args, keys):
    return [(k, v) for k, v in args if k not in keys]


def _values(action, base, value):
    """A hostile value in the shape the action takes (e.g. LEVEL TEXT: the TEXT is hostile)."""
    if isinstance(action.nargs, int) and action.nargs > 1:
        given = dict(base).get(_option_key(action)) or ["x"] * action.nargs
        return list(given[:-1]) + [value]
    return value


def hostile_cases() -> list[Case]:
    cases = []
    fail, usage, anything = frozenset({1, 2}), frozenset({2}), frozenset({0, 1, 2})
    for command, parser in COMMANDS.items():
        base = baseline(command)
        given = dict(base)
        rivals = {_option_key(a): {_option_key(b) for b in g._group_actions} - {_option_key(a)}
                  for g in parser._mutually_exclusive_groups for a in g._group_actions}
        for action in parser._actions:
            if action.dest in GLOBAL_DESTS:
                continue
            key = _option_key(action)
            if action.required and key in given:
                cases.append(Case(command, _without(base, {key}), f"{key} left out", usage, action.dest))
            kind = _kind(action)
            if kind is None:
                continue
            suffix = Path(str(given.get(key, ""))).suffix or (_suffixes(action) or [".csv"])[0]
            hostile: list[tuple[str, object, frozenset[int], dict]] = []
            if kind == "choice":
                hostile.append(("not a choice", "no-such-choice", usage, {}))
            elif kind == "id":
                hostile += [("unknown id", "999999", fail, {}), ("negative", "-1", fail, {}),
                            ("huge", str(10 ** 30), fail, {}), ("not a number", "abc", fail, {})]
            elif kind == "number":
                hostile += [("negative", "-1", fail, {}), ("huge", str(10 ** 30), fail, {}),
                            ("not a number", "abc", fail, {})]
            elif kind == "date":
                time = " 10:00" if " " in str(given.get(key, "")) else ""
                hostile += [("impossible date", f"2026-02-30{time}", fail, {}), ("yesterday", "yesterday", fail, {})]
            elif kind == "text":
                hostile += [("NUL in text", NUL_TEXT, anything, {}), ("100,000 characters", LONG_TEXT, anything, {})]
            elif kind == "input file":
                hostile += [("missing file", f"{{out}}/no-such-file{suffix}", fail, {}),
                            ("a folder", f"{{out}}/a-folder{suffix}", fail, {"dir": [f"a-folder{suffix}"]})]
            elif kind == "output file":
                hostile += [("in a missing folder", f"{{out}}/missing/file{suffix}", fail, {}),
                            ("a folder", f"{{out}}/a-folder{suffix}", fail, {"dir": [f"a-folder{suffix}"]})]
                if _suffixes(action) or Path(str(given.get(key, ""))).suffix:
                    hostile.append(("wrong suffix", "{out}/file.txt", fail, {}))
            elif kind == "output folder":
                hostile += [("in a missing folder", "{out}/missing/deeper/folder", anything, {}),
                            ("a file", "{out}/a-file", fail, {"file": ["a-file"]})]
            for label, value, expect, setup in hostile:
                if (command, action.dest, label) in ALLOWED_SUCCESS:
                    expect = expect | {0}
                args = _with(_without(base, rivals.get(key, set())), key, _values(action, base, value))
                cases.append(Case(command, args, f"{key} {label}", expect, action.dest, setup))
        for group in parser._mutually_exclusive_groups:
            keys = {_option_key(a) for a in group._group_actions}
            if group.required and keys & set(given):
                cases.append(Case(command, _without(base, keys), f"{' / '.join(sorted(keys))} left out", usage))
        db_expect = anything if command in NO_DATABASE else fail
        for label, url in (("bad --database URL", "sqlite//no-slashes::"), ("in-memory --database", "sqlite://"),
                           ("--database is a text file", "sqlite:///{out}/notes.txt"),
                           ("--database is a one-byte file", "sqlite:///{out}/x.txt")):
            cases.append(Case(command, base, label, db_expect, setup={"text": ["notes.txt", "x.txt"]}, database=url))
        cases.append(Case(command, base, "--data-dir is a file", db_expect, setup={"text": ["x.txt"]},
                          data_dir="{out}/x.txt"))
    return cases


CASES = hostile_cases()


# --- running commands on one shared copy of the sample data -------------------------------------------------

def table_state(db: Path) -> tuple[str, list[str]]:
    """A checksum of every table of records' rows, and any text cell holding NUL or 100,000 characters. Derived
    tables (the search index's binary pages, Home's tally) are left out: the app rebuilds them by itself."""
    from sdm_desktop.db.models import Base

    conn = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
    digest, bad = hashlib.sha256(), []
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
                  if r[0] in Base.metadata.tables]
        for table in tables:
            digest.update(table.encode())
            rows = [repr(r) for r in conn.execute(f'SELECT * FROM "{table}"')]
            rows.sort()
            digest.update("\n".join(rows).encode())
            bad += [f"{table}: {row[:80]}…" for row in rows if "\\x00" in row or len(row) >= len(LONG_TEXT)]
    finally:
        conn.close()
    return digest.hexdigest(), bad


def _sweep_survey(data: Path) -> tuple[int, int]:
    """A survey for 'responses themes' and 'responses code': its activity id and its first response's id."""
    from consultation_coding_helpers import add_survey
    from sdm_desktop.services.consultation.codebook.themes import add_theme
    from sdm_desktop.services.opening import open_context

    ctx = open_context(data)
    try:
        survey = add_survey(ctx, title="Sweep survey")
        add_theme(ctx, survey.activity_id, "Access")
    finally:
        ctx.close()
    return survey.activity_id, survey.response_ids[0]


class Sweep:
    def __init__(self, root: Path, template_db: Path):
        self.root = root
        self.data = root / "data"
        self.pristine = root / "pristine.sqlite3"
        self.letters = template_db.parent / "letters"     # the sample letters, recorded relative to the data folder
        self.runs = 0
        self.data.mkdir()
        shutil.copyfile(template_db, self.data / paths.DATABASE_FILE_NAME)
        shutil.copytree(self.letters, self.data / "letters")
        self.csv = root / "people.csv"
        self.csv.write_text("first_name,last_name,email\nSweep,Person,sweep.person@example.org\n", encoding="utf-8")
        self.lookup = root / "deciles.csv"
        self.lookup.write_text("postcode,imd_decile\nBA1 7EZ,3\n", encoding="utf-8")
        self.backup = root / "backup.sqlite3"
        code = main(["--data-dir", str(self.data), "org-types", "add", UNUSED_TYPE])
        assert code == 0
        self.survey, self.response = _sweep_survey(self.data)
        main(["--data-dir", str(self.data), "backup", "-o", str(self.backup)])
        shutil.copyfile(self.data / paths.DATABASE_FILE_NAME, self.pristine)
        self.state = table_state(self.pristine)[0]

    @property
    def db(self) -> Path:
        return self.data / paths.DATABASE_FILE_NAME

    def reset(self) -> None:
        shutil.rmtree(self.data)
        self.data.mkdir()
        shutil.copyfile(self.pristine, self.db)
        shutil.copytree(self.letters, self.data / "letters")

    def fresh_output(self) -> Path:
        self.runs += 1
        out = self.root / "out" / str(self.runs)
        out.mkdir(parents=True)
        return out

    def argv(self, case: Case, out: Path) -> list[str]:
        def fill(value: str) -> str:
            return (value.replace("{out}", str(out)).replace("{csv}", str(self.csv))
                    .replace("{backup}", str(self.backup)).replace("{lookup}", str(self.lookup))
                    .replace("{survey}", str(self.survey)).replace("{response}", str(self.response)))

        words = ["--data-dir", fill(case.data_dir) if case.data_dir else str(self.data)]
        if case.database:
            words += ["--database", fill(case.database)]
        words += list(case.command)
        for key, value in case.args:
            if key.startswith("-"):
                words.append(key)
            if value is not None:
                words += [fill(v) for v in value] if isinstance(value, list) else [fill(str(value))]
        return words


@pytest.fixture(scope="module")
def sweep(tmp_path_factory, demo_database):
    return Sweep(tmp_path_factory.mktemp("cli-sweep"), demo_database)


@pytest.fixture(scope="module")
def one_parser():
    """One parser for the whole sweep: building it (a few hundred arguments, each help text through gettext)
    costs more than most commands, and a parser is not changed by parsing."""
    return build_parser()


@pytest.fixture(autouse=True)
def parse_with_one_parser(monkeypatch, one_parser):
    monkeypatch.setattr(cli, "build_parser", lambda: one_parser)


@pytest.fixture(autouse=True)
def no_printing(monkeypatch):
    """'letters print' must not reach a real printer."""
    from sdm_desktop.services.letters import history as letter_history
    monkeypatch.setattr(letter_history, "print_file", lambda path, progress=None: "test printer")


def run_case(sweep: Sweep, case: Case, capsys) -> tuple[int, str, str]:
    out = sweep.fresh_output()
    for name in case.setup.get("dir", []):
        (out / name).mkdir()
    for name in case.setup.get("file", []):
        (out / name).write_text("not yours\n", encoding="utf-8")
    texts = {name: "x" if name == "x.txt" else "A text file, not a database.\n" for name in case.setup.get("text", [])}
    for name, text in texts.items():
        (out / name).write_text(text, encoding="utf-8")
    capsys.readouterr()
    try:
        code = main(sweep.argv(case, out))
    except SystemExit as exit_:
        code = exit_.code
    stdout, stderr = capsys.readouterr()
    for name, text in texts.items():
        assert (out / name).read_text(encoding="utf-8") == text, f"{name}, not a database, was changed"
    return code, stdout, stderr


def check_contract(sweep: Sweep, case: Case, code: int, stderr: str) -> None:
    assert code in (0, 1, 2), f"exit status {code!r}"
    assert "Traceback" not in stderr
    if code == 1:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(ERROR_PREFIX), f"stderr is not one error line:\n{stderr}"
        assert "unexpected" not in stderr, stderr
        assert len(lines[0]) <= 1100, f"an error line of {len(lines[0]):,} characters: {lines[0][:200]}…"
    state, bad = table_state(sweep.db)
    try:
        if code != 0:
            assert state == sweep.state, f"exit status {code} but the stored data changed"
        else:
            assert not bad, f"stored: {bad[:3]}"
    finally:
        if state != sweep.state or code == 0:
            sweep.reset()
    assert code in case.expect, f"exit status {code}, expected {sorted(case.expect)}; stderr: {stderr.strip()[:300]}"


@pytest.mark.parametrize("command", sorted(COMMANDS), ids=" ".join)
def test_the_baseline_of_every_command_succeeds(sweep, command, capsys):
    """Each hostile case changes one argument of a baseline that works, so a refusal is about that argument."""
    case = Case(command, baseline(command), "baseline", frozenset({0}))
    code, _out, err = run_case(sweep, case, capsys)
    check_contract(sweep, case, code, err)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_input_keeps_the_contract(sweep, case, capsys):
    code, _out, err = run_case(sweep, case, capsys)
    check_contract(sweep, case, code, err)


def test_the_sweep_covers_every_command_and_its_arguments():
    swept = {case.command for case in CASES}
    assert swept == set(COMMANDS)
    assert len(COMMANDS) >= 45
    unknown = set(COMMANDS) - set(BASELINES)
    assert not unknown, f"add a baseline for {sorted(unknown)} (a generic one is used meanwhile)"
