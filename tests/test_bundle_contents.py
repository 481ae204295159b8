"""What the PyInstaller bundle leaves out (packaging/bundle_contents.py), checked without building it:
the filters keep what the app uses, and the app works with every excluded module unimportable.
(packaging/smoke_bundle.py checks a built tree against the same lists.)"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle_contents as contents  # noqa: E402


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),               # Windows wheels' layout
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
    ("PySide6/Qt/lib/libQt6Core.so.6", True),                           # not a plugin
])
def test_only_the_qt_plugins_the_app_uses_are_kept(dest, kept):
    assert contents.plugin_kept(dest) is kept


def test_only_english_qt_translations_are_kept():
    assert contents.data_kept("PySide6/Qt/translations/qtbase_en.qm")
    assert contents.data_kept("PySide6\\translations\\qtbase_en.qm")
    assert not contents.data_kept("PySide6/Qt/translations/qtbase_de.qm")
    assert not contents.data_kept("PySide6/Qt/translations/qt_help_en.qm")
    assert not contents.data_kept("PySide6\\translations\\qtbase_fr.qm")
    assert contents.data_kept("templates/invitation.docx")


def test_libraries_only_a_dropped_plugin_needed_are_dropped_and_links_follow_their_target():
    binaries = [
        ("PySide6/QtGui.abi3.so", "/w/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/w/libQt6Gui.so.6", "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libfreetype.so.6", "/usr/lib/libfreetype.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/w/libqxcb.so", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),         # the GTK theme's, which was dropped
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", "/w/libQt6WaylandClient.so.6", "BINARY"),
        ("libQt6WaylandClient.so.6", "PySide6/Qt/lib/libQt6WaylandClient.so.6", "SYMLINK"),
    ]
    links = {"/w/QtGui.abi3.so": {"libQt6Gui.so.6"}, "/w/libQt6Gui.so.6": {"libfreetype.so.6"},
             "/w/libqxcb.so": {"libQt6Gui.so.6"}}
    unused = contents.unreachable_libraries(binaries, lambda src: links.get(src, set()))
    assert unused == {"libcairo.so.2", "PySide6/Qt/lib/libQt6WaylandClient.so.6", "libQt6WaylandClient.so.6"}


def test_a_built_tree_is_checked_against_the_lists(tmp_path):
    for rel in ["PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/Qt/translations/qt_de.qm",
                "pygments/__init__.pyc", "python3.11/lib-dynload/_tkinter.cpython-311-x86_64-linux-gnu.so",
                "sqlalchemy/dialects/mysql/base.pyc",
                "PySide6/Qt/plugins/platforms/libqxcb.so", "sqlalchemy/dialects/sqlite/base.pyc", "ssl.pyc"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"")
    problems = sorted(contents.tree_problems(str(tmp_path)))
    assert len(problems) == 5
    assert any("libqgtk3" in p for p in problems) and any("qt_de" in p for p in problems)
    assert any("pygments" in p for p in problems) and any("_tkinter" in p for p in problems)
    assert any("mysql" in p for p in problems)


PROBE = textwrap.dedent("""
    import importlib, pkgutil, sys, tempfile
    from importlib.machinery import ModuleSpec
    sys.path.insert(0, sys.argv[1])
    from bundle_contents import module_excluded

    class LeftOut:                      # as in the bundle: the module is not there
        def find_spec(self, name, path=None, target=None):
            if module_excluded(name):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, LeftOut())
    import sdm_desktop
    for found in pkgutil.walk_packages(sdm_desktop.__path__, "sdm_desktop."):
        if ".migrations" not in found.name:
            importlib.import_module(found.name)
    from sdm_desktop.cli import main
    from sdm_desktop.db.engine import open_database
    from sdm_desktop.errors import UserError
    data = tempfile.mkdtemp()
    for args in (["demo"], ["--smoke"], ["export", "people", "-o", data + "/p.xlsx"],
                 ["import", data + "/p.xlsx", "--kind", "people", "--dry-run"], ["check"]):
        assert main(["--data-dir", data, *args]) == 0, args
    try:
        open_database("postgresql+psycopg://sdm@127.0.0.1:9/sdm")
    except UserError as exc:        # psycopg loaded and tried the server: not "its driver is not installed"
        assert "connection" in str(exc) and "driver" not in str(exc), exc
    print("ran without", sorted({m.split(".")[0] for m in sys.modules if module_excluded(m)}) or "any of them")
""")


@pytest.mark.slow
def test_the_app_works_with_every_excluded_module_missing(tmp_path):
    env_path = f"{ROOT / 'src'}"
    result = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "packaging")], capture_output=True, text=True,
                            env={"PYTHONPATH": env_path, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
                                 "PATH": "/usr/bin:/bin"}, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "ran without any of them" in result.stdout
