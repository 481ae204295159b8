"""responses …: import, list, theme and code consultation responses."""

from __future__ import annotations

from sdm_desktop.commands.consultation import coding, importing


def register(sub, common) -> None:
    """Add the ``responses`` command; each module adds its actions, in the order ``responses --help`` lists them."""
    parser = sub.add_parser("responses", parents=[common],
                            help="consultation responses: import, list, themes and coding")
    inner = parser.add_subparsers(dest="responses_command", metavar="ACTION", required=True)
    for module in (importing, coding):
        module.add_commands(inner, common)
