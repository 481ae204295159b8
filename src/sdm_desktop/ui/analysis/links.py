"""The Analysis view's links from Home: the grid showing only one quadrant's stakeholders, or only those who
moved between two rounds, with a note saying so and a button to show everyone again.

A mixin of AnalysisView: it uses the view's round and filter controls, ``reload`` and ``redraw``."""

from __future__ import annotations

from sdm_desktop.services.analysis.grid import Comparison, GridPoint, quadrant_label
from sdm_desktop.ui.common.tables.filter_note import FilterNote, blocked_signals

QUADRANT, MOVED = "quadrant", "moved"


class GridLinks:
    def _build_link_note(self) -> FilterNote:
        self.link_note = FilterNote("Stakeholders the grid shows", self.redraw)
        return self.link_note

    def link_quadrant(self) -> str | None:
        """The quadrant a link chose (the grid's filter adds it), or None."""
        kind, value = self.link_note.value or (None, None)
        return value if kind == QUADRANT else None

    def only_moved(self, shown: list[GridPoint], comparison: Comparison | None) -> list[GridPoint]:
        """After a "who moved" link: only the stakeholders who moved on the grid between the two rounds."""
        kind, _value = self.link_note.value or (None, None)
        if kind != MOVED or comparison is None:
            return shown
        moved = {m.after.key for m in comparison.moved}
        return [p for p in shown if p.key in moved]

    def show_quadrant(self, code: str) -> None:
        """Everyone in one quadrant, by each stakeholder's latest assessment (as Home counts them)."""
        self._link_rounds(None, None)
        self.link_note.show_only((QUADRANT, code), f"the stakeholders in <i>{quadrant_label(code)}</i>, by each "
                                 "one's latest assessment")
        self.reload()

    def show_moved(self, latest: str, previous: str) -> None:
        """Those who moved on the grid from round ``previous`` to round ``latest``."""
        self._link_rounds(latest, previous)
        self.link_note.show_only((MOVED, None), f"the stakeholders who moved on the grid since {previous}")
        self.reload()

    def _link_rounds(self, round_name: str | None, compare_name: str | None) -> None:
        self.reload_choices()
        controls = (self.round_combo, self.compare_combo, self.search, self.type_filter, self.tag_filter,
                    self.ppe_filter, self.attitude_filter)
        with blocked_signals(*controls):
            self.round_combo.setCurrentIndex(max(0, self.round_combo.findData(round_name)))
            self.compare_combo.setCurrentIndex(max(0, self.compare_combo.findData(compare_name)))
            self.search.clear()
            for combo in controls[3:]:
                combo.setCurrentIndex(0)
        self.tabs.setCurrentIndex(0)
