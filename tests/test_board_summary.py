"""The one-page board summary: its figures against hand-made data, the PDF is one A4 page for an empty database,
the sample data and a large generated one, the Word version holds the figures, the command line's exit codes,
and File → Board summary… writes it."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime

import pytest
from sqlalchemy import update

from board_helpers import PERIOD, build_large
from helpers import make_org, make_person
from sdm_desktop.cli import main
from sdm_desktop.db.models import (
    Activity,
    ActivityTarget,
    Assessment,
    AuditEvent,
    Cohort,
    EngagementPlan,
    Enrolment,
    Interaction,
    Letter,
    Organisation,
    Person,
    Programme,
)
from sdm_desktop.services.privacy.retention import retention_review
from sdm_desktop.services.reporting.board import board_summary, previous_period
from sdm_desktop.services.reporting.board_report import make_board_summary

TODAY = date(2026, 7, 1)
Q1, Q3 = "Quintile 1 (most deprived)", "Quintile 3"


def page_count(path) -> int:
    """From the PDF itself (its page objects), and from poppler's pdfinfo where it is installed."""
    data = path.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == pages
    return pages


def pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def build_programme(ctx) -> dict[str, int]:
    """Eight people engaged in April to June 2026 (two before it); see each count in the test."""
    o1 = make_org(ctx, "Vale NHS Trust", org_type="NHS trust", ppe_individual=True)
    o2 = make_org(ctx, "Vale Healthwatch", org_type="Healthwatch", ppe_individual=True)
    o3 = make_org(ctx, "Old group", org_type="Healthwatch")
    p = {n: make_person(ctx, f"Person{n}") for n in range(1, 11)}
    deciles = {1: 1, 2: 2, 3: 1, 4: 2, 5: 1, 6: 2, 7: 5, 8: None}
    with ctx.session() as s:
        for n, decile in deciles.items():
            s.execute(update(Person).where(Person.id == p[n]).values(imd_decile=decile))
        plan = EngagementPlan(title="Plan")
        s.add(plan)
        s.flush()

        def activity(level, status, day, *targets):
            a = Activity(plan_id=plan.id, title=f"{level} {status} {day}", ppe_level=level, status=status,
                         planned_date=day)
            s.add(a)
            s.flush()
            for kind, target in targets:
                s.add(ActivityTarget(activity_id=a.id, **{kind: target}))

        activity("individual", "done", date(2026, 4, 10), ("person_id", p[1]), ("organisation_id", o1))
        activity("service", "in_progress", date(2026, 5, 5), ("person_id", p[8]))
        activity("community", "planned", date(2026, 5, 6), ("person_id", p[9]))       # not held
        activity("service", "cancelled", date(2026, 5, 7))
        activity(None, "done", date(2026, 6, 1))
        activity("individual", "done", date(2026, 2, 1), ("person_id", p[10]))          # the period before

        def interaction(day, person, **fields):
            s.add(Interaction(occurred_on=day, person_id=person, summary=fields.pop("summary", "Talked"), **fields))

        for day, person, did in ((date(2026, 4, 2), 2, "Moved sessions to 6pm"),
                                 (date(2026, 4, 20), 3, "Large print leaflet"),
                                 (date(2026, 5, 15), 4, "Parking refunded"),
                                 (date(2026, 6, 10), 5, "Added a hearing loop")):
            interaction(day, p[person], is_feedback=True, change_made=did, summary=f"Said {person}")
        interaction(date(2026, 4, 3), p[6], is_feedback=True)
        interaction(date(2026, 5, 1), p[7], action="Send notes", due_on=date(2026, 5, 20))
        interaction(date(2026, 3, 1), p[9], is_feedback=True)                           # the period before
        programme = Programme(name="SDM skills")
        s.add(programme)
        s.flush()
        cohort = Cohort(programme_id=programme.id, name="C1")
        s.add(cohort)
        s.flush()
        for person, day, trainer in ((1, date(2026, 5, 1), p[9]), (2, date(2026, 6, 1), None),
                                     (3, date(2026, 1, 10), None)):
            s.add(Enrolment(cohort_id=cohort.id, person_id=p[person], status="completed", completed_on=day,
                            trained_by_person_id=trainer))
        for when in (datetime(2026, 4, 5, 9), datetime(2026, 6, 30, 23), datetime(2026, 3, 5, 9)):
            s.add(Letter(person_id=p[1], template_name="Thanks", created_at=when))
        for code, infl, inter, day in (("o1", 5, 5, date(2026, 3, 1)), ("o2", 5, 5, date(2026, 1, 1)),
                                       ("o2", 1, 1, date(2026, 3, 1)), ("o3", 4, 4, date(2026, 3, 1))):
            s.add(Assessment(organisation_id={"o1": o1, "o2": o2, "o3": o3}[code], influence=infl, interest=inter,
                             assessed_on=day))
        s.add(Assessment(person_id=p[1], influence=4, interest=2, assessed_on=date(2026, 3, 1)))
        for action, day in (("keep after retention review", 10), ("keep after retention review", 11),
                            ("undo keep after retention review", 12), ("erase", 13)):
            s.add(AuditEvent(action=action, entity="person", entity_id=p[10], at=datetime(2026, 5, day, 12)))
        s.execute(update(Organisation).where(Organisation.id == o3).values(archived_at=datetime(2026, 3, 2)))
    return p


def test_the_figures_match_hand_made_data(ctx):
    build_programme(ctx)
    summary = board_summary(ctx, *PERIOD, today=TODAY)
    assert (summary.before_from, summary.before_to) == (date(2026, 1, 1), date(2026, 3, 31))   # the quarter before
    figures = {f.name: (f.now, f.before) for f in summary.figures}
    assert figures == {"Engagement activities held": (3, 1), "People reached": (8, 2), "Interactions logged": (6, 1),
                       "Feedback received": (5, 1), "Changes made in response": (4, 0), "People trained": (2, 1),
                       "Letters written": (2, 1)}
    assert summary.figures[0].change == "+2 on the period before"
    assert [(b.label, b.value) for b in summary.activity_by_level.bars] == [
        ("Individual care", 1.0), ("Service design and evaluation", 1.0),
        ("Community prioritisation and planning", 0.0), ("Level not set", 1.0)]
    assert summary.quadrants == [("Manage closely", 1), ("Keep satisfied", 1), ("Keep informed", 0), ("Monitor", 1)]
    assert [(y.did, y.on) for y in summary.you_said] == [("Added a hearing loop", date(2026, 6, 10)),
                                                          ("Parking refunded", date(2026, 5, 15)),
                                                          ("Large print leaflet", date(2026, 4, 20))]
    assert summary.you_said[0].said == "Said 5" and summary.you_said_more == 1
    assert (summary.trained, summary.trained_by_cascade, summary.trained_ever) == (2, 1, 3)
    assert dict(summary.reached_by_quintile) == {Q1: "6", "Quintile 2": "0", Q3: "<5", "Quintile 4": "0",
                                                 "Quintile 5 (least deprived)": "0", "Not recorded": "<5"}
    assert summary.overdue == 1 and summary.overdue_text == "1 follow-up action is overdue."
    gaps = {(g.org_type, g.level) for g in summary.gaps}
    assert ("Healthwatch", "Individual care") in gaps            # Vale Healthwatch can contribute, not engaged
    assert ("NHS trust", "Individual care") not in gaps          # Vale NHS Trust was a target at that level
    assert not any(g.org_type == "GP practice" for g in summary.gaps)    # no GP practice in the register
    assert (summary.retention_kept, summary.erased) == (1, 1)
    assert summary.retention_due == len(retention_review(ctx, today=TODAY))
    assert "2 retention review decisions in the period (1 kept for another year, 1 erased)" in \
        summary.data_protection_text


def test_the_period_before_has_the_same_length():
    assert previous_period(date(2026, 4, 1), date(2026, 6, 30)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert previous_period(date(2026, 1, 1), date(2026, 12, 31)) == (date(2025, 1, 1), date(2025, 12, 31))
    assert previous_period(date(2026, 3, 1), date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert previous_period(date(2026, 4, 10), date(2026, 4, 19)) == (date(2026, 3, 31), date(2026, 4, 9))


def test_a_period_that_ends_before_it_starts_is_refused(ctx):
    from sdm_desktop.errors import UserError

    with pytest.raises(UserError, match="ends"):
        board_summary(ctx, date(2026, 6, 30), date(2026, 4, 1))


@pytest.mark.parametrize("data", ["empty", "demo", "large"])
def test_the_pdf_is_one_a4_page_whatever_the_data(request, data, tmp_path, qapp):
    from sdm_desktop.ui.common.charts import chart_png
    from sdm_desktop.ui.reporting.board_pdf import MARGIN, PAGE_H, write_board_pdf

    ctx = request.getfixturevalue("demo_ctx" if data == "demo" else "ctx")
    if data == "large":
        build_large(ctx)
    period = (date(2026, 1, 1), date(2026, 12, 31)) if data == "demo" else PERIOD
    out = tmp_path / "board.pdf"
    ends = []

    def write_pdf(summary, path):
        from PySide6.QtGui import QImage, QPainter

        image = QImage(595, 842, QImage.Format.Format_RGB32)       # the same layout at 1 dot per point
        painter = QPainter(image)
        from sdm_desktop.ui.reporting.board_pdf import paint_board
        ends.append(paint_board(painter, summary, 1.0))
        painter.end()
        write_board_pdf(summary, path)

    summary = make_board_summary(ctx, *period, out, write_pdf, chart_png)
    assert page_count(out) == 1
    assert ends[0] <= PAGE_H - MARGIN - 10                          # above the footer line
    text = pdf_text(out)
    assert "Board summary: " + summary.period_text in text
    assert f"{summary.figures[0].now:,}" in text and "Who was reached, by deprivation" in text
    if data == "large":
        assert "and 71 more in the period" in text and "more (see Analysis" in text
        assert "…" in text                                            # long names cut, not overflowing


def test_the_word_version_holds_the_figures_and_the_chart(ctx, tmp_path):
    from docx import Document

    build_programme(ctx)
    out = tmp_path / "board.docx"
    assert main(["--data-dir", str(ctx.data_dir), "report", "board", "--from", "2026-04-01", "--to", "2026-06-30",
                 "-o", str(out)]) == 0
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Engagement activities held", "3", "1", "+2 on the period before"] in cells
    assert ["Changes made in response", "4", "0", "+4 on the period before"] in cells
    assert "Board summary: 01 Apr 2026 to 30 Jun 2026" in text and "Added a hearing loop" in text
    assert "and 1 more in the period" in text and "Quintile 3: <5" in text and "Quintile 1 (most deprived): 6" in text
    assert "Manage closely 1; Keep satisfied 1; Keep informed 0; Monitor 1" in text
    assert "1 follow-up action is overdue." in text and "[[activity chart]]" not in text
    assert len(document.inline_shapes) == 1
    assert 'descr="Engagement activities held, by level. Individual care: activities 1;' in \
        document.element.xml.replace("&#8217;", "'")


def test_the_command_line_says_one_line_and_exits_1_on_bad_input(ctx, tmp_path, capsys):
    base = ["--data-dir", str(ctx.data_dir), "report", "board"]
    good = tmp_path / "board.pdf"
    cases = [(["--from", "2026-06-30", "--to", "2026-04-01", "-o", str(good)], "ends"),
             (["--from", "2026-13-01", "--to", "2026-04-01", "-o", str(good)], "--from"),
             (["--from", "2026-04-01", "--to", "2026-06-30", "-o", str(tmp_path / "no" / "b.pdf")], "does not exist"),
             (["--from", "2026-04-01", "--to", "2026-06-30", "-o", str(tmp_path / "b.txt")], ".pdf or .docx"),
             (["--from", "2026-04-01", "--to", "2026-06-30", "-o", str(tmp_path / "folder.pdf")], "is a folder")]
    (tmp_path / "folder.pdf").mkdir()
    for args, words in cases:
        assert main([*base, *args]) == 1
        err = capsys.readouterr().err.strip()
        assert words in err and len(err.splitlines()) == 1
    assert not good.exists()
    assert main([*base, "--from", "2026-04-01", "--to", "2026-06-30", "-o", str(good)]) == 0
    assert "Board summary for 01 Apr 2026 to 30 Jun 2026 written to" in capsys.readouterr().out
    assert page_count(good) == 1 and not list(tmp_path.glob(".board-*"))


def test_file_menu_board_summary_asks_for_the_period_and_writes_the_file(window, tmp_path, answer_prompts):
    from sdm_desktop.ui.navigation import VIEWS
    from sdm_desktop.ui.reporting.board_dialog import BoardSummaryDialog

    told = answer_prompts()
    assert "board summary" in window.named_actions
    assert any(item.window_action == "board summary" for item in VIEWS[0].toolbar)
    dialog = BoardSummaryDialog(window.env, window, today=date(2026, 8, 15))
    assert dialog.period() == (date(2026, 4, 1), date(2026, 6, 30))          # the last full quarter
    assert dialog.file.text().endswith("board summary 2026-04-01 to 2026-06-30.pdf")
    dialog.preset.setCurrentText("Last 12 months")
    assert dialog.period() == (date(2025, 8, 16), date(2026, 8, 15))
    target = tmp_path / "board.pdf"
    dialog.file.setText(str(target))
    dialog.accept()
    assert page_count(target) == 1
    assert told and "written to" in told[-1]
    dialog = BoardSummaryDialog(window.env, window, today=date(2026, 8, 15))
    dialog.file.setText(str(tmp_path / "board.odt"))
    dialog.accept()
    assert ".pdf or .docx" in told[-1] and dialog.result() == 0 and not (tmp_path / "board.odt").exists()
