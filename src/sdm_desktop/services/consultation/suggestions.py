"""Offline suggestions to seed a codebook: the words and two- or three-word phrases most answers to one
free-text question share (stop words left out, plural and singular counted as one), each with the responses that
share it; and turning the chosen ones into themes. Plain counting: no network, no downloaded models."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from sqlalchemy import func, select

from sdm_desktop.db.models.consultation import ConsultationAnswer, ConsultationQuestion
from sdm_desktop.services.consultation.codebook.themes import add_new_themes
from sdm_desktop.services.core.context import AppContext

_STOP_TEXT = """
a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
few for from further get got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like
me more most much mustn't my myself no nor not now of off on once only or other ought our ours ourselves
over own really same shan't she she'd she'll she's should shouldn't so some such than that that's the their
theirs them themselves then there there's these they they'd they'll they're they've this those through to too
under until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
which while who who's whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
yourself yourselves yes ok etc also get go going think know thing things lot lots way well still always
never even every one two being many may might must need needs us though see saw seen said say says make made
want wanted feel felt come came put seem seems try tried
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
_CLAUSE = re.compile(r"[.!?;:,()\[\]\n\"]+")
MAX_ANSWER_CHARS = 5_000          # longer answers are read this far (a pasted essay stays quick)
MAX_EXAMPLES = 200                # responses listed per suggestion
MIN_SHARED = 2


@dataclass
class Suggestion:
    phrase: str                   # as most people wrote it
    words: int                    # 1, 2 or 3
    responses: int                # how many responses' answers hold it
    response_ids: list[int] = field(default_factory=list)    # the first MAX_EXAMPLES of them
    example: str = ""             # one answer that holds it (for a theme's example)


def fold_word(word: str) -> str:
    """Plural and singular as one: 'clinics' -> 'clinic', 'surgeries' -> 'surgery', 'buses' -> 'bus'."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    n = len(word)
    if n > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if n > 4 and word.endswith(("sses", "shes", "ches", "xes", "uses")):
        return word[:-2]
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


@lru_cache(maxsize=100_000)
def word_key(word: str) -> str | None:
    """A word as counted (plural folded), or None for a stop word."""
    return None if word in STOP_WORDS or len(word) < 2 else fold_word(word)


def terms_of(text: str, written: list[str] | None = None) -> set[str]:
    """The folded words and phrases of one answer (each word as written is added to ``written``). A phrase is
    two or three neighbouring words of one clause that neither starts nor ends with a stop word (so 'out of
    hours' and 'waiting time' but not 'the wait')."""
    found: set[str] = set()
    add = found.add
    for clause in _CLAUSE.split(text[:MAX_ANSWER_CHARS].lower()):
        words = _WORD.findall(clause)
        if not words:
            continue
        if written is not None:
            written.extend(words)
        keys = [word_key(w) for w in words]
        n = len(keys)
        for i, key in enumerate(keys):
            if key is None:
                continue
            add(key)
            if i + 1 < n:
                after = keys[i + 1]
                if after is not None:
                    add(f"{key} {after}")
                if i + 2 < n and keys[i + 2] is not None:
                    if after is not None:
                        add(f"{key} {after} {keys[i + 2]}")
                    elif words[i + 1] in STOP_WORDS:
                        add(f"{key} {words[i + 1]} {keys[i + 2]}")
    return found


def _spellings(written: Counter) -> dict[str, str]:
    """Each counted word as most people wrote it ('times' for 'time' when most wrote the plural)."""
    best: dict[str, tuple[int, str]] = {}
    for word, n in written.items():
        key = word_key(word)
        if key is not None and n > best.get(key, (0, ""))[0]:
            best[key] = (n, word)
    return {key: word for key, (_n, word) in best.items()}


def suggest(ctx: AppContext, question_id: int, limit: int = 40) -> list[Suggestion]:
    """The words and phrases most answers to the question share, commonest first. A phrase hides a single word
    of its own only when it covers nearly every answer that word is in."""
    with ctx.session() as s:
        question = s.get(ConsultationQuestion, question_id)
        if question is None:
            raise LookupError(f"No question with id {question_id}")
        answers = s.execute(select(ConsultationAnswer.response_id, ConsultationAnswer.text).where(
            ConsultationAnswer.question_id == question_id, ConsultationAnswer.text != "")).all()
    written: list[str] = []
    per_answer = [terms_of(text, written) for _rid, text in answers]
    shared = Counter(chain.from_iterable(per_answer))
    chosen = _pick(shared, limit)
    spelled = _spellings(Counter(written))
    wanted = {key: Suggestion(" ".join(spelled.get(t, t) for t in key.split()), key.count(" ") + 1, shared[key])
              for key in chosen}
    for (response_id, text), terms in zip(answers, per_answer, strict=True):
        for key in terms & wanted.keys():
            suggestion = wanted[key]
            if len(suggestion.response_ids) < MAX_EXAMPLES:
                suggestion.response_ids.append(response_id)
            if not suggestion.example or len(text) < len(suggestion.example):
                suggestion.example = text[:500]
    return [wanted[key] for key in chosen]


def _pick(shared: Counter[str], limit: int) -> list[str]:
    ranked = [(k, n) for k, n in shared.most_common() if n >= MIN_SHARED]
    phrases = [(k, n) for k, n in ranked if " " in k]
    picked: list[str] = []
    for key, n in ranked:
        if len(picked) >= limit:
            break
        if " " not in key and any(n - m <= max(1, n // 10) and key in p.split() for p, m in phrases[:200]):
            continue                  # 'waiting' is all but always 'waiting time': show the phrase only
        picked.append(key)
    return picked


def free_text_questions(ctx: AppContext, activity_id: int) -> list[tuple[int, str, int]]:
    """(id, text, non-empty answers) of the activity's free-text questions."""
    with ctx.session() as s:
        rows = s.execute(select(ConsultationQuestion.id, ConsultationQuestion.text, func.count(ConsultationAnswer.id))
                         .outerjoin(ConsultationAnswer, (ConsultationAnswer.question_id == ConsultationQuestion.id)
                                    & (ConsultationAnswer.text != ""))
                         .where(ConsultationQuestion.activity_id == activity_id,
                                ConsultationQuestion.kind == "free_text")
                         .group_by(ConsultationQuestion.id, ConsultationQuestion.text, ConsultationQuestion.position)
                         .order_by(ConsultationQuestion.position, ConsultationQuestion.id)).all()
    return [(i, t, n) for i, t, n in rows]


def add_suggested_themes(ctx: AppContext, activity_id: int, suggestions: list[Suggestion]) -> list[int]:
    """The chosen suggestions as themes in the activity's codebook (name: the phrase with a capital, example:
    an answer holding it), after the themes it has; names it already has are left out. One undo removes them."""
    wanted = [(s.phrase[:1].upper() + s.phrase[1:],
               f"Suggested from {s.responses:,} responses that share “{s.phrase}”.", s.example or None)
              for s in suggestions if s.phrase.strip()]
    return add_new_themes(ctx, activity_id, wanted,
                          f"add {len(wanted)} suggested theme{'s' if len(wanted) != 1 else ''}")


def answers_sharing(ctx: AppContext, question_id: int, response_ids: list[int], limit: int = 30) -> list[str]:
    """The answers to the question of the first ``limit`` of these responses (to read what a suggestion stands
    for before making it a theme)."""
    wanted = response_ids[:limit]
    with ctx.session() as s:
        rows = dict(s.execute(select(ConsultationAnswer.response_id, ConsultationAnswer.text).where(
            ConsultationAnswer.question_id == question_id, ConsultationAnswer.response_id.in_(wanted))).all())
    return [rows[r] for r in wanted if r in rows]
