"""The quote bank: quotes kept under a theme, offered only when the respondent agreed to be quoted, and always
with names taken out first — the register's people, the respondents' own kept names, and words that look like a
name (after a title such as "Dr", after "my husband" or "called", two capitalised words mid-sentence) — as well as
email addresses and phone numbers. The raw text of a quote never leaves this module."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from sdm_desktop.db.models import Person
from sdm_desktop.db.models.consultation import (
    AnswerTheme,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationQuote,
    ConsultationResponse,
)
from sdm_desktop.errors import UserError
from sdm_desktop.services.consultation.activity import activity_or_error
from sdm_desktop.services.consultation.analysis import codebook, theme_names
from sdm_desktop.services.consultation.suggestions import STOP_WORDS
from sdm_desktop.services.core.context import AppContext

NAME = "[name]"
_TITLE = r"(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Sister|Matron|Nurse Practitioner|Councillor|Cllr)"
_CAP = r"[A-Z][a-zA-Z'’-]+"
_TITLED = re.compile(rf"\b({_TITLE}\.?\s+)({_CAP}(?:\s+{_CAP})?)")
_INTRODUCED = re.compile(
    rf"\b((?i:called|named|name is|name was|(?:my|our|her|his|their)\s+(?:husband|wife|partner|son|daughter|"
    rf"mum|mom|dad|mother|father|carer|friend|neighbour|brother|sister|grandson|granddaughter|GP|nurse|doctor))"
    rf"\s*,?\s+)({_CAP}(?:\s+{_CAP})?)")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<!\w)(?:\+44\s?|0)\d(?:[\s-]?\d){8,9}\b")
_WORD = re.compile(rf"{_CAP}")
_PAIR = re.compile(rf"\b({_CAP})\s+({_CAP})\b")
# Capitalised words that are places, services, days and months rather than people.
_NOT_NAMES_TEXT = """
NHS GP GPs A&E Hospital Surgery Practice Centre Center Health Medical Road Street Lane Avenue Royal Infirmary
Trust Council Service Services Pharmacy Clinic Accident Emergency General Care Community Mental Primary
Network Board Integrated System Team Unit Ward Department Walk-in Walk Urgent Minor Injuries Out Hours Monday
Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September
October November December Christmas Easter England Wales Scotland Britain British English I I'm I've I'd I'll
The This That These Those It We You They He She My Our Your Their His Her And But Or So If When What Why How
Covid COVID Google Facebook Twitter Patient Patients Participation Group PPG Doctor Nurse Dr Mr Mrs Ms
"""
NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


class QuoteRefused(UserError):
    """The respondent did not agree to be quoted (or was not asked)."""


class Redactor:
    """Takes names out of text: whole capitalised words that are register (or kept respondent) names, and
    words that look like names by where they stand."""

    def __init__(self, names: set[str]):
        self.names = {n for n in names if len(n) >= 2 and n not in NOT_NAMES}

    def redact(self, text: str) -> str:
        text = _EMAIL.sub("[email]", text)
        text = _PHONE.sub("[phone]", text)
        text = _TITLED.sub(lambda m: m.group(1) + NAME, text)
        text = _INTRODUCED.sub(lambda m: m.group(1) + NAME, text)
        text = _PAIR.sub(self._pair, text)
        return _WORD.sub(self._word, text)

    def _pair(self, match: re.Match) -> str:
        first, second = match.group(1), match.group(2)
        if first in NOT_NAMES or second in NOT_NAMES:
            return match.group(0)
        return NAME

    def _word(self, match: re.Match) -> str:
        word = match.group(0)
        if word not in self.names:
            return word
        before = match.string[:match.start()].rstrip()[-1:]
        if word.lower() in STOP_WORDS and before in ("", ".", "!", "?"):      # "Will they…" starts a sentence
            return word
        return NAME


def redactor(ctx: AppContext, activity_id: int | None = None) -> Redactor:
    """A redactor knowing the register's names and the activity's kept respondent names."""
    names: set[str] = set()
    with ctx.session() as s:
        for first, last in s.execute(select(Person.first_name, Person.last_name)):
            for part in (first, last):
                names.update(w for w in (part or "").split() if w[:1].isupper())
        if activity_id is not None:
            kept_names = select(ConsultationResponse.respondent_name).where(
                ConsultationResponse.activity_id == activity_id, ConsultationResponse.respondent_name.is_not(None))
            for (kept,) in s.execute(kept_names):
                names.update(w for w in kept.split() if w[:1].isupper())
    return Redactor(names)


@dataclass(frozen=True)
class BankQuote:
    quote_id: int
    theme_id: int | None
    theme: str
    question: str
    response_id: int
    text: str                     # names already taken out


@dataclass
class QuoteBank:
    quotes: list[BankQuote]
    withheld: int                 # kept quotes whose respondent did not agree to be quoted


def quote_bank(ctx: AppContext, activity_id: int, theme_id: int | None = None,
               names: dict[int, str] | None = None) -> QuoteBank:
    """The activity's kept quotes a report may use (consent given), names taken out, by theme and question."""
    query = (select(ConsultationQuote.id, ConsultationQuote.theme_id, ConsultationQuote.text,
                    ConsultationQuestion.text, ConsultationResponse.id, ConsultationResponse.quote_consent)
             .join(ConsultationAnswer, ConsultationAnswer.id == ConsultationQuote.answer_id)
             .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
             .join(ConsultationQuestion, ConsultationQuestion.id == ConsultationAnswer.question_id)
             .where(ConsultationResponse.activity_id == activity_id)
             .order_by(ConsultationQuote.theme_id, ConsultationQuote.id))
    if theme_id is not None:
        query = query.where(ConsultationQuote.theme_id == theme_id)
    names = names if names is not None else _theme_names(ctx, activity_id)
    clean = redactor(ctx, activity_id)
    quotes, withheld = [], 0
    with ctx.session() as s:
        rows = s.execute(query).all()
    for quote_id, quote_theme, text, question, response_id, consent in rows:
        if consent is not True:
            withheld += 1
            continue
        quotes.append(BankQuote(quote_id, quote_theme, names.get(quote_theme, "No theme"), question, response_id,
                                clean.redact(text)))
    return QuoteBank(quotes, withheld)


def usable_quote(ctx: AppContext, quote_id: int) -> str:
    """One kept quote, names taken out, for copying into a document; refused without the respondent's consent."""
    with ctx.session() as s:
        row = s.execute(select(ConsultationQuote.text, ConsultationResponse.quote_consent,
                               ConsultationResponse.activity_id)
                        .join(ConsultationAnswer, ConsultationAnswer.id == ConsultationQuote.answer_id)
                        .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
                        .where(ConsultationQuote.id == quote_id)).first()
    if row is None:
        raise LookupError(f"No quote with id {quote_id}")
    text, consent, activity_id = row
    if consent is not True:
        raise QuoteRefused("This quote cannot be used: the respondent did not agree to be quoted"
                           + (" (they were not asked)." if consent is None else "."))
    return redactor(ctx, activity_id).redact(text)


def quotes_by_theme(ctx: AppContext, activity_id: int, theme_ids: list[int], per_theme: int = 3,
                    longest: int = 300) -> dict[int, list[str]]:
    """Up to ``per_theme`` quotes for each theme, names taken out, only from respondents who agreed: the kept
    quotes first, then the shortest answers coded with the theme (cut at ``longest`` characters)."""
    out: dict[int, list[str]] = defaultdict(list)
    for quote in quote_bank(ctx, activity_id, names={}).quotes:
        if quote.theme_id in theme_ids and len(out[quote.theme_id]) < per_theme and quote.text not in out[
                quote.theme_id]:
            out[quote.theme_id].append(quote.text)
    short = [t for t in theme_ids if len(out[t]) < per_theme]
    if short:
        clean = redactor(ctx, activity_id)
        length = func.length(ConsultationAnswer.text)
        with ctx.session() as s:
            for theme_id in short:
                # DISTINCT with the length selected too: PostgreSQL orders DISTINCT rows only by selected columns
                rows = s.scalars(select(ConsultationAnswer.text, length).distinct()
                                 .join(AnswerTheme, AnswerTheme.answer_id == ConsultationAnswer.id)
                                 .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
                                 .where(AnswerTheme.theme_id == theme_id,
                                        ConsultationResponse.activity_id == activity_id,
                                        ConsultationResponse.quote_consent.is_(True), length >= 12)
                                 .order_by(length, ConsultationAnswer.text).limit(per_theme * 3)).all()
                for text in rows:
                    said = clean.redact(_cut(text, longest))
                    if len(out[theme_id]) < per_theme and not any(q in said for q in out[theme_id]):
                        out[theme_id].append(said)
    return {theme_id: quotes for theme_id, quotes in out.items() if quotes}


def _cut(text: str, longest: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= longest else text[:longest].rsplit(" ", 1)[0] + " …"


def _theme_names(ctx: AppContext, activity_id: int) -> dict[int, str]:
    with ctx.session() as s:
        return theme_names(codebook(s, activity_or_error(s, activity_id)))
