"""The look: the platform's own style on Windows, Fusion with a tidy light or dark palette elsewhere,
following the system's colour scheme.

No style sheet: every widget keeps taking its colours from the palette, so a high-contrast theme applies.
When the system asks for high contrast, its own palette is left exactly as it is.

At start-up the window is first painted with the system's look as it was last seen (``remembered_system_look``):
asking the system names Qt's ``ColorScheme`` enum, and PySide then builds every enum of the Qt namespace (40 ms of a
200 ms start-up; see ``common/first_frame``). Once the window is up, ``confirm_system_look`` asks, keeps the answer,
and applies it if the system changed in between. With nothing remembered (the first start) it asks at once.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

from PySide6 import QtCore, QtGui  # Qt's enums, QAction: named only when used (see first_frame/qt_numbers)
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from sdm_desktop import paths
from sdm_desktop.ui.common.icons import icon

SCHEMES = ("system", "light", "dark")
SYSTEM_LOOK_KEY = "appearance/last_system_look"      # "light" or "dark", "+contrast" when high contrast was asked
OWN_PALETTE = "sdm_own_palette"      # set on the application while one of our palettes is applied
WINDOWS_STYLES = ("windows11", "windowsvista")

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# Fusion's palettes, tidied: soft window grey, white (or near-black) fields, the NHS blue as the selection.
LIGHT = {Role.Window: "#f3f4f6", Role.WindowText: "#1f2328", Role.Base: "#ffffff", Role.AlternateBase: "#f6f8fa",
         Role.Text: "#1f2328", Role.Button: "#f6f7f9", Role.ButtonText: "#1f2328", Role.ToolTipBase: "#ffffff",
         Role.ToolTipText: "#1f2328", Role.PlaceholderText: "#6a737d", Role.Highlight: "#005eb8",
         Role.HighlightedText: "#ffffff", Role.Link: "#005eb8", Role.LinkVisited: "#4c2c92", Role.BrightText: "#ffffff",
         Role.Light: "#ffffff", Role.Midlight: "#e4e7eb", Role.Mid: "#c4c9d0", Role.Dark: "#9aa1aa",
         Role.Shadow: "#5c636b"}
DARK = {Role.Window: "#202226", Role.WindowText: "#e8eaed", Role.Base: "#2a2c31", Role.AlternateBase: "#303238",
        Role.Text: "#e8eaed", Role.Button: "#33363c", Role.ButtonText: "#e8eaed", Role.ToolTipBase: "#2b2e33",
        Role.ToolTipText: "#e8eaed", Role.PlaceholderText: "#9aa0a6", Role.Highlight: "#2f6fb5",
        Role.HighlightedText: "#ffffff", Role.Link: "#8ab4f8", Role.LinkVisited: "#c58af9", Role.BrightText: "#ffffff",
        Role.Light: "#3a3d43", Role.Midlight: "#33363b", Role.Mid: "#44474d", Role.Dark: "#0f1012",
        Role.Shadow: "#000000"}
DISABLED = {"light": "#8c939c", "dark": "#7d828a"}


def user_settings() -> QSettings:
    """The user's own settings (theme, first-run welcome), the same whichever data folder is open."""
    return QSettings(str(paths.user_config_dir() / "preferences.ini"), QSettings.Format.IniFormat)


def chosen_theme() -> str:
    value = str(user_settings().value("appearance/theme", "system"))
    return value if value in SCHEMES else "system"


def choose_theme(app: QApplication, scheme: str) -> str:
    """The user's choice from the View menu: applied now and kept for next time."""
    applied = apply_theme(app, scheme)
    _keep("appearance/theme", scheme)
    return applied


def palette_for(scheme: str) -> QPalette:
    """The light or dark palette, with greyed text for disabled controls."""
    colours = DARK if scheme == "dark" else LIGHT
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor(DISABLED[scheme]))
    palette.setColor(Group.Disabled, Role.Highlight, QColor(colours[Role.Mid]))
    return palette


class SystemLook(NamedTuple):
    scheme: str                 # "light" or "dark"
    high_contrast: bool


def system_look() -> SystemLook:
    """What the system asks for now."""
    return SystemLook(system_scheme(), high_contrast())


def remembered_system_look() -> SystemLook | None:
    """The system's look as last seen (None before the first start, or if what is kept is not understood)."""
    value = str(user_settings().value(SYSTEM_LOOK_KEY, ""))
    scheme, _plus, contrast = value.partition("+")
    if scheme not in ("light", "dark") or contrast not in ("", "contrast"):
        return None
    return SystemLook(scheme, contrast == "contrast")


def remember_system_look(look: SystemLook) -> None:
    _keep(SYSTEM_LOOK_KEY, look.scheme + ("+contrast" if look.high_contrast else ""))


def _keep(key: str, value: str) -> None:
    """One of the user's preferences, written now (another window or the next start reads it)."""
    settings = user_settings()
    settings.setValue(key, value)
    settings.sync()


def confirm_system_look(app: QApplication, scheme_setting, started_with: SystemLook | None) -> SystemLook:
    """Once the window is shown: the system's look asked for, kept for the next start, and applied if it is not the
    one the window was first painted with. ``scheme_setting()``: the user's choice ('system', 'light', 'dark')."""
    look = system_look()
    if look != started_with:
        remember_system_look(look)
        if started_with is not None:
            apply_theme(app, scheme_setting(), system=look)
    return look


def system_scheme() -> str:
    """'dark' or 'light', as the system says (Qt 6.5+); light when it does not say."""
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == QtCore.Qt.ColorScheme.Dark else "light"


def high_contrast() -> bool:
    """The user asked the system for high contrast (Qt 6.10+; earlier Qt cannot tell, and says no)."""
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:
        return False
    return accessibility().contrastPreference() == QtCore.Qt.ContrastPreference.HighContrast


def native_style_name() -> str | None:
    """The Windows 11 style where Qt has it, else Windows Vista's; None off Windows."""
    if sys.platform != "win32":
        return None
    available = {name.lower() for name in QStyleFactory.keys()}  # noqa: SIM118 (a Qt list)
    return next((name for name in WINDOWS_STYLES if name in available), None)


def starting_style() -> str:
    """The style the application is made with (Qt's ``-style`` argument): the native one on Windows, else Fusion.
    Given when it is made, because setting a style later hands back a QStyle, and PySide then makes QStyle's
    Python enums (16 ms of the start-up)."""
    return native_style_name() or "Fusion"


def apply_theme(app: QApplication, scheme: str = "system", style_now: str | None = None,
                system: SystemLook | None = None) -> str:
    """Style and palette for ``scheme`` ('system', 'light' or 'dark'); returns what was applied:
    'native', 'high-contrast', 'light' or 'dark'. ``style_now``: the style the app already has, not set again.
    ``system``: the system's look, if known (else it is asked for)."""
    if scheme not in SCHEMES:
        raise ValueError(f"Unknown theme {scheme!r}: use one of {', '.join(SCHEMES)}")
    native = native_style_name()
    if native is not None:
        if native != style_now:
            app.setStyle(native)
        if scheme == "system":
            _system_colours(app)             # the native style draws with the system's own colours
            return "native"
    system = system or system_look()
    if system.high_contrast:
        _system_colours(app)                 # never paint over the colours the user asked for
        return "high-contrast"
    chosen = system.scheme if scheme == "system" else scheme
    if (native is None or chosen == "dark") and style_now != "Fusion":   # the Vista style has no dark mode
        app.setStyle("Fusion")
    app.setPalette(palette_for(chosen))
    app.setProperty(OWN_PALETTE, True)
    return chosen


def _system_colours(app: QApplication) -> None:
    """Back to the system's palette if ours was set (an empty palette resolves to the platform's)."""
    if app.property(OWN_PALETTE):
        app.setPalette(QPalette())
        app.setProperty(OWN_PALETTE, False)


def follow_system_scheme(app: QApplication, scheme_setting) -> None:
    """Re-apply the theme when the system switches between light and dark while the app runs.
    ``scheme_setting()`` returns the user's choice ('system' follows, 'light'/'dark' stay)."""
    def changed(_scheme) -> None:
        look = system_look()
        remember_system_look(look)          # the next start is first painted in it
        if scheme_setting() == "system":
            apply_theme(app, "system", system=look)
    QGuiApplication.styleHints().colorSchemeChanged.connect(changed)


def add_theme_menu(window, parent_menu) -> dict[str, QtGui.QAction]:
    """View → Theme: light or dark by choice, or as the system says (the default); kept for next time."""
    menu = parent_menu.addMenu(icon("sun-moon"), "The&me")
    group = QtGui.QActionGroup(window)
    chosen = chosen_theme()
    actions: dict[str, QtGui.QAction] = {}
    for scheme, text in (("system", "As the &system"), ("light", "&Light"), ("dark", "&Dark")):
        action = QtGui.QAction(text, window, checkable=True, checked=scheme == chosen)
        action.triggered.connect(lambda _=False, s=scheme: choose_theme(QApplication.instance(), s))
        group.addAction(action)
        menu.addAction(action)
        actions[scheme] = action
    return actions
