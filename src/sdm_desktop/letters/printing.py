"""Send a finished mailing to the default printer: Windows' own "print" verb, ``lp`` for a PDF,
or LibreOffice headless (``-p``) for a Word file; a plain message when none is available."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from sdm_desktop.letters.pdf import PdfError, _wait, find_libreoffice
from sdm_desktop.progress import Progress

NO_PRINTING = ("Cannot print from here: no printing program was found (LibreOffice or, for PDFs, lp). "
               "Open the combined document and print it from Word or LibreOffice.")


class PrintError(Exception):
    """The file could not be sent to the printer; the message says why in plain words."""


def print_file(path: Path, progress: Progress | None = None) -> str:
    """Print ``path`` on the default printer; returns what printed it."""
    path = Path(path)
    if not path.is_file():
        raise PrintError(f"{path} is no longer there: it was moved or deleted.")
    try:
        if os.name == "nt":
            os.startfile(str(path), "print")         # the file's own application prints it
            return "Windows"
        lp = shutil.which("lp")
        if path.suffix.lower() == ".pdf" and lp:
            _wait([lp, "--", str(path)], progress, 120)
            return "lp"
        soffice = find_libreoffice()
        if soffice:
            with tempfile.TemporaryDirectory(prefix="sdm-soffice-") as profile:
                _wait([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                       "-p", str(path)], progress, 900)
            return "LibreOffice"
    except PdfError as exc:
        raise PrintError(str(exc).replace("The PDF converter failed", "Printing failed")) from exc
    except OSError as exc:
        raise PrintError(f"Cannot print {path.name}: {exc.strerror or exc}.") from exc
    raise PrintError(NO_PRINTING)
