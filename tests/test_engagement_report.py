"""The engagement report (Word, from the bundled template) and the activities/interactions exports."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from helpers import make_org, make_person
from sdm_desktop.cli import main
from sdm_desktop.services.engagement import activities as act
from sdm_desktop.services.engagement import interactions as inter
from sdm_desktop.services.engagement import plans as eng
from sdm_desktop.services.engagement.report import write_engagement_report

START, END = date(2026, 1, 1), date(2026, 3, 31)


def seed(ctx):
    org = make_org(ctx, "Riverside PPG")
    other = make_org(ctx, "Hilltop Carers", org_type="Carers' group")
    ok = make_person(ctx, "Visible", "Vera", consent_contact=True)
    hidden = make_person(ctx, "Hidden", "Hal", consent_contact=False)
    plan = eng.create_plan(ctx, eng.PlanInput(title="Plan", ppe_individual=True, ppe_service=True))
    new = lambda title, level, when, status="done", **k: act.create_activity(  # noqa: E731
        ctx, plan, act.ActivityInput(title=title, ppe_level=level, planned_date=when, status=status, **k))
    a1 = new("Workshop", "individual", date(2026, 2, 1), cost_pence=10000, involvement_payments_pence=5000,
             targets=[act.TargetRef("organisation", org)])
    new("Focus group", "service", date(2026, 3, 1), expenses_pence=1240, targets=[act.TargetRef("person", ok)])
    new("Survey", "service", date(2026, 3, 31), status="planned", budget_pence=20000)
    new("Outside the period", "community", date(2026, 4, 1), cost_pence=99999)
    said = inter.create_interaction(ctx, inter.InteractionInput(
        occurred_on=date(2026, 2, 2), direction="in", summary="Too much jargon", is_feedback=True,
        organisation_id=other, activity_id=a1))
    told = inter.create_interaction(ctx, inter.InteractionInput(
        occurred_on=date(2026, 3, 2), direction="out", summary="We rewrote it", organisation_id=other))
    inter.record_we_did(ctx, said, "Plain-English letters", told)
    inter.create_interaction(ctx, inter.InteractionInput(
        occurred_on=date(2026, 3, 3), summary="Call", person_id=hidden, action="Send the notes",
        due_on=date(2026, 3, 5), action_owner="Tom"))
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=date(2025, 12, 1), summary="Before", person_id=ok))


def doc_text(path) -> tuple[str, list[list[list[str]]]]:
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return text, tables


def test_report_figures_match_the_data(ctx, tmp_path):
    seed(ctx)
    out = tmp_path / "report.docx"
    summary = write_engagement_report(ctx, START, END, out, today=date(2026, 4, 2))
    assert (summary.activities, summary.interactions, summary.feedback, summary.open_actions) == (3, 3, 1, 1)
    text, tables = doc_text(out)
    assert "Period: 01 Jan 2026 to 31 Mar 2026" in text
    figures = dict((row[0], row[1]) for row in tables[0])
    assert figures["Activities in the period"] == "3"
    assert figures["Activities done"] == "2"
    assert figures["Interactions logged"] == "3"
    # reached: Riverside (activity target), Hilltop (interactions); Vera (target) and Hal (interaction)
    assert figures["Stakeholders reached"] == "4 (2 groups, 2 people)"
    assert figures["Feedback received"] == "1 (1 with the loop closed)"
    assert figures["Open follow-up actions"] == "1 (1 overdue)"
    levels = {row[0]: row[1:] for row in tables[1][1:]}
    assert levels["Individual care"] == ["1", "1", "1", "£150.00"]
    assert levels["Service design and evaluation"] == ["2", "1", "0", "£12.40"]
    assert levels["Community prioritisation and planning"] == ["0", "0", "0", "£0.00"]
    assert [row[1] for row in tables[2][1:]] == ["Workshop", "Focus group", "Survey"]
    money = dict((row[0], row[1]) for row in tables[3])
    assert (money["Budget"], money["Total spent"], money["Budget remaining"]) == ("£200.00", "£162.40", "£37.60")
    assert money["Involvement payments to patient representatives"] == "£50.00"
    feedback = tables[5][1]
    assert feedback[2:] == ["Too much jargon", "Plain-English letters", "02 Mar 2026"]
    actions = tables[6][1]
    assert actions[1] == "Send the notes" and actions[4] == "Overdue"
    assert "withheld" in actions[3]          # Hal has not consented: his name stays out


def test_report_command_writes_the_document(data_dir, ctx, tmp_path, capsys):
    seed(ctx)
    ctx.close()
    out = tmp_path / "r.docx"
    code = main(["--data-dir", str(data_dir), "report", "engagement", "--from", "2026-01-01", "--to", "2026-03-31",
                 "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "3 activities" in capsys.readouterr().out
    assert doc_text(out)[1][0][0] == ["Activities in the period", "3"]


def test_report_command_refuses_a_reversed_period_and_a_bad_suffix(data_dir, tmp_path, capsys):
    code = main(["--data-dir", str(data_dir), "report", "engagement", "--from", "2026-03-01", "--to", "2026-01-01",
                 "-o", str(tmp_path / "r.docx")])
    assert code == 1 and "before it starts" in capsys.readouterr().err
    code = main(["--data-dir", str(data_dir), "report", "engagement", "--from", "2026-01-01", "--to", "2026-03-01",
                 "-o", str(tmp_path / "r.pdf")])
    assert code == 1 and ".docx" in capsys.readouterr().err
    assert not list(tmp_path.glob("r.*"))


def test_a_broken_template_gives_one_clear_message_and_no_file(ctx, tmp_path):
    import pytest

    from sdm_desktop.errors import UserError
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(UserError, match="bad.docx"):
        write_engagement_report(ctx, START, END, tmp_path / "out.docx", template=bad)
    assert not (tmp_path / "out.docx").exists()


def test_export_interactions_withholds_names_without_consent(data_dir, ctx, tmp_path, capsys):
    seed(ctx)
    ctx.close()
    out = tmp_path / "i.csv"
    assert main(["--data-dir", str(data_dir), "export", "interactions", "-o", str(out)]) == 0
    assert "1 name of a person who is marked do not contact or has not consented was withheld" in \
        capsys.readouterr().err
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [r["summary"] for r in rows] == ["Before", "Too much jargon", "We rewrote it", "Call"]
    assert rows[3]["person"].startswith("(name withheld")
    assert rows[0]["person"] == "Vera Visible"
    assert rows[1]["change_made"] == "Plain-English letters"
    assert main(["--data-dir", str(data_dir), "export", "interactions", "-o", str(out), "--include-no-contact",
                 "--from", "2026-03-03", "--to", "2026-03-03"]) == 0
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [r["person"] for r in rows] == ["Hal Hidden"]


def test_export_activities_to_xlsx_with_money_in_pounds(data_dir, ctx, tmp_path, capsys):
    from openpyxl import load_workbook
    seed(ctx)
    ctx.close()
    out = tmp_path / "a.xlsx"
    assert main(["--data-dir", str(data_dir), "export", "activities", "-o", str(out)]) == 0
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    first = dict(zip(header, rows[1], strict=False))
    assert (first["title"], first["cost_gbp"], first["involvement_payments_gbp"], first["total_spent_gbp"]) == (
        "Workshop", 100, 50, 150)
    assert len(rows) == 5


def test_report_command_usage_errors_exit_2(data_dir, capsys):
    import pytest
    for argv in (["report"], ["report", "engagement", "--from", "2026-01-01", "-o", "x.docx"]):
        with pytest.raises(SystemExit) as exit_:
            main(["--data-dir", str(data_dir), *argv])
        assert exit_.value.code == 2


@pytest.mark.parametrize("argv", [
    ["report", "engagement", "--from", "1 Jan", "--to", "2026-02-01", "-o", "{out}.docx"],
    ["report", "engagement", "--from", "2026-01-01", "--to", "2026-02-30", "-o", "{out}.docx"],
    ["export", "interactions", "--from", "2026-13-01", "-o", "{out}.csv"],
    ["export", "activities", "--to", "yesterday", "-o", "{out}.xlsx"],
])
def test_a_bad_date_is_one_clear_line_exit_1_and_nothing_written(data_dir, tmp_path, capsys, argv):
    code = main(["--data-dir", str(data_dir), *[a.format(out=tmp_path / "out") for a in argv]])
    err = capsys.readouterr().err
    assert code == 1
    assert "is not a date like 2026-04-01" in err and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("out*"))


@pytest.mark.parametrize("kind", ["activities", "interactions"])
def test_export_refuses_a_period_that_ends_before_it_starts(data_dir, tmp_path, capsys, kind):
    code = main(["--data-dir", str(data_dir), "export", kind, "--from", "2026-03-01", "--to", "2026-01-01",
                 "-o", str(tmp_path / "out.csv")])
    assert code == 1 and "before it starts" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("argv", [
    ["report", "engagement", "--from", "2026-01-01", "--to", "2026-03-31", "-o", "{out}.docx"],
    ["export", "interactions", "-o", "{out}.csv"],
    ["export", "activities", "-o", "{out}.xlsx"],
])
def test_an_unwritable_output_is_one_clear_line_and_leaves_nothing(data_dir, ctx, tmp_path, capsys, argv):
    seed(ctx)
    ctx.close()
    folder = tmp_path / "out"
    folder.mkdir()
    argv = [a.format(out=folder / "taken") for a in argv]
    Path(argv[-1]).mkdir()              # a folder where the file should go: cannot be replaced by a file
    code = main(["--data-dir", str(data_dir), *argv])
    err = capsys.readouterr().err
    assert code == 1
    assert "Cannot" in err and "taken" in err and "unexpected" not in err and len(err.strip().splitlines()) == 1
    assert [p.name for p in folder.iterdir()] == ["taken" + Path(argv[-1]).suffix]


def test_a_template_that_is_not_a_word_document_is_named_as_such(data_dir, tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    code = main(["--data-dir", str(data_dir), "report", "engagement", "--from", "2026-01-01", "--to", "2026-03-31",
                 "-o", str(tmp_path / "out.docx"), "--template", str(bad)])
    assert code == 1 and "Cannot use the template bad.docx: the Word file is damaged" in capsys.readouterr().err
    assert not (tmp_path / "out.docx").exists()


def test_long_report_tables_repeat_their_column_headings_on_every_page(ctx, tmp_path):
    from docx.oxml.ns import qn
    seed(ctx)
    out = tmp_path / "report.docx"
    write_engagement_report(ctx, START, END, out, today=date(2026, 4, 2))
    doc = Document(str(out))
    listed = [t for t in doc.tables if len(t.columns) > 2 or t.cell(0, 0).text == "Group or organisation"]
    assert len(listed) == 5                 # levels, activities, organisations, feedback, actions
    for table in listed:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None, table.cell(0, 0).text
    assert "Activities in the period" in [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def test_export_activities_at_one_level_of_engagement(data_dir, ctx, tmp_path):
    seed(ctx)
    ctx.close()
    out = tmp_path / "a.csv"
    assert main(["--data-dir", str(data_dir), "export", "activities", "--ppe-level", "service", "-o", str(out)]) == 0
    with open(out, encoding="utf-8-sig") as f:
        assert [r["title"] for r in csv.DictReader(f)] == ["Focus group", "Survey"]


def test_a_report_for_an_empty_period_says_so_instead_of_showing_empty_tables(ctx, tmp_path):
    seed(ctx)
    out = tmp_path / "empty.docx"
    summary = write_engagement_report(ctx, date(2020, 1, 1), date(2020, 1, 31), out, today=date(2026, 4, 2))
    assert (summary.activities, summary.interactions, summary.feedback, summary.open_actions) == (0, 0, 0, 0)
    text, tables = doc_text(out)
    assert "covers 0 engagement activities and 0 logged interactions" in text
    assert "No activities were planned in this period." in text
    assert "No feedback was logged in this period." in text
    assert "No follow-up actions are open." in text
    assert "{%" not in text
    headings = [table[0][0] for table in tables]
    assert headings == ["Activities in the period", "Level", "Budget"]     # summary, levels, money: no bare headings


def test_report_counts_read_in_the_singular_when_there_is_one(ctx, tmp_path):
    org = make_org(ctx)
    plan = eng.create_plan(ctx, eng.PlanInput(title="Plan", ppe_service=True))
    act.create_activity(ctx, plan, act.ActivityInput(title="Stall", ppe_level="service", planned_date=START))
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=START, summary="Chat", organisation_id=org,
                                                         action="Reply", due_on=START))
    out = tmp_path / "one.docx"
    write_engagement_report(ctx, START, END, out, today=date(2026, 4, 2))
    text, _ = doc_text(out)
    assert "covers 1 engagement activity and 1 logged interaction between" in text
    assert "1 follow-up action is open, and it is overdue." in text


def test_stakeholders_reached_leaves_out_those_only_targeted_by_activities_that_have_not_happened(ctx, tmp_path):
    done_org, planned_org, running_org = (make_org(ctx, n) for n in ("Met PPG", "Invited PPG", "Surveyed PPG"))
    planned_person = make_person(ctx, "Later", "Lou", consent_contact=True)
    plan = eng.create_plan(ctx, eng.PlanInput(title="Plan", ppe_service=True))
    for title, status, targets in (
            ("Met", "done", [act.TargetRef("organisation", done_org)]),
            ("Not yet held", "planned", [act.TargetRef("organisation", planned_org),
                                         act.TargetRef("person", planned_person)]),
            ("Survey running", "in_progress", [act.TargetRef("organisation", running_org)])):
        act.create_activity(ctx, plan, act.ActivityInput(title=title, ppe_level="service",
                                                         planned_date=date(2026, 3, 20), status=status,
                                                         targets=targets))
    out = tmp_path / "reach.docx"
    summary = write_engagement_report(ctx, START, END, out, today=date(2026, 3, 25))
    text, tables = doc_text(out)
    assert summary.stakeholders_reached == 2
    assert dict((row[0], row[1]) for row in tables[0])["Stakeholders reached"] == "2 (2 groups, 0 people)"
    reached = [row[0] for table in tables if table[0][0] == "Group or organisation" for row in table[1:]]
    assert sorted(reached) == ["Met PPG", "Surveyed PPG"]


@pytest.mark.parametrize("content, reason", [(b"hello", "it is not a Word document (.docx)"),
                                             (b"%PDF-1.7", "it is a PDF, not a Word document")])
def test_a_template_that_is_not_a_word_document_says_why_once(data_dir, tmp_path, capsys, content, reason):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    code = main(["--data-dir", str(data_dir), "report", "engagement", "--from", "2026-01-01", "--to", "2026-03-31",
                 "-o", str(tmp_path / "out.docx"), "--template", str(bad)])
    err = capsys.readouterr().err
    assert code == 1 and f"Cannot use the template bad.docx: {reason}." in err
    assert err.count("Word document") == 1
