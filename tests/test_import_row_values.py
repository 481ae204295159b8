"""The quick paths an import takes for each row read the same values as the general ones."""

from __future__ import annotations

import random
import re
import sys
from datetime import date

import pytest

from importexport_files import write_csv
from sdm_desktop.services.core.text import fold, search_blob
from sdm_desktop.services.importing import ImportOptions, plan_import, run_import
from sdm_desktop.services.importing.convert import RowError, parse_bool, parse_date, split_list
from sdm_desktop.services.importing.row_cells import RowCells
from sdm_desktop.services.register.people import PersonInput, validate_person


@pytest.mark.parametrize("parts", [
    ("Ada", "  Lovelace ", None, "", "LS1 4AP", 3, "a\tb\n c"),
    ("Ada", "   ", "x"),                     # a part of spaces only: an empty part between separators
    (" lead", "trail ", "in  side"),
    ("Zoë", "O’Brien", "Ångström  Way"),     # not ASCII: folded part by part
    ("x | y", "|", " | "),
])
def test_a_search_text_is_each_part_folded_and_joined(parts):
    assert search_blob(*parts) == " | ".join(fold(str(p)) for p in parts if p not in (None, ""))


def test_folding_makes_every_run_of_white_space_one_space_as_the_pattern_did():
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert len(spaces) > 20
    rng = random.Random(3)
    for _ in range(5000):
        text = "".join(rng.choice([*spaces, "a", "B", "é", " "]) for _ in range(rng.randrange(1, 10)))
        assert fold(text) == fold_by_pattern(text), repr(text)


def fold_by_pattern(text: str) -> str:
    """``fold`` as it was written, with a regular expression (for ASCII text the same as its fast path)."""
    import unicodedata

    decomposed = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", decomposed.replace("\u2019", "'").replace("\u2018", "'").casefold()).strip()


def test_dates_yes_no_and_lists_read_as_before():
    assert parse_date("d", "2024-02-29") == date(2024, 2, 29)
    assert parse_date("d", "2024-1-5") == date(2024, 1, 5)
    assert parse_date("d", "29/02/2024") == date(2024, 2, 29)
    for bad in ("2024-02-30", "2023-02-29", "2024-13-01"):
        with pytest.raises(RowError, match="is not a date"):
            parse_date("d", bad)
    assert [parse_bool("b", t) for t in ("yes", " Yes ", "no", "", None, "✓")] == [True, True, False, False, False,
                                                                                      True]
    with pytest.raises(RowError, match="is not yes or no"):
        parse_bool("b", "maybe")
    assert split_list("  carers ") == ["carers"] and split_list("   ") == [] and split_list(None) == []
    assert split_list("panel, carers;;x") == ["panel", "carers", "x"]


def test_validation_leaves_the_data_given_alone():
    given = PersonInput(first_name="  Ada ", last_name=" Lovelace", town=" ", tags=["b", "a"])
    out = validate_person(given)
    assert (out.first_name, out.last_name, out.town, out.tags) == ("Ada", "Lovelace", None, ["a", "b"])
    assert (given.first_name, given.last_name, given.town, given.tags) == ("  Ada ", " Lovelace", " ", ["b", "a"])
    assert out.tags is not given.tags and out.memberships is not given.memberships


def test_a_rows_mapped_cells_are_stripped_padded_and_unneutralised(ctx, tmp_path):
    path = write_csv(tmp_path / "people.csv", [["Surname", "First name", "Notes", "Town"],
                                               ["  O'Brien ", "Ada", "'=1+1", "Leeds"], ["Lovelace"]])
    plan = plan_import(ctx, path, ImportOptions(kind="people"))
    try:
        cells = RowCells(plan)
        assert cells.values(["  O'Brien ", "Ada", "'=1+1", "Leeds"]) == {
            "last_name": "O'Brien", "first_name": "Ada", "notes": "=1+1", "town": "Leeds"}
        assert cells.values(["Lovelace"]) == {"last_name": "Lovelace", "first_name": "", "notes": "", "town": ""}
        assert cells.values(["Hopper", "Grace", "'plain", " Hull"])["notes"] == "'plain"
    finally:
        plan.source.close()
    report = run_import(ctx, path, ImportOptions(kind="people"))
    assert report.created == 2 and not report.rejected
