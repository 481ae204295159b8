"""No lost updates in analysis (issue 14). Assessments are history: a new one never overwrites an older one
(a grid drag or the dialog adds one), so what can go stale is undoing an addition and deleting one."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import make_org
from sdm_desktop.services.analysis import assessments as a
from sdm_desktop.services.core.versions import RecordChanged
from versions_helpers import colleague_sets, version_in


def _assess(ctx, org_id, **values) -> int:
    return a.create_assessment(ctx, a.AssessmentInput(a.Subject(a.ORGANISATION, org_id), 4, 2,
                                                      date(2026, 3, 2), **values))


def test_undoing_an_assessment_or_round_a_colleague_changed_since_is_refused(ctx):
    assessment_id = _assess(ctx, make_org(ctx))
    colleague_sets(ctx, "assessment", assessment_id, rationale="Chair is keen")
    with pytest.raises(RecordChanged, match="Not undone: The assessment of 02 Mar 2026 .assessment"):
        ctx.undo.undo()
    assert a.get_assessment(ctx, assessment_id).rationale == "Chair is keen"

    round_id = a.create_round(ctx, "Spring 2026")
    colleague_sets(ctx, "analysis_round", round_id, notes="Theirs")
    with pytest.raises(RecordChanged, match="Not undone: Spring 2026"):
        ctx.undo.undo()
    assert [r.name for r in a.list_rounds(ctx)] == ["Spring 2026"]


def test_deleting_an_assessment_changed_since_it_was_shown_is_refused(ctx):
    assessment_id = _assess(ctx, make_org(ctx))
    shown = version_in(ctx, "assessment", assessment_id)
    colleague_sets(ctx, "assessment", assessment_id, influence=5)
    with pytest.raises(RecordChanged, match="Not deleted"):
        a.delete_assessment(ctx, assessment_id, expected_version=shown)
    assert a.get_assessment(ctx, assessment_id).influence == 5
    a.delete_assessment(ctx, assessment_id, expected_version=shown + 1)
    with pytest.raises(LookupError):
        a.get_assessment(ctx, assessment_id)


def test_a_grid_move_adds_history_and_leaves_the_earlier_assessment_as_it_was(ctx):
    org_id = make_org(ctx)
    first = _assess(ctx, org_id, rationale="First look")
    version = version_in(ctx, "assessment", first)
    moved = a.reassess_position(ctx, a.Subject(a.ORGANISATION, org_id), 5, 5, on=date(2026, 3, 9))
    assert moved != first and version_in(ctx, "assessment", first) == version
    assert [r.id for r in a.history(ctx, a.Subject(a.ORGANISATION, org_id))] == [moved, first]
