"""What a programme manager sees on a 1366x768 laptop and on a 1920x1080 monitor: whole type names, every
column of the big tables on screen, editors that are not cut off, dialogs that fit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, QSize, Qt
from PySide6.QtWidgets import QApplication, QMenu, QScrollArea

from dialog_catalogue import DIALOGS
from sdm_desktop.services.core.changes import Change
from sdm_desktop.ui.common.tables.column_fit import text_margin

LAPTOP = (1366, 728)        # a 1366x768 screen less the task bar; the title bar is outside this size
MONITOR = (1920, 1040)


def sized(window, qtbot, size):
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size() == QSize(*size))
    for _ in range(3):
        QApplication.processEvents()


def whole(table, column: int, text: str) -> bool:
    """The cell text would be drawn in full (not elided) in this column."""
    room = table.columnWidth(column) - text_margin(table)
    return table.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room) == text


def open_register(window, qtbot, size, tab):
    view = window.show_view("stakeholders")
    view.tabs.setCurrentIndex(tab)
    sized(window, qtbot, size)
    return view


@pytest.mark.parametrize("tab", [0, 1])
def test_on_a_laptop_every_column_of_the_register_is_on_screen(demo_window, qtbot, tab):
    view = open_register(demo_window, qtbot, LAPTOP, tab)
    table = view.current_table()
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0


def test_on_a_laptop_the_type_column_shows_patient_participation_group_whole(demo_window, qtbot):
    view = open_register(demo_window, qtbot, LAPTOP, 0)
    assert whole(view.org_table, 1, "Patient Participation Group (PPG)")


def test_with_room_the_type_column_shows_the_longest_type_name_whole(demo_window, demo_ctx, qtbot):
    from sdm_desktop.services.register.organisations import organisation_types
    view = open_register(demo_window, qtbot, MONITOR, 0)
    longest = max(organisation_types(demo_ctx), key=view.org_table.fontMetrics().horizontalAdvance)
    assert longest == "Local authority / Health and Wellbeing Board"
    assert view.org_table.columnWidth(1) >= view.org_table.fontMetrics().horizontalAdvance(longest)
    assert whole(view.org_table, 1, longest)


def test_a_longer_type_added_later_widens_the_type_column(demo_window, demo_ctx, qtbot):
    from sdm_desktop.services.register.organisation_types import add_type
    view = open_register(demo_window, qtbot, MONITOR, 0)
    before = view.org_table.columnWidth(1)
    add_type(demo_ctx, "Integrated neighbourhood and primary care board")
    demo_window.env.announce(Change.ALL)
    assert view.org_table.columnWidth(1) > before
    assert whole(view.org_table, 1, "Integrated neighbourhood and primary care board")


def test_shortened_cells_show_their_whole_text_on_hover(demo_window, qtbot):
    view = open_register(demo_window, qtbot, LAPTOP, 0)
    model = view.org_model
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    longest = max(range(len(names)), key=lambda r: len(names[r]))
    assert not whole(view.org_table, 0, names[longest])
    assert model.index(longest, 0).data(Qt.ItemDataRole.ToolTipRole) == names[longest]


def test_widths_the_user_sets_are_kept_and_remembered_but_fitted_defaults_are_not(demo_window, demo_ctx, qtbot):
    view = open_register(demo_window, qtbot, LAPTOP, 0)
    demo_window.save_layout()
    settings = QSettings(str(demo_ctx.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    assert settings.value("stakeholders/org-column-widths") is None        # fitted again to the next screen
    view.org_table.horizontalHeader().resizeSection(0, 333)            # as a drag of the column edge does
    sized(demo_window, qtbot, MONITOR)
    assert view.org_table.columnWidth(0) == 333                        # not fitted over the user's choice
    demo_window.save_layout()
    settings.sync()
    assert settings.value("stakeholders/org-column-widths") is not None


def test_on_a_laptop_every_column_of_the_resource_library_is_on_screen(demo_window, qtbot):
    view = demo_window.show_view("resources")
    sized(demo_window, qtbot, LAPTOP)
    assert view.table.horizontalHeader().length() <= view.table.viewport().width()


@pytest.mark.parametrize("tab, form", [(0, "org_form"), (1, "person_form")])
def test_on_a_laptop_the_register_editor_is_not_cut_off_at_the_right(demo_window, qtbot, tab, form):
    view = open_register(demo_window, qtbot, LAPTOP, tab)
    table = view.current_table()
    table.setCurrentIndex(table.model().index(0, 0))
    editor = getattr(view, form)
    scroll = editor.findChild(QScrollArea)
    assert view.detail.currentWidget() is editor
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()


TITLE_BAR = 40


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_dialog_fits_a_laptop_screen_and_shows_its_form_without_scrolling_sideways(demo_window, demo_ctx,
                                                                                          tmp_path, name):
    dialog = DIALOGS[name](demo_window, demo_ctx, tmp_path)
    dialog.show()
    QApplication.processEvents()
    for size in (dialog.size(), dialog.sizeHint()):
        assert size.width() <= LAPTOP[0] and size.height() + TITLE_BAR <= LAPTOP[1], size
    for scroll in dialog.findChildren(QScrollArea):
        if scroll.isVisibleTo(dialog) and scroll.widget() is not None:
            assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width(), scroll.widget()
    dialog.done(0)


def test_spare_height_in_a_form_dialog_goes_below_the_fields(demo_window, demo_ctx, tmp_path):
    dialog = DIALOGS["engagement plan"](demo_window, demo_ctx, tmp_path)
    dialog.show()
    QApplication.processEvents()
    title, objective = dialog.f.widgets["title"], dialog.f.widgets["objective"]
    gap = objective.mapTo(dialog, objective.rect().topLeft()).y() - title.mapTo(dialog, title.rect().bottomLeft()).y()
    assert gap < title.height()          # was a third of the dialog: the objective box floated mid-way
    dialog.done(0)


def test_after_an_import_the_wizard_offers_finish_not_cancel(demo_window, demo_ctx, tmp_path):
    from PySide6.QtWidgets import QWizard
    wizard = DIALOGS["import wizard"](demo_window, demo_ctx, tmp_path)
    wizard.show()
    while wizard.currentId() != 4:
        wizard.next()
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    wizard.done(0)


def test_on_a_laptop_every_column_of_the_follow_up_list_is_on_screen_and_plans_show_their_progress(demo_window, qtbot):
    view = demo_window.show_view("engagement")
    view.tabs.setCurrentIndex(1)
    sized(demo_window, qtbot, LAPTOP)
    table = view.followups.table
    assert table.horizontalHeader().length() <= table.viewport().width()
    view.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    plans = view.plan_table
    progress = plans.horizontalHeader().sectionPosition(2) + plans.columnWidth(2)
    assert progress <= plans.viewport().width()                  # Plan, Status and Progress without scrolling


def test_column_widths_saved_by_earlier_versions_at_every_close_are_dropped_once(demo_ctx, qtbot, desktop_screen):
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from sdm_desktop.app import build_window
    from sdm_desktop.ui.register.organisations_pane import ORG_COLUMNS
    old = QTableView()
    old.setModel(QStandardItemModel(0, len(ORG_COLUMNS)))
    for i, column in enumerate(ORG_COLUMNS):
        old.setColumnWidth(i, 190 if i == 1 else column.width)       # the old default: Type cut at 190
    settings = QSettings(str(demo_ctx.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("stakeholders/org-columns", old.horizontalHeader().saveState())
    settings.sync()
    window = build_window(demo_ctx, synchronous_jobs=True)
    qtbot.addWidget(window)
    window.show()
    view = open_register(window, qtbot, LAPTOP, 0)
    assert whole(view.org_table, 1, "Patient Participation Group (PPG)")
    window.save_layout()
    settings.sync()
    assert settings.value("stakeholders/org-columns") is None
    window.hide()


def no_sideways_scrolling(table) -> bool:
    return table.horizontalHeader().length() <= table.viewport().width() and \
        table.horizontalScrollBar().maximum() == 0


def shown_headers(table) -> list[str]:
    model, header = table.model(), table.horizontalHeader()
    return [model.headerData(i, Qt.Orientation.Horizontal) for i in range(header.count())
            if not header.isSectionHidden(i)]


def test_on_a_laptop_plans_activities_and_cohorts_fit_and_columns_shown_beside_them_give_way(demo_window, qtbot):
    view = demo_window.show_view("engagement")
    sized(demo_window, qtbot, LAPTOP)
    view.plan_table.setCurrentIndex(view.plan_model.index(0, 0))
    QApplication.processEvents()
    plans, activities = view.plan_table, view.detail.table
    assert no_sideways_scrolling(plans) and no_sideways_scrolling(activities)
    assert shown_headers(plans)[:3] == ["Plan", "Status", "Progress"]
    assert {"Date", "Activity", "Status", "Budget", "Spent"} <= set(shown_headers(activities))
    assert "Targets" not in shown_headers(activities)          # the first to go when narrow
    training = demo_window.show_view("training")
    QApplication.processEvents()
    assert no_sideways_scrolling(training.cohort_table)
    assert shown_headers(training.cohort_table) == ["Cohort", "Starts", "Places", "Trainer"]


def test_columns_that_gave_way_come_back_with_room_and_the_header_menu_shows_them_on_request(demo_window, qtbot):
    view = demo_window.show_view("engagement")
    sized(demo_window, qtbot, LAPTOP)
    view.plan_table.setCurrentIndex(view.plan_model.index(0, 0))
    activities = view.detail.table
    narrow = shown_headers(activities)
    demo_window.resize(2400, 1040)
    qtbot.waitUntil(lambda: len(shown_headers(activities)) > len(narrow))
    assert "Targets" in shown_headers(activities) and "Method" in shown_headers(activities)
    sized(demo_window, qtbot, LAPTOP)
    assert shown_headers(activities) == narrow
    activities.horizontalHeader().customContextMenuRequested.emit(QPoint(5, 5))     # a right-click
    menu = activities.findChildren(QMenu)[-1]
    ticks = {a.text(): a.isChecked() for a in menu.actions()}
    assert ticks["Date"] and not ticks["Targets"]
    next(a for a in menu.actions() if a.text() == "Targets").trigger()
    assert "Targets" in shown_headers(activities)
    assert activities.column_fit.user_sized                     # the user's layout from now on


def test_a_tables_own_menu_sorts_by_any_column_and_chooses_columns_from_the_keyboard(demo_window, qtbot):
    from PySide6.QtGui import QContextMenuEvent

    view = demo_window.show_view("stakeholders")
    table = view.current_table()
    table.setFocus()
    menus_before = set(table.findChildren(QMenu))
    QApplication.sendEvent(table.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(5, 5),
                                                             table.viewport().mapToGlobal(QPoint(5, 5))))
    menu = next(m for m in table.findChildren(QMenu) if m not in menus_before and m.parent() is table)
    titles = [a.text() for a in menu.actions()]
    assert titles == ["&Sort by", "&Columns"]
    sort_menu = menu.actions()[0].menu()
    descending = next(a for a in sort_menu.actions() if a.text().startswith("Name (Z to A"))
    descending.trigger()
    header = table.horizontalHeader()
    assert header.sortIndicatorSection() == 0 and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    model = view.current_model()
    qtbot.waitUntil(lambda: model.rowCount() > 2)
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == sorted(names, key=str.lower, reverse=True)
    columns = menu.actions()[1].menu()
    next(a for a in columns.actions() if a.text() == "Postcode").trigger()     # untick
    assert "Postcode" not in shown_headers(table)


def test_on_a_laptop_participants_reach_and_share_log_tables_need_no_sideways_scrolling(demo_window, qtbot):
    training = demo_window.show_view("training")
    sized(demo_window, qtbot, LAPTOP)
    training.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    participants = training.participants.table
    assert participants.model().rowCount() > 0
    assert no_sideways_scrolling(participants)
    contact = shown_headers(participants).index("Contact")
    narrowed = [participants.model().index(r, contact) for r in range(participants.model().rowCount())]
    assert all(i.data(Qt.ItemDataRole.ToolTipRole) == i.data() for i in narrowed)   # whole text on hover
    training.tabs.setCurrentIndex(4)
    qtbot.waitUntil(lambda: training.cascade.reach.model().rowCount() > 0)
    assert no_sideways_scrolling(training.cascade.reach)
    tree = training.cascade.tree
    assert tree.header().length() <= tree.viewport().width()
    resources = demo_window.show_view("resources")
    resources.table.selectRow(0)
    QApplication.processEvents()
    assert resources.share_log.model.rowCount() > 0
    assert no_sideways_scrolling(resources.share_log.table)


def test_on_a_laptop_a_practice_and_its_ppg_can_be_told_apart_in_the_name_column(demo_window, qtbot):
    """Both began "Ashcombe & District Fa…": a name shortened in the middle keeps its end (…tion Group)."""
    from PySide6.QtWidgets import QStyleOptionViewItem
    view = open_register(demo_window, qtbot, LAPTOP, 0)
    table, model = view.org_table, view.org_model
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    practice = next(n for n in names if n.startswith("Ashcombe & District") and not n.endswith("Group"))
    ppg = next(n for n in names if n.startswith("Ashcombe & District") and n.endswith("Participation Group"))
    option = QStyleOptionViewItem()
    table.itemDelegateForColumn(0).initStyleOption(option, model.index(names.index(ppg), 0))
    room = table.columnWidth(0) - text_margin(table)
    shown = [table.fontMetrics().elidedText(n, option.textElideMode, room) for n in (practice, ppg)]
    assert shown[0] != shown[1] and shown[1].endswith("Group")


@pytest.mark.parametrize("size", [LAPTOP, MONITOR])
def test_every_view_in_the_navigation_rail_is_on_screen_without_scrolling(demo_window, qtbot, size):
    sized(demo_window, qtbot, size)
    rail = demo_window.nav
    last = rail.visualItemRect(rail.item(rail.count() - 1))
    assert last.bottom() <= rail.viewport().height()
    assert not rail.verticalScrollBar().isVisible()
