"""Finding one's way (issue 16): the usual Edit menu, and saving that shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
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


OLD_NAMES = ("PPE levels", "Can contribute to", "Levels of engagement")


def _visible_words(root) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTableView
    words = [w.text() for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton) if w.isVisibleTo(root)]
    for table in root.findChildren(QTableView):
        model = table.model()
        words += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    return words


def test_one_name_for_the_three_levels_on_every_screen_and_dialog(demo_window, demo_ctx, tmp_path):
    from dialog_catalogue import DIALOGS
    from sdm_desktop.ui.navigation import VIEWS
    found = []
    for spec in VIEWS:
        view = demo_window.show_view(spec.name)
        found += [(spec.name, w) for w in _visible_words(view) if any(old in w for old in OLD_NAMES)]
    view = demo_window.show_view("stakeholders")
    view.org_table.setCurrentIndex(view.org_model.index(0, 0))
    found += [("organisation", w) for w in _visible_words(view.org_form) if any(old in w for old in OLD_NAMES)]
    for name, make in DIALOGS.items():
        dialog = make(demo_window, demo_ctx, tmp_path)
        found += [(name, w) for w in _visible_words(dialog) if any(old in w for old in OLD_NAMES)]
        dialog.done(0)
    assert found == []


def test_each_term_is_explained_on_hover_and_in_the_f1_help(demo_window, demo_ctx, tmp_path):
    from dialog_catalogue import DIALOGS
    from sdm_desktop.services.core.vocab import GLOSSARY
    from sdm_desktop.ui.common.help_page import help_html
    view = demo_window.show_view("stakeholders")
    view.tabs.setCurrentIndex(1)
    view.person_table.setCurrentIndex(view.person_model.index(0, 0))
    person = view.person_form.f.widgets
    view.tabs.setCurrentIndex(0)
    view.org_table.setCurrentIndex(view.org_model.index(0, 0))
    activity = DIALOGS["activity"](demo_window, demo_ctx, tmp_path)
    assessment = DIALOGS["assessment"](demo_window, demo_ctx, tmp_path)
    coverage = demo_window.show_view("analysis").coverage
    shown = {"Lawful basis": person["lawful_basis"].toolTip(),
             "Special category data": person["special_category_consent"].toolTip(),
             "Engagement levels": view.org_form.f.widgets["ppe_individual"].toolTip(),
             "IAP2 level": activity.f.widgets["iap2_level"].toolTip(),
             "Commitment": assessment.com_now.toolTip(),
             "Coverage marks": coverage.key.toolTip()}
    for term, tip in shown.items():
        assert GLOSSARY[term] in tip, term
    page = help_html("getting-started.html")
    assert all(term in page and GLOSSARY[term] in page for term in shown)
    activity.done(0)
    assessment.done(0)


def test_the_letters_screen_speaks_plainly(demo_window, qtbot):
    view = demo_window.show_view("letters")
    templates = view.templates
    templates.list.setCurrentIndex(templates.model.index(0, 0))
    qtbot.waitUntil(lambda: templates.report is not None)
    n = len(templates.report.fields_used)
    assert templates.summary.text() == (f"This template fills in {n} details, all of which SDM Desktop knows. "
                                        "Ready to use.")
    assert not templates.result.isVisibleTo(view)                 # the field list is behind Show details
    templates.details_button.click()
    assert templates.result.isVisibleTo(view) and "event_date" in templates.result.toPlainText()
    placeholders = [edit.placeholderText() for edit in view.recipients.fields.values()]
    assert placeholders and all(p.startswith("e.g. ") and "{{" not in p for p in placeholders)
    qtbot.waitUntil(lambda: "left out" in view.summary.text())
    assert "(listed below)" in view.summary.text()


def test_the_letters_output_options_are_whole_on_a_laptop_not_in_a_scrolling_box(demo_window, qtbot):
    from PySide6.QtCore import QSize
    view = demo_window.show_view("letters")
    demo_window.resize(1366, 728)
    qtbot.waitUntil(lambda: demo_window.size() == QSize(1366, 728))
    qtbot.wait(10)
    options = view.recipients.options_box
    assert not view.choices.isAncestorOf(options)
    assert options.isVisible() and options.visibleRegion().boundingRect().size() == options.size()
