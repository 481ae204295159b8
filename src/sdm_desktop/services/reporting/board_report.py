"""`sdm-desktop report board`: the one-page board summary for a period, as a PDF the app lays out itself (one A4
page whatever the data) or as a Word document from the bundled, editable template (best effort on length)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sdm_desktop import paths
from sdm_desktop.errors import UserError
from sdm_desktop.letters.render import render_docx
from sdm_desktop.progress import Progress
from sdm_desktop.services.core.charts import ChartPng, put_charts_in_docx
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.registry import Option
from sdm_desktop.services.reach.suppression import NOTE
from sdm_desktop.services.reporting.board import BoardSummary, board_summary
from sdm_desktop.services.reporting.kinds import PERIOD_FROM, PERIOD_TO, TEMPLATE, ReportKind

TEMPLATE_NAME = "board_summary.docx"
CHART_MARK = "[[activity chart]]"
CHART_WIDTH_CM = 12
PDF_WRITER = "sdm_desktop.ui.reporting.board_pdf:write_board_pdf"
SUFFIXES = (".pdf", ".docx")
MOST_GAPS_IN_WORD = 6
LONGEST_ITEM = 160                   # characters of a "you said" or "we did" in Word (the PDF cuts to its line)

# (the summary, the file to write) -> nothing; draws with Qt, so it lives in ui/ and is handed in
WritePdf = Callable[[BoardSummary, Path], None]

OUTPUT = Option(("-o", "--output"), "output", "the file to write: a one-page PDF (.pdf) or a Word document (.docx)",
                metavar="FILE.pdf|FILE.docx", required=True)


def default_template() -> Path:
    return paths.templates_dir() / TEMPLATE_NAME


def check_output(output: Path) -> str:
    """The file's kind (".pdf" or ".docx"); a name, folder or permission that cannot work is one line."""
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"Cannot write the board summary to {output.name}: the file name must end in .pdf or .docx.")
    if output.is_dir():
        raise UserError(f"Cannot write {output}: that is a folder; give a file name ending in {suffix}.")
    if not output.parent.is_dir():
        raise UserError(f"Cannot write the board summary to {output}: the folder {output.parent} does not exist.")
    if not os.access(output.parent, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise UserError(f"Cannot write the board summary to {output}: permission denied.")
    return suffix


def shorten(text: str, limit: int = LONGEST_ITEM) -> str:
    """At most ``limit`` characters, cut at a word with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0] if " " in text[:limit - 1] else text[:limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def _d(value: date) -> str:
    return value.strftime("%d %b %Y")


def document_context(summary: BoardSummary, charts: bool) -> dict:
    gaps = [shorten(g.describe(), 110) for g in summary.gaps]
    shown = gaps[:MOST_GAPS_IN_WORD]
    return {
        "title": "Board summary", "programme": summary.programme, "period": summary.period_text,
        "period_from": _d(summary.period_from), "period_to": _d(summary.period_to),
        "previous_period": summary.before_text, "generated_on": _d(summary.made_on),
        "figures": [{"name": f.name, "now": f"{f.now:,}", "before": f"{f.before:,}", "change": f.change}
                    for f in summary.figures],
        "chart": CHART_MARK if charts else "",
        "chart_text": summary.activity_by_level.description(),
        "quadrants": [{"name": name, "count": f"{n:,}"} for name, n in summary.quadrants],
        "quadrant_total": f"{summary.quadrant_total:,}",
        "you_said": [{"said": shorten(y.said) or "(no summary)", "did": shorten(y.did), "on": _d(y.on)}
                     for y in summary.you_said],
        "you_said_more": f"and {summary.you_said_more:,} more in the period" if summary.you_said_more else "",
        "training": summary.training_text,
        "quintiles": [{"quintile": q, "count": n} for q, n in summary.reached_by_quintile],
        "suppression_note": NOTE,
        "overdue": summary.overdue_text, "gaps_text": summary.gaps_text, "gaps": shown,
        "gaps_more": f"and {len(gaps) - len(shown):,} more" if len(gaps) > len(shown) else "",
        "data_protection": summary.data_protection_text,
    }


def write_board_docx(summary: BoardSummary, output: Path, chart_png: ChartPng | None = None,
                     template: Path | None = None) -> Path:
    template = Path(template) if template else default_template()
    if not template.is_file():
        raise UserError(f"The board summary template {template} is missing.")

    def write(temp: Path) -> None:
        render_docx(template, document_context(summary, chart_png is not None), temp)
        if chart_png is not None:
            put_charts_in_docx(temp, {CHART_MARK: summary.activity_by_level}, chart_png, CHART_WIDTH_CM)

    return _all_or_nothing(output, write)


def _all_or_nothing(output: Path, write: Callable[[Path], None]) -> Path:
    """``write`` fills a temporary file beside ``output``, which then replaces it; nothing is left half-written,
    and a file system's refusal is one line."""
    temp = None
    try:
        handle, name = tempfile.mkstemp(prefix=".board-", suffix=output.suffix.lower(), dir=output.parent)
        os.close(handle)
        temp = Path(name)
        write(temp)
        os.replace(temp, output)
    except OSError as exc:
        raise UserError(f"Cannot write the board summary to {output}: {exc.strerror or exc}.") from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
    return output


def write_board_file(summary: BoardSummary, output: Path, write_pdf: WritePdf | None,
                     chart_png: ChartPng | None = None, template: Path | None = None) -> Path:
    """Write the summary as the file's name asks: all or nothing (a temporary file, then renamed)."""
    output = Path(output)
    suffix = check_output(output)
    if suffix == ".docx":
        return write_board_docx(summary, output, chart_png, template)
    if template:
        raise UserError("--template applies to a Word document (.docx) only.")
    if write_pdf is None:
        raise UserError("The PDF board summary is laid out by the app's drawing, which is not available here.")
    return _all_or_nothing(output, lambda temp: write_pdf(summary, temp))


def make_board_summary(ctx: AppContext, date_from: date, date_to: date, output: Path, write_pdf: WritePdf | None,
                       chart_png: ChartPng | None = None, template: Path | None = None,
                       progress: Progress | None = None) -> BoardSummary:
    """Count the figures and write the file (GUI and command line)."""
    check_output(Path(output))
    summary = board_summary(ctx, date_from, date_to, progress=progress)
    write_board_file(summary, Path(output), write_pdf, chart_png, template)
    return summary


def report_board(ctx: AppContext, options, progress: Progress) -> str:
    output = Path(options.output)
    summary = make_board_summary(ctx, options.date_from, options.date_to, output, getattr(options, "write_pdf", None),
                                 getattr(options, "chart_png", None),
                                 Path(options.template) if options.template else None, progress)
    figures = ", ".join(f"{f.now:,} {f.name.lower()}" for f in summary.figures[:3])
    return f"Board summary for {summary.period_text} written to {output}: {figures}."


REPORT_KINDS = (
    ReportKind("board", "a one-page board summary for a period: key figures against the period before, activity "
               "by level, the grid's quadrants, you said we did, training, reach by deprivation, risks (.pdf or "
               ".docx)", report_board, (PERIOD_FROM, PERIOD_TO, OUTPUT, TEMPLATE), draws_charts=True,
               pdf_writer=PDF_WRITER),
)
