"""Sample consultation responses: a Microsoft Forms export of the "Survey of clinic letters", imported as one
batch, so that the Consultation view has answers to read, code and count."""

from __future__ import annotations

import random
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from sdm_desktop.db.models import Activity, ConsultationAnswer, ConsultationResponse
from sdm_desktop.services.consultation.codebook import coding, themes
from sdm_desktop.services.consultation.intake.importing import import_responses
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.exporting.xlsx_writer import write_xlsx

ACTIVITY = "Survey of clinic letters"
RESPONSES = 36
HEADERS = ["ID", "Start time", "Completion time", "Email", "Name",
           "What did you think of the last letter you had from the respiratory clinic?",
           "What one thing would make our letters easier to use?",
           "How clear was the letter? (1 = not at all, 5 = very clear)", "How did you hear about this survey?",
           "Are you an unpaid carer?", "What is your age?", "May we quote your comments (without your name)?"]
LETTER_COMMENTS = [
    "It was full of jargon and I had to ask my daughter what it meant.",
    "Clear and friendly. I knew exactly when and where to go.",
    "The appointment time was in small print at the bottom; I nearly missed it.",
    "Too long. Three pages to tell me about one inhaler check.",
    "Dr Hawthorn's letter explained my options well and I felt listened to.",
    "I could not read it: I need large print and nobody asked.",
    "It said to bring my inhalers but not which ones.",
    "Fine, but it came after the appointment had already happened.",
    "I liked the question list to think about before the visit.",
    "It used the words 'exacerbation' and 'spirometry' without saying what they are.",
    "The phone number on the letter just rang and rang.",
    "Very good. Short and to the point.",
]
ONE_THING = [
    "Plain English, please.", "Put the date and time at the top in bold.", "Send it by text as well as post.",
    "Offer large print or easy read.", "Say who to call if I can't come.", "A map and parking details.",
    "Tell me what the tests are for.", "Shorter letters.", "Translate it into Polish.",
    "Include the questions I could ask the nurse.", "Nothing, it is fine as it is.",
]
HEARD = ["Letter from the clinic", "Breathe Easy group", "GP practice", "Social media"]
CARER = ["No", "No", "Yes", "Prefer not to say"]
AGES = ["35-44", "45-54", "55-64", "65-74", "75+", "65-74"]
CONSENT = ["Yes", "Yes", "No"]


CODER = "engagement.lead"
# The sample codebook for the first question: a theme, its description, and the words in a comment that call for it.
CODEBOOK = [
    ("Jargon and plain English", "Words patients do not know; asks for plain English",
     ("jargon", "exacerbation", "what it meant")),
    ("Appointment details hard to find", "Date, time or place missed, late or in small print",
     ("small print", "came after", "not which ones")),
    ("Accessible formats", "Large print, easy read, other languages", ("large print",)),
    ("Too long", "Letters longer than they need to be", ("too long",)),
    ("Could not get through by phone", "The number on the letter is not answered", ("rang and rang",)),
    ("Clear and helpful", "Praise: clear, short, explained options", ("clear and friendly", "very good",
                                                                     "explained my options", "question list")),
]
POSITIVE = "Clear and helpful"


AND_ALSO = ["", "", " Otherwise it was fine.", " The map on the back helped.", " My husband reads them to me.",
            " I still have it on the fridge.", " Please stop sending two copies.", " The nurse was lovely though."]


def _comment(rng: random.Random) -> str:
    return rng.choice(LETTER_COMMENTS) + rng.choice(AND_ALSO)


def _one_thing(rng: random.Random) -> str:
    return rng.choice(ONE_THING) + rng.choice(["", "", " That is all.", " Thank you for asking.", " Really."])


def seed(ctx: AppContext, _rng: random.Random, _ids) -> None:
    rng = random.Random(18)                           # its own, so other seeders' data stays the same
    with ctx.session() as s:
        activity = s.scalar(select(Activity).where(Activity.title == ACTIVITY))
        if activity is None:
            return
        activity_id, start = activity.id, activity.planned_date
    base = datetime.combine(start, time(9)) if start else datetime(2026, 3, 1, 9)
    rows = []
    for n in range(1, RESPONSES + 1):
        began = base + timedelta(hours=rng.randint(0, 60), minutes=rng.randint(0, 59))
        rows.append([n, began, began + timedelta(minutes=rng.randint(2, 14)), "anonymous", "",
                     _comment(rng), _one_thing(rng) if rng.random() < 0.85 else "",
                     rng.choice([2, 3, 3, 4, 4, 5, 1]), rng.choice(HEARD), rng.choice(CARER), rng.choice(AGES),
                     rng.choice(CONSENT)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Survey of clinic letters(1-36).xlsx"
        write_xlsx(path, "Sheet1", HEADERS, rows)
        import_responses(ctx, path, activity_id)
    _code_first_question(ctx, activity_id)


def _example(words: tuple[str, ...]) -> str:
    return next(c for c in LETTER_COMMENTS if any(word in c.casefold() for word in words))


def _code_first_question(ctx: AppContext, activity_id: int) -> None:
    """The sample codebook applied to every answer of the first question, as one coder would, with the first
    comment of each theme from a respondent who agreed to be quoted kept as a quote."""
    made = {name: themes.add_theme(ctx, activity_id, name, description=about, example=_example(words)).id
            for name, about, words in CODEBOOK}
    question = coding.free_text_questions(ctx, activity_id)[0]
    with ctx.session() as s:
        answers = s.execute(select(ConsultationAnswer.id, ConsultationAnswer.text, ConsultationResponse.quote_consent)
                            .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
                            .where(ConsultationAnswer.question_id == question.id)
                            .order_by(ConsultationAnswer.id)).all()
    quoted: set[str] = set()
    for answer_id, text, consent in answers:
        for name, _about, words in CODEBOOK:
            sentence = next((c for c in LETTER_COMMENTS if c in text), "")
            if any(word in text.casefold() for word in words):
                coding.set_theme(ctx, answer_id, made[name], CODER, True)
                coding.set_sentiment(ctx, answer_id, CODER, "positive" if name == POSITIVE else "negative")
                if sentence and name not in quoted and consent:
                    coding.keep_quote(ctx, answer_id, made[name], sentence, CODER)
                    quoted.add(name)
        coding.mark_coded(ctx, answer_id, CODER)
