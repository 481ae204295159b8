"""The Analysis tab (qtbot): counts, charts with their tables, filters, themes by group, the quote bank, Suggest
themes… adding themes to the codebook, "you said, we did" per theme and Report… writing the Word document."""

from __future__ import annotations

import csv

import pytest
from docx import Document
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from consultation_canalysis_helpers import build_consultation, keep_quote
from sdm_desktop.services.consultation.analysis import theme_list
from sdm_desktop.services.consultation.feedback import closing_the_loop
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui.common.charts import ChartPanel
from sdm_desktop.ui.consultation import analysis_dialogs
from sdm_desktop.ui.consultation.analysis_dialogs import SuggestThemesDialog
from sdm_desktop.ui.consultation.analysis_panel import AnalysisPanel
from sdm_desktop.ui.env import ChangeBus, UiEnv
from sdm_desktop.ui.jobs import JobRunner


@pytest.fixture
def env(ctx, qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    jobs = JobRunner(host, synchronous=True)
    yield UiEnv(ctx, jobs, QSettings(str(ctx.data_dir / "s.ini"), QSettings.Format.IniFormat), ChangeBus())
    jobs.shutdown()


@pytest.fixture
def panel(env, qtbot):
    widget = AnalysisPanel(env)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def cells(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_counts_charts_and_the_quote_bank_show_for_the_activity(ctx, panel):
    c = build_consultation(ctx)
    keep_quote(ctx, c.answers[0], c.themes["Staff attitude"], "Dr Patel was kind though")
    keep_quote(ctx, c.answers[2], c.themes["Parking"], "Car parking is impossible")          # no consent
    assert not panel.report.isEnabled()
    panel.show_activity(c.activity_id)
    assert panel.report.isEnabled() and "6 responses" in panel.summary.text()
    assert [row[:3] for row in cells(panel.themes.table)] == [["Waiting times", "4", "67%"], ["Parking", "2", "33%"],
                                                              ["Staff attitude", "2", "33%"]]
    charts = panel.choices.findChildren(ChartPanel)
    assert len(charts) == 4 and charts[1].view.chart.bars[0].label == "GP"
    charts[1].toggle.click()
    assert charts[1].view.isHidden() and not charts[1].table.isHidden()
    assert charts[1].table.item(0, 1).text() == "4 (80%)"
    assert cells(panel.quotes.table) == [["Staff attitude", "Dr [name] was kind though", "What could we do better?"]]
    assert "1 kept quote is not offered" in panel.quotes.note.text()
    panel.quotes.table.setCurrentCell(0, 0)
    panel.quotes.copy.click()
    assert QGuiApplication.clipboard().text() == "Dr [name] was kind though"
    panel.show_activity(None)
    assert not panel.report.isEnabled() and panel.tabs.isHidden()


def test_a_filter_and_a_group_narrow_the_counts(ctx, panel, qtbot):
    c = build_consultation(ctx)
    panel.show_activity(c.activity_id)
    panel.filter_question.setCurrentIndex(panel.filter_question.findData(c.questions["Are you a carer?"]))
    panel.filter_answer.setCurrentIndex(panel.filter_answer.findText("Yes"))
    panel.filter_answer.activated.emit(panel.filter_answer.currentIndex())
    assert "3 of 6 responses (filtered)" in panel.summary.text()
    assert [row[:2] for row in cells(panel.themes.table)] == [["Waiting times", "3"], ["Staff attitude", "2"]]
    panel.clear.click()
    assert "6 responses" in panel.summary.text() and panel.themes.table.rowCount() == 3
    qtbot.keyClicks(panel.filter_text, "parking")
    qtbot.keyClick(panel.filter_text, Qt.Key.Key_Return)
    assert "2 of 6 responses (filtered)" in panel.summary.text()
    panel.clear.click()
    assert cells(panel.by_group.table)[0] == ["Waiting times", "3", "1"]
    age = panel.by_group.question.findData(c.questions["Age band"])
    panel.by_group.question.setCurrentIndex(age)
    panel.by_group.question.activated.emit(age)
    assert "<5" in cells(panel.by_group.table)[0]
    assert panel.filter_question.findData(c.questions["Age band"]) == -1     # equality answers are never a filter


def test_suggest_themes_adds_the_ticked_phrases_to_the_codebook(ctx, env, qtbot):
    c = build_consultation(ctx)
    announced = []
    env.bus.changed.connect(announced.append)
    dialog = SuggestThemesDialog(env, c.activity_id)
    qtbot.addWidget(dialog)
    phrases = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert phrases[:3] == ["waiting times", "long", "car parking"]
    dialog.table.setCurrentCell(2, 0)
    assert "is in 2 responses" in dialog.answers.toPlainText() and "Mondays" in dialog.answers.toPlainText()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)                            # Space ticks the chosen one
    assert [x.phrase for x in dialog.ticked()] == ["car parking"]
    dialog.add.click()
    assert "Car parking" in [name for _id, name in theme_list(ctx, c.activity_id)]
    assert announced == [Change.CONSULTATION]


def test_record_and_unlink_you_said_we_did_for_a_theme(ctx, panel, monkeypatch):
    c = build_consultation(ctx)
    panel.show_activity(c.activity_id)
    row = next(r for r, line in enumerate(cells(panel.loop.table)) if line[0] == "Parking")
    panel.loop.table.setCurrentCell(row, 0)

    def answer(dialog):
        dialog.we_did.setPlainText("Twenty more spaces at the back")
        return 1
    monkeypatch.setattr(analysis_dialogs.RecordFeedbackDialog, "exec", answer)
    next(b for b in panel.loop.findChildren(type(panel.report)) if b.text() == "Recor&d a new entry…").click()
    parking = next(loop for loop in closing_the_loop(ctx, c.activity_id) if loop.theme == "Parking")
    assert parking.changed == "Twenty more spaces at the back" and parking.people == 2
    shown = next(line for line in cells(panel.loop.table) if line[0] == "Parking")
    assert shown[3] == "Twenty more spaces at the back"                        # the tab refreshed on the change
    row = next(r for r, line in enumerate(cells(panel.loop.table)) if line[0] == "Parking")
    panel.loop.table.setCurrentCell(row, 0)
    next(b for b in panel.loop.findChildren(type(panel.report)) if b.text() == "&Unlink").click()
    assert next(x for x in closing_the_loop(ctx, c.activity_id) if x.theme == "Parking").entries == []


def test_report_writes_the_word_document_in_a_job(ctx, panel, tmp_path, monkeypatch):
    c = build_consultation(ctx)
    panel.show_activity(c.activity_id)
    target = tmp_path / "heard"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    panel.report.click()
    written = tmp_path / "heard.docx"
    assert written.is_file() and "Report saved to" in panel.summary.text()
    text = "\n".join(p.text for p in Document(str(written)).paragraphs)
    assert "We received 6 responses" in text and "1. Waiting times" in text


def test_export_analysis_writes_every_count_the_tab_shows(window, ctx, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from sdm_desktop.services.demo.loader import load_demo
    load_demo(ctx)
    view = window.show_view("consultation")
    view.show_responses(7)
    view.tabs.setCurrentWidget(view.analysis)
    panel = view.analysis
    qtbot.waitUntil(lambda: panel.loaded is not None, timeout=15000)
    target = tmp_path / "analysis.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV (*.csv)"))
    panel.export.click()
    qtbot.waitUntil(target.exists, timeout=10000)
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Section", "Question or group", "Item", "Count", "Per cent"]
    heard = [r for r in rows if r[1] == "How did you hear about this survey?"]
    assert sum(int(r[3]) for r in heard) == 36
    overall = {r[2]: int(r[3]) for r in rows if r[0] == "Themes, people who raised each"}
    assert overall == {t.name: t.people for t in panel.loaded.analysis.overall}
