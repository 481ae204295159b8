"""Alt keys (issue 16, defect 6): on every page of every view and in every dialog, each button has an Alt
letter, and no letter is used twice among the controls and menus on screen at once (Alt+E opened the
Edit menu instead of the Training button; Alt+A exported assessments instead of making one)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialogButtonBox,
    QRadioButton,
    QToolBar,
    QToolButton,
    QWidget,
    QWizard,
)

from dialog_catalogue import DIALOGS
from test_keyboard_access import _pages, alt_letter, alt_letters, shared

KEY_IN_TIP = re.compile(r"\((Ctrl\+[\w+]+|Delete|Enter|F\d+)\)")


def has_named_shortcut(b: QAbstractButton) -> bool:
    """Its tooltip names a key, e.g. "(Delete)" or "(Ctrl+L)", and that key is a shortcut in its window."""
    found = KEY_IN_TIP.search(b.toolTip())
    if found is None:
        return False
    wanted = QKeySequence(found.group(1).replace("Delete", "Del").replace("Enter", "Return"))
    return any(s.key() == wanted and s.isEnabled() for s in b.window().findChildren(QShortcut))


def buttons_without_alt_key(root: QWidget) -> list[str]:
    """Push buttons with words on them that no Alt letter reaches (nor a key named in their tooltip, such as
    Delete on a table). Enter and Escape press a dialog's own OK and Cancel; a table's header buttons and a
    tool button that only shows an arrow have no words."""
    missing = []
    for b in root.findChildren(QAbstractButton):
        text = b.text().replace("&&", "").strip()
        if isinstance(b.parentWidget(), QToolBar):
            continue        # a toolbar repeats a menu item or a button, each with its own Alt key
        if (not b.isVisibleTo(root) or not text or isinstance(b, (QCheckBox, QRadioButton)) or
                (isinstance(b, QToolButton) and len(text) <= 2) or alt_letter(b.text()) or has_named_shortcut(b)):
            continue
        box = b.parentWidget()
        if isinstance(box, QDialogButtonBox) and box.buttonRole(b) in (
                QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.RejectRole):
            continue
        if isinstance(b.window(), QWizard) and b in [b.window().button(w) for w in (
                QWizard.WizardButton.CancelButton, QWizard.WizardButton.FinishButton)]:
            continue
        missing.append(text)
    return sorted(set(missing))


def test_on_every_page_each_button_has_an_alt_letter_used_once_with_the_menus(demo_window, qtbot):
    clashes, missing = {}, {}
    for label, show in _pages(demo_window):
        show()
        qtbot.wait(1)
        if found := shared(alt_letters(demo_window)):
            clashes[label] = found
        if found := buttons_without_alt_key(demo_window):
            missing[label] = found
    assert (clashes, missing) == ({}, {})


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_in_every_dialog_each_button_has_an_alt_letter(demo_window, demo_ctx, tmp_path, name):
    dialog = DIALOGS[name](demo_window, demo_ctx, tmp_path)
    dialog.show()
    pages = 4 if isinstance(dialog, QWizard) else 1
    for _ in range(pages):
        assert buttons_without_alt_key(dialog) == []
        assert shared(alt_letters(dialog)) == {}
        if pages > 1:
            dialog.next()
    dialog.done(0)
