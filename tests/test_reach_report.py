"""The reach report's figures against hand-counted data, small-number suppression in the files it writes, and the
command line (Word with charts, Excel)."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from reach_helpers import PERIOD, Q1, Q2, Q3, Q4, Q5, build_programme
from sdm_desktop.cli import main
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.reach.assemble import build_reach
from sdm_desktop.services.reach.engaged import ReachFilter
from sdm_desktop.services.reach.suppression import hidden_categories


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


def test_coverage_gaps_list_the_most_deprived_neighbourhoods_no_active_group_reaches(ctx, tmp_path):
    from helpers import make_org
    from reach_helpers import IMD2019_HEADER, imd_rows, write_csv
    from sdm_desktop.services.lookups.loading import import_lookup
    from sdm_desktop.services.register.organisations import get_organisation

    import_lookup(ctx, write_csv(tmp_path / "dir.csv", [["pcds", "lsoa11"], ["LS1 1AA", "E01000001"],
                                                         ["LS1 1AB", "E01000003"]]))
    import_lookup(ctx, write_csv(tmp_path / "imd.csv", imd_rows(IMD2019_HEADER, {
        "E01000001": 1, "E01000002": 2, "E01000003": 6, "E01000004": 9})))
    seldom = make_org(ctx, "Traveller health forum", "VCSE organisation", postcode="LS1 1AA", seldom_heard=True)
    make_org(ctx, "Closed group", "VCSE organisation", postcode="LS1 1AB", active=False)
    assert get_organisation(ctx, seldom).seldom_heard is True
    coverage = build_reach(ctx, PERIOD).coverage
    by_quintile = {q.quintile: q for q in coverage.quintiles}
    assert (by_quintile[1].lsoas, by_quintile[1].with_group, by_quintile[1].seldom_heard_groups) == (2, 1, 1)
    assert (by_quintile[3].lsoas, by_quintile[3].with_group) == (1, 0)        # the group there is not active
    assert [g.code for g in coverage.uncovered_core20] == ["E01000002"]
    assert coverage.districts == ["Leeds"]
