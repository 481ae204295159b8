"""training …: set up programmes and cohorts, enrol and attend, documents and reach."""

from __future__ import annotations

from sdm_desktop.commands.training import documents, people, setup


def register(sub, common) -> None:
    """Add the ``training`` command; each module adds its actions, in the order ``training --help`` lists them."""
    parser = sub.add_parser("training", parents=[common],
                            help="cohorts, enrolment, attendance, certificates, letters and reach for training")
    inner = parser.add_subparsers(dest="training_command", metavar="ACTION", required=True)
    for module in (documents, people, setup):
        module.add_commands(inner, common)
