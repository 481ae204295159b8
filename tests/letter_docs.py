"""Build small .docx templates (good and broken) for the letters tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document


def make_template(path: Path, *paragraphs: str | list[str]) -> Path:
    """Each argument is a paragraph: a string (one run) or a list of strings (one run each)."""
    doc = Document()
    for item in paragraphs:
        p = doc.add_paragraph()
        for index, text in enumerate([item] if isinstance(item, str) else item):
            run = p.add_run(text)
            run.bold = index % 2 == 1          # different formatting, as Word makes when you edit a tag
    doc.save(path)
    return path


def simple_letter(path: Path) -> Path:
    return make_template(
        path, "{%p for line in address_lines %}", "{{ line }}", "{%p endfor %}", "{{ today }}",
        "{{ salutation }},", "Writing to {{ organisation_name }} about {{ programme_name }}.",
        "{{ sign_off }},", "{{ sender_name }}")


def renamed_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a letter")
    return path


def repackaged(source: Path, target: Path, content_types: tuple[bytes, bytes] | None = None,
               extra: dict[str, bytes] | None = None) -> Path:
    """A copy of ``source`` with [Content_Types].xml edited and parts added, as Word would save a
    macro-enabled document or a template."""
    with zipfile.ZipFile(source) as original:
        parts = [(info.filename, original.read(info)) for info in original.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            if name == "[Content_Types].xml" and content_types:
                data = data.replace(*content_types)
            archive.writestr(name, data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target
