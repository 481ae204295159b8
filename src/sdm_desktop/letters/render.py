"""Render one .docx template with plain values, in a Jinja2 sandbox with autoescape on.

Templates are untrusted input: the sandbox stops attribute tricks such as
``{{ ''.__class__.__mro__ }}``, and autoescape keeps '&', '<' and quotes in names from
breaking the document's XML. Pass plain values (str, int, date, lists and dicts of them),
never ORM objects.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from sdm_desktop.errors import UserError


def sandboxed_env() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def render_docx(template: Path, context: dict, output: Path) -> Path:
    """Render ``template`` with ``context`` to ``output`` all-or-nothing (temp file, then rename)."""
    if not zipfile.is_zipfile(template):
        raise UserError(f"Cannot fill in the template {Path(template).name}: it is not a Word document (.docx).")
    try:
        doc = DocxTemplate(str(template))
        doc.render(context, jinja_env=sandboxed_env(), autoescape=True)
    except Exception as exc:  # noqa: BLE001 - any template failure is the user's to fix
        raise UserError(f"Cannot fill in the template {Path(template).name}: {exc}") from exc
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".letter-", suffix=".docx", dir=output.parent)
    except OSError as exc:
        raise UserError(f"Cannot write {output}: {exc.strerror or exc}.") from exc
    os.close(handle)
    try:
        doc.save(temp)
        os.replace(temp, output)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UserError(f"Cannot write {output}: {exc.strerror or exc}.") from exc
        raise
    return output
