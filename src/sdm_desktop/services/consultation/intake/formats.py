"""Recognising a survey tool's export: which tool made it, what each column holds, and each question's kind.

Microsoft Forms (.xlsx: ID, Start time, Completion time, Email, Name, then one column per question),
SmartSurvey (UserID, IP Address, Started, Ended, …), SurveyMonkey (two header rows: the question over its
columns, then "Response", "Open-Ended Response" or one choice per column) and Google Forms (Timestamp, then the
questions). Anything else is read with its first row as the header and a column mapping the user can change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sdm_desktop.db.models.consultation import QUESTION_KINDS, QUESTION_PURPOSES
from sdm_desktop.services.consultation.intake.values import parse_datetime, parse_number

TOOL_NAMES = {"forms": "Microsoft Forms", "smartsurvey": "SmartSurvey", "surveymonkey": "SurveyMonkey",
              "google": "Google Forms", "other": "a survey file"}
# What a column can be used for; identifying ones are dropped unless kept on purpose.
ROLES = ("question", "id", "submitted", "name", "first_name", "last_name", "email", "ip", "ignore")
IDENTIFYING = ("name", "first_name", "last_name", "email", "ip")
ROLE_NAMES = {"id": ("id", "respondent id", "userid", "user id", "response id", "response number"),
              "submitted": ("completion time", "end date", "ended", "timestamp", "submitted", "date submitted",
                            "submitted at", "date"),
              "email": ("email", "email address", "e-mail", "your email address", "username"),
              "name": ("name", "full name", "your name"),
              "first_name": ("first name",), "last_name": ("last name", "surname"),
              "ip": ("ip address", "ip"),
              "ignore": ("start time", "start date", "started", "collector id", "last modified time", "unique id",
                         "tracking link", "custom value", "custom data 1", "userno", "score", "total points",
                         "quiz feedback", "grade posted time", "language", "status")}
IGNORED_PREFIXES = ("points - ", "feedback - ", "custom data ")
SURVEYMONKEY_SINGLE = ("response", "open-ended response", "")
CHOICE_LIMIT = 15          # more distinct answers than this and a question is free text
EQUALITY_WORDS = [(r"\bage\b", "age_band"), (r"\bsex\b", "sex"), (r"\bgender", "gender_same_as_birth"),
                  (r"\bethnic", "ethnic_group"), (r"\bdisab", "disability"), (r"\bunpaid carer|\bcarer\b", "carer"),
                  (r"\breligio|\bbelief\b", "religion"), (r"sexual orientation", "sexual_orientation")]
QUOTE_WORDS = re.compile(r"\bquot(e|ed|ing)\b|use your (words|comments)", re.IGNORECASE)


@dataclass
class QuestionPlan:
    """One question of the file, the columns it spans, and what it will be kept as."""

    text: str
    columns: list[int]
    options: list[str] = field(default_factory=list)   # SurveyMonkey: the choice each column stands for
    kind: str = "free_text"
    purpose: str = "question"
    equality_field: str | None = None
    choices: list[str] = field(default_factory=list)


@dataclass
class Layout:
    """What the file is and what each column holds (``roles`` by column number, from 0)."""

    tool: str
    headers: list[str]
    roles: list[str]
    header_rows: int = 1
    questions: list[QuestionPlan] = field(default_factory=list)
    settled: bool = False            # the questions' kinds were read from answers (or set by the user)

    @property
    def tool_name(self) -> str:
        return TOOL_NAMES[self.tool]

    def column(self, role: str) -> int | None:
        return next((i for i, r in enumerate(self.roles) if r == role), None)

    def dropped(self) -> list[str]:
        return [self.headers[i] for i, r in enumerate(self.roles) if r in IDENTIFYING]

    def set_role(self, index: int, role: str) -> None:
        """The user's mapping: this column is used for ``role`` (questions are rebuilt from the roles)."""
        if role not in ROLES:
            raise ValueError(f"unknown column role {role!r}")
        if role not in ("question", "ignore") + IDENTIFYING:
            self.roles = [("ignore" if r == role else r) for r in self.roles]
        self.roles[index] = role
        self.questions = _questions(self.headers, self.roles, self.questions)


def recognise(first: list[str], second: list[str] | None) -> Layout:
    """The layout of a file from its first two rows."""
    names = [_plain(c) for c in first]
    second = second or []
    if "respondent id" in names and "collector id" in names and second:
        return _surveymonkey(first, second)
    if {"id", "start time", "completion time"} <= set(names):
        tool = "forms"
    elif ("userid" in names or "user id" in names) and "ended" in names:
        tool = "smartsurvey"
    elif names and names[0] == "timestamp":
        tool = "google"
    else:
        tool = "other"
    roles = [_role(n, tool) for n in names]
    return Layout(tool, [c.strip() for c in first], roles, 1, _questions(first, roles, []))


def _plain(text: str) -> str:
    return " ".join(str(text).replace("\ufeff", "").split()).lower()


def _role(name: str, tool: str) -> str:
    for role, names in ROLE_NAMES.items():
        if name in names and not (role == "submitted" and name == "date" and tool != "other"):
            return role
    return "ignore" if name.startswith(IGNORED_PREFIXES) or not name else "question"


def _questions(headers: list[str], roles: list[str], before: list[QuestionPlan]) -> list[QuestionPlan]:
    """A question per column used as one; questions kept from ``before`` while all their columns still are."""
    kept = [q for q in before if all(roles[c] == "question" for c in q.columns)]
    covered = {c for q in kept for c in q.columns}
    new = [QuestionPlan(headers[i].strip() or f"Column {i + 1}", [i])
           for i, role in enumerate(roles) if role == "question" and i not in covered]
    return sorted(kept + new, key=lambda q: q.columns[0])


def _surveymonkey(first: list[str], second: list[str]) -> Layout:
    """Row 1 names a question once over all its columns; row 2 says what each column is."""
    width = max(len(first), len(second))
    first = first + [""] * (width - len(first))
    second = second + [""] * (width - len(second))
    roles: list[str] = []
    questions: list[QuestionPlan] = []
    current: QuestionPlan | None = None
    for i, (top, below) in enumerate(zip(first, second, strict=True)):
        name = _plain(top)
        if top.strip():
            role = _role(name, "surveymonkey")
            current = None
            if role == "question":
                current = QuestionPlan(top.strip(), [])
                questions.append(current)
        elif current is None:
            role = "ignore"
        else:
            role = "question"
        roles.append(role)
        if role == "question" and current is not None:
            current.columns.append(i)
            current.options.append("" if _plain(below) in SURVEYMONKEY_SINGLE else below.strip())
    headers = [t.strip() or (f"{questions_text(questions, i)} — {second[i].strip()}") for i, t in enumerate(first)]
    return Layout("surveymonkey", headers, roles, 2, questions)


def questions_text(questions: list[QuestionPlan], column: int) -> str:
    return next((q.text for q in questions if column in q.columns), f"Column {column + 1}")


# --- kinds and purposes, from the answers ----------------------------------------------------------------
@dataclass
class _Seen:
    answered: int = 0
    numbers: int = 0
    dates: int = 0
    longest: int = 0
    values: dict[str, int] = field(default_factory=dict)      # distinct answers, up to CHOICE_LIMIT + 1
    parts: dict[str, int] = field(default_factory=dict)       # distinct parts of ;-separated answers
    multi: int = 0                                            # answers holding more than one part
    forms_multi: int = 0                                      # Forms' "A;B;" (always ends in ;)


def split_choices(tool: str, text: str) -> list[str]:
    """The choices in one multiple-choice cell (Forms: "A;B;", Google: "A, B", others: "A;B" or "A, B")."""
    separator = ";" if tool == "forms" or ";" in text else ", "
    return [p.strip() for p in text.split(separator) if p.strip()]


def settle_kinds(layout: Layout, rows: list[list[str]], month_first: bool = False) -> None:
    """Give each question its kind, purpose and choices from the answers in ``rows``."""
    for question in layout.questions:
        if len(question.columns) > 1 and any(question.options):
            question.kind = "multiple_choice"
            question.choices = [o for o in question.options if o]
        else:
            seen = _look(layout.tool, [r[question.columns[0]] if question.columns[0] < len(r) else "" for r in rows],
                         month_first)
            question.kind, question.choices = _kind(layout.tool, seen)
            if question.kind == "free_text" and seen.longest <= 80 and guess_purpose(question.text)[0] != "question":
                question.kind = "single_choice"             # a few answers to "Your age?" look like free text
                question.choices = sorted(seen.values, key=lambda v: -seen.values[v])
        question.purpose, question.equality_field = guess_purpose(question.text, question.kind)
    layout.settled = True


def _look(tool: str, cells: list[str], month_first: bool) -> _Seen:
    seen = _Seen()
    for raw in cells:
        text = raw.strip()
        if not text:
            continue
        seen.answered += 1
        seen.longest = max(seen.longest, len(text))
        if seen.numbers == seen.answered - 1:         # only while every answer so far was one
            seen.numbers += parse_number(text) is not None
        if seen.dates == seen.answered - 1:
            seen.dates += parse_number(text) is None and parse_datetime(text, month_first) is not None
        if len(seen.values) <= CHOICE_LIMIT:
            seen.values[text] = seen.values.get(text, 0) + 1
        parts = split_choices(tool, text)
        seen.multi += len(parts) > 1
        seen.forms_multi += tool == "forms" and text.endswith(";")
        if len(seen.parts) <= CHOICE_LIMIT:
            for part in parts:
                seen.parts[part] = seen.parts.get(part, 0) + 1
    return seen


def _kind(tool: str, seen: _Seen) -> tuple[str, list[str]]:
    if not seen.answered:
        return "free_text", []
    if seen.numbers == seen.answered:
        return "number", []
    if seen.dates == seen.answered:
        return "date", []
    few_parts = len(seen.parts) <= CHOICE_LIMIT and seen.answered >= 2 * len(seen.parts)
    if tool == "forms":
        multi = seen.forms_multi == seen.answered                  # Forms ends every multiple choice with ;
    else:
        multi = seen.multi and few_parts and max(map(len, seen.parts), default=0) <= 80
    if multi and seen.longest <= 400:
        return "multiple_choice", sorted(seen.parts, key=lambda p: -seen.parts[p])
    if len(seen.values) <= CHOICE_LIMIT and seen.answered >= 2 * len(seen.values) and seen.longest <= 80:
        return "single_choice", sorted(seen.values, key=lambda v: -seen.values[v])
    return "free_text", []


def guess_purpose(text: str, kind: str = "single_choice") -> tuple[str, str | None]:
    """quote_consent for "May we quote you?", equality (with its field) for monitoring questions."""
    if kind == "free_text":
        return "question", None
    if QUOTE_WORDS.search(text):
        return "quote_consent", None
    lowered = text.lower()
    for pattern, equality_field in EQUALITY_WORDS:
        if re.search(pattern, lowered):
            return "equality", equality_field
    return "question", None


def check_plan(question: QuestionPlan) -> None:
    """A question's kind and purpose as the user set them must be ones the app knows."""
    if question.kind not in QUESTION_KINDS or question.purpose not in QUESTION_PURPOSES:
        raise ValueError(f"{question.text!r}: unknown kind {question.kind!r} or purpose {question.purpose!r}")
