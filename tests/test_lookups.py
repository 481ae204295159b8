"""Lookup files: recognised by their columns in each layout, streamed into their own tables (replaced on
re-import), and the LSOA and IMD decile of each group and person worked out from them and kept up to date."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from helpers import make_org, make_person
from reach_helpers import IMD2019_HEADER, IMD2025_HEADER, imd_rows, write_csv, write_imd_xlsx
from sdm_desktop.cli import main
from sdm_desktop.db.models import Organisation, Person
from sdm_desktop.errors import UserError
from sdm_desktop.progress import JobCancelled, Progress
from sdm_desktop.services.lookups.loading import import_lookup
from sdm_desktop.services.lookups.recognise import fast_postcode
from sdm_desktop.services.lookups.status import lookup_status
from sdm_desktop.services.register.people import get_person, update_person


def area_of(ctx, person_id: int) -> tuple[str | None, int | None]:
    with ctx.session() as s:
        return s.execute(select(Person.lsoa_code, Person.imd_decile).where(Person.id == person_id)).one()


@pytest.fixture
def people(ctx):
    return {"leeds": make_person(ctx, "Leeds", postcode="LS1 4AP"),
            "other": make_person(ctx, "Other", postcode="LS2 7EW"),
            "none": make_person(ctx, "Nowhere", postcode="YO1 7HH"), "blank": make_person(ctx, "Blank")}


def test_a_postcode_directory_and_the_2019_imd_give_each_person_their_lsoa_and_decile(ctx, tmp_path, people):
    directory = write_csv(tmp_path / "ONSPD_NOV_2025_UK.csv", [
        ["pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "lsoa11", "msoa11", "lsoa21", "lat"],
        ["LS1  4AP", "LS1  4AP", "LS1 4AP", "198001", "", "E99999999", "E01011365", "E02002330", "E01033010", "53.8"],
        ["LS2 7EW", "LS2  7EW", "LS2 7EW", "198001", "", "E99999999", "E01011366", "E02002330", "E01011366", "53.8"],
        ["ZZ99 9ZZ", "", "ZZ99 9ZZ", "", "", "", "", "", "", ""],         # no LSOA: skipped
    ])
    result = import_lookup(ctx, directory)
    assert (result.kind, result.rows, result.skipped) == ("postcodes", 2, 1)
    imd = write_csv(tmp_path / "File_1_IoD2019.csv", imd_rows(IMD2019_HEADER, {"E01011365": 1, "E01011366": 7}))
    result = import_lookup(ctx, imd)
    assert result.kind == "deprivation" and "2019" in result.version and "LSOA 2011" in result.version
    assert area_of(ctx, people["leeds"]) == ("E01011365", 1)       # the 2011 code matches the 2019 file
    assert area_of(ctx, people["other"]) == ("E01011366", 7)
    assert area_of(ctx, people["none"]) == (None, None)
    assert area_of(ctx, people["blank"]) == (None, None)
    assert "2 of 3 people with a postcode have an IMD decile; 1 have none" in " ".join(result.lines())


def test_the_2025_imd_in_a_workbook_is_recognised_by_how_its_column_names_begin(ctx, tmp_path, people):
    write_csv(tmp_path / "dir.csv", [["pcds", "lsoa21"], ["ls1 4ap", "E01033010"], ["LS2 7EW", "E01011366"]])
    import_lookup(ctx, tmp_path / "dir.csv")
    result = import_lookup(ctx, write_imd_xlsx(tmp_path / "File_1_IoD2025.xlsx", IMD2025_HEADER,
                                               {"E01033010": 2, "E01011366": 9}))
    assert result.kind == "deprivation" and "2025" in result.version and "LSOA 2021" in result.version
    assert area_of(ctx, people["leeds"]) == ("E01033010", 2)
    assert area_of(ctx, people["other"]) == ("E01011366", 9)


def test_2021_postcodes_reach_a_2011_imd_through_the_lsoa_lookup_or_by_the_codes_that_did_not_change(
        ctx, tmp_path, people):
    write_csv(tmp_path / "nspl.csv", [["pcd", "lsoa21"], ["LS1 4AP", "E01033010"], ["LS2 7EW", "E01011366"]])
    import_lookup(ctx, tmp_path / "nspl.csv")
    import_lookup(ctx, write_csv(tmp_path / "imd.csv", imd_rows(IMD2019_HEADER, {"E01011365": 3, "E01011366": 5})))
    assert area_of(ctx, people["other"]) == ("E01011366", 5)           # code unchanged from 2011 to 2021
    assert area_of(ctx, people["leeds"]) == ("E01033010", None)        # changed: no decile yet
    assert lookup_status(ctx).people.with_decile == 1
    result = import_lookup(ctx, write_csv(tmp_path / "LSOA11_LSOA21_LAD22_EW_LU.csv", [
        ["LSOA11CD", "LSOA11NM", "LSOA21CD", "LSOA21NM", "CHGIND"],
        ["E01011365", "Leeds 111A", "E01033010", "Leeds 111F", "S"]]))
    assert result.kind == "lsoa_change"
    assert area_of(ctx, people["leeds"]) == ("E01011365", 3)


def test_postcodes_with_odd_spacing_and_case_are_found(ctx, tmp_path):
    assert fast_postcode(" ls1  4ap ") == "LS1 4AP"
    assert fast_postcode("LS14AP") == "LS1 4AP"
    assert fast_postcode("SW1A1AA") == "SW1A 1AA"
    assert fast_postcode("nonsense-long") is None
    person = make_person(ctx, "Spaced", postcode="sw1a1aa")
    write_csv(tmp_path / "deciles.csv", [["Postcode", "IMD_Decile"], ["sw1a  1aa", "4"], ["  LS1 4AP", "2"]])
    result = import_lookup(ctx, tmp_path / "deciles.csv")
    assert result.kind == "postcode_deciles"
    assert area_of(ctx, person) == (None, 4)


def test_a_headerless_postcode_decile_file_and_a_headerless_postcode_lsoa_file(ctx, tmp_path, people):
    write_csv(tmp_path / "pd.csv", [["LS1 4AP", "1"], ["LS2 7EW", "10"], ["YO1 7HH", "11"]])
    result = import_lookup(ctx, tmp_path / "pd.csv")
    assert (result.kind, result.rows, result.skipped) == ("postcode_deciles", 2, 1)     # decile 11 is not one
    assert area_of(ctx, people["leeds"])[1] == 1 and area_of(ctx, people["other"])[1] == 10
    write_csv(tmp_path / "pl.csv", [["LS1 4AP", "E01011365"], ["YO1 7HH", "E01011366"]])
    result = import_lookup(ctx, tmp_path / "pl.csv")
    assert result.kind == "postcodes" and "no header" in result.version
    import_lookup(ctx, write_csv(tmp_path / "imd.csv", imd_rows(IMD2019_HEADER, {"E01011366": 6})))
    assert area_of(ctx, people["none"]) == ("E01011366", 6)


def test_a_re_import_replaces_the_lookup_and_a_postcode_change_moves_the_person(ctx, tmp_path, people):
    import_lookup(ctx, write_csv(tmp_path / "a.csv", [["pcds", "lsoa11"], ["LS1 4AP", "E01011365"],
                                                       ["LS2 7EW", "E01011366"]]))
    import_lookup(ctx, write_csv(tmp_path / "imd.csv", imd_rows(IMD2019_HEADER, {"E01011365": 1, "E01011366": 8})))
    assert area_of(ctx, people["other"]) == ("E01011366", 8)
    import_lookup(ctx, write_csv(tmp_path / "b.csv", [["pcds", "lsoa11"], ["LS1 4AP", "E01011365"]]))
    assert area_of(ctx, people["other"]) == (None, None)             # replaced, not merged
    data = get_person(ctx, people["other"])
    data.postcode = "ls1 4ap"
    update_person(ctx, people["other"], data)
    assert area_of(ctx, people["other"]) == ("E01011365", 1)
    group = make_org(ctx, "Core20 PPG", postcode="LS1 4AP")
    with ctx.session() as s:
        assert s.scalar(select(Organisation.imd_decile).where(Organisation.id == group)) == 1
    loaded = {x.kind: x for x in lookup_status(ctx).loaded}
    assert loaded["postcodes"].file_name == "b.csv" and loaded["postcodes"].rows == 1
    assert isinstance(loaded["postcodes"].imported_at, datetime)


def test_the_derived_area_leaves_the_records_version_and_updated_time_alone(ctx, tmp_path, people):
    with ctx.session() as s:
        before = s.execute(select(Person.updated_at).where(Person.id == people["leeds"])).scalar()
    import_lookup(ctx, write_csv(tmp_path / "pd.csv", [["postcode", "imd_decile"], ["LS1 4AP", "3"]]))
    with ctx.session() as s:
        after = s.execute(select(Person.updated_at, Person.imd_decile).where(Person.id == people["leeds"])).one()
    assert after == (before, 3)


def test_an_unrecognised_file_and_a_cancelled_import_leave_what_was_loaded(ctx, tmp_path, people):
    import_lookup(ctx, write_csv(tmp_path / "pd.csv", [["postcode", "imd_decile"], ["LS1 4AP", "3"]]))
    with pytest.raises(UserError, match="not a lookup file this app recognises"):
        import_lookup(ctx, write_csv(tmp_path / "people.csv", [["name", "email"], ["Ada", "a@b.org"]]))
    rows = [["postcode", "imd_decile"]] + [[f"LS{n % 9 + 1} {n % 10}AB", "5"] for n in range(25_000)]
    big = write_csv(tmp_path / "big.csv", rows)
    progress = Progress()
    progress.cancelled = True
    with pytest.raises(JobCancelled):
        import_lookup(ctx, big, progress)
    assert area_of(ctx, people["leeds"])[1] == 3
    assert {x.file_name for x in lookup_status(ctx).loaded} == {"pd.csv"}


def test_a_file_that_is_not_text_or_too_big_gets_one_clear_message(ctx, tmp_path, monkeypatch):
    from sdm_desktop.services.lookups import files

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"pcds,lsoa21\n" + b"LS1 4AP,E01011365\n" * 10 + b"\xff\xfe\x00\x81" * 2000)
    monkeypatch.setattr(files, "SNIFF_BYTES", 64)
    with pytest.raises(UserError, match="not readable text near line"):
        import_lookup(ctx, bad)
    monkeypatch.setattr(files, "MAX_BYTES", 10)
    with pytest.raises(UserError, match="are not imported"):
        import_lookup(ctx, bad)


def test_the_command_line_imports_and_reports_status(data_dir, tmp_path, capsys):
    write_csv(tmp_path / "pd.csv", [["postcode", "imd_decile"], ["LS1 4AP", "3"]])
    assert main(["--data-dir", str(data_dir), "lookups", "import", str(tmp_path / "pd.csv")]) == 0
    assert "Postcode to IMD decile imported from pd.csv: 1 rows" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "lookups", "status"]) == 0
    out = capsys.readouterr().out
    assert "Postcode to IMD decile: pd.csv" in out and "Not loaded: Postcode directory" in out
    assert main(["--data-dir", str(data_dir), "lookups", "import", str(tmp_path / "missing.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_with_no_lookups_loaded_an_area_found_before_is_cleared_and_the_people_with_a_postcode_counted(ctx, people):
    """No lookups at all (the first import of a register): nobody's area can be found, so only the areas set
    before are cleared; the counts are those of every row, as when each is looked up."""
    from sqlalchemy import update

    from sdm_desktop.services.lookups.areas import refresh_areas

    org = make_org(ctx, "Surgery", postcode="LS1 4AP")
    with ctx.session() as s:
        s.execute(update(Person).where(Person.id == people["leeds"]).values(lsoa_code="E01011365", imd_decile=1))
        s.execute(update(Person).where(Person.id == people["other"]).values(imd_decile=7))
        s.execute(update(Organisation).where(Organisation.id == org).values(lsoa_code="E01011365"))
    with ctx.session() as s:
        report = refresh_areas(s)
    assert (report.people, report.people_with_decile, report.organisations, report.changed) == (3, 0, 1, 3)
    assert all(area_of(ctx, pid) == (None, None) for pid in people.values())
    with ctx.session() as s:
        assert s.execute(select(Organisation.lsoa_code, Organisation.imd_decile)
                         .where(Organisation.id == org)).one() == (None, None)
        report = refresh_areas(s, person_ids=[people["leeds"], people["blank"]], organisation_ids=[])
    assert (report.people, report.organisations, report.changed) == (1, 0, 0)
