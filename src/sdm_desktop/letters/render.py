"""Render one .docx template with plain values, in a Jinja2 sandbox with autoescape on.

Templates are untrusted input: the sandbox (``letters.sandbox``) stops attribute tricks such
as ``{{ ''.__class__.__mro__ }}`` and bounds the time and memory a template can take, and
autoescape keeps '&', '<' and quotes in names from breaking the document's XML. Pass plain values
(str, int, date, lists and dicts of them), never ORM objects.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from sdm_desktop.errors import UserError
from sdm_desktop.letters.compiled import CompiledTemplate, LetterRenderError
from sdm_desktop.letters.isolation import run_isolated
from sdm_desktop.letters.package import NotADocx


class OutputNotWritable(UserError):
    """The letter could not be written where it was asked for; ``strerror`` says why."""

    def __init__(self, output: Path, exc: OSError):
        self.strerror = exc.strerror or str(exc)
        super().__init__(f"Cannot write {output}: {self.strerror}.")


_COMPILED: OrderedDict[tuple, object] = OrderedDict()
_COMPILED_LOCK = threading.Lock()
KEEP_COMPILED = 16


def file_key(path: Path) -> tuple[str, int, int]:
    """What identifies a file's content cheaply: where it is, its size and when it was changed."""
    stat = Path(path).stat()
    return str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns


def remember_compiled(key: tuple, compiled) -> None:
    with _COMPILED_LOCK:
        _COMPILED[key] = compiled
        _COMPILED.move_to_end(key)
        while len(_COMPILED) > KEEP_COMPILED:
            _COMPILED.popitem(last=False)


def cached_compiled(key: tuple, compile_it):
    """The compiled template remembered under ``key``, else ``compile_it()``, remembered."""
    with _COMPILED_LOCK:
        if key in _COMPILED:
            _COMPILED.move_to_end(key)
            return _COMPILED[key]
    compiled = compile_it()
    remember_compiled(key, compiled)
    return compiled


def compiled_template(template: Path):
    """The compiled template, cached while the file is unchanged (the check leaves its own here)."""
    return cached_compiled(file_key(template), lambda: CompiledTemplate(Path(template)))


def write_atomically(output: Path, data: bytes) -> Path:
    output = Path(output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".letter-", suffix=".docx", dir=output.parent)
    except OSError as exc:
        raise OutputNotWritable(output, exc) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, output)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputNotWritable(output, exc) from exc
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return output


def render_docx_bytes(template: str, context: dict, step=None) -> bytes:
    """The filled-in document; run in the letters worker, whose memory and time are bounded."""
    return compiled_template(Path(template)).render_docx_bytes(context)


def render_docx(template: Path, context: dict, output: Path) -> Path:
    """Render ``template`` with ``context`` to ``output`` all-or-nothing (temp file, then rename).

    Certificates, invitations and reports are filled in by the same bounded worker as letters."""
    name = Path(template).name
    try:
        data = run_isolated(render_docx_bytes, str(template), context, doing="filling it in")
    except NotADocx as exc:
        raise UserError(f"Cannot use the template {name}: {exc}.") from exc
    except LetterRenderError as exc:
        raise UserError(f"Cannot fill in the template {name}: {exc}") from exc
    except OSError as exc:
        raise UserError(f"Cannot read the template {name}: {exc.strerror or exc}") from exc
    except Exception as exc:
        raise UserError(f"Cannot fill in the template {name}: {exc}") from exc
    return write_atomically(output, data)
