"""report KIND ... -o FILE: the kinds are those the features register (services.reporting.registry)."""

from __future__ import annotations

from functools import partial

from sdm_desktop.commands import add_option, command_context, read_period
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.core.registry import option_values
from sdm_desktop.services.reporting.kinds import ReportKind
from sdm_desktop.services.reporting.registry import report_kinds


def register(sub, common) -> None:
    report = sub.add_parser("report", parents=[common], help="write a report as a Word document")
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    for kind in report_kinds().values():
        parser = kinds.add_parser(kind.name, parents=[common], help=kind.description)
        for option in kind.options:
            add_option(parser, option)
        parser.set_defaults(handler=partial(cmd_report, kind))


def cmd_report(kind: ReportKind, args) -> int:
    read_period(args)
    values = option_values(kind.options, args)
    if kind.draws_charts:
        values.chart_png = offscreen_chart_png()
    if kind.pdf_writer:
        values.write_pdf = offscreen_qt_function(kind.pdf_writer)
    with command_context(args, take_lock=False) as ctx:
        written = kind.write(ctx, values, ConsoleProgress())
    print(written)
    return 0

_KEEP: list = []


def offscreen_chart_png():
    """Charts for a report written from the command line: drawn with Qt offscreen (no window opens)."""
    return offscreen_qt_function("sdm_desktop.ui.common.charts:chart_png")


def offscreen_qt_function(target: str):
    """A drawing function of ui/ ("module:function") for a report written from the command line, with Qt
    offscreen (no window opens)."""
    import importlib

    from sdm_desktop.app import _application

    if not _KEEP:
        _KEEP.append(_application(offscreen=True))    # the application lives as long as the command
    module, function = target.split(":")
    return getattr(importlib.import_module(module), function)
