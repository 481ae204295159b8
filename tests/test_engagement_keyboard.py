"""Keyboard access in the Engagement view: every Alt+letter on screen reaches exactly one control."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenuBar, QTabBar

from sdm_desktop.services.engagement import activities as act
from sdm_desktop.services.engagement import plans as eng


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


def test_space_marks_done_only_in_the_follow_up_list_and_delete_only_in_the_focused_table(window, ctx, qtbot,
                                                                                           answer_prompts):
    from datetime import date

    from PySide6.QtCore import Qt

    from sdm_desktop.services.engagement import interactions as inter
    asked = answer_prompts(True)
    plan = eng.create_plan(ctx, eng.PlanInput(title="Plan", ppe_service=True))
    activity = act.create_activity(ctx, plan, act.ActivityInput(title="Workshop", ppe_level="service"))
    item = inter.create_interaction(ctx, inter.InteractionInput(occurred_on=date.today(), summary="Call",
                                                                activity_id=activity, action="Reply",
                                                                due_on=date.today()))
    view = window.show_view("engagement")
    window.activateWindow()
    view.tabs.setCurrentIndex(1)
    panel = view.followups
    panel.table.selectRow(0)
    panel.owner_combo.setFocus()
    qtbot.keyClick(panel.owner_combo, Qt.Key.Key_Space)
    panel.owner_combo.hidePopup()
    assert inter.get_interaction(ctx, item).done is False
    view.tabs.setCurrentIndex(0)
    view.plan_table.setFocus()
    view.plan_table.selectRow(0)
    view.plan_table.setFocus()
    qtbot.keyClick(view.plan_table, Qt.Key.Key_Delete)     # three tables with Delete on screen: the focused one acts
    assert len(asked) == 1 and "Delete the plan" in asked[0]
