"""Keyboard access in the Engagement view: every Alt+letter on screen reaches exactly one control."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenuBar, QTabBar

from sdm_desktop.services import activities as act
from sdm_desktop.services import engagement as eng


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def visible_mnemonics(root) -> Counter:
    letters: list[str] = []
    for button in root.findChildren(QAbstractButton):
        if button.isVisible():
            letters.append(mnemonic(button.text()))
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            letters.append(mnemonic(label.text()))
    for bar in root.findChildren(QTabBar):
        if bar.isVisible():
            letters += [mnemonic(bar.tabText(i)) for i in range(bar.count())]
    for bar in root.findChildren(QMenuBar):
        letters += [mnemonic(action.text()) for action in bar.actions() if action.isVisible()]
    return Counter(letter for letter in letters if letter)


@pytest.mark.parametrize("tab, lower", [(0, 0), (0, 1), (1, 0), (2, 0)])
def test_each_alt_letter_on_screen_belongs_to_one_control(window, ctx, tab, lower):
    plan = eng.create_plan(ctx, eng.PlanInput(title="Plan", ppe_service=True))
    act.create_activity(ctx, plan, act.ActivityInput(title="Workshop", ppe_level="service"))
    view = window.show_view("engagement")
    view.tabs.setCurrentIndex(tab)
    view.detail.lower.setCurrentIndex(lower)
    letters = visible_mnemonics(window)
    assert len(letters) >= 9          # the menus, the tabs and the controls of the page shown
    assert [letter for letter, n in letters.items() if n > 1] == []
