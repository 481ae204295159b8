"""The register's last few searches, kept so that typing on is answered from memory.

Typing "kin", "king", "kingf" narrows the search: every row "king" finds, "kin" found too, in the same order. So
once a search has found all its rows (with each row's search text), a search that only adds to its words, with
the same filters and sort, keeps those of its rows whose text holds every new word: the same test as the
database's ``LIKE '%word%'`` (ASCII letters of either case alike on SQLite, as SQLite's LIKE; exact on
PostgreSQL), so the same rows in the same order, without asking the database. Going back (Backspace) finds an
earlier search's rows as they were.

What is kept is what the table shows, so it is exactly as fresh: the view forgets it whenever the register
changes (``forget``), and a search kept longer than ``MAX_AGE_S`` is asked of the database again.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.text import search_terms
from sdm_desktop.services.register.search import FoundIds, RegisterFilter, SortKey

KEEP = 6                    # searches kept: the last few keystrokes, to go back to
MAX_AGE_S = 30.0            # a typing burst; after that the database is asked again
MAX_ROWS = 120_000          # rows (with their text) kept in all: about 15 MB at most
NARROW_WHOLE = 10_000       # kept rows narrowed in full even when a first page is asked for (about a millisecond)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

Finder = Callable[[AppContext, RegisterFilter, SortKey, "int | None"], FoundIds]


@dataclass
class _Kept:
    rest: RegisterFilter              # the filter without its text
    sort: SortKey
    terms: tuple[str, ...]
    ids: list[int]
    texts: list[str]                  # as compared: see ``_comparable``
    at: float


class RecentSearches:
    """One list's (people or organisations) recent complete searches. ``find`` is the database search; this
    answers from memory what it can and asks ``find`` for the rest. Safe to call from worker threads."""

    def __init__(self, find: Finder):
        self._find = find
        self._kept: list[_Kept] = []
        self._lock = threading.Lock()
        self._forgotten = 0                 # how often the register changed: a search begun before is not kept

    def find_ids(self, ctx: AppContext, f: RegisterFilter, sort: SortKey = SortKey(),
                 first_page: int | None = None) -> FoundIds:
        caseless = ctx.db.engine.dialect.name == "sqlite"
        terms = tuple(_comparable(t, caseless) for t in search_terms(f.text))
        rest = dataclasses.replace(f, text="")
        known = self._answer(rest, sort, terms, first_page)
        if known is not None:
            return known
        begun, at = self._forgotten, time.monotonic()
        found = self._find(ctx, f, sort, first_page)
        if found.complete and found.texts is not None and terms:       # no words: every row, not worth keeping
            self._keep(_Kept(rest, sort, terms, found.ids, [_comparable(t, caseless) for t in found.texts], at),
                       begun)
        return found

    def forget(self) -> None:
        """The register changed: nothing kept answers a search any more."""
        with self._lock:
            self._kept.clear()
            self._forgotten += 1

    def _answer(self, rest: RegisterFilter, sort: SortKey, terms: tuple[str, ...],
                first_page: int | None) -> FoundIds | None:
        """The rows a kept search narrows to, or None (the database must be asked). With ``first_page``, narrowing
        more than ``NARROW_WHOLE`` rows gives its first page once found, as the database does (``complete`` False):
        the rest is asked for without a limit."""
        if not terms:
            return None
        now = time.monotonic()
        with self._lock:
            self._kept = [k for k in self._kept if now - k.at <= MAX_AGE_S]
            usable = [k for k in self._kept if k.rest == rest and k.sort == sort and _narrows(k.terms, terms)]
            begun = self._forgotten
        if not usable:
            return None
        # the fewest rows to narrow, by the fewest words (the newest search that typing went on from)
        base = min(usable, key=lambda k: (len(k.ids), sum(term not in k.terms for term in terms)))
        if base.terms == terms:
            return FoundIds(base.ids, True, base.texts)
        new_terms = [term for term in terms if term not in base.terms]     # the kept rows hold the others
        limit = first_page if len(base.ids) > NARROW_WHOLE else None
        rows, complete = _rows_holding(base.texts, new_terms, limit)
        ids, texts = [base.ids[row] for row in rows], [base.texts[row] for row in rows]
        if complete:
            self._keep(_Kept(rest, sort, terms, ids, texts, base.at), begun)
        return FoundIds(ids, complete, texts)

    def _keep(self, kept: _Kept, begun: int) -> None:
        if len(kept.ids) > MAX_ROWS:
            return
        with self._lock:
            if begun != self._forgotten:
                return                      # the register changed while it was being searched
            self._kept = [k for k in self._kept if (k.rest, k.sort, k.terms) != (kept.rest, kept.sort, kept.terms)]
            self._kept.append(kept)
            while len(self._kept) > KEEP or sum(len(k.ids) for k in self._kept) > MAX_ROWS:
                self._kept.pop(0)


def _rows_holding(texts: list[str], terms: list[str], limit: int | None) -> tuple[list[int], bool]:
    """The positions of the texts holding every term, in order, and whether that is all of them: with ``limit``,
    at most that many (all of them when fewer)."""
    rows: Iterable[int] = range(len(texts))
    if limit is None:
        for term in terms:
            rows = [row for row in rows if term in texts[row]]
        return list(rows), True
    for term in terms:
        rows = _holding(texts, rows, term)
    found = list(islice(rows, limit))
    return found, len(found) < limit


def _holding(texts: list[str], rows: Iterable[int], term: str) -> Iterator[int]:
    return (row for row in rows if term in texts[row])


def _narrows(kept: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """Every row holding all the ``new`` words holds all the ``kept`` ones: each kept word is inside a new one."""
    return all(any(old in word for word in new) for old in kept)


def _comparable(text: str, caseless: bool) -> str:
    """A search text or word as SQLite's LIKE compares them (ASCII letters of either case alike), or as it is."""
    return text.translate(_ASCII_LOWER) if caseless and not text.islower() else text
