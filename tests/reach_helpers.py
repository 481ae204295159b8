"""Small lookup files in the layouts the lookups import reads, written by the tests."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from helpers import make_person
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
from sdm_desktop.services.reach.engaged import ReachFilter

PERIOD = ReachFilter(date(2026, 4, 1), date(2026, 9, 30))
CONSENT = {"consent_date": date(2026, 3, 1), "consent_how": "monitoring form"}
Q1, Q2, Q3, Q4, Q5 = ("Quintile 1 (most deprived)", "Quintile 2", "Quintile 3", "Quintile 4",
                      "Quintile 5 (least deprived)")

IMD2019_HEADER = ["LSOA code (2011)", "LSOA name (2011)", "Local Authority District code (2019)",
                  "Local Authority District name (2019)", "Index of Multiple Deprivation (IMD) Rank",
                  "Index of Multiple Deprivation (IMD) Decile"]
IMD2025_HEADER = ["LSOA code (2021)", "LSOA name (2021)", "Local Authority District code (2024)",
                  "Local Authority District name (2024)",
                  "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
                  "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"]


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def imd_rows(header: list[str], lsoas: dict[str, int], district: str = "E08000035") -> list[list[object]]:
    """``lsoas``: code -> decile; ranks follow the deciles."""
    rows: list[list[object]] = [header]
    for n, (code, decile) in enumerate(sorted(lsoas.items(), key=lambda p: p[1])):
        rows.append([code, f"Leeds {n:03d}A", district, "Leeds", decile * 3000 + n, decile])
    return rows


def write_imd_xlsx(path: Path, header: list[str], lsoas: dict[str, int]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["English Indices of Deprivation: File 1"])
    sheet = book.create_sheet("IoD2025 IMD")
    for row in imd_rows(header, lsoas):
        sheet.append(row)
    book.save(path)
    return path


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
