"""A big people file is read and checked by a helper process a chunk ahead of the rows being written
(``importing/prepared/ahead.py``): the same report and the same register as reading it here, and the helper
never outlives the import, whether it ends, fails or is cancelled."""

from __future__ import annotations

import multiprocessing.connection
import os
import pickle
import random
import shutil
import sqlite3
import zipfile

import pytest

from importexport_files import write_csv, write_xlsx
from sdm_desktop import paths
from sdm_desktop.errors import UserError
from sdm_desktop.progress import JobCancelled, Progress
from sdm_desktop.services.importing import ImportOptions, run_import
from sdm_desktop.services.importing.prepared import ahead
from sdm_desktop.services.importing.xlsx.cells import UnreadableCell
from sdm_desktop.services.opening import open_context
from test_import_person_rows import POOLS
from test_importexport_reading import stored_counts

HEADERS = ["Title", "First name", "Surname", "Email", "Phone", "Postcode", "Consent to contact",
           "Do not contact", "Tags", "Organisations", "Consent to contact date", "Notes"]
FIELDS = ["title", "first_name", "last_name", "email", "phone", "postcode", "consent_contact", "do_not_contact",
          "tags", "organisations", "consent_contact_date", "notes"]
MAPPING = dict(zip(FIELDS, range(len(FIELDS)), strict=True))
ROWS = 700
PERSON_COLUMNS = ("title, first_name, last_name, email, phone, postcode, consent_contact, do_not_contact, "
                  "consent_contact_date, notes, search_text, active")


def storable(values: list[str]) -> list[str]:
    """What a CSV or a workbook can hold: no control characters but line breaks. No tab or semicolon either:
    the CSV would be taken as separated by them."""
    return [v for v in values if ";" not in v and not any(ord(c) < 32 and c != "\n" for c in v)]


STORABLE = {name: (storable(good), storable(bad)) for name, (good, bad) in POOLS.items()}


def varied_rows(count: int, seed: int = 21) -> list[list[str]]:
    """Rows mostly fit to import, some refused, some repeating an earlier row (a duplicate), some with
    cells beyond the header's columns."""
    pick = random.Random(seed)
    rows: list[list[str]] = []
    for n in range(count):
        if rows and n % 37 == 0:
            rows.append(list(pick.choice(rows)))
            continue
        row = []
        for name in FIELDS:
            good, bad = STORABLE[name]
            row.append(pick.choice(bad) if bad and pick.random() < 0.015 else pick.choice(good))
        if not row[2]:
            row[2] = f"Surname{n}"
        if pick.random() < 0.8:
            row[3] = f"person{n}@example.org"            # the pool's few addresses would make most rows duplicates
        if n % 53 == 0:
            row += ["", "beyond the header"]
        rows.append(row)
    return rows


def force_reading_ahead(monkeypatch, handed: list) -> None:
    """Every people file read ahead, in chunks of 64 rows (the helper is given the size); ``handed`` gets the
    number of rows in each chunk the helper really sent."""
    monkeypatch.setattr(ahead, "READ_AHEAD_FROM", 1)
    monkeypatch.setattr(ahead, "_cores", lambda: 2)
    monkeypatch.setattr(ahead, "CHUNK", 64)
    real = ahead._receive

    def counted(*args):
        kind, payload = message = real(*args)
        if kind == "rows":
            handed.append(len(payload))
        return message
    monkeypatch.setattr(ahead, "_receive", counted)


def with_organisations(ctx) -> None:
    from helpers import make_org
    make_org(ctx, "Riverside PPG")
    make_org(ctx, "Breathe Easy")


def register_of(folder) -> tuple[list, list, list]:
    conn = sqlite3.connect(folder / paths.DATABASE_FILE_NAME)
    try:
        people = conn.execute(f"SELECT {PERSON_COLUMNS} FROM person ORDER BY id").fetchall()
        tags = conn.execute("SELECT person_id, tag.name FROM person_tag JOIN tag ON tag.id = tag_id "
                            "ORDER BY person_id, tag.name").fetchall()
        members = conn.execute("SELECT person_id, organisation_id, role FROM membership "
                               "ORDER BY person_id, organisation_id").fetchall()
        return people, tags, members
    finally:
        conn.close()


def report_of(report) -> tuple:
    notes = [(n.line, n.reason) for n in report.rejected], [(n.line, n.reason) for n in report.warnings]
    return report.rows_read, report.created, report.updated, notes, [(n.line, n.reason) for n in report.skipped]


def imported_twice(tmp_path, new_database, monkeypatch, file, options, already=None):
    """The file imported into two new registers: read here, then read ahead. The reports and registers.
    ``already``: a file imported into each register first (read here)."""
    outcomes = []
    for name in ("here", "ahead"):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copyfile(new_database, folder / paths.DATABASE_FILE_NAME)
        ctx = open_context(folder)
        try:
            with_organisations(ctx)
            if already is not None:
                run_import(ctx, already, ImportOptions(kind="people", mapping=MAPPING))
            handed: list = []
            if name == "ahead":
                force_reading_ahead(monkeypatch, handed)
            report = run_import(ctx, file, options)
            if name == "ahead":                          # every row came from the helper, in chunks of 64
                assert sum(handed) == report.rows_read and handed[:-1] == [64] * (len(handed) - 1)
        finally:
            ctx.close()
        outcomes.append((report_of(report), register_of(folder)))
    return outcomes


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_reading_ahead_gives_the_same_report_and_register_as_reading_here(kind, tmp_path, new_database,
                                                                           monkeypatch):
    rows = [HEADERS, *varied_rows(ROWS)]
    file = write_csv(tmp_path / "people.csv", rows) if kind == "csv" else \
        write_xlsx(tmp_path / "people.xlsx", {"People": rows})
    here, ahead_ = imported_twice(tmp_path, new_database, monkeypatch, file,
                                  ImportOptions(kind="people", mapping=MAPPING))
    (rows_read, created, _updated, (rejected, warnings), skipped), (people, tags, members) = here
    assert rows_read == ROWS and created > 450 and len(people) == created
    assert len(rejected) > 40 and any("duplicate of line" in reason for _line, reason in rejected)
    assert any("beyond the" in reason for _line, reason in warnings) and tags and members
    assert ahead_ == here
    assert skipped == []


@pytest.mark.parametrize("on_duplicate", ["update", "skip"])
def test_a_file_read_ahead_updates_or_skips_the_people_already_there_as_one_read_here(on_duplicate, tmp_path,
                                                                                       new_database, monkeypatch):
    first = write_csv(tmp_path / "first.csv", [HEADERS, *varied_rows(300, seed=31)])
    again = [HEADERS, *varied_rows(300, seed=31)]
    for n, row in enumerate(again[1:]):
        if n % 3 == 0:
            row[-1] = f"updated note {n}"                # the notes column: changed on every third person
    second = write_csv(tmp_path / "second.csv", again)
    here, ahead_ = imported_twice(tmp_path, new_database, monkeypatch, second,
                                  ImportOptions(kind="people", mapping=MAPPING, on_duplicate=on_duplicate), first)
    (_read, created, updated, _notes, skipped), (people, _tags, _members) = here
    if on_duplicate == "update":
        assert updated > 150 and any(p[9] and p[9].startswith("updated note") for p in people)
    else:
        changed = [p for p in people if p[9] and p[9].startswith("updated note")]
        assert len(skipped) > 150 and len(changed) <= created        # only people added by this file
    assert created < 20
    assert ahead_ == here


def test_an_unreadable_cell_is_refused_with_its_place_when_read_ahead(tmp_path, new_database, monkeypatch):
    rows = [HEADERS, *varied_rows(40, seed=3)]
    rows[5][5] = "#N/A"                                  # an error value: the postcode cannot be known
    file = write_xlsx(tmp_path / "people.xlsx", {"People": rows})
    from openpyxl import load_workbook
    book = load_workbook(file)
    book["People"]["F6"].data_type = "e"
    book.save(file)
    here, ahead_ = imported_twice(tmp_path, new_database, monkeypatch, file,
                                  ImportOptions(kind="people", mapping=MAPPING))
    (_read, _created, _updated, (rejected, _warnings), _skipped), _register = here
    assert (6, "column 6 (Postcode): cell F6 shows the error #N/A") in rejected
    assert ahead_ == here


def test_a_file_damaged_half_way_is_refused_whole_and_the_helper_stops(ctx, data_dir, tmp_path, monkeypatch):
    good = write_xlsx(tmp_path / "good.xlsx", {"People": [HEADERS, *varied_rows(3000, seed=5)]})
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[:len(data) * 2 // 3]          # a whole workbook whose sheet's rows end half-way
            copy.writestr(item, data)
    handed: list = []
    force_reading_ahead(monkeypatch, handed)
    with pytest.raises(UserError) as raised:
        run_import(ctx, damaged, ImportOptions(kind="people", mapping=MAPPING))
    assert sum(handed) > 1000 and helpers_running() == []        # it failed half-way, in the helper
    assert str(raised.value).startswith("damaged.xlsx is damaged or truncated and cannot be read")
    assert str(raised.value).endswith("nothing was imported.")
    assert stored_counts(data_dir)[1:] == (0, 0, 0)


def helpers_running() -> list:
    import multiprocessing
    return [p for p in multiprocessing.active_children() if p.name == "sdm-desktop import reading"]


def kill_helpers(wait: bool = False) -> None:
    for helper in helpers_running():
        helper.kill()
        if wait:
            helper.join()


def people_file_read_ahead(tmp_path, monkeypatch, rows: int, seed: int):
    """A people CSV of ``rows`` varied rows, whose import is read ahead; and the list of the chunks' sizes the
    helper hands over (see force_reading_ahead)."""
    handed: list = []
    force_reading_ahead(monkeypatch, handed)
    return write_csv(tmp_path / "people.csv", [HEADERS, *varied_rows(rows, seed=seed)]), handed


def test_cancelling_stops_the_helper_and_writes_nothing(ctx, data_dir, tmp_path, monkeypatch):
    file, _handed = people_file_read_ahead(tmp_path, monkeypatch, 6000, seed=8)
    seen: list[int] = []

    class CancelHalfWay(Progress):
        def step(self, n=1):
            if self.done == 2500:
                seen.append(len(helpers_running()))
                self.cancelled = True
            super().step(n)

    with pytest.raises(JobCancelled):
        run_import(ctx, file, ImportOptions(kind="people", mapping=MAPPING), CancelHalfWay())
    assert seen == [1]                                   # it was reading ahead when the import was cancelled
    assert helpers_running() == []
    assert stored_counts(data_dir) == (0, 0, 0, 0)


def test_a_helper_that_dies_is_reported_and_nothing_is_written(ctx, data_dir, tmp_path, monkeypatch):
    file, _handed = people_file_read_ahead(tmp_path, monkeypatch, 6000, seed=9)

    class KillTheHelper(Progress):
        def step(self, n=1):
            if self.done == 1000:
                kill_helpers()
            super().step(n)

    with pytest.raises(UserError, match="The process reading the file stopped unexpectedly"):
        run_import(ctx, file, ImportOptions(kind="people", mapping=MAPPING), KillTheHelper())
    assert helpers_running() == []
    assert stored_counts(data_dir) == (0, 0, 0, 0)


def test_when_no_helper_can_be_started_the_file_is_read_here(ctx, tmp_path, monkeypatch):
    with_organisations(ctx)
    file, handed = people_file_read_ahead(tmp_path, monkeypatch, 50, seed=4)

    def refused(self):
        raise OSError("not allowed to start programs")
    monkeypatch.setattr("multiprocessing.process.BaseProcess.start", refused)
    report = run_import(ctx, file, ImportOptions(kind="people", mapping=MAPPING))
    assert handed == [] and report.rows_read == 50 and report.created > 30


def test_a_helper_that_stops_before_it_is_given_the_file_leaves_it_to_be_read_here(ctx, tmp_path, monkeypatch):
    """It cannot block the import (the file's details go over a pipe whose far end is gone); the rows are read
    here instead, as nothing was handed over yet."""
    with_organisations(ctx)
    file, handed = people_file_read_ahead(tmp_path, monkeypatch, 300, seed=6)
    real_send = multiprocessing.connection.Connection.send

    def send_to_a_dead_helper(connection, message):
        kill_helpers(wait=True)
        real_send(connection, message)
    monkeypatch.setattr(multiprocessing.connection.Connection, "send", send_to_a_dead_helper)
    report = run_import(ctx, file, ImportOptions(kind="people", mapping=MAPPING))
    assert handed == [] and report.rows_read == 300 and report.created > 200
    assert helpers_running() == []


def test_a_helper_that_stops_before_its_first_rows_leaves_them_to_be_read_here(ctx, tmp_path, monkeypatch):
    with_organisations(ctx)
    file, handed = people_file_read_ahead(tmp_path, monkeypatch, 300, seed=7)

    class KillBeforeAnyRow(Progress):
        def check(self):
            if self.done == 0:
                kill_helpers()
            super().check()

    report = run_import(ctx, file, ImportOptions(kind="people", mapping=MAPPING), KillBeforeAnyRow())
    assert handed == [] and report.rows_read == 300 and helpers_running() == []


def test_cancel_is_heard_while_the_helper_is_awaited(ctx, data_dir, tmp_path, monkeypatch):
    file, handed = people_file_read_ahead(tmp_path, monkeypatch, 300, seed=10)

    class CancelAtOnce(Progress):
        def check(self):
            self.cancelled = True
            super().check()

    with pytest.raises(JobCancelled):
        run_import(ctx, file, ImportOptions(kind="people", mapping=MAPPING), CancelAtOnce())
    assert handed == [] and helpers_running() == []
    assert stored_counts(data_dir) == (0, 0, 0, 0)


def test_a_workbook_saved_again_after_it_was_checked_is_refused(ctx, data_dir, tmp_path, monkeypatch):
    from sdm_desktop.services.importing import plan_import

    file = write_xlsx(tmp_path / "people.xlsx", {"People": [HEADERS, *varied_rows(200, seed=12)]})
    plan = plan_import(ctx, file, ImportOptions(kind="people", mapping=MAPPING))
    write_xlsx(tmp_path / "other.xlsx", {"People": [HEADERS, *varied_rows(300, seed=13)]})
    os.replace(tmp_path / "other.xlsx", file)                 # saved again, as Excel saves: a new file
    force_reading_ahead(monkeypatch, [])
    try:
        with pytest.raises(UserError, match=r"^people.xlsx changed after it was checked"):
            run_import(ctx, file, ImportOptions(kind="people", mapping=MAPPING), plan=plan)
    finally:
        plan.source.close()
    assert helpers_running() == [] and stored_counts(data_dir)[1:] == (0, 0, 0)


def test_a_small_file_or_a_single_core_is_read_here():
    class Plan:
        class source:          # noqa: N801 - stands in for the plan's Source
            estimated_rows = ahead.READ_AHEAD_FROM

    assert ahead.worth_reading_ahead(Plan()) is (ahead._cores() > 1)
    Plan.source.estimated_rows = ahead.READ_AHEAD_FROM - 1
    assert ahead.worth_reading_ahead(Plan()) is False


def test_an_unreadable_cell_crosses_to_this_process_with_its_place():
    cell = pickle.loads(pickle.dumps(UnreadableCell("F6", "holds the error #N/A")))
    assert (type(cell), cell, cell.ref, cell.why) == (UnreadableCell, "", "F6", "holds the error #N/A")
