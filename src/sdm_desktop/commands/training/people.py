"""training cohorts [--programme NAME]; training enrol|withdraw|attend --cohort NAME --person ID;
training evaluation --cohort NAME [--add-note LEVEL TEXT [--on DATE]].

Registered by ``commands.training`` (one ``training`` command with several actions), so the
places, waiting list, attendance and counts by type can be managed without the window.
"""

from __future__ import annotations

import sys
from datetime import date

from sdm_desktop.commands import command_context, day, record_id
from sdm_desktop.errors import UserError
from sdm_desktop.services.training import cohorts, enrolment, evaluation, programmes
from sdm_desktop.services.training.statuses import ENROLMENT_STATUSES

STATUS = dict(ENROLMENT_STATUSES)

person_id = record_id("person")       # a register id for --person and --trainer


def add_commands(inner, common) -> None:
    """Add cohorts, enrol, withdraw, attend, override and evaluation to ``training``."""
    _add_actions(inner, common)
    _add_evaluation(inner, common)


def _add_actions(inner, common) -> None:
    listing = inner.add_parser("cohorts", parents=[common], help="list cohorts with places, waiting list and "
                                                                 "participants by type")
    listing.add_argument("--programme", metavar="NAME", help="one programme (default: every programme)")
    listing.set_defaults(handler=cmd_cohorts)
    for name, text, handler in (("enrol", "give a person a place (or a place on the waiting list)", cmd_enrol),
                                ("withdraw", "withdraw a person; the first on the waiting list moves up", cmd_withdraw),
                                ("attend", "record attendance at one session", cmd_attend),
                                ("override", "mark completed or not completed by hand, with a reason", cmd_override)):
        cmd = inner.add_parser(name, parents=[common], help=text)
        cmd.add_argument("--cohort", required=True, metavar="NAME", help="the cohort's name")
        cmd.add_argument("--person", required=True, type=person_id, metavar="ID", help="the person's register id")
        cmd.set_defaults(handler=handler)
        if name == "enrol":
            cmd.add_argument("--invited", action="store_true", help="mark as invited (not yet confirmed)")
        if name == "override":
            choice = cmd.add_mutually_exclusive_group(required=True)
            choice.add_argument("--completed", dest="completed", action="store_const", const=True,
                                help="mark completed, whatever the attendance")
            choice.add_argument("--not-completed", dest="completed", action="store_const", const=False,
                                help="mark not completed, whatever the attendance")
            choice.add_argument("--follow-rule", dest="completed", action="store_const", const=None,
                                help="drop the override: attendance decides again")
            cmd.add_argument("--reason", help="why (required with --completed or --not-completed)")
        if name == "attend":
            cmd.add_argument("--session", required=True, type=int, metavar="N", help="session number, from 1")
            cmd.add_argument("--absent", action="store_true", help="untick: the person did not attend")


def _add_evaluation(inner, common) -> None:
    cmd = inner.add_parser("evaluation", parents=[common], help="a cohort's Kirkpatrick evaluation: scores and notes")
    cmd.add_argument("--cohort", required=True, metavar="NAME", help="the cohort's name")
    cmd.add_argument("--add-note", nargs=2, metavar=("LEVEL", "TEXT"),
                     help="add a dated note; LEVEL is " + ", ".join(code for code, _ in evaluation.KIRKPATRICK_LEVELS))
    cmd.add_argument("--on", type=day, metavar="YYYY-MM-DD", help="the note's date (default: today)")
    cmd.set_defaults(handler=cmd_evaluation)


def cmd_evaluation(args) -> int:
    with command_context(args) as ctx:
        if args.on is not None and not args.add_note:
            raise UserError("--on gives the date of a note: use it with --add-note LEVEL TEXT.")
        cohort = cohorts.find_cohort(ctx, args.cohort)
        if args.add_note:
            evaluation.add_note(ctx, cohort.id, args.add_note[0], args.on, args.add_note[1])
        summary = evaluation.summary(ctx, cohort.id)
        notes = evaluation.list_notes(ctx, cohort.id)
    levels = dict(evaluation.KIRKPATRICK_LEVELS)
    print(f"{cohort.name}: {summary.text()}")
    for note in notes:
        print(f"{note.recorded_on}\t{levels.get(note.level, note.level).split(':')[0]}\t{' '.join(note.notes.split())}")
    return 0


def cmd_cohorts(args) -> int:
    with command_context(args) as ctx:
        enrolment.settle_past_cohorts(ctx)
        programme_id = find_programme(ctx, args.programme) if args.programme else None
        rows = cohorts.list_cohorts(ctx, programme_id)
    print("\t".join(["Cohort", "Programme", "Starts", "Places taken", "Capacity", "Waiting", "Sessions",
                     "Participants by type"]))
    for c in rows:
        print("\t".join(str(v) for v in (c.name, c.programme_name, c.start_date or "", c.places_taken, c.capacity,
                                         c.waiting, len(c.sessions), c.types_text or "nobody yet")))
    return 0


def cmd_enrol(args) -> int:
    with command_context(args) as ctx:
        cohort = cohorts.find_cohort(ctx, args.cohort)
        result = enrolment.enrol(ctx, cohort.id, args.person, invited=args.invited)
        if ended := cohorts.ended_warning(cohort, date.today()):      # said once the enrolment is made
            print(f"Warning: {ended} Enrolled all the same.", file=sys.stderr)
        name = _enrolment_of(ctx, cohort, args.person).name
    if result.status == "waiting":
        where = f"waiting list no. {result.waiting_position}"
    else:
        where = STATUS[result.status].lower()
    print(f"{name} (person {args.person}) is on {cohort.name}: {where}")
    return 0


def cmd_withdraw(args) -> int:
    with command_context(args) as ctx:
        cohort = cohorts.find_cohort(ctx, args.cohort)
        row = _enrolment_of(ctx, cohort, args.person)
        if row.status == "withdrawn":
            raise UserError(f"{row.name} has already withdrawn from {cohort.name}; nothing changed.")
        # The version as read just above: a colleague's change in between is refused (one line, exit 1)
        promoted = enrolment.withdraw(ctx, row.id, expected_version=row.row_version)
        moved = next((r.name for r in enrolment.list_enrolments(ctx, cohort.id) if r.id == promoted), None)
    print(f"Withdrew {row.name} from {cohort.name}" + (f"; {moved} moved up from the waiting list" if moved else ""))
    return 0


def cmd_attend(args) -> int:
    with command_context(args) as ctx:
        cohort = cohorts.find_cohort(ctx, args.cohort)
        if not 1 <= args.session <= len(cohort.sessions):
            raise UserError(f"{cohort.name} has {len(cohort.sessions)} sessions; --session must be from 1 to "
                            f"{len(cohort.sessions)}." if cohort.sessions else f"{cohort.name} has no sessions yet.")
        row = _enrolment_of(ctx, cohort, args.person)
        status = enrolment.set_attendance(ctx, row.id, cohort.sessions[args.session - 1].id, not args.absent)
    attended = "absent" if args.absent else "attended"
    print(f"{row.name}, session {args.session}: {attended}; now {STATUS[status].lower()}")
    return 0


def cmd_override(args) -> int:
    with command_context(args) as ctx:
        cohort = cohorts.find_cohort(ctx, args.cohort)
        row = _enrolment_of(ctx, cohort, args.person)
        status = enrolment.override_completion(ctx, row.id, args.completed, args.reason,
                                               expected_version=row.row_version)
    print(f"{row.name} on {cohort.name}: now {STATUS[status].lower()}"
          + (" (by the programme's rule)" if args.completed is None else " (override)"))
    return 0


def find_programme(ctx, name: str) -> int:
    found = [p for p in programmes.list_programmes(ctx) if p.name.lower() == name.strip().lower()]
    if not found:
        raise UserError(f"There is no programme called {name!r}.")
    return found[0].id


def _enrolment_of(ctx, cohort, person: int):
    row = next((r for r in enrolment.list_enrolments(ctx, cohort.id) if r.person_id == person), None)
    if row is None:
        raise UserError(f"Person {person} is not on {cohort.name}.")
    return row
