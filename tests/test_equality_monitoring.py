"""Equality monitoring is special category data: refused without explicit consent (date and how), removed with
the consent or by an erase, in the subject access export, and in no export unless asked for explicitly."""

from __future__ import annotations

import csv
import json
import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from helpers import make_person
from sdm_desktop.cli import main
from sdm_desktop.db.models import EqualityMonitoring
from sdm_desktop.errors import UserError
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.equality.anonymous import ACTIVITY, AnonymousInput, get_anonymous, save_anonymous
from sdm_desktop.services.equality.categories import ETHNIC_GROUPS, QUESTIONS
from sdm_desktop.services.equality.export import equality_table
from sdm_desktop.services.equality.monitoring import MonitoringInput, get_monitoring, save_monitoring
from sdm_desktop.services.equality.plus_groups import plus_groups, set_plus_groups
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.privacy.erase import erase_people
from sdm_desktop.services.privacy.subject_access import write_subject_access
from sdm_desktop.services.register.people import delete_people

CONSENT = {"consent_date": date(2026, 3, 1), "consent_how": "signed monitoring form"}
ANSWERS = {"age_band": "65_74", "ethnic_group": "pakistani", "disability": "limited_a_lot", "carer": "20_to_49",
           "religion": "muslim", "sexual_orientation": "prefer_not", "sex": "female", "gender_same_as_birth": "yes"}


def monitoring_rows(ctx) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.count()).select_from(EqualityMonitoring))


def test_the_census_2021_categories_are_all_there_each_with_prefer_not_to_say():
    assert len(ETHNIC_GROUPS) == 19
    for question in QUESTIONS:
        assert question.choices[-1] == ("prefer_not", "Prefer not to say")


def test_answers_are_refused_without_explicit_consent_with_its_date_and_how(ctx):
    person = make_person(ctx, "Khan")
    with pytest.raises(ValidationError, match="explicit consent"):
        save_monitoring(ctx, person, MonitoringInput(ethnic_group="pakistani"))
    with pytest.raises(ValidationError, match="explicit consent"):
        save_monitoring(ctx, person, MonitoringInput(consent_date=date(2026, 3, 1), ethnic_group="pakistani"))
    with pytest.raises(ValidationError, match="both the date and how"):
        save_monitoring(ctx, person, MonitoringInput(consent_date=date(2026, 3, 1)))
    with pytest.raises(ValidationError, match="in the future"):
        save_monitoring(ctx, person, MonitoringInput(consent_date=date.today() + timedelta(days=2),
                                                     consent_how="form", age_band="16_24"))
    with pytest.raises(ValidationError, match="must be one of"):
        save_monitoring(ctx, person, MonitoringInput(**CONSENT, ethnic_group="martian"))
    assert monitoring_rows(ctx) == 0
    assert save_monitoring(ctx, person, MonitoringInput(**CONSENT, **ANSWERS)) is True
    assert get_monitoring(ctx, person) == MonitoringInput(**CONSENT, **ANSWERS)


def test_withdrawing_consent_removes_every_answer(ctx):
    person = make_person(ctx, "Khan")
    save_monitoring(ctx, person, MonitoringInput(**CONSENT, **ANSWERS))
    assert save_monitoring(ctx, person, MonitoringInput()) is False
    assert monitoring_rows(ctx) == 0 and get_monitoring(ctx, person) == MonitoringInput()


def test_erase_and_delete_remove_the_answers_and_subject_access_includes_them(ctx, tmp_path):
    kept, erased, deleted = (make_person(ctx, name) for name in ("Kept", "Erased", "Deleted"))
    for person in (kept, erased, deleted):
        save_monitoring(ctx, person, MonitoringInput(**CONSENT, **ANSWERS))
    write_subject_access(ctx, kept, tmp_path / "sar.zip")
    with zipfile.ZipFile(tmp_path / "sar.zip") as archive:
        data = json.loads(archive.read("person.json"))
    answers = {row["Question"]: row["Answer"] for row in data["equality_monitoring"]}
    assert answers["Ethnic group"] == "Pakistani" and answers["How consent was given"] == "signed monitoring form"
    erase_people(ctx, [erased])
    delete_people(ctx, [deleted])
    with ctx.session() as s:
        assert set(s.scalars(select(EqualityMonitoring.person_id))) == {kept}
    ctx.undo.undo()         # the delete undone: the person and their answers come back together
    with ctx.session() as s:
        assert set(s.scalars(select(EqualityMonitoring.person_id))) == {kept, deleted}


def test_contact_exports_never_carry_monitoring_and_the_equality_export_needs_the_flag(data_dir, capsys):
    ctx = open_context(data_dir)
    try:
        person = make_person(ctx, "Khan", email="k@example.org")
        save_monitoring(ctx, person, MonitoringInput(**CONSENT, **ANSWERS))
    finally:
        ctx.close()
    words = ("Pakistani", "pakistani", "Muslim", "muslim", "65_74", "65 to 74", "monitoring form")
    for kind, suffix in (("people", "csv"), ("people", "xlsx"), ("organisations", "csv")):
        out = data_dir / f"{kind}.{suffix}"
        assert main(["--data-dir", str(data_dir), "export", kind, "-o", str(out)]) == 0
        cells = _cells(out)
        assert not [c for c in cells for w in words if w in c], kind
    refused = data_dir / "equality.csv"
    assert main(["--data-dir", str(data_dir), "export", "equality", "-o", str(refused)]) == 1
    assert "--include-equality" in capsys.readouterr().err and not refused.exists()
    assert main(["--data-dir", str(data_dir), "export", "people", "--include-equality",
                 "-o", str(data_dir / "p2.csv")]) == 1
    assert main(["--data-dir", str(data_dir), "export", "equality", "--include-equality", "-o", str(refused)]) == 0
    assert "special category data" in capsys.readouterr().err
    with open(refused, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["ethnic_group"] == "Pakistani" and rows[0]["consent_how"] == "signed monitoring form"


def _cells(path) -> list[str]:
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig") as handle:
            return [c for row in csv.reader(handle) for c in row]
    book = load_workbook(path, read_only=True)
    return [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c is not None]


def test_the_equality_table_is_refused_without_being_asked_for(ctx):
    with pytest.raises(UserError, match="special category"):
        equality_table(ctx, False)


def test_plus_groups_are_tags_the_programme_chooses(ctx):
    assert plus_groups(ctx) == []
    assert set_plus_groups(ctx, ["inclusion health", " coastal  community ", "inclusion health"]) == [
        "coastal community", "inclusion health"]
    assert plus_groups(ctx) == ["coastal community", "inclusion health"]


def test_anonymous_counts_are_checked_against_those_who_attended(ctx):
    from sdm_desktop.services.engagement import activities, plans

    plan = plans.create_plan(ctx, plans.PlanInput(title="Listening events", ppe_community=True))
    activity = activities.create_activity(ctx, plan, activities.ActivityInput(
        title="Market stall", ppe_level="community", planned_date=date(2026, 5, 1)))
    counts = {("age band", "65 to 74"): 12, ("imd quintile", "Quintile 1 (most deprived)"): 15}
    save_anonymous(ctx, ACTIVITY, activity, AnonymousInput(40, counts))
    assert get_anonymous(ctx, ACTIVITY, activity) == AnonymousInput(40, counts)
    with pytest.raises(ValidationError, match="more than the 10 who attended"):
        save_anonymous(ctx, ACTIVITY, activity, AnonymousInput(10, counts))
    with pytest.raises(ValidationError, match="category the reach report does not have"):
        save_anonymous(ctx, ACTIVITY, activity, AnonymousInput(40, {("age band", "ancient"): 1}))
    save_anonymous(ctx, ACTIVITY, activity, AnonymousInput(40, {("age band", "65 to 74"): 20}))
    assert get_anonymous(ctx, ACTIVITY, activity).counts == {("age band", "65 to 74"): 20}
