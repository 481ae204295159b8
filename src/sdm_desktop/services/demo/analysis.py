"""Sample stakeholder analysis: a baseline round in March 2026 and a six-month review in September.

Most groups and the key people (patient representatives, clinicians) are assessed in both; between
the rounds many warm to shared decision making and move up or right on the grid, a few new
stakeholders join the review and a few drop out of it.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from sdm_desktop.db.models import Interaction
from sdm_desktop.services.analysis.assessments import (
    ORGANISATION,
    PERSON,
    AssessmentInput,
    Subject,
    create_assessments,
    create_round,
)
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.vocab import ATTITUDES, COMMITMENT_LEVELS, IAP2_LEVELS, codes

BASELINE = ("Baseline March 2026", date(2026, 3, 16))
REVIEW = ("Six-month review September 2026", date(2026, 9, 21))
ASSESSORS = ["Priya Shah (SDM programme lead)", "Tom Ellery (engagement manager)", "Dr Ruth Okafor (clinical lead)"]

# type: (influence, interest, attitude, involvement now, involvement target, commitment now, target)
PROFILES = {
    "Patient Participation Group (PPG)": (2, 4, "supportive", "consult", "involve", "neutral", "supportive"),
    "Carers' group": (2, 4, "supportive", "inform", "involve", "neutral", "supportive"),
    "Patient & public group": (3, 4, "neutral", "consult", "collaborate", "neutral", "supportive"),
    "Condition-specific support group": (2, 3, "neutral", "inform", "involve", "unaware", "supportive"),
    "Healthwatch": (4, 5, "champion", "involve", "collaborate", "supportive", "leading"),
    "VCSE organisation": (2, 3, "neutral", "inform", "consult", "unaware", "neutral"),
    "GP practice": (3, 2, "sceptical", "inform", "involve", "resistant", "supportive"),
    "NHS trust": (5, 2, "sceptical", "inform", "collaborate", "neutral", "supportive"),
    "ICB / commissioner": (5, 4, "supportive", "involve", "empower", "supportive", "leading"),
    "Local authority / Health and Wellbeing Board": (4, 2, "neutral", "inform", "consult", "unaware", "neutral"),
    "Clinician group / network": (4, 3, "sceptical", "consult", "collaborate", "resistant", "supportive"),
    "Other": (1, 2, "neutral", "inform", "consult", "unaware", "neutral"),
}
PERSON_PROFILES = {
    "rep": (2, 5, "champion", "involve", "collaborate", "supportive", "leading"),
    "clinician": (3, 2, "sceptical", "inform", "involve", "resistant", "supportive"),
}
REASONS = {
    "warmer": ["Attended the SDM awareness session and asked for the decision aids.",
               "Chair now sits on the SDM steering group.",
               "Saw the good and bad consultation films; keen to run a members' session.",
               "Took part in co-designing the BRAN leaflet."],
    "cooler": ["Lost their engagement lead; no reply to the last two letters.",
               "Worried that SDM adds time to appointments."],
    "same": ["No change since the baseline.", "Steady; keep as planned."],
}


def _clamp(value: int) -> int:
    return max(1, min(5, value))


def _shift(pairs, code: str, steps: int) -> str:
    order = codes(pairs)
    return order[max(0, min(len(order) - 1, order.index(code) + steps))]


def _baseline(rng: random.Random, subject: Subject, profile: tuple) -> AssessmentInput:
    influence, interest, attitude, inv_now, inv_target, com_now, com_target = profile
    return AssessmentInput(
        subject=subject, influence=_clamp(influence + rng.choice([-1, 0, 0, 0, 1])),
        interest=_clamp(interest + rng.choice([-1, 0, 0, 1])),
        assessed_on=BASELINE[1] + timedelta(days=rng.randint(0, 4)), round_name=BASELINE[0],
        attitude=_shift(ATTITUDES, attitude, rng.choice([-1, 0, 0, 0, 1])),
        involvement_current=inv_now, involvement_target=inv_target,
        commitment_current=com_now, commitment_target=com_target,
        rationale="Baseline view from the stakeholder workshop.", assessed_by=rng.choice(ASSESSORS))


def _review(rng: random.Random, before: AssessmentInput) -> AssessmentInput:
    roll = rng.random()
    mood = "warmer" if roll < 0.45 else ("cooler" if roll < 0.55 else "same")
    after = replace(before, round_name=REVIEW[0], assessed_on=REVIEW[1] + timedelta(days=rng.randint(0, 6)),
                    assessed_by=rng.choice(ASSESSORS), rationale=rng.choice(REASONS[mood]))
    if mood == "warmer":
        after.interest = _clamp(before.interest + rng.choice([1, 1, 2]))
        after.influence = _clamp(before.influence + rng.choice([0, 0, 1]))
        after.attitude = _shift(ATTITUDES, before.attitude, 1)
        after.involvement_current = _shift(IAP2_LEVELS, before.involvement_current, 1)
        after.commitment_current = _shift(COMMITMENT_LEVELS, before.commitment_current, 1)
    elif mood == "cooler":
        after.interest = _clamp(before.interest - 1)
        after.attitude = _shift(ATTITUDES, before.attitude, -1)
    return after


def seed(ctx: AppContext, rng: random.Random, ids) -> None:
    create_round(ctx, *BASELINE, notes="Stakeholder workshop at the ICB, 16 March 2026.")
    create_round(ctx, *REVIEW, notes="Six-month review with the SDM steering group.")
    subjects = [(Subject(ORGANISATION, org_id), PROFILES.get(org_type, PROFILES["Other"]))
                for org_type, org_ids in ids.organisations.items() for org_id in org_ids]
    subjects += [(Subject(PERSON, pid), PERSON_PROFILES["rep"]) for pid in ids.patient_reps]
    subjects += [(Subject(PERSON, pid), PERSON_PROFILES["clinician"]) for pid in ids.clinicians]
    rng.shuffle(subjects)
    items: list[AssessmentInput] = []
    for index, (subject, profile) in enumerate(subjects):
        baseline = _baseline(rng, subject, profile)
        in_baseline = index % 13 != 0          # a few are first assessed at the review
        in_review = index % 17 != 5            # and a few drop out of it
        if in_baseline:
            items.append(baseline)
        if in_review:
            items.append(_review(rng, baseline) if in_baseline else replace(
                baseline, round_name=REVIEW[0], assessed_on=REVIEW[1],
                rationale="New to the programme since the baseline."))
    # assessments cannot be dated in the future: on a computer whose clock is before the review, date it today
    items = [replace(item, assessed_on=min(item.assessed_on, date.today())) for item in items]
    create_assessments(ctx, items)
    _seed_review_conversations(ctx, rng, [i for i in items if i.round_name == REVIEW[0]])


def _seed_review_conversations(ctx: AppContext, rng: random.Random, reviewed: list[AssessmentInput]) -> None:
    """Most groups were spoken to for the six-month review: that contact shows on the coverage matrix."""
    with ctx.session() as s:
        for item in reviewed:
            if item.subject.kind != ORGANISATION or rng.random() > 0.6:
                continue
            s.add(Interaction(
                occurred_on=item.assessed_on, channel=rng.choice(["meeting", "phone", "email"]), direction="out",
                summary="Six-month stakeholder review: how the group sees shared decision making now.",
                outcome=item.rationale, organisation_id=item.subject.id))
