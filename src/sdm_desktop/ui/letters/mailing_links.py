"""The Letters view's link from Home: the past mailings written in a period (Home's "letters written"), with a
note saying so and a button to show every mailing again.

A mixin of LettersView: it uses the view's tabs and ``refresh_runs``."""

from __future__ import annotations

from datetime import date, datetime, time

from sdm_desktop.services.letters.history import RunRow
from sdm_desktop.ui.common.tables.filter_note import FilterNote

RUNS_TAB = 1


class MailingLinks:
    def _build_mailings_note(self) -> FilterNote:
        self.mailings_note = FilterNote("Mailings shown", self.refresh_runs)
        return self.mailings_note

    def runs_shown(self, runs: list[RunRow]) -> list[RunRow]:
        """The mailings of the period a link chose (every mailing when none)."""
        if self.mailings_note.value is None:
            return runs
        start, end = self.mailings_note.value
        return [run for run in runs if start <= run.created_at <= end]

    def show_mailings(self, first: date, last: date) -> None:
        """The mailings written from ``first`` to ``last``, as Home counts their letters."""
        self.mailings_note.show_only((datetime.combine(first, time.min), datetime.combine(last, time.max)),
                                     f"the mailings written from {first:%d %b %Y} to {last:%d %b %Y}")
        self.tabs.setCurrentIndex(RUNS_TAB)
        self.refresh_runs()
