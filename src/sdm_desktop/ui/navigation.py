"""The views in the navigation, in order. Each names the class that builds it (imported lazily)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ViewSpec:
    name: str          # lower-case, used by `sdm-desktop screenshot VIEW`
    title: str
    target: str        # "module:Class"
    shortcut: str
    badge: Callable | None = None   # badge(ctx) -> short text beside the name, e.g. a count
    menu_text: str = ""             # the View menu's item with its Alt letter, when the first letter is taken


def _follow_ups_due(ctx) -> str:
    from sdm_desktop.services.engagement.followups import follow_up_counts

    counts = follow_up_counts(ctx)
    return f"{counts.needing_attention} due" if counts.needing_attention else ""


VIEWS = [
    ViewSpec("home", "Home", "sdm_desktop.ui.home.view:HomeView", "Ctrl+1"),
    ViewSpec("stakeholders", "Stakeholders", "sdm_desktop.ui.register.view:StakeholdersView", "Ctrl+2"),
    ViewSpec("analysis", "Analysis", "sdm_desktop.ui.analysis.view:AnalysisView", "Ctrl+3"),
    ViewSpec("engagement", "Engagement", "sdm_desktop.ui.engagement.view:EngagementView", "Ctrl+4",
             badge=lambda ctx: _follow_ups_due(ctx)),
    ViewSpec("training", "Training", "sdm_desktop.ui.training.view:TrainingView", "Ctrl+5"),
    ViewSpec("letters", "Letters", "sdm_desktop.ui.letters.view:LettersView", "Ctrl+6"),
    ViewSpec("resources", "Resources", "sdm_desktop.ui.resources.view:ResourcesView", "Ctrl+7"),
    ViewSpec("reach", "Reach", "sdm_desktop.ui.reach.view:ReachView", "Ctrl+8", menu_text="Rea&ch"),
]


def view_class(spec: ViewSpec):
    module, cls = spec.target.split(":")
    return getattr(importlib.import_module(module), cls)
