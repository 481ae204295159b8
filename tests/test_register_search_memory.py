"""Typing on in the register's search is answered from the rows already found (services/register/search_memory):
exactly the rows and order the database gives, and never after the register changed."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from helpers import make_person
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.register import search as register
from sdm_desktop.services.register import search_memory
from sdm_desktop.services.register.search_memory import RecentSearches
from test_register_search_index import QUERIES, varied  # noqa: F401 - the fixture

TYPED = ["smith", "smith-jones", "ls1 4ab", "@leeds.nhs", "zoë o'brien", "carers forum", "patient representative",
         "riverside ppg", "100% a_b"]


class Counting:
    """The database search, counting how often it is asked."""

    def __init__(self, find):
        self.find, self.asked = find, 0

    def __call__(self, *args):
        self.asked += 1
        return self.find(*args)


def typed(phrase: str) -> list[str]:
    return [phrase[:n] for n in range(1, len(phrase) + 1)]


@pytest.mark.parametrize("kind", ["people", "organisations"])
def test_typing_on_gives_the_databases_rows_in_its_order_without_asking_it_again(varied, kind):  # noqa: F811
    find = register.find_person_ids if kind == "people" else register.find_organisation_ids
    database = Counting(find)
    recent = RecentSearches(database)
    other_sort = register.SortKey("email" if kind == "people" else "postcode", True)
    cases = [({}, register.SortKey()), ({}, other_sort)]
    if kind == "people":
        cases += [({"include_archived": True}, register.SortKey()), ({"patient_reps_only": True}, other_sort)]
    for extra, sort in cases:
        for phrase in TYPED + QUERIES:
            for words in typed(phrase) + typed(phrase)[-2::-1]:          # typed, then rubbed out
                flt = register.RegisterFilter(text=words, **extra)
                assert recent.find_ids(varied, flt, sort).ids == find(varied, flt, sort).ids, (words, extra, sort)
    recent.find_ids(varied, register.RegisterFilter(text="carers"))
    asked_before = database.asked
    for words in ("carers", "carers forum", "carers forum leeds", "carers forum"):
        recent.find_ids(varied, register.RegisterFilter(text=words))
    assert database.asked == asked_before            # answered from memory


@pytest.mark.parametrize("kind", ["people", "organisations"])
def test_a_first_page_from_memory_is_the_first_rows_of_the_whole_answer(varied, kind, monkeypatch):  # noqa: F811
    """As the database gives a first page first (the view shows it, then asks for the rest), so does memory when it
    narrows many rows."""
    monkeypatch.setattr(search_memory, "NARROW_WHOLE", 0)
    find = register.find_person_ids if kind == "people" else register.find_organisation_ids
    database = Counting(find)
    recent = RecentSearches(database)
    first_pages = 0
    for phrase in ("leeds carers", "smith-jones", "riverside ppg", "ls1 4ab"):
        recent.forget()
        for words in typed(phrase):
            flt = register.RegisterFilter(text=words)
            whole = find(varied, flt).ids
            asked = database.asked
            for first_page in (1, 2, 3, 50):
                page = recent.find_ids(varied, flt, first_page=first_page)
                if page.complete:                  # all of them (already known, or fewer than a page)
                    assert page.ids == whole, (words, first_page)
                else:
                    assert page.ids == whole[:first_page] and len(page.ids) == first_page, (words, first_page)
                    first_pages += 1
            assert recent.find_ids(varied, flt).ids == whole, words          # the rest, then kept
            assert recent.find_ids(varied, flt, first_page=1).complete, words
            if len(words) > 1:
                assert database.asked == asked, words                         # typing on: from memory
    assert first_pages > 20


def test_a_wider_search_or_other_filters_ask_the_database(varied):  # noqa: F811
    database = Counting(register.find_person_ids)
    recent = RecentSearches(database)
    recent.find_ids(varied, register.RegisterFilter(text="smith"))
    for flt in (register.RegisterFilter(text="smit"), register.RegisterFilter(text="smith", include_archived=True),
                register.RegisterFilter(text="jones")):
        asked = database.asked
        recent.find_ids(varied, flt)
        assert database.asked == asked + 1, flt
    asked = database.asked
    recent.find_ids(varied, register.RegisterFilter(text="smith", tag="carers"), register.SortKey("email"))
    assert database.asked == asked + 1


def test_letters_of_either_case_match_as_sqlites_like_does(varied):  # noqa: F811
    """Search text an older version wrote, with capitals: SQLite's LIKE matches ASCII letters of either case."""
    ada = make_person(varied, "Kingfisher", "Ada")
    with varied.session() as s:
        s.execute(text("UPDATE person SET search_text = 'Ada | KINGFISHER | Ørsted' WHERE id = :id"), {"id": ada})
    recent = RecentSearches(register.find_person_ids)
    for words in typed("kingfisher ørsted") + ["ada kingf", "ØRSTED", "Ørsted"]:
        flt = register.RegisterFilter(text=words, include_archived=True)
        assert recent.find_ids(varied, flt).ids == register.find_person_ids(varied, flt).ids, words


def test_forgetting_and_age_make_the_database_answer_again(varied, monkeypatch):  # noqa: F811
    recent = RecentSearches(register.find_person_ids)
    assert recent.find_ids(varied, register.RegisterFilter(text="goldsmi")).ids
    make_person(varied, "Goldsmith", "Bilal")
    flt = register.RegisterFilter(text="goldsmith")
    recent.forget()
    assert recent.find_ids(varied, flt).ids == register.find_person_ids(varied, flt).ids
    make_person(varied, "Goldsmith", "Ceri")
    monkeypatch.setattr(search_memory, "MAX_AGE_S", -1.0)
    assert len(recent.find_ids(varied, flt).ids) == 3


def test_a_search_the_register_changed_under_is_not_kept(varied):  # noqa: F811
    """A search still running in the background when a save is announced: its rows may be from before the save."""
    recent = None

    def find_then_a_save(*args):
        found = register.find_person_ids(*args)
        recent.forget()                                       # the view heard of a save meanwhile
        return found

    recent = RecentSearches(find_then_a_save)
    recent.find_ids(varied, register.RegisterFilter(text="goldsmi"))
    ceri = make_person(varied, "Goldsmith", "Ceri")
    assert ceri in recent.find_ids(varied, register.RegisterFilter(text="goldsmith")).ids


def test_the_stakeholders_view_forgets_what_it_found_when_the_register_changes(demo_window):
    ctx = demo_window.env.ctx
    view = demo_window.show_view("stakeholders")
    view.tabs.setCurrentIndex(1)
    for words in typed("quetzal"):
        view.search.setText(words)
        view.run_search()
    assert view.current_model().ids() == []
    ada = make_person(ctx, "Quetzalcoatl", "Ada")
    demo_window.env.announce(Change.PERSON)                   # as the editor does after a save
    view.search.setText("quetzalc")
    view.run_search()
    assert view.current_model().ids() == [ada]
    assert view.status.text() == "1 person shown"


@pytest.mark.slow
def test_on_postgresql_memory_matches_its_case_sensitive_like(pg_url, tmp_path):
    """PostgreSQL's LIKE tells capitals apart: so does the memory there (search text an older version wrote)."""
    from sdm_desktop.services.opening import open_context

    ctx = open_context(tmp_path / "data", pg_url)
    try:
        for last, first in (("Kingfisher", "Ada"), ("Goldsmith", "Bilal"), ("Kingsley", "Ceri")):
            make_person(ctx, last, first)
        with ctx.session() as s:
            s.execute(text("UPDATE person SET search_text = 'Ada | KINGFISHER' WHERE first_name = 'Ada'"))
        recent = RecentSearches(register.find_person_ids)
        for words in typed("kingfisher") + typed("kings") + ["KING", "KINGF", "ada kin"]:
            flt = register.RegisterFilter(text=words)
            assert recent.find_ids(ctx, flt).ids == register.find_person_ids(ctx, flt).ids, words
    finally:
        ctx.close()
