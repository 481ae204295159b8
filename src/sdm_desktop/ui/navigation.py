"""The views in the navigation, in order. Each names the class that builds it (imported lazily), its icon,
and the common actions on its toolbar: each the view's own button (found by its accessible name) or one of
the main window's menu actions, so the toolbar does exactly what they do."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import NamedTuple

# Named tuples, not dataclasses: this module is read before the window first appears, and making a dataclass
# (and importing the module that makes them) costs 5 ms of it.


class ToolbarItem(NamedTuple):
    icon: str                  # a file name in resources/icons, without .svg
    button: str = ""           # the accessible name of the view's button it presses
    window_action: str = ""    # or the main window's menu action (MainWindow.named_actions)
    replaces: bool = True      # the button itself is then hidden (its Alt key moves to the toolbar)
    view_method: str = ""      # or a method of the view (an action that lives in one of its menu buttons),
    text: str = ""             # shown as this text


class ViewSpec(NamedTuple):
    name: str          # lower-case, used by `sdm-desktop screenshot VIEW`
    title: str
    target: str        # "module:Class"
    shortcut: str
    badge: Callable | None = None   # badge(ctx) -> short text beside the name, e.g. a count
    icon: str = ""
    toolbar: tuple[ToolbarItem, ...] = ()
    menu_text: str = ""             # the View menu's item with its Alt letter, when the first letter is taken


def _buttons(*pairs: tuple[str, str], keep: tuple[str, ...] = ()) -> tuple[ToolbarItem, ...]:
    """Toolbar items pressing the view's buttons; those named in ``keep`` stay where they are as well."""
    return tuple(ToolbarItem(icon, button=name, replaces=name not in keep) for icon, name in pairs)


def _follow_ups_due(ctx) -> str:
    from sdm_desktop.services.engagement.followups import follow_up_counts

    counts = follow_up_counts(ctx)
    return f"{counts.needing_attention} due" if counts.needing_attention else ""


VIEWS = [
    ViewSpec("home", "Home", "sdm_desktop.ui.home.view:HomeView", "Ctrl+1", icon="house",
             toolbar=tuple(ToolbarItem(icon, window_action=name) for icon, name in (
                 ("upload", "import"), ("file-output", "board summary"), ("database", "sample data"),
                 ("hard-drive-download", "back up"),
                 ("hand-heart", "welcome"), ("circle-help", "getting started")))),
    ViewSpec("stakeholders", "Stakeholders", "sdm_desktop.ui.register.view:StakeholdersView", "Ctrl+2",
             icon="users", toolbar=_buttons(
                 ("building-2", "New organisation or group"), ("user-plus", "New person"),
                 ("archive", "Archive or restore selected"), ("trash-2", "Delete selected"),
                 ("tags", "Edit organisation types"), ("upload", "Import from a file"),
                 ("download", "Export the rows shown"))),
    ViewSpec("analysis", "Analysis", "sdm_desktop.ui.analysis.view:AnalysisView", "Ctrl+3",
             icon="chart-scatter", toolbar=_buttons(
                 ("clipboard-plus", "New assessment"), ("calendar-plus", "New analysis round"),
                 ("image-down", "Save the grid as PDF or PNG"), ("printer", "Print the grid"),
                 ("download", "Export assessments"))),
    ViewSpec("engagement", "Engagement", "sdm_desktop.ui.engagement.view:EngagementView", "Ctrl+4",
             badge=lambda ctx: _follow_ups_due(ctx), icon="calendar-check", toolbar=_buttons(
                 ("plus", "New engagement plan"), ("file-text", "Write the engagement report"),
                 ("trash-2", "Delete the selected plan"), ("download", "Export the plans shown"),
                 # its Alt key stays on the Plans page: the other pages' Export shown… use the same letter
                 keep=("Export the plans shown",))),
    ViewSpec("training", "Training", "sdm_desktop.ui.training.view:TrainingView", "Ctrl+5",
             icon="graduation-cap", toolbar=_buttons(
                 ("plus", "New cohort"), ("trash-2", "Delete selected cohort"),
                 ("book-plus", "Programme actions"),
                 keep=("Programme actions",)) + (       # its Alt key stays: the toolbar opens the same menu
                 ToolbarItem("plus", view_method="new_programme", text="New programme…"),)),
    ViewSpec("letters", "Letters", "sdm_desktop.ui.letters.view:LettersView", "Ctrl+6",
             icon="mail", toolbar=_buttons(
                 ("send", "Write the letters"), ("user-pen", "Sender and programme details"),
                 ("printer", "Print the mailing's PDF or combined document"),
                 ("download", "Export the mailings shown"),
                 # Kept in place: on the tabs they sit on, their Alt keys are the same as other controls'.
                 keep=("Write the letters", "Sender and programme details",
                       "Print the mailing's PDF or combined document", "Export the mailings shown"))),
    ViewSpec("resources", "Resources", "sdm_desktop.ui.resources.view:ResourcesView", "Ctrl+7",
             icon="library", toolbar=_buttons(
                 ("plus", "New resource"), ("paperclip", "Add offline copy"),
                 ("share-2", "Share with groups or people"),
                 ("folder-open", "Open the resource"), ("external-link", "Open the resource's link"),
                 ("trash-2", "Delete selected resources"), ("download", "Export the resources shown"))),
    ViewSpec("reach", "Reach", "sdm_desktop.ui.reach.view:ReachView", "Ctrl+8", menu_text="Rea&ch",
             icon="map-pin", toolbar=_buttons(
                 ("upload", "Import postcode, deprivation and population files"),
                 ("percent", "Type or change the population profile"),
                 ("users-round", "Choose which tags are PLUS groups"),
                 ("clipboard-plus", "Record counts without names for an activity or session"),
                 ("file-down", "Save the reach report as Word or Excel"))),
    ViewSpec("assurance", "Assurance", "sdm_desktop.ui.assurance.view:AssuranceView", "Ctrl+9",
             menu_text="Ass&urance", icon="shield-check", toolbar=_buttons(
                 ("plus", "Add a principle"), ("pencil", "Edit the principle chosen"),
                 ("file-text", "Write the assurance report for the period"),
                 ("save", "Save the self-assessment (Ctrl+S)"), keep=("Save the self-assessment (Ctrl+S)",))),
    ViewSpec("consultation", "Consultation", "sdm_desktop.ui.consultation.view:ConsultationView",
             "Ctrl+Shift+O",     # not Ctrl+0: in the Analysis grid that fits the grid to the window
             menu_text="C&onsultation", icon="messages-square", toolbar=_buttons(
                 ("plus", "Add a theme to the codebook"), ("pencil", "Rename the theme chosen"),
                 ("tags", "Merge the theme chosen into another"), ("users-round", "Compare two coders' themes"))),
]


def view_class(spec: ViewSpec):
    module, cls = spec.target.split(":")
    return getattr(importlib.import_module(module), cls)
