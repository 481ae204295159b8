"""The analysis grid's names on a 1366x768 laptop and on an A4 page: shown at a readable size, and in a
crowded cell shortened so that stakeholders can still be told apart (issue 16: "at 1366x768 and on an A4
PDF with 80 stakeholders the names are legible")."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QFont, QFontInfo, QFontMetrics

from sdm_desktop.services.analysis.grid import GridPoint
from sdm_desktop.services.analysis.grid_labels import abbreviated, shorter_names, telling_ending, with_initials
from sdm_desktop.ui.analysis.grid_items import fitted_text
from test_small_screen import LAPTOP, sized


def _point(name: str, kind: str = "organisation") -> GridPoint:
    return GridPoint(f"{kind[0]}:1", kind, 1, name, "Person" if kind == "person" else "GP practice", 3, 5,
                     "supportive", 1, date(2026, 9, 1), None)


def test_shorter_forms_use_the_nhs_abbreviations_and_initials():
    assert abbreviated("Ashcombe Medical Practice (North) Patient Participation Group") == \
        "Ashcombe Medical Practice (North) PPG"
    assert abbreviated("NHS Wessex Vale Integrated Care Board") == "NHS Wessex Vale ICB"
    assert abbreviated("Wessex Vale Health and Wellbeing Board") == "Wessex Vale HWB"
    assert with_initials("Dr Lowri Appleyard") == "Dr L Appleyard"
    assert with_initials("Mary Jane Smith") == "M J Smith"
    assert with_initials("Zoë") == "Zoë"
    assert shorter_names("Lowmoor Carers Together", False) == ["Lowmoor Carers Together"]
    assert telling_ending("Fernbridge Health Centre (East) PPG") == " (East) PPG"
    assert telling_ending("Lowmoor Carers Together") == ""


def test_a_practice_and_its_ppg_read_differently_in_a_crowded_cell(qapp):
    metrics = QFontMetrics(QFont())
    width = metrics.horizontalAdvance("+ Ashcombe & Distr")           # about what a crowded cell leaves
    practice = fitted_text(_point("Ashcombe & District Family Practice (South)"), metrics, width)
    ppg = fitted_text(_point("Ashcombe & District Family Practice (South) Patient Participation Group"),
                      metrics, width)
    assert practice != ppg and ppg.endswith("PPG") and practice.startswith("+ Ash")
    assert metrics.horizontalAdvance(ppg) <= width and metrics.horizontalAdvance(practice) <= width
    person = fitted_text(_point("Dr Lowri Appleyard", "person"), metrics, metrics.horizontalAdvance("+ Dr L Appleyard"))
    assert person == "+ Dr L Appleyard"
    whole = fitted_text(_point("Kezia Birchwood", "person"), metrics, 400)
    assert whole == "+ Kezia Birchwood"


def test_on_a_laptop_the_names_on_the_grid_are_drawn_at_least_eight_pixels_high(demo_window, qtbot):
    view = demo_window.show_view("analysis")
    sized(demo_window, qtbot, LAPTOP)
    view.grid.fit()
    scale = view.grid.transform().m11()
    on_screen = QFontInfo(view.scene.font).pixelSize() * scale
    assert on_screen >= 8, on_screen               # it was 7: the whole picture squeezed into the height
    plot = view.grid.mapFromScene(0, 0).y(), view.grid.mapFromScene(0, 5 * 122.0).y()
    assert plot[0] >= 0 and plot[1] <= view.grid.viewport().height()      # every row of the grid in sight



def test_the_fit_does_not_depend_on_whether_the_scroll_bars_are_shown(demo_window, qtbot):
    """Fitting to the width and the plot's height made a scroll bar appear, which changed the room, which
    changed the fit, which hid the bar…: opening Analysis in a 1366x768 window crashed (endless resizing)."""
    from PySide6.QtCore import Qt

    view = demo_window.show_view("analysis")
    grid = view.grid
    sized(demo_window, qtbot, (1366, 768))
    factors = []
    for policy in (Qt.ScrollBarPolicy.ScrollBarAlwaysOn, Qt.ScrollBarPolicy.ScrollBarAlwaysOff):
        grid.setVerticalScrollBarPolicy(policy)
        grid.setHorizontalScrollBarPolicy(policy)
        qtbot.wait(10)
        grid.fit()
        factors.append(round(grid.transform().m11(), 4))
    grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    grid.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    assert factors[0] == factors[1], factors


def test_an_empty_grid_is_fitted_without_an_error(window, qtbot):
    """Opening Analysis before its grid was drawn divided by the empty scene's width (in a real window)."""
    from sdm_desktop.ui.analysis.grid_scene import PowerGridScene
    from sdm_desktop.ui.analysis.power_grid import PowerGridView

    scene = PowerGridScene()
    view = PowerGridView(scene)
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    view.fit()
    assert view.transform().m11() == 1.0
