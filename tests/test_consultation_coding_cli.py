"""responses themes and responses code on the command line (issue 18, part 2)."""

from __future__ import annotations

from consultation_coding_helpers import add_survey
from sdm_desktop.cli import main
from sdm_desktop.services.consultation.codebook import coding, themes
from sdm_desktop.services.opening import open_context


def _run(data_dir, *words) -> int:
    return main(["--data-dir", str(data_dir), "responses", *words])


def _survey(data_dir, **kwargs):
    ctx = open_context(data_dir)
    try:
        return add_survey(ctx, **kwargs)
    finally:
        ctx.close()


def test_themes_adds_themes_and_sub_themes_and_lists_them_numbered(data_dir, capsys):
    survey = _survey(data_dir)
    activity = str(survey.activity_id)
    assert _run(data_dir, "themes", "--activity", activity) == 0
    assert "No themes yet" in capsys.readouterr().out
    assert _run(data_dir, "themes", "--activity", activity, "--add", "Access") == 0
    assert _run(data_dir, "themes", "--activity", activity, "--add", "Parking", "--parent", "access") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == ["1\tAccess\t0", "2\t  Parking\t0"]
    assert _run(data_dir, "themes", "--activity", activity, "--add", "Staff", "--parent", "Nope") == 1
    err = capsys.readouterr().err
    assert err.startswith("sdm-desktop: error: There is no theme 'Nope'") and err.count("\n") == 1


def test_code_applies_themes_and_keeps_a_quote_with_one_free_text_question(data_dir, capsys):
    survey = _survey(data_dir)
    activity = str(survey.activity_id)
    for name in ("Access", "Parking"):
        _run(data_dir, "themes", "--activity", activity, "--add", name)
    response = str(survey.response_ids[0])
    assert _run(data_dir, "code", response, "Parking", "access", "--quote", "the car park at the hospital",
                "--sentiment", "negative", "--coder", "Ben") == 0
    assert "2 new themes for Ben and kept the quote" in capsys.readouterr().out
    ctx = open_context(data_dir)
    try:
        answer = coding.answer_to_code(ctx, coding.answer_of_response(ctx, survey.response_ids[0], None), "Ben")
        names = {t.id: t.name for t in themes.codebook(ctx, survey.activity_id)}
        assert {names[t] for t in answer.theme_ids} == {"Access", "Parking"}
        assert answer.sentiment == "negative" and [q.text for q in answer.quotes] == ["the car park at the hospital"]
    finally:
        ctx.close()
    assert _run(data_dir, "code", response, "Parking", "--quote", "not in the answer") == 1
    assert "phrase of the answer" in capsys.readouterr().err


def test_code_asks_for_the_question_when_there_are_several(data_dir, capsys):
    survey = _survey(data_dir, free_text_questions=2)
    _run(data_dir, "themes", "--activity", str(survey.activity_id), "--add", "Access")
    response = str(survey.response_ids[1])
    assert _run(data_dir, "code", response, "Access") == 1
    err = capsys.readouterr().err
    assert err == (f"sdm-desktop: error: Activity {survey.activity_id} has 2 free-text questions (2, 3): "
                   "say which with --question N.\n")
    assert _run(data_dir, "code", response, "Access", "--question", "1") == 1
    assert "not a free-text question" in capsys.readouterr().err
    assert _run(data_dir, "code", response, "Access", "--question", "3") == 0
    assert _run(data_dir, "code", "999999", "Access") == 1
    assert capsys.readouterr().err.endswith("There is no response 999999.\n")
