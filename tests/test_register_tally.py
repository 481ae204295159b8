"""Home's register figures come from a tally kept by triggers on SQLite: always what counting the rows gives."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from helpers import make_org, make_person
from importexport_files import PEOPLE_HEADERS, write_csv
from sdm_desktop.db import tally
from sdm_desktop.errors import UserError
from sdm_desktop.services.importing import ImportOptions, run_import, undo_batch, writer
from sdm_desktop.services.register import organisations as org_service
from sdm_desktop.services.register import people as people_service
from sdm_desktop.services.register.search import count_register, register_counts
from sdm_desktop.services.register.search_upkeep import bring_search_up_to_date, needs_upkeep


def counted(ctx) -> dict[str, int]:
    with ctx.session() as s:
        return count_register(s)


def tally_in_use(ctx) -> bool:
    with ctx.session() as s:
        return tally.usable(s.connection())


def test_the_tally_follows_every_change_to_the_register(ctx, tmp_path):
    assert tally_in_use(ctx)
    assert register_counts(ctx) == {"organisations": 0, "people": 0, "patient_reps": 0, "do_not_contact": 0}
    org = make_org(ctx, "Riverside PPG")
    rep = make_person(ctx, "Kingfisher", "Ada", is_patient_rep=True, orgs=[(org, "member")])
    blocked = make_person(ctx, "Nightjar", "Bilal", do_not_contact=True)
    make_person(ctx, "Pipit", "Ceri")
    assert register_counts(ctx) == counted(ctx) == {"organisations": 1, "people": 3, "patient_reps": 1,
                                                    "do_not_contact": 1}
    people_service.set_archived(ctx, [rep], True)
    assert register_counts(ctx) == counted(ctx) and register_counts(ctx)["patient_reps"] == 0
    ctx.undo.undo()
    data = people_service.get_person(ctx, blocked)
    data.do_not_contact = False
    people_service.update_person(ctx, blocked, data)
    assert register_counts(ctx) == counted(ctx) and register_counts(ctx)["do_not_contact"] == 0
    org_service.delete_organisations(ctx, [org])
    people_service.delete_people(ctx, [rep])
    assert register_counts(ctx) == counted(ctx) == {"organisations": 0, "people": 2, "patient_reps": 0,
                                                    "do_not_contact": 0}
    ctx.undo.undo()
    ctx.undo.undo()
    assert register_counts(ctx) == counted(ctx) and register_counts(ctx)["organisations"] == 1
    rows = [PEOPLE_HEADERS, ["", "Farah", "Teasel", "farah@example.org", "", "", "yes", ""],
            ["", "Gwen", "Yarrow", "gwen@example.org", "", "", "yes", ""]]
    report = run_import(ctx, write_csv(tmp_path / "people.csv", rows), ImportOptions())
    assert register_counts(ctx) == counted(ctx) and register_counts(ctx)["people"] == 5
    undo_batch(ctx, report.batch_id)
    assert register_counts(ctx) == counted(ctx) and register_counts(ctx)["people"] == 3


def test_with_its_triggers_lost_home_counts_the_rows_until_the_tally_is_rebuilt(ctx):
    make_person(ctx, "Kingfisher", "Ada", is_patient_rep=True)
    with ctx.session() as s:
        s.execute(text("DROP TRIGGER person_tally_insert"))        # e.g. a migration that copied the table
    make_person(ctx, "Nightjar", "Bilal")
    assert not tally_in_use(ctx) and needs_upkeep(ctx)
    assert register_counts(ctx) == counted(ctx) and register_counts(ctx)["people"] == 2
    bring_search_up_to_date(ctx)
    assert tally_in_use(ctx) and not needs_upkeep(ctx)
    make_person(ctx, "Pipit", "Ceri")
    assert register_counts(ctx) == counted(ctx) and register_counts(ctx)["people"] == 3


def test_home_shows_the_tally(window):
    make_person(window.env.ctx, "Kingfisher", "Ada", is_patient_rep=True)
    home = window.show_view("home")
    home.activated()
    assert home.tiles["people"].number.text() == "1" and home.tiles["patient_reps"].number.text() == "1"


def test_a_bulk_import_counts_the_tally_once_and_keeps_its_triggers(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "CHUNK", 5)          # a "bulk" insert from 5 rows, not 2,000
    make_person(ctx, "Kingfisher", "Ada", do_not_contact=True)
    headers = ["First name", "Surname", "Patient representative", "Do not contact"]
    rows = [headers] + [[f"Name{n}", f"Surname{n}", "yes" if n % 3 == 0 else "no", "yes" if n % 4 == 0 else "no"]
                        for n in range(12)]
    report = run_import(ctx, write_csv(tmp_path / "people.csv", rows), ImportOptions(kind="people"))
    assert report.created == 12 and tally_in_use(ctx)
    assert register_counts(ctx) == counted(ctx) == {"organisations": 0, "people": 13, "patient_reps": 4,
                                                    "do_not_contact": 4}
    make_person(ctx, "Nightjar", "Bilal", is_patient_rep=True)      # the triggers count again after the import
    assert register_counts(ctx) == counted(ctx) and register_counts(ctx)["patient_reps"] == 5
    undo_batch(ctx, report.batch_id)
    assert register_counts(ctx) == counted(ctx) and register_counts(ctx)["people"] == 2


def test_a_bulk_import_refused_as_a_whole_leaves_the_tally_and_its_triggers(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "CHUNK", 5)
    rows = [["First name", "Surname", "Email"]] + [[f"Name{n}", f"Surname{n}", ""] for n in range(12)]
    rows.append(["Bad", "Email", "not an email"])
    with pytest.raises(UserError, match="with --strict nothing was imported"):
        run_import(ctx, write_csv(tmp_path / "people.csv", rows), ImportOptions(kind="people", strict=True))
    assert tally_in_use(ctx) and register_counts(ctx) == counted(ctx) and register_counts(ctx)["people"] == 0
    make_person(ctx, "Pipit", "Ceri")
    assert register_counts(ctx) == counted(ctx) and register_counts(ctx)["people"] == 1
