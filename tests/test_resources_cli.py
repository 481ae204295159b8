"""resources list|add|share|pack and export resources|shares from the command line."""

from __future__ import annotations

import csv

import pytest

from helpers import make_org, make_person
from sdm_desktop.cli import main
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.resources import files as resource_files
from sdm_desktop.services.resources.library import list_resources
from sdm_desktop.services.resources.shares import shares_of


def run(capsys, data_dir, *argv):
    code = main(["--data-dir", str(data_dir), *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def library(data_dir):
    ctx = open_context(data_dir, take_lock=False)
    try:
        return list_resources(ctx)
    finally:
        ctx.close()


def test_add_with_link_and_file_then_list_by_kind(data_dir, tmp_path, capsys):
    film = tmp_path / "good consultation.mp4"
    film.write_bytes(b"frames" * 100)
    code, out, _ = run(capsys, data_dir, "resources", "add", "--title", "Good consultation", "--kind", "film",
                       "--url", "https://www.example.org/film", "--file", film, "--tag", "training")
    assert code == 0 and "Added resource 1" in out and "Offline copy kept" in out
    run(capsys, data_dir, "resources", "add", "--title", "Leaflet", "--kind", "leaflet")
    code, out, err = run(capsys, data_dir, "resources", "list", "--kind", "film")
    assert code == 0 and "Good consultation" in out and "Leaflet" not in out and "1 resource" in err
    assert "Offline copy: good consultation.mp4" in out


@pytest.mark.parametrize("extra, message", [
    (["--url", "javascript:alert(1)"], "http:// or https://"),
    (["--file", "/no/such/file.pdf"], "does not exist"),
])
def test_bad_input_is_refused_with_exit_1_and_nothing_stored(data_dir, capsys, extra, message):
    code, _, err = run(capsys, data_dir, "resources", "add", "--title", "X", "--kind", "leaflet", *extra)
    assert code == 1 and message in err and "Traceback" not in err
    assert library(data_dir) == []


def test_a_huge_file_is_refused(data_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(resource_files, "MAX_FILE_BYTES", 10)
    big = tmp_path / "big.mp4"
    big.write_bytes(b"z" * 11)
    code, _, err = run(capsys, data_dir, "resources", "add", "--title", "Big", "--kind", "film", "--file", big)
    assert code == 1 and "files up to" in err
    assert library(data_dir) == []


def test_share_lists_refusals_and_fails_when_nobody_may_be_sent_it(data_dir, capsys):
    run(capsys, data_dir, "resources", "add", "--title", "Poster", "--kind", "leaflet")
    ctx = open_context(data_dir, take_lock=False)
    org = make_org(ctx, "Riverside PPG")
    dnc = make_person(ctx, "Private", first_name="Bob", do_not_contact=True)
    ctx.close()
    code, out, err = run(capsys, data_dir, "resources", "share", 1, "--organisation", org, "--person", dnc,
                         "--channel", "post", "--date", "2026-02-01")
    assert code == 0 and "Riverside PPG" in out and "Not shared with Bob Private: marked do not contact" in err
    code, _, err = run(capsys, data_dir, "resources", "share", 1, "--person", dnc)
    assert code == 1 and "Nothing was recorded" in err
    code, _, err = run(capsys, data_dir, "resources", "share", 99, "--person", dnc)
    assert code == 1 and "no resource with id 99" in err
    ctx = open_context(data_dir, take_lock=False)
    assert [s.who for s in shares_of(ctx, 1)] == ["Riverside PPG"]
    ctx.close()


def test_pack_then_export_resources_and_shares(data_dir, tmp_path, capsys):
    code, out, _ = run(capsys, data_dir, "resources", "pack")
    assert code == 0 and "Added 6" in out
    code, out, _ = run(capsys, data_dir, "resources", "pack")
    assert "already in the library" in out
    run(capsys, data_dir, "resources", "share", 1, "--organisation", _org(data_dir))
    code, _, _ = run(capsys, data_dir, "export", "resources", "-o", tmp_path / "r.csv")
    with open(tmp_path / "r.csv", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert code == 0 and rows[0][:3] == ["Id", "Title", "Kind"] and len(rows) == 7
    code, _, _ = run(capsys, data_dir, "export", "shares", "-o", tmp_path / "s.xlsx")
    assert code == 0 and (tmp_path / "s.xlsx").stat().st_size > 0


def _org(data_dir) -> int:
    ctx = open_context(data_dir, take_lock=False)
    try:
        return make_org(ctx, "Hilltop Carers")
    finally:
        ctx.close()


def test_export_resources_writes_last_shared_as_a_date(data_dir, tmp_path, capsys):
    """Like every other export: an ISO date in CSV and a real date cell in XLSX (sortable, filterable)."""
    from datetime import datetime

    from openpyxl import load_workbook

    run(capsys, data_dir, "resources", "add", "--title", "Poster", "--kind", "leaflet")
    run(capsys, data_dir, "resources", "share", 1, "--organisation", _org(data_dir), "--date", "2026-02-01")
    run(capsys, data_dir, "export", "resources", "-o", tmp_path / "r.csv")
    with open(tmp_path / "r.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["Last shared"] == "2026-02-01"
    run(capsys, data_dir, "export", "resources", "-o", tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx").active
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(2, headers.index("Last shared") + 1).value == datetime(2026, 2, 1)


def test_export_of_shares_withholds_people_who_may_no_longer_be_contacted(data_dir, tmp_path, capsys):
    from sdm_desktop.db.models import Person

    run(capsys, data_dir, "resources", "add", "--title", "Poster", "--kind", "leaflet")
    ctx = open_context(data_dir, take_lock=False)
    later = make_person(ctx, "Private", first_name="Bob")
    fine = make_person(ctx, "Open", first_name="Ann")
    ctx.close()
    run(capsys, data_dir, "resources", "share", 1, "--person", later, "--person", fine, "--date", "2026-02-01")
    ctx = open_context(data_dir, take_lock=False)
    with ctx.session() as s:
        s.get(Person, later).do_not_contact = True             # asked not to be contacted after the share
    ctx.close()
    code, _, err = run(capsys, data_dir, "export", "shares", "-o", tmp_path / "s.csv")
    text = (tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    assert code == 0 and "Ann Open" in text and "Bob Private" not in text
    assert "(name withheld: no consent to contact)" in text
    assert "1 name of a person who is marked do not contact or has not consented was withheld" in err
    code, _, err = run(capsys, data_dir, "export", "shares", "-o", tmp_path / "all.csv", "--include-no-contact")
    assert code == 0 and "Bob Private" in (tmp_path / "all.csv").read_text(encoding="utf-8-sig")
    assert "Warning: this file includes people" in err
