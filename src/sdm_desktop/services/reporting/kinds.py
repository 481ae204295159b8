"""What a report kind is (a name, one line saying what it holds, the options it takes, how it is written),
and the options reports share: the period, the Word document to write, another template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sdm_desktop.progress import Progress
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.registry import Option

# (ctx, the values of the kind's options by dest, progress) -> one line saying what was written
WriteReport = Callable[[AppContext, Any, Progress], str]


@dataclass(frozen=True)
class ReportKind:
    """``sdm-desktop report NAME``: the report ``write`` produces from ``options``."""

    name: str
    description: str
    write: WriteReport
    options: tuple[Option, ...] = ()
    # The report has charts: the command line hands ``write`` a ``chart_png`` (services/core/charts.py) among the
    # options, drawn offscreen by ui/common/charts (services never import Qt).
    draws_charts: bool = False
    # The report can be laid out as a PDF by the app itself: "module:function" of a writer in ui/ (Qt), which
    # the command line imports lazily and hands ``write`` as the option ``write_pdf`` (services never import Qt).
    pdf_writer: str = ""


PERIOD_FROM = Option(("--from",), "date_from", "first day of the period, YYYY-MM-DD", metavar="DATE", required=True)
PERIOD_TO = Option(("--to",), "date_to", "last day of the period, YYYY-MM-DD", metavar="DATE", required=True)
WORD_OUTPUT = Option(("-o", "--output"), "output", "the Word document to write", metavar="FILE.docx", required=True)
TEMPLATE = Option(("--template",), "template", "use this template instead of the bundled one",
                  metavar="TEMPLATE.docx")
