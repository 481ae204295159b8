"""The reach report's figures against hand-counted data, small-number suppression in the files it writes, and the
command line (Word with charts, Excel)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import pytest
from helpers import make_person
from openpyxl import load_workbook
from reach_helpers import write_csv

from sdm_desktop.cli import main
from sdm_desktop.db.models import (
    Activity,
    ActivityTarget,
    Attendance,
    Cohort,
    EngagementPlan,
    Enrolment,
    Interaction,
    Programme,
    TrainingSession,
)
from sdm_desktop.services.equality.anonymous import ACTIVITY, AnonymousInput, save_anonymous
from sdm_desktop.services.equality.monitoring import MonitoringInput, save_monitoring
from sdm_desktop.services.lookups.loading import import_lookup
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.reach.assemble import build_reach
from sdm_desktop.services.reach.engaged import ReachFilter
from sdm_desktop.services.reach.suppression import hidden_categories

PERIOD = ReachFilter(date(2026, 4, 1), date(2026, 9, 30))
CONSENT = {"consent_date": date(2026, 3, 1), "consent_how": "monitoring form"}
Q1, Q2, Q3, Q4, Q5 = ("Quintile 1 (most deprived)", "Quintile 2", "Quintile 3", "Quintile 4",
                      "Quintile 5 (least deprived)")


def build_programme(ctx, tmp_path) -> dict[str, int]:
    """Ten people: eight engaged in the period (six by interactions, one by training, one as an activity's target),
    one only before it, one never; and an activity with 10 counted anonymously (4 aged 65 to 74, 6 in quintile 1)."""
    import_lookup(ctx, write_csv(tmp_path / "deciles.csv", [["postcode", "imd_decile"], ["LS1 1AA", 1],
                                                             ["LS1 1AB", 2], ["LS1 1AD", 5], ["LS1 1AE", 9],
                                                             ["LS1 1AF", 10]]))
    import_lookup(ctx, write_csv(tmp_path / "population.csv", [["dimension", "category", "percent"]] + [
        ["IMD quintile", f"Quintile {q}", 20] for q in range(1, 6)] + [
        ["ethnic group", "Asian or Asian British", "10"], ["ethnic group", "White", "80"],
        ["ethnic group", "Black or Black British", "4"]]))
    postcodes = {"A": "LS1 1AA", "B": "LS1 1AB", "C": "LS1 1AD", "D": "LS1 1AE", "E": "LS1 1AF", "F": None,
                 "G": "LS1 1AA", "H": "LS1 1AB", "I": "LS1 1AD", "J": "LS1 1AE"}
    ids = {name: make_person(ctx, name, postcode=pc) for name, pc in postcodes.items()}
    answers = {"A": dict(age_band="65_74", ethnic_group="indian", disability="limited_a_lot", carer="none"),
               "B": dict(age_band="25_34", ethnic_group="white_british", disability="not_disabled", carer="up_to_19"),
               "C": dict(age_band="65_74", ethnic_group="african"),
               "D": dict(age_band="prefer_not", ethnic_group="white_british"),
               "G": dict(ethnic_group="prefer_not"), "I": dict(ethnic_group="arab")}
    for name, given in answers.items():
        save_monitoring(ctx, ids[name], MonitoringInput(**CONSENT, **given))
    with ctx.session() as s:
        plan = EngagementPlan(title="Listening", ppe_community=True)
        other = EngagementPlan(title="Other plan", ppe_service=True)
        s.add_all([plan, other])
        s.flush()
        stall = Activity(plan_id=plan.id, title="Market stall", ppe_level="community", planned_date=date(2026, 5, 1),
                         status="done", method="event_stall")
        talk = Activity(plan_id=other.id, title="Talk", ppe_level="service", planned_date=date(2026, 6, 1),
                        status="planned")
        s.add_all([stall, talk])
        s.flush()
        s.add(ActivityTarget(activity_id=stall.id, person_id=ids["H"]))
        s.add(ActivityTarget(activity_id=talk.id, person_id=ids["J"]))          # planned: reached nobody yet
        for name, on, activity in (("A", date(2026, 5, 1), stall.id), ("B", date(2026, 5, 2), stall.id),
                                   ("C", date(2026, 6, 1), None), ("D", date(2026, 7, 1), None),
                                   ("E", date(2026, 8, 1), None), ("F", date(2026, 9, 30), None),
                                   ("A", date(2026, 9, 1), None), ("I", date(2026, 3, 31), None)):
            s.add(Interaction(occurred_on=on, person_id=ids[name], activity_id=activity, summary="talked"))
        programme = Programme(name="SDM skills")
        s.add(programme)
        s.flush()
        cohort = Cohort(programme_id=programme.id, name="Spring")
        s.add(cohort)
        s.flush()
        session = TrainingSession(cohort_id=cohort.id, starts_at=datetime(2026, 6, 10, 10))
        enrolment = Enrolment(cohort_id=cohort.id, person_id=ids["G"])
        s.add_all([session, enrolment])
        s.flush()
        s.add(Attendance(enrolment_id=enrolment.id, session_id=session.id, attended=True))
        stall_id = stall.id
    save_anonymous(ctx, ACTIVITY, stall_id, AnonymousInput(10, {("age band", "65 to 74"): 4,
                                                                ("imd quintile", Q1): 6}))
    return ids


def rows_of(report, key):
    dimension = next(d for d in report.dimensions if d.key == key)
    return dimension, {r.category: r for r in dimension.rows}


def test_the_figures_match_a_hand_count(ctx, tmp_path):
    build_programme(ctx, tmp_path)
    report = build_reach(ctx, PERIOD)
    assert (report.people, report.engaged.attended_anonymously, report.total) == (8, 10, 18)
    assert report.engaged.through == {"interactions": 6, "activities": 1, "training": 1}
    imd, rows = rows_of(report, "imd quintile")
    assert {c: r.count for c, r in rows.items()} == {Q1: 10, Q2: 0, Q3: 1, Q4: 0, Q5: 2, "Not recorded": 5,
                                                     "Prefer not to say": 0}
    assert imd.known == 13
    assert rows[Q1].percent == pytest.approx(100 * 10 / 13) and rows[Q1].difference == pytest.approx(1000 / 13 - 20)
    assert [c for c, r in rows.items() if r.under] == [Q2, Q3, Q4]      # Q5 is 4.6 points below: within 5
    age, rows = rows_of(report, "age band")
    assert (rows["65 to 74"].count, rows["25 to 34"].count, rows["Prefer not to say"].count,
            rows["Not recorded"].count, age.known) == (6, 1, 1, 10, 7)
    ethnic, rows = rows_of(report, "ethnic group")
    assert rows["Asian, Asian British or Asian Welsh"].count == 1 and rows["White"].count == 2
    assert rows["Black, Black British, Black Welsh, Caribbean or African"].count == 1
    assert rows["White"].population == 80 and rows["Asian, Asian British or Asian Welsh"].population == 10
    assert ethnic.known == 4 and rows["Prefer not to say"].count == 1 and rows["Not recorded"].count == 13
    _, rows = rows_of(report, "disability")
    assert (rows["Disabled"].count, rows["Not disabled"].count) == (1, 1)
    _, rows = rows_of(report, "carer")
    assert (rows["Carer"].count, rows["Not a carer"].count) == (1, 1)


def test_a_plan_narrows_it_to_that_plans_activities(ctx, tmp_path):
    build_programme(ctx, tmp_path)
    report = build_reach(ctx, ReachFilter(PERIOD.date_from, PERIOD.date_to, plan="Listening"))
    assert (report.people, report.total) == (3, 13)                  # A and B at the stall, H its target
    assert report.engaged.through["training"] == 0
    assert build_reach(ctx, ReachFilter(PERIOD.date_from, PERIOD.date_to, plan="Other plan")).total == 0


def test_counts_under_five_are_hidden_and_a_lone_one_takes_the_next_smallest_with_it():
    assert hidden_categories([("a", 3), ("b", 0), ("c", 12), ("d", 7)]) == {"a", "d"}
    assert hidden_categories([("a", 3), ("b", 4), ("c", 12)]) == {"a", "b"}
    assert hidden_categories([("a", 5), ("b", 0)]) == set()
    assert hidden_categories([("a", 1), ("c", 12)], complementary=False) == {"a"}


def test_the_workbook_suppresses_small_counts_and_says_so(data_dir, tmp_path, capsys):
    ctx = open_context(data_dir)
    try:
        build_programme(ctx, tmp_path)
    finally:
        ctx.close()
    out = tmp_path / "reach.xlsx"
    assert main(["--data-dir", str(data_dir), "report", "reach", "--from", "2026-04-01", "--to", "2026-09-30",
                 "-o", str(out)]) == 0
    assert "18 people engaged" in capsys.readouterr().out
    rows = [list(r) for r in load_workbook(out, read_only=True).active.iter_rows(values_only=True)]
    by_category = {(r[0], r[1]): r for r in rows}
    assert by_category[("IMD quintile (deprivation of the postcode)", Q3)][2:4] == ["<5", "<5"]
    assert by_category[("IMD quintile (deprivation of the postcode)", Q5)][2:4] == ["<5", "<5"]
    assert by_category[("IMD quintile (deprivation of the postcode)", Q1)][2:4] == ["10", "76.9%"]
    assert by_category[("Age band", "25 to 34")][2] == "<5"
    cells = [str(c) for r in rows for c in r if c is not None]
    assert "7.7%" not in cells and "15.4%" not in cells                    # the hidden counts' shares
    assert any("Counts from 1 to 4 are shown as" in c for c in cells)


def test_the_word_report_has_charts_with_alt_text_and_suppresses_small_counts(data_dir, tmp_path):
    from docx import Document

    ctx = open_context(data_dir)
    try:
        build_programme(ctx, tmp_path)
    finally:
        ctx.close()
    out = tmp_path / "reach.docx"
    assert main(["--data-dir", str(data_dir), "report", "reach", "--from", "2026-04-01", "--to", "2026-09-30",
                 "-o", str(out), "--margin", "3"]) == 0
    with zipfile.ZipFile(out) as package:
        pictures = [n for n in package.namelist() if n.startswith("word/media/")]
        xml = package.read("word/document.xml").decode()
    assert len(pictures) >= 4 and all(package_name.endswith(".png") for package_name in pictures)
    assert 'descr="IMD quintile (deprivation of the postcode): people engaged and population (%).' in xml
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Counts from 1 to 4 are shown as" in text and "more than 3 percentage points" in text
    assert "<5" in cells and "7.7%" not in cells
    assert "[[chart" not in text


def test_bad_choices_are_one_clear_line(data_dir, tmp_path, capsys):
    base = ["--data-dir", str(data_dir), "report", "reach", "--from", "2026-04-01", "--to", "2026-09-30"]
    assert main([*base, "-o", str(tmp_path / "reach.pdf")]) == 1
    assert "must end in .docx or .xlsx" in capsys.readouterr().err
    assert main([*base, "-o", str(tmp_path / "r.xlsx"), "--plan", "Nope"]) == 1
    assert "no engagement plan called" in capsys.readouterr().err
    assert main([*base, "-o", str(tmp_path / "r.xlsx"), "--margin", "lots"]) == 1
    assert "--margin" in capsys.readouterr().err
    assert not list(tmp_path.glob("r*.xlsx"))
