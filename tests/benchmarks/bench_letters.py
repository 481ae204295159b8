"""Letters for 1,000 recipients: the obvious docxtpl loop against ours. Prints the figures.

    .venv/bin/python tests/benchmarks/bench_letters.py [N]

Obvious approach: for every letter a new DocxTemplate, render, save. For the combined
document it then appends every rendered letter to the first with a page break (python-docx,
copying body elements). Ours: the whole mailing through services.letter_runs.write_letters
(recipient selection, rendering, files, database records).
"""

from __future__ import annotations

import copy
import io
import sys
import tempfile
import time
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docxtpl import DocxTemplate

from sdm_desktop.letters.sandbox import sandboxed_env
from sdm_desktop.services.letters.recipients import RecipientRequest, select_recipients
from sdm_desktop.services.letters.runs import LetterRequest, _base_values, write_letters
from sdm_desktop.services.letters.templates import bundled_dir, save_sender_details
from sdm_desktop.services.opening import open_context
from sdm_desktop.services.register.people import PersonInput, create_person

TEMPLATE = bundled_dir() / "letter_group_invitation.docx"
NAMES = ["Zoë O'Rowan", "Bilal Hawthorn", "Ceri Smith & Jones", "Dev <Patel>", "Esme Nightjar"]


def seed(ctx, n: int) -> None:
    save_sender_details(ctx, {"sender_name": "Dr Sam Okafor", "sender_organisation": "NHS Wessex Vale ICB",
                              "sender_address": "Vale House\nFernbridge EX1 1AA", "sender_phone": "01632 960000"})
    for i in range(n):
        first, last = NAMES[i % len(NAMES)].split(" ", 1)
        create_person(ctx, PersonInput(title="Ms", first_name=first, last_name=f"{last} {i}",
                                       address_line1=f"{i} High Street", town="Fernbridge", postcode="EX1 1AA",
                                       consent_contact=True, needs_large_print=False), undoable=False)


def timed(label: str, work) -> float:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    print(f"  {label:<58} {seconds:8.2f} s")
    return seconds


def obvious_individual(contexts: list[dict], out: Path) -> None:
    out.mkdir()
    for i, values in enumerate(contexts):
        doc = DocxTemplate(str(TEMPLATE))
        doc.render(values, jinja_env=sandboxed_env(), autoescape=True)
        doc.save(out / f"{i:04d}.docx")


def obvious_combined(contexts: list[dict], out: Path) -> None:
    master = None
    for values in contexts:
        doc = DocxTemplate(str(TEMPLATE))
        doc.render(values, jinja_env=sandboxed_env(), autoescape=True)
        buffer = io.BytesIO()
        doc.save(buffer)
        buffer.seek(0)
        rendered = Document(buffer)
        if master is None:
            master = rendered
            continue
        master.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        for element in list(rendered.element.body):
            if not element.tag.endswith("sectPr"):
                master.element.body.insert(len(master.element.body) - 1, copy.deepcopy(element))
    master.save(out / "combined.docx")


def main(n: int = 1000) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-letters-") as folder:
        root = Path(folder)
        (root / "data").mkdir()
        ctx = open_context(root / "data")
        try:
            started = time.perf_counter()
            seed(ctx, n)
            print(f"{n} recipients seeded in {time.perf_counter() - started:.1f} s; template {TEMPLATE.name}")
            recipients, _ = select_recipients(ctx, RecipientRequest("people"))
            request = LetterRequest(TEMPLATE, root / "unused", RecipientRequest("people"))
            base = _base_values(ctx, request)
            contexts = [{**base, **r.values, "letter_reference": f"B/{i}"} for i, r in enumerate(recipients)]
            print("Individual files (one .docx per recipient):")
            slow_files = timed("obvious: new DocxTemplate + render + save per letter",
                               lambda: obvious_individual(contexts, root / "obvious"))
            fast_files = timed("ours: write_letters(individual only, incl. selection + DB)",
                               lambda: write_letters(ctx, LetterRequest(TEMPLATE, root / "ours-files",
                                                                        RecipientRequest("people"),
                                                                        individual=True, combined=False)))
            print("Combined printable document (one letter a page):")
            slow_combined = timed("obvious: per-letter loop, then append each with a page break",
                                  lambda: obvious_combined(contexts, root))
            fast_combined = timed("ours: write_letters(combined only, incl. selection + DB)",
                                  lambda: write_letters(ctx, LetterRequest(TEMPLATE, root / "ours-combined",
                                                                           RecipientRequest("people"),
                                                                           individual=False, combined=True)))
            both = timed("ours: both, as the app does by default",
                         lambda: write_letters(ctx, LetterRequest(TEMPLATE, root / "ours-both",
                                                                  RecipientRequest("people"))))
        finally:
            ctx.close()
    print(f"Individual files: {slow_files / fast_files:5.1f}x faster (aim >= 5x); "
          f"{1000 * fast_files / n:.2f} ms a letter against {1000 * slow_files / n:.1f} ms")
    print(f"Combined document: {slow_combined / fast_combined:5.1f}x faster (aim >= 20x)")
    print(f"Both outputs together: {both:.2f} s for {n} letters")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
