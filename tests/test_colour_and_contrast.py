"""Colour is never the only cue, and what paints its own colours keeps them legible in a Windows
high-contrast theme (no app-wide style sheet: every other widget takes the theme's colours)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QPalette

SOURCE = Path(__file__).resolve().parents[1] / "src" / "sdm_desktop"


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(background: QColor, ink: QColor) -> QColor:
    alpha = ink.alphaF()
    return QColor.fromRgbF(*(ink_c * alpha + back_c * (1 - alpha) for ink_c, back_c in
                             ((ink.redF(), background.redF()), (ink.greenF(), background.greenF()),
                              (ink.blueF(), background.blueF()))))


def test_no_style_sheet_anywhere_so_the_windows_theme_applies():
    uses = [str(p.relative_to(SOURCE)) for p in SOURCE.rglob("*.py") if "setStyleSheet" in p.read_text("utf-8")]
    assert uses == []


def test_each_marker_says_its_attitude_in_words_or_signs_not_only_in_colour(demo_window):
    from sdm_desktop.ui.analysis.grid_items import ATTITUDE_SIGNS
    view = demo_window.show_view("analysis")
    markers = list(view.scene.markers.values())
    attitudes = {item.point.attitude for item in markers}
    assert {"opposed", "sceptical", "neutral", "supportive", "champion"} <= attitudes
    for item in markers:
        assert item.label.text().startswith(ATTITUDE_SIGNS[item.point.attitude] + " "), item.label.text()
    assert len(set(ATTITUDE_SIGNS.values())) == len(ATTITUDE_SIGNS)
    legend = {item.text() for item in view.scene.items() if hasattr(item, "text") and callable(item.text)}
    assert {"−−  Opposed", "++  Champion", "?  Not recorded"} <= legend


def test_quadrant_names_on_the_grid_are_readable_large_text(demo_window):
    from sdm_desktop.ui.analysis.grid_scene import QUADRANT_HEADING, QUADRANT_TINTS
    for tint in QUADRANT_TINTS.values():
        assert contrast(QColor(tint), over(QColor(tint), QUADRANT_HEADING)) >= 3.0, tint


def test_weak_coverage_cells_are_marked_in_words_and_bold_and_keep_dark_text_on_their_own_colour(demo_window,
                                                                                                qtbot):
    from PySide6.QtCore import Qt
    view = demo_window.show_view("analysis")
    view.tabs.setCurrentIndex(2)
    model = view.coverage.model
    qtbot.waitUntil(lambda: model.matrix is not None and model.rowCount() > 0)
    weak = [model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())
            if model.index(r, c).data(Qt.ItemDataRole.BackgroundRole) is not None]
    assert weak
    for index in weak:
        assert index.data().startswith("! ") and index.data(Qt.ItemDataRole.FontRole).bold()
        background = index.data(Qt.ItemDataRole.BackgroundRole).color()
        ink = index.data(Qt.ItemDataRole.ForegroundRole).color()
        assert contrast(background, ink) >= 4.5


def test_the_plan_timeline_stays_white_with_dark_text_in_a_dark_high_contrast_theme(demo_window, qtbot):
    view = demo_window.show_view("engagement")
    view.plan_table.setCurrentIndex(view.plan_model.index(0, 0))
    gantt = view.detail.gantt
    dark = QPalette(gantt.palette())
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
        dark.setColor(role, QColor("#000000"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        dark.setColor(role, QColor("#ffffff"))
    gantt.setPalette(dark)
    gantt.viewport().setPalette(dark)
    image = gantt.viewport().grab().toImage()
    samples = [image.pixelColor(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)]
    dark_share = sum(c.lightnessF() < 0.2 for c in samples) / len(samples)
    assert dark_share < 0.1                      # mostly the theme's black, which hides the timeline's black text


def test_the_plan_timeline_tells_statuses_apart_by_pattern_as_well_as_colour(qtbot):
    from datetime import date

    from PySide6.QtWidgets import QGraphicsRectItem

    from sdm_desktop.services.engagement.activities import ActivityRow
    from sdm_desktop.ui.engagement.gantt import ActivityGantt

    gantt = ActivityGantt()
    qtbot.addWidget(gantt)
    codes = ["planned", "in_progress", "done", "cancelled"]
    rows = [ActivityRow(id=n, plan_id=1, plan="Plan", title=code, method="Meeting", level="", level_code="",
                        iap2="", owner="", planned_date=date(2026, 3, 1), end_date=date(2026, 3, 25),
                        status=code, status_code=code, budget_pence=0, cost_pence=0,
                        involvement_payments_pence=0, expenses_pence=0, overdue=False, targets="", outcome="")
            for n, code in enumerate(codes)]
    gantt.show_plan("Plan", rows, today=date(2026, 1, 1))

    def brushes_at(activity_id: int) -> frozenset:
        point = gantt.bars[activity_id].center()
        return frozenset(item.brush().style() for item in gantt.scene().items(point)
                         if isinstance(item, QGraphicsRectItem))

    looks = {code: brushes_at(n) for n, code in enumerate(codes)}
    assert len(set(looks.values())) == len(codes), looks
