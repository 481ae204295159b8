"""What goes into the PyInstaller bundle: the spec filters with these, the smoke test checks the built tree
against them, and tests/test_bundle_contents.py checks that the app never imports what is left out.

Kept to what the app uses: Qt's widgets on X11/Windows/macOS (plus offscreen for the smoke test), printing,
keyboard input methods, and Qt's own English messages; SQLite and PostgreSQL (psycopg) as databases.
"""

from __future__ import annotations

import os
import re

# Python modules the app never imports, though something it imports could (tests, docs, other databases).
EXCLUDED_MODULES = [
    "tkinter", "_tkinter",
    "PySide6.QtNetwork", "PySide6.QtDBus",           # the app imports QtCore, QtGui, QtWidgets, QtPrintSupport
    "PySide6.QtWebEngineCore", "PySide6.Qt3DCore",
    "pygments",                                      # only for Mako's HTML error pages (it copes without)
    "unittest", "doctest", "pdb", "pydoc", "pydoc_data", "lxml.doctestcompare", "lxml.usedoctest",
    "sqlalchemy.testing", "sqlalchemy.ext.mypy",
    "sqlalchemy.dialects.mysql", "sqlalchemy.dialects.mssql", "sqlalchemy.dialects.oracle",
    "sqlalchemy.connectors.pyodbc", "sqlalchemy.connectors.aioodbc",
    "lxml.html", "lxml.objectify", "lxml.isoschematron", "lxml.sax", "lxml.cssselect",
    "xmlrpc", "http.server",                         # nothing goes over the network
]
# Not left out, though it looks like network code: ssl (psycopg's binary driver will not load without it).

# Qt plugin folders kept (others: eglfs, evdev, network information, TLS, Wayland, GTK theme, image formats).
KEPT_PLUGIN_DIRS = {"platforms", "platforminputcontexts", "printsupport", "styles", "xcbglintegrations"}
# Within platforms/: the native window system of each OS, and offscreen for --smoke and screenshots.
KEPT_PLATFORMS = {"qxcb", "qwindows", "qcocoa", "qoffscreen"}
KEPT_TRANSLATIONS = {"qtbase_en.qm"}             # English UI

# ICU data items kept in the Linux bundle's libicudata (packaging/icu_data.py rebuilds it; 32 MB in full).
# Qt calls ICU for four things only: collation (QCollator, file dialogs' sorting), code page converters
# (QStringDecoder by name), time-zone names (QTimeZone) and locale case mapping (compiled into libicuuc).
# Kept: every collation, the single-byte code pages, English time-zone names, and the locale data those
# read. Left out: break iteration, transliteration, number spelling, unit/currency/language/region names
# (Qt has its own, from CLDR), other languages' time-zone names and locale data (the UI is English), the
# East Asian multi-byte converters.
ICU_KEPT_FILES = {
    "cnvalias.icu", "zoneinfo64.res", "metaZones.res", "timezoneTypes.res", "windowsZones.res",
    "supplementalData.res", "likelySubtags.res", "metadata.res", "keyTypeData.res", "numberingSystems.res",
    "icuver.res", "icustd.res", "nfkc.nrm", "nfkc_cf.nrm", "uts46.nrm",
}
_ICU_ENGLISH = re.compile(r"(?:root|pool|res_index|en|en_[A-Za-z0-9_]+)\.res")

_PLUGIN = re.compile(r"(?:^|/)PySide6/(?:Qt/)?plugins/([^/]+)/([^/]+)$")
_TRANSLATION = re.compile(r"(?:^|/)PySide6/(?:Qt/)?translations/([^/]+)$")


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")            # the spec runs on Windows too


def plugin_kept(dest: str) -> bool:
    """True unless ``dest`` (a path inside the bundle) is a Qt plugin the app does not use."""
    found = _PLUGIN.search(_posix(dest))
    if not found:
        return True
    folder, name = found.groups()
    if folder not in KEPT_PLUGIN_DIRS:
        return False
    if folder == "platforms":
        stem = name.split(".")[0].removeprefix("lib")
        return stem in KEPT_PLATFORMS
    return True


def data_kept(dest: str) -> bool:
    """True unless ``dest`` is a Qt translation other than English."""
    found = _TRANSLATION.search(_posix(dest))
    return not found or found.group(1) in KEPT_TRANSLATIONS


def icu_item_kept(name: str, max_char_bytes: int = 0) -> bool:
    """True if the ICU data item ``name`` ("coll/de.res", "ibm-1252_P100-2000.cnv") stays; for a converter
    table, ``max_char_bytes`` is the most bytes one character takes."""
    folder, _sep, item = name.rpartition("/")
    if folder:
        return folder == "coll" or (folder == "zone" and _ICU_ENGLISH.fullmatch(item) is not None)
    if item.endswith(".cnv"):
        return max_char_bytes == 1
    return item in ICU_KEPT_FILES or _ICU_ENGLISH.fullmatch(item) is not None


def module_excluded(name: str) -> bool:
    return any(name == excluded or name.startswith(excluded + ".") for excluded in EXCLUDED_MODULES)


def is_root_binary(dest: str, typecode: str) -> bool:
    """Binaries loaded by name at run time (extension modules, Qt plugins, the Python library); every other
    shared library is in the bundle only because one of these needs it."""
    posix = _posix(dest)
    name = posix.rsplit("/", 1)[-1]
    return typecode == "EXTENSION" or _PLUGIN.search(posix) is not None or name.startswith(("libpython", "python"))


def unreachable_libraries(binaries: list[tuple[str, str, str]], needs) -> set[str]:
    """Destinations of the shared libraries no root binary needs, directly or through another library.

    ``needs(src)`` gives the file names a binary links against. PyInstaller collected these libraries for
    everything it found, including the plugins the spec then leaves out (the GTK theme alone brings cairo,
    pango, gdk-pixbuf, ...); walking from what is kept drops exactly those.
    """
    by_name: dict[str, tuple[str, str, str]] = {}
    by_dest = {dest: (dest, src, typecode) for dest, src, typecode in binaries}
    for dest, src, typecode in binaries:
        if typecode != "SYMLINK":                 # a link's name is also its target's: find the file first
            by_name.setdefault(os.path.basename(dest), (dest, src, typecode))
            by_name.setdefault(os.path.basename(src), (dest, src, typecode))
    for dest, src, typecode in binaries:
        by_name.setdefault(os.path.basename(dest), (dest, src, typecode))
    reached: set[str] = set()
    todo = [entry for entry in binaries if is_root_binary(entry[0], entry[2])]
    while todo:
        dest, src, typecode = todo.pop()
        if dest in reached:
            continue
        reached.add(dest)
        if typecode == "SYMLINK":                 # src is the target, relative to the link
            target = os.path.normpath(os.path.join(os.path.dirname(dest), src))
            if target in by_dest:
                todo.append(by_dest[target])
            continue
        todo.extend(by_name[name] for name in needs(src) if name in by_name)
    # A link to a library that stays, stays (PyInstaller adds links at the top for libraries kept deeper).
    for dest, src, typecode in binaries:
        if typecode == "SYMLINK" and os.path.normpath(os.path.join(os.path.dirname(dest), src)) in reached:
            reached.add(dest)
    return {dest for dest, _src, _typecode in binaries if dest not in reached}


def tree_problems(internal: str) -> list[str]:
    """What a built bundle's ``_internal`` folder holds that these lists leave out."""
    problems = []
    for folder, _dirs, files in os.walk(internal):
        for name in files:
            rel = os.path.relpath(os.path.join(folder, name), internal)
            if not plugin_kept(rel):
                problems.append(f"Qt plugin left in: {rel}")
            elif not data_kept(rel):
                problems.append(f"translation left in: {rel}")
            elif (module := _module_of(rel)) and module_excluded(module):
                problems.append(f"excluded module left in: {rel}")
    return problems


def _module_of(rel: str) -> str | None:
    """The module a collected .pyc or extension file holds (None for other files and Qt's own libraries)."""
    folder, _sep, name = _posix(rel).rpartition("/")
    if not name.endswith((".pyc", ".so", ".pyd")) or folder.startswith("PySide6/Qt"):
        return None
    stem = name.split(".")[0]
    if re.fullmatch(r"python3\.\d+/lib-dynload", folder) or not folder:
        return stem
    return ".".join([*folder.split("/"), stem]).removesuffix(".__init__")
