"""Where each of Home's figures leads: the view that lists exactly the records counted, filtered to them.

Each function takes the main window (``show_view``) and opens one view through its public "show filtered"
method; Home connects its tiles and chart bars to these."""

from __future__ import annotations

from datetime import date

ORGANISATIONS, PEOPLE = 0, 1          # the Stakeholders view's tabs


def open_register(window, tab: int, org_type: str | None = None, ppe_level: str | None = None,
                  patient_reps_only: bool = False) -> None:
    window.show_view("stakeholders").show_filtered(tab, org_type=org_type, ppe_level=ppe_level,
                                                   patient_reps_only=patient_reps_only)


def open_trained(window, first: date, last: date, by_cascade: bool | None = None) -> None:
    """The people trained from ``first`` to ``last`` (by the cascade, by the programme's own trainers, or either)."""
    window.show_view("stakeholders").show_filtered(PEOPLE, trained=(first, last, by_cascade))


def open_mailings(window, first: date, last: date) -> None:
    window.show_view("letters").show_mailings(first, last)


def open_follow_ups(window, bucket: str) -> None:
    window.show_view("engagement").show_follow_ups(bucket)


def open_activities(window, level: str | None, first: date, last: date) -> None:
    """The activities planned in a month (or year), at one level (or none set), or (``None``) at any."""
    window.show_view("engagement").show_activities(level, first, last)


def open_quadrant(window, code: str) -> None:
    window.show_view("analysis").show_quadrant(code)


def open_moved(window, latest: str | None, previous: str | None) -> None:
    view = window.show_view("analysis")
    if latest and previous:
        view.show_moved(latest, previous)


def open_responses(window, activity_id: int | None = None, theme: str | None = None) -> None:
    """The Consultation view on an activity's responses, only those coded with ``theme`` if one is given."""
    window.show_view("consultation").show_responses(activity_id, theme)


def open_retention_due(window) -> None:
    from sdm_desktop.ui.privacy.actions import open_retention_review

    open_retention_review(window.env, window, due_only=True)
