"""Domain vocabularies from DESIGN.md, as (code, label) pairs in order."""

from __future__ import annotations

PPE_LEVELS = [
    ("individual", "Individual care"),
    ("service", "Service design and evaluation"),
    ("community", "Community prioritisation and planning"),
]
LEVEL_NOT_SET = "not set"     # a filter's choice: activities with no level, or one no longer in the list
PPE_LEVEL_LONG = {
    "individual": "Involvement of individual patients in their own care",
    "service": "Involvement of users and carers in service design and evaluation",
    "community": "Engaging communities and the public in prioritisation and planning",
}
IAP2_LEVELS = [
    ("inform", "Inform"), ("consult", "Consult"), ("involve", "Involve"),
    ("collaborate", "Collaborate"), ("empower", "Empower"),
]
ATTITUDES = [
    ("opposed", "Opposed"), ("sceptical", "Sceptical"), ("neutral", "Neutral"),
    ("supportive", "Supportive"), ("champion", "Champion"),
]
COMMITMENT_LEVELS = [
    ("unaware", "Unaware"), ("resistant", "Resistant"), ("neutral", "Neutral"),
    ("supportive", "Supportive"), ("leading", "Leading"),
]
MEMBERSHIP_ROLES = [
    "chair", "vice-chair", "secretary", "treasurer", "member", "patient representative",
    "lead", "contact", "manager", "clinician",
]
CONTACT_CHANNELS = [("email", "Email"), ("post", "Post"), ("phone", "Phone"), ("text", "Text message")]
PARTICIPANT_TYPES = [
    ("patient_rep", "Patient representative"), ("carer", "Carer"), ("clinician", "Clinician"),
    ("manager", "Manager"), ("other", "Other"),
]
LAWFUL_BASES = [
    ("consent", "Consent"), ("contract", "Contract"), ("legal_obligation", "Legal obligation"),
    ("vital_interests", "Vital interests"), ("public_task", "Public task"),
    ("legitimate_interests", "Legitimate interests"),
]
# One name for one idea, each explained in one sentence: on hover beside the field, and in F1 help.
GLOSSARY = {
    "Engagement levels": "The three levels of patient and public engagement (NHS England's PPE): individual "
                         "care, service design and evaluation, and community prioritisation and planning; a "
                         "group's record says at which it can take part.",
    "IAP2 level": "How much say people have in an activity, on the IAP2 spectrum: inform, consult, involve, "
                  "collaborate, or empower (they decide).",
    "Commitment": "How far a stakeholder backs shared decision making today, from unaware or resistant to "
                  "leading it, and where you want them to be.",
    "Lawful basis": "The UK GDPR reason you may hold this person's details (consent, public task, legitimate "
                    "interests…); it decides what you may do with them.",
    "Special category data": "Health, ethnicity, religion and other sensitive details (UK GDPR Article 9): held "
                             "only with the person's explicit consent.",
    "Coverage marks": "Each cell counts the groups engaged in the period of those whose engagement levels include "
                      "it; bold with “!” marks fewer than half engaged, or no group of that type at that level.",
}
TITLES = ["", "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Rev", "Cllr"]


def label(pairs: list[tuple[str, str]], code: str | None) -> str:
    return dict(pairs).get(code or "", code or "")


def codes(pairs: list[tuple[str, str]]) -> list[str]:
    return [code for code, _ in pairs]
