"""The monitoring questions and their answers: the Census 2021 categories for England and Wales, each question
with "Prefer not to say". Codes are stored; labels are shown and written."""

from __future__ import annotations

from dataclasses import dataclass

PREFER_NOT = ("prefer_not", "Prefer not to say")

AGE_BANDS = [("under_16", "Under 16"), ("16_24", "16 to 24"), ("25_34", "25 to 34"), ("35_44", "35 to 44"),
             ("45_54", "45 to 54"), ("55_64", "55 to 64"), ("65_74", "65 to 74"), ("75_84", "75 to 84"),
             ("85_plus", "85 and over")]
SEXES = [("female", "Female"), ("male", "Male")]
GENDER_SAME = [("yes", "Yes"), ("no", "No")]

# The 19 ethnic groups under their 5 high-level groups (Census 2021, England and Wales).
ETHNIC_HIGH_LEVEL = [
    ("asian", "Asian, Asian British or Asian Welsh",
     [("bangladeshi", "Bangladeshi"), ("chinese", "Chinese"), ("indian", "Indian"), ("pakistani", "Pakistani"),
      ("other_asian", "Any other Asian background")]),
    ("black", "Black, Black British, Black Welsh, Caribbean or African",
     [("african", "African"), ("caribbean", "Caribbean"), ("other_black", "Any other Black, Black British or "
                                                                         "Caribbean background")]),
    ("mixed", "Mixed or Multiple ethnic groups",
     [("white_asian", "White and Asian"), ("white_black_african", "White and Black African"),
      ("white_black_caribbean", "White and Black Caribbean"),
      ("other_mixed", "Any other Mixed or Multiple ethnic background")]),
    ("white", "White",
     [("white_british", "English, Welsh, Scottish, Northern Irish or British"), ("irish", "Irish"),
      ("gypsy_traveller", "Gypsy or Irish Traveller"), ("roma", "Roma"),
      ("other_white", "Any other White background")]),
    ("other", "Other ethnic group", [("arab", "Arab"), ("any_other", "Any other ethnic group")]),
]
ETHNIC_GROUPS = [pair for _code, _label, groups in ETHNIC_HIGH_LEVEL for pair in groups]
ETHNIC_HIGH_OF = {code: high for high, _label, groups in ETHNIC_HIGH_LEVEL for code, _ in groups}
ETHNIC_HIGH_LABELS = {high: label for high, label, _groups in ETHNIC_HIGH_LEVEL}

DISABILITY = [("limited_a_lot", "Disabled under the Equality Act: day-to-day activities limited a lot"),
              ("limited_a_little", "Disabled under the Equality Act: day-to-day activities limited a little"),
              ("not_disabled", "Not disabled under the Equality Act")]
CARER = [("none", "Provides no unpaid care"), ("up_to_19", "Provides 19 hours or less unpaid care a week"),
         ("20_to_49", "Provides 20 to 49 hours unpaid care a week"),
         ("50_plus", "Provides 50 or more hours unpaid care a week")]
RELIGIONS = [("none", "No religion"), ("christian", "Christian"), ("buddhist", "Buddhist"), ("hindu", "Hindu"),
             ("jewish", "Jewish"), ("muslim", "Muslim"), ("sikh", "Sikh"), ("other", "Other religion")]
SEXUAL_ORIENTATIONS = [("straight", "Straight or Heterosexual"), ("gay_lesbian", "Gay or Lesbian"),
                       ("bisexual", "Bisexual"), ("other", "All other sexual orientations")]


@dataclass(frozen=True)
class Question:
    field: str
    label: str
    answers: list[tuple[str, str]]

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [*self.answers, PREFER_NOT]

    def label_of(self, code: str | None) -> str:
        return dict(self.choices).get(code or "", code or "")


QUESTIONS = [
    Question("age_band", "Age band", AGE_BANDS),
    Question("sex", "Sex", SEXES),
    Question("gender_same_as_birth", "Gender the same as sex registered at birth", GENDER_SAME),
    Question("ethnic_group", "Ethnic group", ETHNIC_GROUPS),
    Question("disability", "Disability (Equality Act 2010)", DISABILITY),
    Question("carer", "Unpaid carer", CARER),
    Question("religion", "Religion", RELIGIONS),
    Question("sexual_orientation", "Sexual orientation", SEXUAL_ORIENTATIONS),
]
QUESTION_OF = {q.field: q for q in QUESTIONS}
FIELDS = [q.field for q in QUESTIONS]
