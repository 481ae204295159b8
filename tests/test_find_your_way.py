"""Finding one's way (issue 16): the usual Edit menu, and saving that shows."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit


def _edit_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")


def test_the_edit_menu_has_cut_copy_paste_and_select_all_for_the_field_in_use(window, qtbot):
    menu = _edit_menu(window)
    texts = {a.text().replace("&", ""): a for a in menu.actions() if not a.isSeparator()}
    assert {"Cut", "Copy", "Paste", "Select all"} <= set(texts)
    view = window.show_view("stakeholders")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.search)
    view.search.setText("Riverside")
    texts["Select all"].trigger()
    texts["Copy"].trigger()
    texts["Cut"].trigger()
    assert view.search.text() == ""
    texts["Paste"].trigger()
    texts["Paste"].trigger()
    assert view.search.text() == "RiversideRiverside"
    assert isinstance(QApplication.focusWidget(), QLineEdit)


def test_a_saved_plan_says_saved_in_the_status_bar(window, ctx, qtbot):
    from sdm_desktop.ui.engagement.plan_dialog import PlanDialog
    dialog = PlanDialog(window.env, None, window)
    dialog.f.widgets["title"].setText("Listening events")
    dialog.f.widgets["ppe_service"].setChecked(True)
    assert dialog.save()
    assert window.statusBar().currentMessage().startswith("Saved")


def test_a_saved_record_says_saved_in_the_status_bar(window, ctx, qtbot):
    view = window.show_view("stakeholders")
    view.new_organisation()
    form = view.org_form
    form.f.widgets["name"].setText("Riverside Carers")
    assert form.save()
    assert window.statusBar().currentMessage().startswith("Saved")
