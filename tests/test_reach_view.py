"""The Reach view (real counts on screen, marked where files suppress them; charts with a table alternative),
saving the report from it, the lookups dialog, anonymous counts, and the person editor's consent-gated
equality monitoring section."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from helpers import make_person
from reach_helpers import PERIOD, Q3, build_programme, write_csv
from sdm_desktop.services.core.charts import Bar, BarChart
from sdm_desktop.services.equality.anonymous import ACTIVITY, get_anonymous
from sdm_desktop.services.equality.monitoring import get_monitoring
from sdm_desktop.ui.common.charts import PRINT_PALETTE, chart_image, chart_png
from sdm_desktop.ui.reach.anonymous_dialog import AnonymousCountsDialog
from sdm_desktop.ui.reach.dimension_panel import DimensionPanel
from sdm_desktop.ui.reach.lookups_dialog import LookupsDialog


def open_reach(window):
    view = window.show_view("reach")
    view.filters.date_from.set_value(PERIOD.date_from)
    view.filters.date_to.set_value(PERIOD.date_to)
    view.refresh()
    return view


def panel(view, label: str) -> DimensionPanel:
    return next(p for p in view.body.findChildren(DimensionPanel) if p.title().startswith(label))


def cell(table, category: str, column: int) -> str:
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == category)
    return model.index(row, column).data()


def test_the_view_shows_real_counts_marked_where_files_hide_them(window, ctx, tmp_path, qtbot):
    build_programme(ctx, tmp_path)
    view = open_reach(window)
    assert "People engaged: 18" in view.summary.text()
    imd = panel(view, "IMD quintile")
    assert cell(imd.table, Q3, 1) == "1 ‡" and cell(imd.table, "Quintile 1 (most deprived)", 1) == "10"
    model = imd.table.model()
    marked = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == Q3)
    assert "“<5”" in model.index(marked, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert cell(imd.table, "Quintile 2", 5).startswith("Yes")
    chart = imd.chart
    assert "Quintile 2: engaged 0.0%, population 20.0% (under-represented)" in chart.view.accessibleDescription()
    assert chart.table.isHidden() and not chart.view.isHidden()
    qtbot.mouseClick(chart.toggle, Qt.MouseButton.LeftButton)
    assert chart.view.isHidden() and not chart.table.isHidden()
    assert chart.table.item(2, 1).text() == "7.7%"          # on screen the real share, even of a small count


def test_the_report_saved_from_the_view_suppresses_small_counts(window, ctx, tmp_path):
    build_programme(ctx, tmp_path)
    view = open_reach(window)
    target = tmp_path / "from-view.xlsx"
    view.write_report(target)
    cells = [str(c) for row in load_workbook(target, read_only=True).active.iter_rows(values_only=True)
             for c in row if c is not None]
    assert "<5" in cells and "7.7%" not in cells
    assert "Saved to" in view.summary.text()


def test_the_lookups_dialog_imports_in_the_background_and_shows_what_is_loaded(window, ctx, tmp_path):
    person = make_person(ctx, "Leeds", postcode="LS1 4AP")
    dialog = LookupsDialog(window.env, window)
    assert "No lookups are loaded yet" in dialog.status.text()
    dialog.start(write_csv(tmp_path / "deciles.csv", [["postcode", "imd_decile"], ["LS1 4AP", "2"]]))
    assert "Postcode to IMD decile imported from deciles.csv" in dialog.result.text()
    assert "deciles.csv" in dialog.status.text()
    assert "1 of 1 with a postcode have an IMD decile" in dialog.status.text()
    dialog.start(tmp_path / "nothing.csv")
    assert "Not imported" in dialog.result.text() and "does not exist" in dialog.result.text()
    assert person


def test_anonymous_counts_are_typed_for_an_activity(window, ctx, tmp_path):
    build_programme(ctx, tmp_path)
    dialog = AnonymousCountsDialog(window.env, window)
    stall = next(n for n in range(dialog.event.count()) if "Market stall" in dialog.event.itemText(n))
    dialog.event.setCurrentIndex(stall)
    assert dialog.attended.value() == 10
    dialog.set_count(("age band", "75 to 84"), 3)
    dialog.save()
    choice = dialog.event.itemData(stall)
    assert get_anonymous(ctx, ACTIVITY, choice.event_id).counts[("age band", "75 to 84")] == 3


def test_equality_monitoring_is_hidden_until_asked_and_opens_only_with_consent(window, ctx, qtbot):
    person = make_person(ctx, "Khan")
    view = window.show_view("stakeholders")
    form = view.person_form
    form.edit(person)
    section = form.equality
    assert not section.body.isVisibleTo(form) and section.show_button.isVisibleTo(form)
    qtbot.mouseClick(section.show_button, Qt.MouseButton.LeftButton)
    assert section.body.isVisibleTo(form)
    ethnic = section.fields.widgets["ethnic_group"]
    assert not ethnic.isEnabled()
    section.fields.widgets["consent_date"].set_value(date(2026, 3, 1))
    qtbot.keyClicks(section.fields.widgets["consent_how"], "signed form")
    assert ethnic.isEnabled()
    ethnic.setCurrentIndex(ethnic.findData("caribbean"))
    assert form.save()
    assert get_monitoring(ctx, person).ethnic_group == "caribbean"
    assert get_monitoring(ctx, person).consent_date == date(2026, 3, 1)
    form.edit(person)
    assert not section.body.isVisibleTo(form)              # another look: hidden again until asked


def test_answers_without_consent_are_refused_in_the_editor(window, ctx, qtbot):
    person = make_person(ctx, "Khan")
    form = window.show_view("stakeholders").person_form
    form.edit(person)
    form.equality.reveal()
    combo = form.equality.fields.widgets["carer"]
    combo.setEnabled(True)                 # even if the gate were got round, the service refuses
    combo.setCurrentIndex(combo.findData("50_plus"))
    assert form.save() is False
    assert "explicit consent" in form.equality.fields.errors["consent_how"].text()
    assert get_monitoring(ctx, person).carer is None


def test_one_chart_renderer_for_screen_and_print(qapp):
    chart = BarChart("Test chart", [Bar("Alpha", 40.0, marker=50.0, flagged=True), Bar("Beta", None, note="<5")])
    png = chart_png(chart)
    assert png.startswith(b"\x89PNG")
    image = chart_image(chart, width=800, palette=PRINT_PALETTE)
    assert image.width() == 800 and image.height() > 100
    greys = {image.pixelColor(x, y).name() for x in range(0, 800, 7) for y in range(0, image.height(), 7)}
    assert "#000000" in greys and "#ffffff" in greys                 # ink on paper: readable printed in grey
    assert "Beta: engaged not shown <5" in chart.description()
    vertical = BarChart("Vertical", [Bar("A", 10.0)], horizontal=False)
    assert chart_image(vertical, width=600).height() == 300


def test_the_coverage_panel_lists_the_deprived_neighbourhoods_no_group_reaches(window, ctx, tmp_path):
    from helpers import make_org
    from reach_helpers import IMD2019_HEADER, imd_rows, write_csv
    from sdm_desktop.services.lookups.loading import import_lookup
    from sdm_desktop.ui.reach.coverage_panel import CoveragePanel

    import_lookup(ctx, write_csv(tmp_path / "dir.csv", [["pcds", "lsoa11"], ["LS1 1AA", "E01000001"]]))
    import_lookup(ctx, write_csv(tmp_path / "imd.csv", imd_rows(IMD2019_HEADER, {
        "E01000001": 1, "E01000002": 2, "E01000004": 9})))
    make_org(ctx, "Traveller health forum", "VCSE organisation", postcode="LS1 1AA")
    view = open_reach(window)
    gaps = view.body.findChild(CoveragePanel).gaps
    model = gaps.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "LSOA", "Name", "District", "IMD rank"]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["E01000002"]
    assert gaps.accessibleName() == "Most deprived neighbourhoods with no active group"
