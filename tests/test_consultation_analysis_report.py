"""`sdm-desktop report consultation`: the Word report holds counts that match the data, choice charts as pictures
with their text as alt text, themes ranked with consented, redacted quotes, and the "you said, we did" table; bad
input is one clear line."""

from __future__ import annotations

from docx import Document

from consultation_canalysis_helpers import build_consultation, keep_quote
from sdm_desktop.cli import main
from sdm_desktop.services.consultation.feedback import link_feedback
from sdm_desktop.services.opening import open_context


def _build(data_dir):
    ctx = open_context(data_dir)
    try:
        c = build_consultation(ctx)
        keep_quote(ctx, c.answers[0], c.themes["Staff attitude"], "Dr Patel was kind though")
        keep_quote(ctx, c.answers[2], c.themes["Parking"], "Car parking is impossible on Mondays")   # no consent
        link_feedback(ctx, c.themes["Waiting times"], c.feedback_id)
        return c
    finally:
        ctx.close()


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(parts)


def test_the_report_holds_counts_that_match_the_data(data_dir, tmp_path, capsys):
    c = _build(data_dir)
    out = tmp_path / "heard.docx"
    assert main(["--data-dir", str(data_dir), "report", "consultation", "--activity", str(c.activity_id),
                 "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "6 responses, 4 charts, 3 themes, 1 “you said, we did” entry" in said
    document = Document(str(out))
    text = _text(document)
    assert "We received 6 responses, from 02 May 2026 to 07 May 2026: 6 Microsoft Forms." in text
    assert "GP | 4 | 80.0%" in text and "Pharmacy | 2 | 40.0%" in text and "Dentist | 1 | 20.0%" in text
    assert "5 people answered this question." in text
    assert "65 to 74 | <5 |" in text                                 # equality counts stay anonymous
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[-4:-1] == ["1. Waiting times", "2. Parking", "3. Staff attitude"]
    assert "Raised by 4 people (67% of responses)." in text
    assert "Waiting times | 4 | 67%" in text                          # per question: answers, per cent of coded
    assert "Waiting times | 4 | Waits are too long | Added a second duty doctor on Mondays | Not yet" in text


def test_quotes_in_the_report_are_consented_and_redacted(data_dir, tmp_path):
    c = _build(data_dir)
    out = tmp_path / "heard.docx"
    assert main(["--data-dir", str(data_dir), "report", "consultation", "--activity", str(c.activity_id),
                 "-o", str(out)]) == 0
    quotes = [p.text for p in Document(str(out)).paragraphs if p.style.name == "Quote"]
    assert "“Dr [name] was kind though”" in quotes
    assert not any("Mondays" in q for q in quotes)                    # that respondent did not agree
    assert not any(name in q for q in quotes for name in ("Patel", "Susan", "Brown"))
    assert len(quotes) >= 4                                           # 2-3 quotes a theme where consent allows


def test_choice_charts_are_pictures_with_their_figures_as_alt_text(data_dir, tmp_path):
    c = _build(data_dir)
    out = tmp_path / "heard.docx"
    assert main(["--data-dir", str(data_dir), "report", "consultation", "--activity", str(c.activity_id),
                 "-o", str(out)]) == 0
    document = Document(str(out))
    described = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert len(described) == 3                                        # the age chart would be all "<5": left out
    assert any("GP: responses 4 (80%)" in d for d in described)
    assert not any("[[chart" in p.text for p in document.paragraphs)


def test_bad_input_is_one_clear_line_and_writes_nothing(data_dir, tmp_path, capsys):
    c = _build(data_dir)
    for args, message in ((["--activity", "999", "-o", str(tmp_path / "a.docx")], "No activity with id 999"),
                          (["--activity", "x1", "-o", str(tmp_path / "a.docx")], "not an activity id"),
                          (["--activity", str(c.activity_id), "-o", str(tmp_path / "a.pdf")], "must end in .docx"),
                          (["--activity", str(c.activity_id), "-o", str(tmp_path / "no" / "a.docx")],
                           "does not exist")):
        assert main(["--data-dir", str(data_dir), "report", "consultation", *args]) == 1
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1
    assert not list(tmp_path.glob("*.docx"))


def test_the_analysis_and_the_report_work_on_postgresql(pg_url, data_dir, tmp_path):
    from sdm_desktop.services.consultation.analysis import AnalysisFilter, analyse, themes_by_group
    from sdm_desktop.services.consultation.quotes import quotes_by_theme
    from sdm_desktop.services.consultation.report import write_consultation_report
    from sdm_desktop.services.consultation.suggestions import add_suggested_themes, suggest

    ctx = open_context(data_dir, pg_url)
    try:
        c = build_consultation(ctx)
        keep_quote(ctx, c.answers[0], c.themes["Staff attitude"], "Dr Patel was kind though")
        result = analyse(ctx, c.activity_id)
        assert [(t.name, t.people) for t in result.overall] == [("Waiting times", 4), ("Parking", 2),
                                                                ("Staff attitude", 2)]
        assert analyse(ctx, c.activity_id, AnalysisFilter(c.questions["Which services do you use?"], "GP",
                                                          text="long")).responses == 3
        assert themes_by_group(ctx, c.activity_id, c.questions["Are you a carer?"]).rows[0] == ("Waiting times",
                                                                                                 [3, 1])
        found = {s.phrase: s for s in suggest(ctx, c.questions["What could we do better?"])}
        assert add_suggested_themes(ctx, c.activity_id, [found["car parking"]])
        quotes = quotes_by_theme(ctx, c.activity_id, [c.themes["Waiting times"]])
        assert len(quotes[c.themes["Waiting times"]]) == 3
        context = write_consultation_report(ctx, c.activity_id, tmp_path / "pg.docx")
        assert context["themes"][0]["people"] == "4" and (tmp_path / "pg.docx").is_file()
    finally:
        ctx.close()
