"""Importing survey exports: each tool's layout, anonymity, matching people, re-import, undo, bad rows."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consultation_cimport_helpers import (
    FORMS_ROWS,
    forms_xlsx,
    google_csv,
    make_survey_activity,
    smartsurvey_csv,
    surveymonkey_csv,
    surveymonkey_xlsx,
)
from helpers import make_person
from importexport_files import write_csv
from sdm_desktop.db.models import EqualityMonitoring, ImportBatch, Interaction
from sdm_desktop.db.models.consultation import ConsultationAnswer, ConsultationQuestion, ConsultationResponse
from sdm_desktop.errors import UserError
from sdm_desktop.progress import JobCancelled, Progress
from sdm_desktop.services.consultation.intake.importing import ResponsesImportOptions, import_responses, preview_file
from sdm_desktop.services.importing import UndoWouldLoseWork, list_batches, undo_batch


def _responses(ctx, activity_id):
    with ctx.session() as s:
        rows = s.scalars(select(ConsultationResponse).where(ConsultationResponse.activity_id == activity_id)
                         .order_by(ConsultationResponse.id)).all()
        return [(r.source_key, r.submitted_at, r.respondent_name, r.respondent_email, r.quote_consent, r.person_id,
                 r.review_on, {a.question_id: a.text for a in r.answers}) for r in rows]


def _questions(ctx, activity_id):
    with ctx.session() as s:
        return {q.text: (q.id, q.kind, q.purpose, q.equality_field) for q in s.scalars(
            select(ConsultationQuestion).where(ConsultationQuestion.activity_id == activity_id))}


def test_microsoft_forms_xlsx_is_recognised_and_kept_anonymous(ctx, tmp_path):
    activity = make_survey_activity(ctx)
    result = import_responses(ctx, forms_xlsx(tmp_path), activity)
    assert (result.tool_name, result.added, result.bad) == ("Microsoft Forms", 4, [])
    assert result.dropped == ["Email", "Name"]
    questions = _questions(ctx, activity)
    assert questions["Which days suit you?"][1] == "multiple_choice"
    assert questions["How would you rate the current service?"][1] == "number"
    assert questions["May we quote your comments in our report?"][2] == "quote_consent"
    assert questions["What is your age?"][2:] == ("equality", "age_band")
    assert "Start time" not in questions and "Email" not in questions
    rows = _responses(ctx, activity)
    assert [r[0] for r in rows] == ["forms:1", "forms:2", "forms:3", "forms:4"]
    assert rows[0][1].isoformat() == "2026-03-02T09:04:40"           # the completion time
    assert all(r[2] is None and r[3] is None and r[5] is None for r in rows)
    assert [r[4] for r in rows] == [True, False, True, True]
    assert rows[0][7][questions["Which days suit you?"][0]] == "Monday\nTuesday"
    assert rows[0][6] is not None                                    # a retention review date


def test_surveymonkey_two_header_rows_csv_and_xlsx(ctx, tmp_path):
    activity = make_survey_activity(ctx)
    result = import_responses(ctx, surveymonkey_csv(tmp_path), activity)
    assert (result.tool_name, result.added) == ("SurveyMonkey", 4)
    assert "IP Address" in result.dropped
    questions = _questions(ctx, activity)
    assert set(questions) == {"What could we do better?", "Which services have you used?", "Are you a carer?"}
    assert questions["Which services have you used?"][1] == "multiple_choice"
    rows = _responses(ctx, activity)
    assert rows[0][0] == "surveymonkey:114000001"
    assert rows[0][1].isoformat() == "2026-03-05T09:05:10"           # month first, 12-hour clock
    assert rows[2][7][questions["Which services have you used?"][0]] == "Pharmacy\nDentist"
    again = import_responses(ctx, surveymonkey_xlsx(tmp_path), activity)   # the same export, as .xlsx
    assert (again.added, again.already) == (0, 4)


def test_smartsurvey_and_google_forms(ctx, tmp_path):
    activity = make_survey_activity(ctx)
    smart = import_responses(ctx, smartsurvey_csv(tmp_path), activity)
    assert (smart.tool_name, smart.added) == ("SmartSurvey", 2)
    assert _questions(ctx, activity)["2. Overall rating"][1] == "number"
    other = make_survey_activity(ctx, "Access survey")
    google = import_responses(ctx, google_csv(tmp_path), other)
    assert (google.tool_name, google.added, google.dropped) == ("Google Forms", 4, ["Email address"])
    rows = _responses(ctx, other)
    assert rows[0][1].isoformat() == "2026-03-05T10:22:31"           # day first
    assert all(r[0].startswith("google:") for r in rows)


def test_reimport_adds_only_new_responses_google_by_time_and_content(ctx, tmp_path):
    from consultation_cimport_helpers import GOOGLE_ROWS

    activity = make_survey_activity(ctx)
    import_responses(ctx, google_csv(tmp_path, GOOGLE_ROWS[:2]), activity)
    later = google_csv(tmp_path, GOOGLE_ROWS + [GOOGLE_ROWS[0]])       # grown, and one row twice
    result = import_responses(ctx, later, activity)
    assert (result.added, result.already) == (2, 3)
    assert len(_responses(ctx, activity)) == 4


def test_reimport_of_a_forms_export_by_response_id(ctx, tmp_path):
    activity = make_survey_activity(ctx)
    import_responses(ctx, forms_xlsx(tmp_path, FORMS_ROWS[:3]), activity)
    result = import_responses(ctx, forms_xlsx(tmp_path, FORMS_ROWS, name="later.xlsx"), activity)
    assert (result.added, result.already, result.new_questions) == (1, 3, 0)
    assert len(_responses(ctx, activity)) == 4
    assert len(_questions(ctx, activity)) == 5


def test_dry_run_writes_nothing(ctx, tmp_path):
    activity = make_survey_activity(ctx)
    result = import_responses(ctx, forms_xlsx(tmp_path), activity, ResponsesImportOptions(dry_run=True))
    assert (result.added, result.new_questions, result.batch_id) == (4, 5, None)
    assert _responses(ctx, activity) == [] and _questions(ctx, activity) == {}


def test_identity_kept_only_on_purpose(ctx, tmp_path):
    activity = make_survey_activity(ctx)
    import_responses(ctx, forms_xlsx(tmp_path), activity, ResponsesImportOptions(keep_identity=True))
    first, second = _responses(ctx, activity)[:2]
    assert (first[2], first[3]) == ("Ada Sample", "ada.sample@example.org")
    assert (second[2], second[3]) == (None, None)                    # Forms writes "anonymous"


def test_match_people_by_email_makes_an_interaction_and_never_copies_equality(ctx, tmp_path):
    person = make_person(ctx, "Sample", "Ada", email="Ada.Sample@example.org")
    activity = make_survey_activity(ctx)
    result = import_responses(ctx, forms_xlsx(tmp_path), activity, ResponsesImportOptions(match_people=True))
    assert result.matched == 1
    rows = _responses(ctx, activity)
    assert rows[0][5] == person and rows[0][3] is None               # linked, the email itself not kept
    assert all(r[5] is None for r in rows[1:])
    with ctx.session() as s:
        interactions = s.scalars(select(Interaction).where(Interaction.person_id == person)).all()
        assert [(i.channel, i.direction, i.activity_id) for i in interactions] == [("survey", "in", activity)]
        assert s.scalar(select(func.count()).select_from(EqualityMonitoring)) == 0


def test_without_match_people_no_one_is_linked(ctx, tmp_path):
    make_person(ctx, "Sample", "Ada", email="ada.sample@example.org")
    activity = make_survey_activity(ctx)
    import_responses(ctx, forms_xlsx(tmp_path), activity)
    assert all(r[5] is None for r in _responses(ctx, activity))
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(Interaction)) == 0


def test_undo_removes_the_batch_its_questions_and_interactions(ctx, tmp_path):
    make_person(ctx, "Sample", "Ada", email="ada.sample@example.org")
    activity = make_survey_activity(ctx)
    result = import_responses(ctx, forms_xlsx(tmp_path), activity, ResponsesImportOptions(match_people=True))
    batch = next(b for b in list_batches(ctx) if b.id == result.batch_id)
    assert (batch.kind, batch.created, batch.still_present) == ("responses", 4, 4)
    undone = undo_batch(ctx, result.batch_id)
    assert undone.removed == 4
    assert _responses(ctx, activity) == [] and _questions(ctx, activity) == {}
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(Interaction)) == 0
        assert s.scalar(select(func.count()).select_from(ConsultationAnswer)) == 0
        assert s.get(ImportBatch, result.batch_id).undone_at is not None
    again = import_responses(ctx, forms_xlsx(tmp_path), activity)   # after an undo the file comes in again
    assert again.added == 4


def test_undo_refused_when_answers_were_coded_since(ctx, tmp_path):
    from sdm_desktop.db.models.consultation import AnswerCoding

    activity = make_survey_activity(ctx)
    result = import_responses(ctx, forms_xlsx(tmp_path), activity)
    with ctx.session() as s:
        answer = s.scalars(select(ConsultationAnswer.id)).first()
        s.add(AnswerCoding(answer_id=answer, coder="sam", sentiment="positive"))
    with pytest.raises(UndoWouldLoseWork, match="1 coded answer"):
        undo_batch(ctx, result.batch_id)
    assert len(_responses(ctx, activity)) == 4
    assert undo_batch(ctx, result.batch_id, force=True).removed == 4


def test_bad_rows_are_reported_with_their_line_and_the_rest_imported(ctx, tmp_path):
    activity = make_survey_activity(ctx)
    path = write_csv(tmp_path / "google.csv", [
        ["Timestamp", "What one change would help you most?"],
        ["05/03/2026 10:22:31", "Text reminders"],
        ["yesterday-ish", "A ramp"],
        ["05/03/2026 10:25:00", ""],
        ["05/03/2026 10:26:00", "Longer appointments", "stray cell"],
        ["05/03/2026 10:27:00", "x" * 20_001],
        ["05/03/2026 10:28:00", "Parking"],
    ])
    result = import_responses(ctx, path, activity)
    assert result.added == 2
    assert [b.line for b in result.bad] == [3, 4, 5, 6]
    assert "not a date and time" in result.bad[0].reason
    assert "no answers" in result.bad[1].reason
    assert "3 cells, but the header has 2" in result.bad[2].reason
    assert "over 20,000 characters" in result.bad[3].reason
    assert any("Bad row on line 3" in line for line in result.lines())


def test_forms_row_without_its_id_is_bad(ctx, tmp_path):
    activity = make_survey_activity(ctx)
    rows = [list(FORMS_ROWS[0]), [None, *FORMS_ROWS[1][1:]]]
    result = import_responses(ctx, forms_xlsx(tmp_path, rows), activity)
    assert result.added == 1 and result.bad[0].line == 3 and "'ID'" in result.bad[0].reason


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\nxxxx", "PNG image"),
    (b"Timestamp,Question\n", "no responses"),
])
def test_unreadable_files_give_one_clear_message(ctx, tmp_path, content, message):
    activity = make_survey_activity(ctx)
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        import_responses(ctx, path, activity)
    assert _responses(ctx, activity) == []


def test_unknown_activity_is_refused(ctx, tmp_path):
    with pytest.raises(UserError, match="no activity 999"):
        import_responses(ctx, forms_xlsx(tmp_path), 999)


def test_any_other_file_goes_through_a_column_mapping(ctx, tmp_path):
    activity = make_survey_activity(ctx)
    path = write_csv(tmp_path / "paper.csv", [["Ref", "When", "Comment", "Postcode"],
                                              ["P1", "2026-03-01", "More clinics in Lowmoor", "TR7 1LG"],
                                              ["P2", "2026-03-02", "Parking", "TR7 1LH"]])
    preview = preview_file(path)
    layout = preview.layout
    assert layout.tool == "other" and layout.roles == ["question"] * 4
    layout.set_role(0, "id")
    layout.set_role(1, "submitted")
    layout.set_role(3, "ignore")
    result = import_responses(ctx, path, activity, ResponsesImportOptions(layout=layout))
    assert result.added == 2 and [q.text for q in result.questions] == ["Comment"]
    rows = _responses(ctx, activity)
    assert [r[0] for r in rows] == ["other:P1", "other:P2"] and rows[0][1].isoformat() == "2026-03-01T00:00:00"


class _CancelAfter(Progress):
    """Presses Cancel once the job has taken ``steps`` steps (as the progress dialog's button does)."""

    def __init__(self, steps: int):
        super().__init__()
        self.steps = steps

    def step(self, n: int = 1) -> None:
        self.steps -= n
        self.cancelled = self.steps <= 0
        super().step(n)


# 1,201 rows are read a step each; then the responses and their answers are written in steps of 250
@pytest.mark.parametrize("steps", [2, 1201 + 600], ids=["while reading", "while writing the answers"])
def test_cancel_leaves_nothing_half_written(ctx, tmp_path, steps):
    activity = make_survey_activity(ctx)
    rows = [[n, *FORMS_ROWS[0][1:]] for n in range(1, 1201)]
    with pytest.raises(JobCancelled):
        import_responses(ctx, forms_xlsx(tmp_path, rows), activity, progress=_CancelAfter(steps))
    assert _responses(ctx, activity) == [] and _questions(ctx, activity) == {}
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_a_file_with_too_many_rows_is_refused(ctx, tmp_path, monkeypatch):
    from sdm_desktop.services.consultation.intake import importing

    monkeypatch.setattr(importing, "MAX_RESPONSES", 3)
    activity = make_survey_activity(ctx)
    with pytest.raises(UserError, match="more than 3 rows; split it"):
        import_responses(ctx, forms_xlsx(tmp_path), activity)


def test_ids_already_held_from_another_survey_are_warned_about(ctx, tmp_path):
    from consultation_cimport_helpers import SMARTSURVEY_ROWS, smartsurvey_csv

    activity = make_survey_activity(ctx)
    import_responses(ctx, smartsurvey_csv(tmp_path), activity)
    other = write_csv(tmp_path / "other.csv", [["UserNo", "UserID", "Started", "Ended", "A different question?"],
                                               *[[r[0], r[1], r[6], r[7], "Another answer"] for r in SMARTSURVEY_ROWS]])
    result = import_responses(ctx, other, activity)
    assert (result.added, result.already, result.new_questions) == (0, 2, 0)
    assert any("another survey, import it into an activity of its own" in line for line in result.lines())
    again = import_responses(ctx, smartsurvey_csv(tmp_path), activity)
    assert again.warnings == [] and again.already == 2


def test_import_reimport_and_undo_on_postgresql(pg_url, data_dir, tmp_path):
    from sdm_desktop.services.opening import open_context

    pg = open_context(data_dir, pg_url)
    try:
        make_person(pg, "Sample", "Ada", email="ada.sample@example.org")
        activity = make_survey_activity(pg)
        first = import_responses(pg, surveymonkey_csv(tmp_path), activity)
        result = import_responses(pg, forms_xlsx(tmp_path), activity, ResponsesImportOptions(match_people=True))
        assert (first.added, result.added, result.matched) == (4, 4, 1)
        assert import_responses(pg, forms_xlsx(tmp_path), activity).already == 4
        assert len(_responses(pg, activity)) == 8
        assert undo_batch(pg, result.batch_id).removed == 4
        assert len(_responses(pg, activity)) == 4
    finally:
        pg.close()
