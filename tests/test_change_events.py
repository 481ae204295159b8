"""Typed change events: announcing takes a Change member, and a view refreshes on the kinds it shows."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from helpers import make_org
from sdm_desktop.services.core.changes import Change
from sdm_desktop.services.engagement import interactions as inter

FOLLOW_UPS_TAB = 1
ACTION_COLUMN = 3


def shown_actions(view) -> list[str]:
    model = view.followups.model
    return [model.data(model.index(row, ACTION_COLUMN), Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]


@pytest.mark.parametrize("what", ["person", "tag", None])
def test_announcing_anything_but_a_change_is_a_type_error_and_nobody_hears_it(window, what):
    heard = []
    window.env.bus.changed.connect(heard.append)
    with pytest.raises(TypeError):
        window.env.announce(what)
    assert heard == []


def test_a_change_reaches_subscribers_as_the_member_itself(window):
    heard = []
    window.env.bus.changed.connect(heard.append)
    window.env.announce(Change.PERSON)
    assert len(heard) == 1 and heard[0] is Change.PERSON


def test_the_engagement_view_shows_a_new_follow_up_after_an_interaction_event_and_not_before(window, ctx):
    view = window.show_view("engagement")
    view.tabs.setCurrentIndex(FOLLOW_UPS_TAB)
    assert shown_actions(view) == []
    inter.create_interaction(ctx, inter.InteractionInput(occurred_on=date.today(), summary="Call",
                                                         organisation_id=make_org(ctx), action="Send the minutes",
                                                         due_on=date.today()))
    window.env.announce(Change.LETTER)               # not a kind this view shows: it reads nothing again
    assert shown_actions(view) == []
    window.env.announce(Change.INTERACTION)
    assert shown_actions(view) == ["Send the minutes"]
