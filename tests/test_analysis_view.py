"""The Analysis view, driven like a user: drag markers, compare rounds, filter, save, open records."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from helpers import make_org, make_person
from sdm_desktop.services.analysis import assessments as svc
from sdm_desktop.services.analysis.assessments import ORGANISATION, PERSON, AssessmentInput, Subject
from sdm_desktop.ui.analysis.grid_scene import CAPACITY, cell_at, cell_rect


def assess(ctx, subject, influence, interest, round_name=None, on=date(2026, 3, 1), **extra):
    return svc.create_assessment(ctx, AssessmentInput(subject, influence, interest, on, round_name, **extra))


def open_analysis(window):
    view = window.show_view("analysis")
    view.reload()
    return view


def drag(view, start: QPoint, end: QPoint) -> None:
    """Press, move in steps with the button held, release — as a mouse would."""
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 9):
        pos = start + (end - start) * (step / 8)
        QApplication.sendEvent(viewport, QMouseEvent(
            QEvent.Type.MouseMove, QPointF(pos), QPointF(viewport.mapToGlobal(pos)), Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_dragging_a_marker_records_a_new_assessment_and_undo_takes_it_back(window, ctx, qtbot):
    org = Subject(ORGANISATION, make_org(ctx, "Riverside PPG"))
    assess(ctx, org, 2, 2, attitude="supportive", involvement_current="consult", involvement_target="involve")
    ctx.undo.clear()
    view = open_analysis(window)
    item = view.scene.markers[org.key]
    start = view.grid.mapFromScene(item.scenePos())
    end = view.grid.mapFromScene(cell_rect(4, 5).center())
    drag(view.grid, start, end)
    history = svc.history(ctx, org)
    assert [(h.influence, h.interest) for h in history] == [(5, 4), (2, 2)]
    assert (history[0].attitude, history[0].involvement_target) == ("supportive", "involve")
    assert view.scene.markers[org.key].point.cell == (4, 5)
    qtbot.waitUntil(lambda: cell_at(view.scene.markers[org.key].pos()) == (4, 5))      # drawn in its new cell
    assert "Recorded a new assessment of Riverside PPG" in view.status.text()
    assert window.undo_action.text() == "&Undo reassess Riverside PPG"
    window.undo_action.trigger()
    assert len(svc.history(ctx, org)) == 1
    assert view.scene.markers[org.key].point.cell == (2, 2)


def test_arrow_keys_on_a_selected_marker_reassess_it(window, ctx, qtbot):
    org = Subject(ORGANISATION, make_org(ctx, "Keyboard Group"))
    assess(ctx, org, 3, 3)
    view = open_analysis(window)
    view.show_on_grid(org.key)
    item = view.scene.markers[org.key]
    assert item.isSelected() and "History (1 assessment)" in view.side.details.text()
    view.grid.setFocus()
    qtbot.keyClick(view.grid.viewport(), Qt.Key.Key_Up)
    qtbot.keyClick(view.grid, Qt.Key.Key_Right)
    assert [(h.influence, h.interest) for h in svc.history(ctx, org)] == [(4, 4), (4, 3), (3, 3)]
    assert view.scene.markers[org.key].isSelected()


def test_a_move_redraws_at_once_without_reloading_everyone_and_quick_keys_step_on(window, ctx, qtbot, monkeypatch):
    from sdm_desktop.ui.analysis import view as analysis_view
    org = Subject(ORGANISATION, make_org(ctx, "Quick Keys PPG"))
    other = Subject(ORGANISATION, make_org(ctx, "Bystander"))
    assess(ctx, org, 3, 3, attitude="neutral")
    assess(ctx, other, 1, 1)
    view = open_analysis(window)
    window.env.jobs.synchronous = False                   # loads run in the background, as in the app
    loads = []
    real = analysis_view.load_points
    monkeypatch.setattr(analysis_view, "load_points", lambda *a: loads.append(a[1:]) or real(*a))
    view.show_on_grid(org.key)
    item = view.scene.markers[org.key]
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Right):         # two keys before anything is redrawn
        item.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))
    assert [(h.influence, h.interest) for h in svc.history(ctx, org)] == [(4, 4), (4, 3), (3, 3)]
    qtbot.waitUntil(lambda: cell_at(view.scene.markers[org.key].pos()) == (4, 4))
    qtbot.waitUntil(lambda: window.env.jobs.idle)           # the counts beside the views' names, after the change
    assert loads == []                                        # nobody else was read again
    marker = view.scene.markers[org.key]
    assert marker.isSelected() and (marker.point.attitude, marker.point.cell) == ("neutral", (4, 4))
    assert "Recorded a new assessment of Quick Keys PPG: influence 4, interest 4" in view.status.text()
    assert "2 stakeholders shown" in view.status.text()
    window.undo_action.trigger()                          # undo reloads in the background
    qtbot.waitUntil(lambda: cell_at(view.scene.markers[org.key].pos()) == (3, 4))       # interest 3, influence 4
    assert len(loads) == 1


def make_two_rounds(ctx):
    svc.create_round(ctx, "Baseline", date(2026, 3, 1))
    svc.create_round(ctx, "Review", date(2026, 9, 1))
    subjects = {name: Subject(ORGANISATION, make_org(ctx, name)) for name in
                ("Alpha", "Beta", "Gamma", "Delta", "Epsilon")}
    rep = Subject(PERSON, make_person(ctx, "Rep", orgs=[(subjects["Alpha"].id, "member")]))
    later = date(2026, 9, 2)
    assess(ctx, subjects["Alpha"], 2, 2, "Baseline")
    assess(ctx, subjects["Alpha"], 4, 5, "Review", later)     # moved
    assess(ctx, subjects["Beta"], 3, 3, "Baseline")
    assess(ctx, subjects["Beta"], 3, 4, "Review", later)      # moved
    assess(ctx, subjects["Gamma"], 1, 1, "Baseline")
    assess(ctx, subjects["Gamma"], 1, 1, "Review", later)     # unchanged
    assess(ctx, subjects["Delta"], 5, 1, "Baseline")          # dropped out
    assess(ctx, subjects["Epsilon"], 2, 5, "Review", later)   # new
    assess(ctx, rep, 2, 4, "Review", later)                   # new
    return subjects


def test_comparing_two_rounds_draws_an_arrow_per_move_and_lists_who_moved(window, ctx, qtbot):
    make_two_rounds(ctx)
    view = window.show_view("analysis")
    view.round_combo.setCurrentIndex(view.round_combo.findData("Review"))
    view.compare_combo.setCurrentIndex(view.compare_combo.findData("Baseline"))
    assert len(view.scene.arrows) == 2
    model, table = view.side.movement_model, view.side.movement_table
    listed = [(model.index(r, 0).data(), model.index(r, 2).data()) for r in range(model.rowCount())]
    assert listed == [("Moved", "influence 2→4, interest 2→5, Monitor → Manage closely"),
                      ("Moved", "interest 3→4"), ("New", "first assessed in Keep informed"),
                      ("New", "first assessed in Keep informed"), ("Dropped out", "was in Keep satisfied")]
    # the narrow list beside the grid shows one column: the name, then the change on a second line
    assert [c for c in range(3) if not table.isColumnHidden(c)] == [1]
    assert [model.index(r, 1).data().split("\n") for r in (0, 2, 4)] == [
        ["Alpha", "Moved — influence 2→4, interest 2→5, Monitor → Manage closely"],
        ["Ada Rep", "New — first assessed in Keep informed"], ["Delta", "Dropped out — was in Keep satisfied"]]
    assert model.index(4, 1).data(Qt.ItemDataRole.ToolTipRole) == "Dropped out: Delta — was in Keep satisfied"
    assert view.side.movement_box.isVisibleTo(view)
    assert "2 moved, 2 new, 1 dropped out" in view.status.text()
    view.compare_combo.setCurrentIndex(view.compare_combo.findData(None))
    assert view.scene.arrows == [] and not view.side.movement_box.isVisibleTo(view)


def test_default_view_shows_the_last_round_with_no_arrows_until_a_round_to_compare_is_picked(window, ctx):
    """Issue 16: arrows on first sight read as noise; they come when the user asks for a comparison."""
    make_two_rounds(ctx)
    from sdm_desktop.ui.analysis.view import AnalysisView
    view = AnalysisView(window.env)
    assert (view.round_combo.currentData(), view.compare_combo.currentData()) == ("Review", None)
    assert view.scene.arrows == []
    view.compare_combo.setCurrentIndex(view.compare_combo.findData("Baseline"))
    assert len(view.scene.arrows) == 2


def test_a_new_assessment_is_highlighted_on_the_grid(window, ctx, monkeypatch):
    from sdm_desktop.ui.analysis.assessment_dialog import AssessmentDialog
    fresh = Subject(ORGANISATION, make_org(ctx, "Fresh PPG"))
    make_org(ctx, "Other PPG")
    view = open_analysis(window)

    def save_fresh(dialog):
        dialog.subject.setCurrentIndex(dialog.subject.findData(fresh.key))
        dialog.save()
        return dialog.result()
    monkeypatch.setattr(AssessmentDialog, "exec", save_fresh)
    view.assess(None)
    assert [k for k, item in view.scene.markers.items() if item.isSelected()] == [fresh.key]
    assert view.side.key == fresh.key


def test_filter_by_type_redraws_only_matching_markers(window, ctx, qtbot):
    a = Subject(ORGANISATION, make_org(ctx, "Riverside PPG", ppe_community=True))
    b = Subject(ORGANISATION, make_org(ctx, "City Trust", org_type="NHS trust"))
    p = Subject(PERSON, make_person(ctx, "Okafor"))
    for subject in (a, b, p):
        assess(ctx, subject, 3, 3)
    view = open_analysis(window)
    assert set(view.scene.markers) == {a.key, b.key, p.key}
    view.type_filter.setCurrentIndex(view.type_filter.findData("NHS trust"))
    assert set(view.scene.markers) == {b.key}
    assert "1 stakeholder shown (2 hidden by the filters)" in view.status.text()
    view.type_filter.setCurrentIndex(view.type_filter.findData("Person"))
    assert set(view.scene.markers) == {p.key}
    view.clear_filters()
    view.ppe_filter.setCurrentIndex(view.ppe_filter.findData("community"))
    assert set(view.scene.markers) == {a.key}
    view.clear_filters()
    qtbot.keyClicks(view.search, "city")
    qtbot.waitUntil(lambda: set(view.scene.markers) == {b.key})


def test_a_crowded_cell_is_drawn_as_markers_plus_a_cluster_with_the_count(window, ctx):
    svc.create_assessments(ctx, [AssessmentInput(Subject(ORGANISATION, make_org(ctx, f"Group {n:02}")), 4, 4)
                                 for n in range(CAPACITY + 7)])
    view = open_analysis(window)
    assert len(view.scene.markers) == CAPACITY - 1
    assert [c.text for c in view.scene.clusters] == ["+8 more"]
    assert "8 more stakeholders here" in view.scene.clusters[0].toolTip()


def test_saving_the_grid_as_pdf_gives_one_landscape_page_and_png_an_image(window, ctx, tmp_path):
    make_two_rounds(ctx)
    out = tmp_path / "out"
    out.mkdir()
    view = window.show_view("analysis")
    pdf = view.save_grid_to(out / "grid.pdf", "A3")
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    assert re.findall(rb"/Count (\d+)", content) == [b"1"]
    box = [float(v) for v in re.search(rb"/MediaBox \[([\d. ]+)\]", content).group(1).split()]
    assert box[2] > box[3] and round(box[2]) == 1191          # A3 landscape in points
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Pages:\s+1\n", info) and "A3" in info
    png = view.save_grid_to(out / "grid.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in out.iterdir()) == ["grid.pdf", "grid.png"]


def test_saving_to_a_missing_folder_reports_it_and_writes_nothing(window, ctx, tmp_path, answer_prompts):
    asked = answer_prompts()
    view = window.show_view("analysis")
    assert view.save_grid_to(tmp_path / "nowhere" / "grid.pdf") is None
    assert view.save_grid_to(tmp_path / "nowhere" / "grid.png") is None
    (tmp_path / "folder.png").mkdir()
    assert view.save_grid_to(tmp_path / "folder.png") is None
    assert ["does not exist" in asked[0], "does not exist" in asked[1], "it is a folder" in asked[2]] == [True] * 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".png", ".pdf")) == ["folder.png"]


def test_double_click_opens_the_record_in_the_stakeholders_view(window, ctx, qtbot):
    org = Subject(ORGANISATION, make_org(ctx, "Open Me PPG"))
    make_org(ctx, "Another PPG")
    assess(ctx, org, 3, 3)
    view = open_analysis(window)
    item = view.scene.markers[org.key]
    qtbot.mouseDClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=view.grid.mapFromScene(item.scenePos()))
    register = window.current_view()
    assert register.title == "Stakeholders"
    assert register.detail.currentWidget() is register.org_form
    assert register.org_form.f.widgets["name"].text() == "Open Me PPG"


def test_coverage_tab_marks_weak_cells_in_bold_with_an_exclamation_mark(window, ctx):
    make_org(ctx, "PPG One", ppe_individual=True)
    view = window.show_view("analysis")
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.coverage))
    model = view.coverage.model
    row = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())].index(
        "Patient Participation Group (PPG)")
    cell = model.index(row, 0)
    assert cell.data() == "! 0 of 1"
    assert cell.data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(row, 2).data() == "! none can contribute"
    assert "weak or empty" in view.coverage.status.text()


def test_gap_tab_lists_the_biggest_gap_first(window, ctx):
    small = Subject(ORGANISATION, make_org(ctx, "Small"))
    big = Subject(ORGANISATION, make_org(ctx, "Big"))
    assess(ctx, small, 5, 5, involvement_current="involve", involvement_target="collaborate")
    assess(ctx, big, 2, 2, involvement_current="inform", involvement_target="empower")
    view = open_analysis(window)
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.gaps))
    model = view.gaps.model
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["Big", "Small"]
    assert model.index(0, 6).data() == "4"


def test_new_assessment_dialog_saves_a_dated_assessment(window, ctx, qtbot):
    from sdm_desktop.ui.analysis.assessment_dialog import AssessmentDialog
    org = Subject(ORGANISATION, make_org(ctx, "Dialog PPG"))
    svc.create_round(ctx, "Baseline")
    dialog = AssessmentDialog(window.env, None, "Baseline")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search, "dialog")
    qtbot.waitUntil(lambda: dialog.subject.currentData() == org.key)
    dialog.influence.setValue(5)
    dialog.interest.setValue(2)
    dialog.attitude.setCurrentIndex(dialog.attitude.findData("champion"))
    qtbot.keyClicks(dialog.rationale, "Chair joined the steering group.")
    dialog.save_button.click()
    stored = svc.history(ctx, org)[0]
    assert (stored.influence, stored.interest, stored.attitude, stored.round_name) == (5, 2, "champion", "Baseline")
    assert stored.rationale == "Chair joined the steering group."


def test_dialog_starts_a_never_assessed_stakeholder_from_the_defaults_and_cannot_pick_a_future_date(window, ctx,
                                                                                                      qtbot):

    from sdm_desktop.ui.analysis.assessment_dialog import AssessmentDialog
    known = Subject(ORGANISATION, make_org(ctx, "Known PPG"))
    fresh = Subject(ORGANISATION, make_org(ctx, "Fresh PPG"))
    assess(ctx, known, 5, 1, attitude="opposed", involvement_current="consult")
    dialog = AssessmentDialog(window.env)
    qtbot.addWidget(dialog)
    dialog.subject.setCurrentIndex(dialog.subject.findData(known.key))
    assert (dialog.influence.value(), dialog.attitude.currentData(), dialog.inv_now.currentData()) == (
        5, "opposed", "consult")
    dialog.subject.setCurrentIndex(dialog.subject.findData(fresh.key))
    assert (dialog.influence.value(), dialog.interest.value(), dialog.attitude.currentData(),
            dialog.inv_now.currentData()) == (3, 3, None, None)
    dialog.on.edit.setText("+400")                       # a future date is refused beside the field...
    dialog.on.edit.editingFinished.emit()
    assert "too late" in dialog.on.hint.text()
    dialog.save_button.click()
    assert svc.history(ctx, fresh) == [] and "too late" in dialog.problem.text()
    dialog.on.set_value(date.today())                    # ... and today is taken
    dialog.save_button.click()
    assert [(h.influence, h.attitude, h.assessed_on) for h in svc.history(ctx, fresh)] == [(3, None, date.today())]


def test_view_models_pass_the_qt_model_tester(window, ctx, qtmodeltester):
    make_two_rounds(ctx)
    view = window.show_view("analysis")
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.coverage))
    qtmodeltester.check(view.side.movement_model)
    qtmodeltester.check(view.gaps.model)
    qtmodeltester.check(view.coverage.model)
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.gaps))
    qtmodeltester.check(view.gaps.model)
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.table))
    view.table.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(view.table.model)


def test_table_of_the_grid_lists_the_same_stakeholders_and_sorts(window, ctx, qtbot):
    make_two_rounds(ctx)
    view = window.show_view("analysis")
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.table))
    proxy = view.table.model
    assert sorted(proxy.index(r, 0).data() for r in range(proxy.rowCount())) == sorted(
        p.name for p in view.data.points)
    view.table.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data() for r in range(2)] == ["Alpha", "Beta"]
    assert proxy.index(0, 4).data() == "Manage closely"
    view.table.table.setCurrentIndex(proxy.index(0, 0))
    qtbot.keyClick(view.table.table, Qt.Key.Key_Return)
    assert view.tabs.currentIndex() == 0 and view.scene.markers[view.table.model.rows[0].key] is not None
    assert view.side.key == proxy.index(0, 0).data(Qt.ItemDataRole.UserRole)


def test_printing_draws_the_grid_on_one_page_of_the_chosen_printer(window, ctx, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter
    make_two_rounds(ctx)
    view = window.show_view("analysis")
    target = tmp_path / "printed.pdf"

    def choose_pdf_printer(printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    monkeypatch.setattr(view, "ask_printer", choose_pdf_printer)
    view.print_grid()
    assert re.findall(rb"/Count (\d+)", target.read_bytes()) == [b"1"]
    assert view.status.text() == "Grid sent to the printer."


def test_dropping_a_marker_off_the_grid_changes_nothing(window, ctx):
    org = Subject(ORGANISATION, make_org(ctx, "Stay Put"))
    assess(ctx, org, 3, 3)
    view = open_analysis(window)
    item = view.scene.markers[org.key]
    below_the_plot = view.grid.mapFromScene(QPointF(cell_rect(1, 1).center().x(), cell_rect(1, 1).bottom() + 30))
    drag(view.grid, view.grid.mapFromScene(item.scenePos()), below_the_plot)
    assert len(svc.history(ctx, org)) == 1
    assert view.scene.markers[org.key].pos() == item.home


def test_markers_of_a_renamed_type_keep_their_shape_and_the_legend_names_it(window, ctx):
    from sdm_desktop.services.register import organisation_types
    organisation_types.rename_type(ctx, "GP practice", "GP surgery")
    org = Subject(ORGANISATION, make_org(ctx, "Renamed Surgery", org_type="GP surgery"))
    assess(ctx, org, 3, 3)
    view = open_analysis(window)
    assert view.scene.markers[org.key].shape_name == "square"
    legend = [i.text() for i in view.scene.items() if hasattr(i, "text") and callable(i.text)]
    assert any("GP surgery" in text for text in legend)


def test_keyboard_only_tab_into_the_grid_step_between_markers_move_one_and_undo(window, ctx, qtbot):
    top = Subject(ORGANISATION, make_org(ctx, "Top Group"))
    low = Subject(ORGANISATION, make_org(ctx, "Low Group"))
    assess(ctx, top, 5, 2)
    assess(ctx, low, 1, 4)
    ctx.undo.clear()
    view = open_analysis(window)
    view.grid.setFocus(Qt.FocusReason.TabFocusReason)
    assert [i.point.key for i in view.scene.selectedItems()] == [top.key]
    assert "Top Group" in view.side.details.text() and view.side.key == top.key
    qtbot.keyClick(view.grid, Qt.Key.Key_PageDown)
    assert [i.point.key for i in view.scene.selectedItems()] == [low.key]
    qtbot.keyClick(view.grid, Qt.Key.Key_Up)
    assert [(h.influence, h.interest) for h in svc.history(ctx, low)] == [(2, 4), (1, 4)]
    assert window.undo_action.text() == "&Undo reassess Low Group"
    window.undo_action.trigger()
    assert [(h.influence, h.interest) for h in svc.history(ctx, low)] == [(1, 4)]
    assert view.scene.markers[low.key].point.cell == (4, 1)


def test_showing_a_gap_on_the_grid_lets_the_arrow_keys_move_it_at_once(window, ctx, qtbot):
    org = Subject(ORGANISATION, make_org(ctx, "Gap Group"))
    assess(ctx, org, 2, 2, involvement_current="inform", involvement_target="involve")
    view = open_analysis(window)
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.gaps))
    view.gaps.table.setCurrentIndex(view.gaps.model.index(0, 1))
    qtbot.keyClick(view.gaps.table, Qt.Key.Key_Return)
    assert view.tabs.currentIndex() == 0 and view.grid.hasFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_Right)
    assert [(h.influence, h.interest) for h in svc.history(ctx, org)][0] == (2, 3)


def test_hovering_a_marker_shows_its_details_beside_the_grid_and_as_a_tooltip(window, ctx, qtbot):
    org = Subject(ORGANISATION, make_org(ctx, "Hover PPG"))
    assess(ctx, org, 4, 2, attitude="sceptical", rationale="Worried about appointment times.")
    view = open_analysis(window)
    item = view.scene.markers[org.key]
    qtbot.mouseMove(view.grid.viewport(), view.grid.mapFromScene(item.scenePos()))
    qtbot.waitUntil(lambda: "Hover PPG" in view.side.details.text())
    assert "Sceptical" in view.side.details.text() and "Keep satisfied" in view.side.details.text()
    assert "Worried about appointment times." in item.toolTip()


def test_a_very_long_name_and_rationale_stay_readable_and_an_empty_analysis_says_how_to_start(window, ctx, qtbot):
    view = open_analysis(window)
    assert view.scene.markers == {} and "Nobody has been assessed yet: New assessment…" in view.status.text()
    name = "The Extremely Long Named Patient and Public Involvement Forum of the Greater Wessex Vale " * 3
    org = Subject(ORGANISATION, make_org(ctx, name.strip()[:300]))
    assess(ctx, org, 5, 1, rationale="Because. " * 1000)
    view = open_analysis(window)
    item = view.scene.markers[org.key]
    assert item.label.text().endswith("…") and item.label.boundingRect().width() < 210      # one cell wide
    qtbot.mouseMove(view.grid.viewport(), view.grid.mapFromScene(item.scenePos()) + QPoint(300, 300))
    qtbot.mouseMove(view.grid.viewport(), view.grid.mapFromScene(item.scenePos()))
    qtbot.waitUntil(lambda: item.toolTip() != "")
    assert len(item.toolTip()) < 1500 and "(in full beside the grid)" in item.toolTip()
    view.show_on_grid(org.key)
    assert view.side.details.text().count("Because.") == 1000


def test_filter_by_tag_shows_only_tagged_stakeholders(window, ctx):
    north = Subject(ORGANISATION, make_org(ctx, "North PPG", tags=["north"]))
    south = Subject(ORGANISATION, make_org(ctx, "South PPG", tags=["south"]))
    rep = Subject(PERSON, make_person(ctx, "Northrep", tags=["north"]))
    for subject in (north, south, rep):
        assess(ctx, subject, 3, 3)
    view = open_analysis(window)
    view.tag_filter.setCurrentIndex(view.tag_filter.findData("north"))
    assert set(view.scene.markers) == {north.key, rep.key}
    assert "2 stakeholders shown (1 hidden by the filters)" in view.status.text()


def test_new_round_button_starts_a_round_shown_against_the_previous_one(window, ctx, monkeypatch):
    from sdm_desktop.ui import prompts
    make_two_rounds(ctx)
    view = open_analysis(window)
    view.round_combo.setCurrentIndex(view.round_combo.findData("Review"))
    monkeypatch.setattr(prompts, "ask_text", lambda *a, **k: "Annual review 2027")
    next(b for b in view.findChildren(QPushButton) if b.accessibleName() == "New analysis round").click()
    assert [r.name for r in svc.list_rounds(ctx)][-1] == "Annual review 2027"
    assert (view.round_combo.currentData(), view.compare_combo.currentData()) == ("Annual review 2027", "Review")
    assert view.scene.markers == {} and "dropped out" in view.status.text()


def test_enter_on_a_person_opens_their_record_in_the_people_tab(window, ctx, qtbot):
    person = Subject(PERSON, make_person(ctx, "Okafor", first_name="Ngozi"))
    assess(ctx, person, 2, 4)
    view = open_analysis(window)
    view.show_on_grid(person.key)
    qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    register = window.current_view()
    assert register.title == "Stakeholders" and register.tabs.currentIndex() == 1
    assert register.detail.currentWidget() is register.person_form
    assert register.person_form.f.widgets["last_name"].text() == "Okafor"


def test_save_grid_button_adds_the_suffix_of_the_chosen_type_and_writes_a3(window, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    make_two_rounds(ctx)
    view = open_analysis(window)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "board paper"), "PDF, A3 landscape (*.pdf)"))
    next(b for b in view.findChildren(QPushButton) if b.accessibleName() == "Save the grid as PDF or PNG").click()
    content = (tmp_path / "board paper.pdf").read_bytes()
    assert re.findall(rb"/Count (\d+)", content) == [b"1"]
    assert re.search(rb"/MediaBox \[0 0 119[01][.0-9]* 84[12][.0-9]*\]", content)       # A3 landscape


def test_export_assessments_button_writes_the_full_history(window, ctx, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog
    make_two_rounds(ctx)
    view = open_analysis(window)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "history"), "Excel workbook (*.xlsx)"))
    next(b for b in view.findChildren(QPushButton) if b.accessibleName() == "Export assessments").click()
    sheet = load_workbook(tmp_path / "history.xlsx").active
    assert sheet.max_row == 1 + 9 and "Exported 9 assessments" in view.status.text()


def test_opening_the_view_reads_the_assessments_once_and_again_on_return(window, ctx, monkeypatch):
    from sdm_desktop.ui.analysis import view as analysis_view
    loads = []
    real = analysis_view.load_points
    monkeypatch.setattr(analysis_view, "load_points", lambda *a: loads.append(a[1:]) or real(*a))
    window.show_view("analysis")
    assert len(loads) == 1
    window.show_view("stakeholders")
    window.show_view("analysis")
    assert len(loads) == 2


def test_a_duplicate_round_name_is_refused_with_one_message_and_nothing_added(window, ctx, monkeypatch,
                                                                              answer_prompts):
    from sdm_desktop.ui import prompts
    asked = answer_prompts()
    make_two_rounds(ctx)
    view = open_analysis(window)
    monkeypatch.setattr(prompts, "ask_text", lambda *a, **k: "Review")
    view.new_round()
    assert len(asked) == 1 and "a round called 'Review' already exists" in asked[0]
    assert [r.name for r in svc.list_rounds(ctx)] == ["Baseline", "Review"]
    assert [view.round_combo.itemData(i) for i in range(view.round_combo.count())] == [None, "Baseline", "Review"]


def test_a_coverage_period_ending_before_it_starts_says_so_and_keeps_the_last_matrix(window, ctx):
    make_org(ctx, "PPG One", ppe_individual=True)
    view = window.show_view("analysis")
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.coverage))
    rows = view.coverage.model.rowCount()
    view.coverage.start.set_value(date(2026, 6, 1))
    view.coverage.end.set_value(date(2026, 1, 1))
    assert "starts after it ends" in view.coverage.status.text()
    assert view.coverage.model.rowCount() == rows > 0


def test_coverage_is_counted_off_the_gui_thread_once_the_dates_stop_changing(window, ctx, qtbot, monkeypatch):
    import threading

    from sdm_desktop.ui.analysis import tables as analysis_tables
    make_org(ctx, "PPG One", ppe_individual=True)
    counted = []
    real = analysis_tables.coverage_matrix
    monkeypatch.setattr(analysis_tables, "coverage_matrix",
                        lambda c, start, end: counted.append((threading.current_thread().name, start))
                        or real(c, start, end))
    view = window.show_view("analysis")
    window.env.jobs.synchronous = False
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.coverage))
    assert "Counting engagement" in view.coverage.status.text()
    qtbot.waitUntil(lambda: "cells weak or empty" in view.coverage.status.text())
    assert view.coverage.model.index(0, 0).data() == "! 0 of 1"
    for day in (1, 2, 3):                                    # typing a date: one count once it settles
        view.coverage.start.set_value(date(2025, 1, day))
    qtbot.waitUntil(lambda: "01 Jan 2025" not in view.coverage.status.text()
                    and "03 Jan 2025" in view.coverage.status.text() and "weak" in view.coverage.status.text())
    assert len(counted) == 2 and counted[1][1] == date(2025, 1, 3)       # the first count, then one for 3 Jan
    assert all(thread != threading.main_thread().name for thread, _start in counted)


def test_a_long_round_name_or_many_filters_shrink_then_end_in_an_ellipsis_instead_of_being_cut(qapp):
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from sdm_desktop.ui.analysis.grid_export import _fitted
    image = QImage(1200, 200, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    font = QFont()
    font.setPixelSize(30)
    results = []
    for text in ("Power / interest grid — Baseline", "Power / interest grid — " + "Annual review " * 5,
                 "Power / interest grid — " + "Annual stakeholder review with the SDM steering group " * 3):
        painter.setFont(font)
        shown = _fitted(painter, text, 1000)
        results.append((shown == text, painter.font().pixelSize() < 30, shown.endswith("…"),
                        painter.fontMetrics().horizontalAdvance(shown) <= 1000))
    painter.end()
    assert results == [(True, False, False, True),        # fits: as it is
                       (True, True, False, True),         # a little long: smaller, all of it
                       (False, True, True, True)]         # far too long: smaller and cut with "…"


def test_a_cluster_badge_looks_the_same_on_a_300_dpi_page_as_on_screen(qapp):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QGraphicsScene

    from sdm_desktop.services.analysis.grid import GridPoint
    from sdm_desktop.ui.analysis.grid_items import ClusterItem
    from sdm_desktop.ui.analysis.grid_scene import PowerGridScene
    members = [GridPoint(f"o:{n}", ORGANISATION, n, f"Group {n}", "Other", 4, 4, None, n, date.today(), None)
               for n in range(12)]
    scene = QGraphicsScene()
    scene.addItem(ClusterItem((4, 4), members, PowerGridScene().font))
    images = []
    for dots_per_metre in (3780, 11811):                         # 96 dpi (screen) and 300 dpi (PDF/printer)
        image = QImage(240, 60, QImage.Format.Format_ARGB32)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        scene.render(painter, QRectF(0, 0, 240, 60), QRectF(-20, -15, 120, 30))
        painter.end()
        images.append(image)
    dark = [sum(1 for x in range(240) for y in range(60) if QColor(img.pixel(x, y)).lightness() < 100)
            for img in images]
    assert dark[0] > 0 and abs(dark[1] - dark[0]) <= dark[0] * 0.25, dark


def test_no_name_on_the_grid_is_drawn_over_a_quadrant_title(demo_window):
    """Issue 16: "MANAGE CLOSELY (31)" was written over by the names in the cells above it."""
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    from sdm_desktop.ui.analysis.grid_items import MarkerItem
    view = demo_window.show_view("analysis")
    scene = view.scene
    titles = [i for i in scene.items() if isinstance(i, QGraphicsSimpleTextItem)
              and any(word in i.text() for word in ("MANAGE CLOSELY", "KEEP SATISFIED", "KEEP INFORMED", "MONITOR"))]
    markers = [i for i in scene.items() if isinstance(i, MarkerItem)]
    assert len(titles) == 4 and len(markers) > 60
    over = [(t.text(), m.point.name) for t in titles for m in markers
            if t.sceneBoundingRect().intersects(m.sceneBoundingRect())]
    assert over == []
