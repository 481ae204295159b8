"""Every control in every view and every dialog can be found by a screen reader: it has a name or a text."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
)

from dialog_catalogue import DIALOGS
from sdm_desktop.ui.navigation import VIEWS

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractItemView, QAbstractSpinBox, QPlainTextEdit,
            QTextEdit, QGraphicsView)


def is_qt_internal(widget) -> bool:
    """Parts Qt builds inside other controls (combo pop-ups, headers, corner buttons)."""
    if isinstance(widget, QHeaderView) or widget.objectName().startswith("qt_"):
        return True
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar, QLineEdit)):
            return True
        parent = parent.parent()
    return False


def unnamed_controls(view) -> list[str]:
    found = []
    for kind in CONTROLS:
        for control in view.findChildren(kind):
            if control.accessibleName() or is_qt_internal(control):
                continue
            if isinstance(control, QAbstractButton) and control.text().replace("&", "").strip():
                continue
            found.append(f"{type(control).__name__} {control.objectName()!r} tip={control.toolTip()!r}")
    return found


@pytest.mark.parametrize("name", [spec.name for spec in VIEWS])
def test_every_control_has_an_accessible_name(demo_window, name):
    view = demo_window.show_view(name)
    assert unnamed_controls(view) == []


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_control_of_every_dialog_has_an_accessible_name(demo_window, demo_ctx, tmp_path, name):
    dialog = DIALOGS[name](demo_window, demo_ctx, tmp_path)
    dialog.show()
    assert unnamed_controls(dialog) == []
    dialog.done(0)


def test_a_form_check_box_is_announced_with_its_own_words(demo_window):
    from PySide6.QtWidgets import QCheckBox
    view = demo_window.show_view("stakeholders")
    boxes = [box for form in (view.org_form, view.person_form) for box in form.findChildren(QCheckBox)]
    assert len(boxes) > 10
    assert [b.accessibleName() for b in boxes if b.text().replace("&", "") not in b.accessibleName()
            and b.accessibleName() != "Special category data: explicit consent"] == []
    assert view.org_form.f.widgets["ppe_individual"].accessibleName() == "Engagement levels: Individual care"
