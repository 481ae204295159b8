"""Names short enough for a crowded cell of the power/interest grid, still telling stakeholders apart.

A cell holding a dozen stakeholders has room for about twelve characters a name on a laptop screen or an A4
page. Cutting names at the end made "Ashcombe & District Family Practice (South)" and its PPG both read
"Ashcombe & D…". Shorter forms are tried first: the NHS's usual abbreviations, then a person's first names as
initials; what is left too long is cut in the middle, so the end (often what tells two apart) stays."""

from __future__ import annotations

import re

# Longest first, so "NHS Foundation Trust" is not taken as "Foundation Trust".
ABBREVIATIONS = [
    ("Patient Participation Group", "PPG"), ("Integrated Care Board", "ICB"), ("Primary Care Network", "PCN"),
    ("Health and Wellbeing Board", "HWB"), ("Health & Wellbeing Board", "HWB"), ("NHS Foundation Trust", "NHS FT"),
    ("Foundation Trust", "FT"), ("Clinical Commissioning Group", "CCG"), ("Voluntary, Community and Social "
                                                                           "Enterprise", "VCSE"),
]
TITLES = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame", "rev", "cllr"}


def abbreviated(name: str) -> str:
    """The name with the usual NHS abbreviations ("… Patient Participation Group" → "… PPG"), "and" as "&"."""
    text = name
    for long, short in ABBREVIATIONS:
        text = re.sub(re.escape(long), short, text, flags=re.IGNORECASE)
    return re.sub(r"\s+and\s+", " & ", text)


def with_initials(name: str) -> str:
    """A person's name with first names as initials: "Dr Lowri Appleyard" → "Dr L Appleyard"."""
    words = name.split()
    if len(words) < 2:
        return name
    head = []
    if words[0].rstrip(".").lower() in TITLES:
        head, words = [words[0]], words[1:]
    if len(words) < 2:
        return name
    return " ".join(head + [w[0] for w in words[:-1]] + [words[-1]])


def shorter_names(name: str, is_person: bool) -> list[str]:
    """The ways to write ``name`` on the grid, longest first, without repeats (the name itself first)."""
    forms = [name, abbreviated(name)]
    if is_person:
        forms.append(with_initials(forms[-1]))
    return list(dict.fromkeys(forms))


ENDING = re.compile(r"(\s*\([^()]{1,12}\))?(\s+(PPG|ICB|PCN|HWB|NHS FT|FT|CCG|VCSE))?$")


def telling_ending(name: str) -> str:
    """The short ending that often tells two stakeholders apart: a bracketed place and a kind of group
    ("(South) PPG", " PPG", "(East)"); "" when there is none. Never from a person's name."""
    found = ENDING.search(name)
    return found.group(0) if found and found.group(0).strip() and found.start() > 0 else ""
