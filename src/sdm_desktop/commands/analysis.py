"""analysis grid | assess | rounds | add-round | coverage | gaps."""

from __future__ import annotations

from pathlib import Path

from sdm_desktop.commands import command_context, day, record_id
from sdm_desktop.errors import UserError
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.analysis import assessments, coverage
from sdm_desktop.services.analysis.export import check_names
from sdm_desktop.services.analysis.grid import GridFilter, grid_data, stakeholders
from sdm_desktop.services.core.text import counted
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.core.vocab import ATTITUDES, COMMITMENT_LEVELS, IAP2_LEVELS, PPE_LEVELS, codes
from sdm_desktop.services.exporting.tables import write_table


def register(sub, common) -> None:
    parser = sub.add_parser("analysis", parents=[common],
                            help="stakeholder analysis: grid, assessments, coverage, gaps")
    inner = parser.add_subparsers(dest="analysis_command", metavar="ACTION", required=True)

    grid = inner.add_parser("grid", parents=[common], help="save the power/interest grid as PNG or PDF")
    grid.add_argument("-o", "--output", required=True, metavar="FILE.png|FILE.pdf",
                      help="the picture (.png) or a one-page landscape PDF (.pdf) to write")
    grid.add_argument("--round", metavar="NAME", help="show this analysis round (default: latest of each)")
    grid.add_argument("--compare", metavar="NAME", help="draw arrows from this earlier round's positions")
    grid.add_argument("--page", choices=["A4", "A3"], default="A4", help="PDF page size, landscape (default A4)")
    _filter_options(grid)
    grid.set_defaults(handler=cmd_grid)

    assess = inner.add_parser("assess", parents=[common], help="record a dated assessment of a group or person")
    who = assess.add_mutually_exclusive_group(required=True)
    who.add_argument("--organisation", type=record_id("organisation"), metavar="ID",
                     help="the group or organisation assessed (its id)")
    who.add_argument("--person", type=record_id("person"), metavar="ID", help="the person assessed (their id)")
    # scores are checked by the service, so a 7 or "high" is one clear line and exit 1, like other bad values
    assess.add_argument("--influence", required=True, metavar="1-5", help="influence (power), 1 low to 5 high")
    assess.add_argument("--interest", required=True, metavar="1-5", help="interest in shared decision making, 1 to 5")
    assess.add_argument("--attitude", choices=codes(ATTITUDES), help="attitude to shared decision making")
    assess.add_argument("--involvement", choices=codes(IAP2_LEVELS), help="current IAP2 level")
    assess.add_argument("--involvement-target", choices=codes(IAP2_LEVELS), help="the IAP2 level aimed for")
    assess.add_argument("--commitment", choices=codes(COMMITMENT_LEVELS), help="current commitment")
    assess.add_argument("--commitment-target", choices=codes(COMMITMENT_LEVELS), help="the commitment aimed for")
    assess.add_argument("--round", metavar="NAME", help="the analysis round it belongs to (default: none)")
    assess.add_argument("--date", type=day, metavar="YYYY-MM-DD", help="the assessment's date (default today)")
    assess.add_argument("--rationale", metavar="TEXT", help="why these scores")
    assess.add_argument("--by", metavar="NAME", help="who assessed (default: your user name)")
    assess.set_defaults(handler=cmd_assess)

    rounds = inner.add_parser("rounds", parents=[common], help="list the analysis rounds")
    rounds.set_defaults(handler=cmd_rounds)
    add_round = inner.add_parser("add-round", parents=[common], help="start a new analysis round")
    add_round.add_argument("name", metavar="NAME", help='the round\'s name, e.g. "Six-month review September 2026"')
    add_round.add_argument("--date", type=day, metavar="YYYY-MM-DD", help="when the round is held (default: no date)")
    add_round.set_defaults(handler=cmd_add_round)

    cov = inner.add_parser("coverage", parents=[common], help="coverage of the three engagement levels by type")
    cov.add_argument("--from", dest="start", type=day, metavar="YYYY-MM-DD", help="default a year ago")
    cov.add_argument("--to", dest="end", type=day, metavar="YYYY-MM-DD", help="default today")
    cov.add_argument("-o", "--output", metavar="FILE.csv|FILE.xlsx", help="save instead of printing")
    cov.set_defaults(handler=cmd_coverage)

    gaps = inner.add_parser("gaps", parents=[common], help="who to work on next: target above current")
    gaps.add_argument("--round", metavar="NAME", help="only assessments of this round (default: latest of each)")
    gaps.add_argument("-o", "--output", metavar="FILE.csv|FILE.xlsx", help="save instead of printing")
    _filter_options(gaps)
    gaps.set_defaults(handler=cmd_gaps)


def _filter_options(parser) -> None:
    parser.add_argument("--type", metavar="TYPE", help='organisation type, or "Person" for people')
    parser.add_argument("--tag", help="only stakeholders with this tag")
    parser.add_argument("--ppe-level", choices=codes(PPE_LEVELS), help="only groups at this level of engagement")
    parser.add_argument("--attitude", choices=codes(ATTITUDES), help="only stakeholders with this attitude")


def _filter(args, ctx) -> GridFilter:
    check_names(ctx, args.type, args.tag)
    return GridFilter(org_type=args.type, tag=args.tag, ppe_level=args.ppe_level, attitude=args.attitude)


def cmd_grid(args) -> int:
    output = Path(args.output)
    if output.suffix.lower() not in (".png", ".pdf"):
        raise UserError(f"Cannot save the grid as {output.name}: the file name must end in .png or .pdf.")
    with command_context(args, take_lock=False) as ctx:
        data = grid_data(ctx, args.round, args.compare, _filter(args, ctx))
    from sdm_desktop.app import _application
    _app = _application(offscreen=True)
    from sdm_desktop.ui.analysis.grid_export import save_grid
    from sdm_desktop.ui.analysis.grid_scene import PowerGridScene
    scene = PowerGridScene()
    scene.show_points(data.points, data.comparison, data.shapes)
    save_grid(scene, output, data.title, data.subtitle, args.page)
    moved = ""
    if data.comparison:
        moved = f", {len(data.comparison.moved)} moved ({len(scene.arrows)} drawn as arrows"
        moved += f", {scene.arrows_in_clusters} inside “+N more”)" if scene.arrows_in_clusters else ")"
    print(f"Grid of {stakeholders(len(data.points))}{moved} written to {output}")
    return 0


def cmd_assess(args) -> int:
    from sdm_desktop.services.analysis.assessments import ORGANISATION, PERSON, AssessmentInput, Subject
    subject = Subject(ORGANISATION, args.organisation) if args.organisation else Subject(PERSON, args.person)
    data = AssessmentInput(subject=subject, influence=args.influence, interest=args.interest,
                           assessed_on=args.date, round_name=args.round, attitude=args.attitude,
                           involvement_current=args.involvement, involvement_target=args.involvement_target,
                           commitment_current=args.commitment, commitment_target=args.commitment_target,
                           rationale=args.rationale, assessed_by=args.by)
    with command_context(args) as ctx:
        try:
            new_id = assessments.create_assessment(ctx, data, undoable=False)
        except ValidationError as exc:
            raise UserError(f"The assessment was not recorded: {exc}") from None
    print(f"Assessment {new_id} recorded.")
    return 0


def cmd_rounds(args) -> int:
    with command_context(args, take_lock=False) as ctx:
        rounds = assessments.list_rounds(ctx)
    if not rounds:
        print("No analysis rounds yet.")
    for r in rounds:
        held = r.held_on.isoformat() if r.held_on else "no date"
        print(f"{r.name}\t{held}\t{counted(r.assessment_count, 'assessment')}")
    return 0


def cmd_add_round(args) -> int:
    with command_context(args) as ctx:
        try:
            assessments.create_round(ctx, args.name, args.date)
        except ValidationError as exc:
            raise UserError(f"The round was not added: {exc}") from None
    print(f"Round {args.name!r} added.")
    return 0


def cmd_coverage(args) -> int:
    with command_context(args, take_lock=False) as ctx:
        matrix = coverage.coverage_matrix(ctx, args.start, args.end)
    table = coverage.coverage_table(matrix)
    if args.output:
        count = write_table(table, Path(args.output), ConsoleProgress())
        print(f"Exported {count} coverage rows to {args.output}")
        return 0
    print(f"Coverage {matrix.start} to {matrix.end}: groups engaged of those that can contribute "
          "('!' marks a weak or empty cell)")
    levels = coverage.LEVELS
    print(f"{'Type':46} " + " ".join(f"{lv:>34}" for lv in levels))
    for t in matrix.types:
        cells = [matrix.cell(t, lv) for lv in levels]
        print(f"{t[:46]:46} " + " ".join(f"{('! ' if c.weak else '') + c.text:>34}" for c in cells))
    print(f"{'All types':46} " + " ".join(f"{matrix.totals(lv).text:>34}" for lv in levels))
    if any(matrix.cell(t, lv).engaged_other for t in matrix.types for lv in levels):
        print("'+N other': groups engaged at that level although their record does not say they can contribute to it.")
    return 0


def cmd_gaps(args) -> int:
    with command_context(args, take_lock=False) as ctx:
        gaps = coverage.gap_list(ctx, args.round, _filter(args, ctx))
    table = coverage.gaps_table(gaps)
    if args.output:
        count = write_table(table, Path(args.output), ConsoleProgress())
        print(f"Exported {counted(count, 'gap')} to {args.output}")
        return 0
    if not gaps:
        print("No gaps: nobody's target involvement or commitment is above the current one.")
    for row in table.rows:
        print(f"{row[0]:>3}. {row[1]} ({row[2]}) — gap {row[10]}, influence {row[3]}: "
              f"involvement {row[6] or '—'} → {row[7] or '—'}, commitment {row[8] or '—'} → {row[9] or '—'}")
    return 0
