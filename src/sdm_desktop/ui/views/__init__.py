"""The views in the navigation, in order. Each names the class that builds it (imported lazily)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class ViewSpec:
    name: str          # lower-case, used by `sdm-desktop screenshot VIEW`
    title: str
    target: str        # "module:Class"
    shortcut: str


VIEWS = [
    ViewSpec("home", "Home", "sdm_desktop.ui.views.home:HomeView", "Ctrl+1"),
    ViewSpec("stakeholders", "Stakeholders", "sdm_desktop.ui.views.stakeholders:StakeholdersView", "Ctrl+2"),
    ViewSpec("analysis", "Analysis", "sdm_desktop.ui.views.placeholder:AnalysisPlaceholder", "Ctrl+3"),
    ViewSpec("engagement", "Engagement", "sdm_desktop.ui.views.placeholder:EngagementPlaceholder", "Ctrl+4"),
    ViewSpec("training", "Training", "sdm_desktop.ui.views.placeholder:TrainingPlaceholder", "Ctrl+5"),
    ViewSpec("letters", "Letters", "sdm_desktop.ui.views.letters:LettersView", "Ctrl+6"),
    ViewSpec("resources", "Resources", "sdm_desktop.ui.views.placeholder:ResourcesPlaceholder", "Ctrl+7"),
]


def view_class(spec: ViewSpec):
    module, cls = spec.target.split(":")
    return getattr(importlib.import_module(module), cls)
