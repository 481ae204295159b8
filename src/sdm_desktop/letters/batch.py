"""Fill in one template for many recipients and write the files: the part of a mailing that runs the template.

It runs in the worker process (``letters.isolation``) and is given plain values only: what each
letter says, which are large print, the file names. It writes into a working folder the caller
made; recording the letters and moving the files into place stay with the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sdm_desktop.letters.compiled import CompiledTemplate, LetterRenderError, RenderedLetter
from sdm_desktop.letters.package import Entry
from sdm_desktop.letters.render import cached_compiled

# The letters of a combined document are held in memory until it is written: about 13,000 ordinary
# letters. More is refused (it would also be far more than Word opens comfortably).
MAX_COMBINED_TEXT = 100_000_000


@dataclass
class BatchLetter:
    name: str                       # the recipient, for messages
    values: dict
    large_print: bool = False
    file_name: str | None = None    # the letter's own file; None when only the combined document is wanted


@dataclass
class Batch:
    template_key: tuple             # identifies the template's content (see ``letters.render.file_key``)
    entries: list[Entry]
    letters: list[BatchLetter]
    work: Path
    combined_names: tuple[str, str] | None = None   # (standard, large print) file names, if combined


@dataclass
class BatchResult:
    files: list[str] = field(default_factory=list)
    combined: list[str] = field(default_factory=list)


PUTTING_TOGETHER = "Putting the letters together for printing"
ALIVE = "still working"         # a step that is not one of the counted ones: the work is going on


def write_batch(batch: Batch, step=lambda _label="": None) -> BatchResult:
    """Every letter rendered and written; ``step("")`` after each letter and each combined document,
    ``step(PUTTING_TOGETHER)`` before combining, ``step(ALIVE)`` while combining."""
    compiled = cached_compiled(batch.template_key, lambda: CompiledTemplate(batch.entries))
    result = BatchResult()
    kept: dict[bool, list[RenderedLetter]] = {False: [], True: []}
    held = 0
    for index, letter in enumerate(batch.letters, start=1):
        source = compiled.large_print() if letter.large_print else compiled
        try:
            rendered = source.render({**letter.values, "large_print": letter.large_print})
        except LetterRenderError as exc:
            raise LetterRenderError(f"letter {index} ({letter.name}): {exc}") from exc
        if letter.file_name is not None:
            (batch.work / letter.file_name).write_bytes(source.docx_bytes(rendered))
            result.files.append(letter.file_name)
        if batch.combined_names is not None:
            held += len(rendered.body) + sum(len(part) for part in rendered.parts.values())
            if held > MAX_COMBINED_TEXT:
                raise LetterRenderError(_too_big_to_combine(index, len(batch.letters)))
            kept[letter.large_print].append(rendered)
        step("")
    if batch.combined_names is not None:
        step(PUTTING_TOGETHER)
        for large, name in ((False, batch.combined_names[0]), (True, batch.combined_names[1])):
            if kept[large]:
                source = compiled.large_print() if large else compiled
                (batch.work / name).write_bytes(source.combined_bytes(kept[large], lambda: step(ALIVE)))
                kept[large].clear()
                result.combined.append(name)
            step("")
    return result


def _too_big_to_combine(index: int, count: int) -> str:
    return (f"the first {index:,} of the {count:,} letters already come to more than "
            f"{MAX_COMBINED_TEXT // 1_000_000:,} million characters, too much for one combined document; "
            "write the letters as separate files only, or to fewer recipients at a time")
