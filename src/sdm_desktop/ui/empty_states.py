"""The empty states of each view's lists: the words, and which of the view's buttons (or the main window's
menu actions) they offer. Installed by the main window when it builds a view, like the toolbars."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QWidget

from sdm_desktop.ui.common.empty_state import EmptyAction, EmptyState
from sdm_desktop.ui.view_toolbars import find_button

SAMPLE = ("Load the sample data", "database", "sample data")
IMPORT = ("Import the NHS lists…", "upload", "import")


@dataclass(frozen=True)
class EmptySpec:
    table: str                    # the list's accessible name
    kind: str                     # services.reporting.records kind: is anything stored at all?
    nothing_yet: str
    nothing_matches: str
    buttons: tuple[tuple[str, str, str], ...] = ()     # (words, icon, the view's button's accessible name
                                                       #  or ".method" of the view)
    window_actions: tuple[tuple[str, str, str], ...] = (SAMPLE,)   # (words, icon, MainWindow.named_actions key)


EMPTY_STATES: dict[str, tuple[EmptySpec, ...]] = {
    "stakeholders": (
        EmptySpec("Organisations and groups", "organisations",
                  "No groups or organisations yet — add one, import the NHS lists of GP practices and "
                  "trusts, or load the sample data to try SDM Desktop out.",
                  "No groups or organisations match the search and filters.",
                  (("New group…", "building-2", "New organisation or group"),), (IMPORT, SAMPLE)),
        EmptySpec("People", "people",
                  "No people yet — add the first person, import a list, or load the sample data.",
                  "No people match the search and filters.",
                  (("New person…", "user-plus", "New person"),), (IMPORT, SAMPLE)),
    ),
    "analysis": (
        EmptySpec("Stakeholders on the grid", "assessments",
                  "No assessments yet — record where a group or person stands (influence, interest, "
                  "attitude) to see them on the grid, or load the sample data.",
                  "No one on the grid matches the filters.",
                  (("New assessment…", "clipboard-plus", "New assessment"),)),
    ),
    "engagement": (
        EmptySpec("Engagement plans", "plans",
                  "No plans yet — make an engagement plan, or load the sample data to see how one looks.",
                  "No plans match the filters.",
                  (("New plan…", "plus", "New engagement plan"),)),
        EmptySpec("Follow-up actions", "follow-ups",
                  "No follow-up actions yet. They appear here when an interaction you log has an action "
                  "and a due date.",
                  "No follow-up actions match the filters.", (), ()),
        EmptySpec("You said, we did", "feedback",
                  "No feedback yet. Log an interaction as feedback (what people said); what changed because "
                  "of it (what we did) is recorded here.",
                  "No feedback matches the filters.", (), ()),
    ),
    "training": (
        EmptySpec("Cohorts of the programme", "programmes",
                  "No training programmes yet — make one, then add its cohorts; or load the sample data.",
                  "This programme has no cohorts yet: New cohort adds one.",
                  (("New programme…", "book-plus", ".new_programme"),)),     # an item of the Programme menu
    ),
    "letters": (
        EmptySpec("Past mailings", "letter runs",
                  "No letters written yet. On the first tab choose a template and who to write to, then "
                  "Write letters…; each mailing is listed here.",
                  "No mailings match.", (), ()),
    ),
    "resources": (
        EmptySpec("Resources", "resources",
                  "No resources yet — add a film, leaflet or decision aid to share, or load the sample data.",
                  "No resources match the search and filters.",
                  (("New resource…", "plus", "New resource"),)),
    ),
    "consultation": (
        EmptySpec("Responses", "responses",
                  "No consultation responses yet. Choose the survey, consultation, event or meeting above (plan "
                  "one in Engagement first), then Import responses… from Microsoft Forms, SmartSurvey, "
                  "SurveyMonkey or Google Forms, or Type responses… from paper forms and meeting notes.",
                  "This activity has no responses yet, or none match the search and filters."),
    ),
}


def _find_list(view: QWidget, name: str) -> QAbstractItemView:
    found = [t for t in view.findChildren(QAbstractItemView) if t.accessibleName() == name]
    if len(found) != 1:
        raise LookupError(f"The {view.title} view has {len(found)} lists named {name!r}, not one")
    return found[0]


def _actions(view: QWidget, spec: EmptySpec, window_actions: dict[str, QAction]) -> list[EmptyAction]:
    actions: list[EmptyAction] = []
    for words, icon_name, name in spec.buttons:
        # ".method": the view's own method (an action that lives in a menu button, not a button of its own)
        actions.append((words, icon_name, getattr(view, name[1:]) if name.startswith(".") else
                        find_button(view, name).click))
    for words, icon_name, key in spec.window_actions:
        actions.append((words, icon_name, window_actions[key].trigger))
    return actions


def add_empty_states(view: QWidget, view_name: str, window_actions: dict[str, QAction]) -> list[EmptyState]:
    ctx = view.env.ctx
    states = [EmptyState(_find_list(view, spec.table), nothing_yet=spec.nothing_yet,
                         nothing_matches=spec.nothing_matches,
                         has_records=lambda kind=spec.kind: _has_records(ctx, kind),
                         actions=_actions(view, spec, window_actions))
              for spec in EMPTY_STATES.get(view_name, ())]
    view.empty_states = states
    return states


def _has_records(ctx, kind: str) -> bool:
    """Imported when first asked, after the window is up: the window's frame is shown before the database layer
    (SQLAlchemy and the models, about half a second) is loaded."""
    from sdm_desktop.services.reporting.records import has_records

    return has_records(ctx, kind)
