"""PDF from a .docx: LibreOffice headless where installed, Word on Windows where available."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from sdm_desktop.progress import JobCancelled, Progress

UNAVAILABLE = ("Cannot make a PDF: neither LibreOffice nor Microsoft Word was found on this computer. "
               "Install LibreOffice (free, libreoffice.org) or leave PDF out; the Word files can be "
               "printed as they are.")
_CANDIDATES = [
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
]
_WORD_SCRIPT = (
    "$w = New-Object -ComObject Word.Application; $w.Visible = $false; "
    "try {{ $d = $w.Documents.Open('{src}', $false, $true); $d.SaveAs([ref] '{dst}', [ref] 17); "
    "$d.Close($false) }} finally {{ $w.Quit() }}"
)


class PdfError(Exception):
    """The PDF could not be made; the message says why in plain words."""


def find_libreoffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((c for c in _CANDIDATES if Path(c).is_file()), None)


def word_available() -> bool:
    if os.name != "nt" or shutil.which("powershell") is None:
        return False
    try:
        import winreg
        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, "Word.Application"):
            return True
    except OSError:
        return False


def pdf_converter() -> str | None:
    """'LibreOffice', 'Microsoft Word', or None when neither can make PDFs here."""
    if find_libreoffice():
        return "LibreOffice"
    return "Microsoft Word" if word_available() else None


def to_pdf(docx: Path, progress: Progress | None = None, timeout: float = 900) -> Path:
    """Write ``docx`` as a PDF beside it; returns the PDF's path."""
    docx = Path(docx)
    target = docx.with_suffix(".pdf")
    soffice = find_libreoffice()
    if soffice:
        _run_libreoffice(soffice, docx, progress, timeout)
    elif word_available():
        script = _WORD_SCRIPT.format(src=str(docx).replace("'", "''"), dst=str(target).replace("'", "''"))
        _wait([shutil.which("powershell"), "-NoProfile", "-Command", script], progress, timeout)
    else:
        raise PdfError(UNAVAILABLE)
    if not target.is_file() or target.stat().st_size == 0:
        raise PdfError(f"The PDF of {docx.name} was not made; open the Word file and print it from Word.")
    return target


def _run_libreoffice(soffice: str, docx: Path, progress: Progress | None, timeout: float) -> None:
    with tempfile.TemporaryDirectory(prefix="sdm-soffice-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)]
        _wait(command, progress, timeout)


def _wait(command: list[str], progress: Progress | None, timeout: float) -> None:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = time.monotonic()
    while process.poll() is None:
        if progress is not None and progress.cancelled:
            process.kill()
            process.wait()
            raise JobCancelled()
        if time.monotonic() - started > timeout:
            process.kill()
            process.wait()
            raise PdfError(f"Making the PDF took longer than {int(timeout)} seconds and was stopped.")
        time.sleep(0.1)
    if process.returncode != 0:
        detail = (process.stderr.read() or b"").decode("utf-8", "replace").strip().splitlines()
        raise PdfError(f"The PDF converter failed{': ' + detail[-1] if detail else ''}.")
