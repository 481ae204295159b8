"""Text normalisation for search and duplicate detection."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

_PUNCT = re.compile(r"[^\w\s]")
SIMILAR_NAME = 0.85          # names this alike (SequenceMatcher.ratio of their keys) may be one mistyped
_NAME_NOISE = {"the", "of", "and", "group", "ltd", "limited"}


def fold(text: str | None) -> str:
    """Lower-case, accents removed, spaces collapsed: 'Zoë  O’Brien' -> 'zoe o'brien'."""
    if not text:
        return ""
    # Runs of spaces made one by split and join: what r"\s+" matches is exactly what str.split splits on (every
    # code point checked), and it is several times quicker than the regular expression (imports fold every row)
    if text.isascii():                      # nothing to decompose: the fast path for bulk imports
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(plain.casefold().split())



def search_blob(*parts: object) -> str:
    texts = [p if p.__class__ is str else str(p) for p in parts if p is not None and p != ""]
    joined = " | ".join(texts)
    if joined.isascii() and "" not in map(str.strip, texts):
        return fold(joined)             # the same as folding each part: one pass instead of twenty (imports)
    return " | ".join(fold(text) for text in texts)


# A pasted paragraph stays a search: SQLite refuses more than about 1,000 LIKE terms in one query
# ("Expression tree is too large") and a LIKE pattern over 50,000 bytes ("pattern too complex").
MAX_SEARCH_TERMS = 30
MAX_TERM_LENGTH = 500


def search_terms(query: str) -> list[str]:
    """The words of a search, each to be found somewhere in a row's text: distinct, in order,
    at most MAX_SEARCH_TERMS of them, each cut to MAX_TERM_LENGTH characters."""
    terms = dict.fromkeys(t[:MAX_TERM_LENGTH] for t in fold(query[:100_000]).split(" ") if t)
    return list(terms)[:MAX_SEARCH_TERMS]


@lru_cache(maxsize=4096)
def name_key(name: str | None) -> str:
    """A name reduced for comparison: '&' is 'and', punctuation and filler words dropped."""
    text = fold((name or "").replace("&", " and "))
    words = [w for w in _PUNCT.sub(" ", text).split() if w not in _NAME_NOISE]
    return " ".join(words)


def keys_similar(ka: str, kb: str) -> bool:
    """Two name keys (``name_key``) alike enough to be one name mistyped; the cheap bounds go first."""
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    matcher = SequenceMatcher(None, ka, kb)
    return (matcher.real_quick_ratio() >= SIMILAR_NAME and matcher.quick_ratio() >= SIMILAR_NAME
            and matcher.ratio() >= SIMILAR_NAME)


def emails_differ(a: str | None, b: str | None) -> bool:
    """Two people with different email addresses are two people, however alike their names."""
    return bool(a and b and a.strip().lower() != b.strip().lower())


def like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def name_match_rank(name, text: str) -> list:
    """ORDER BY terms putting first the rows whose ``name`` (a column or SQL expression) starts with what was
    typed (0), then those whose name holds every typed word (1), then those matched on another field (2):
    a picker offers the group named "Riverside …" before the ones with Riverside only in their address."""
    from sqlalchemy import and_, case, func  # here: the rest of this module is read before SQLAlchemy loads

    typed = " ".join(text.split()).lower()
    if not typed:
        return []
    name = func.lower(name)
    holds_all = and_(*(name.like(f"%{like_escape(word)}%", escape="\\") for word in typed.split()))
    return [case((name.like(f"{like_escape(typed)}%", escape="\\"), 0), (holds_all, 1), else_=2)]


def counted(n: int, one: str, many: str | None = None) -> str:
    """'1 person', '2 people', '12,345 plans': the number and its noun, singular for exactly one."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
