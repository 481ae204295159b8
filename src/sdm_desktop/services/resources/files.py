"""Offline copies of resources, kept in the data folder's ``resources/`` sub-folder.

A copy is named by the SHA-256 of its content (plus the original suffix, so the right
program opens it), so the same film added twice is stored once. Copying is all-or-nothing:
the bytes go to a temporary file first, which is renamed only when complete and within the
size limit, and the database is updated only after that.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sdm_desktop.db.models import Resource
from sdm_desktop.errors import UserError
from sdm_desktop.progress import Progress
from sdm_desktop.services.core import audit
from sdm_desktop.services.core.context import AppContext
from sdm_desktop.services.core.undo import UndoStep
from sdm_desktop.services.core.versions import written_row

MAX_FILE_BYTES = 500 * 1024 * 1024
CHUNK = 1024 * 1024
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,10}$")


@dataclass
class OpenTarget:
    kind: str        # "file" or "link"
    value: str       # a path or a URL


def files_dir(ctx: AppContext) -> Path:
    folder = ctx.data_dir / "resources"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _suffix(file_name: str | None) -> str:
    suffix = Path(file_name or "").suffix.lower()
    return suffix if _SUFFIX.match(suffix) else ""


def stored_path(ctx: AppContext, content_hash: str, file_name: str | None) -> Path:
    return files_dir(ctx) / f"{content_hash}{_suffix(file_name)}"


def describe_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.0f} MB"
    return f"{max(1, size // 1024):,} KB"


def check_source(source: Path) -> int:
    if not source.exists():
        raise UserError(f"Cannot add an offline copy: {source} does not exist.")
    if not source.is_file():
        raise UserError(f"Cannot add an offline copy: {source} is not a file.")
    size = source.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UserError(f"Cannot add an offline copy: {source.name} is {describe_size(size)}; files up to "
                        f"{describe_size(MAX_FILE_BYTES)} can be kept. Store a link to it instead.")
    if size == 0:
        raise UserError(f"Cannot add an offline copy: {source.name} is empty.")
    return size


def copy_into_library(ctx: AppContext, source: Path, progress: Progress | None = None) -> tuple[str, Path, bool]:
    """Copy ``source`` into the library. Returns (sha256, stored path, whether a new file was made)."""
    source = Path(source)
    size = check_source(source)
    progress = progress or Progress()
    progress.start(max(1, -(-size // CHUNK)), f"Copying {source.name}")
    folder = files_dir(ctx)
    digest = hashlib.sha256()
    handle, temp_name = tempfile.mkstemp(prefix=".copy-", dir=folder)
    temp = Path(temp_name)
    try:
        written = 0
        with os.fdopen(handle, "wb") as out, open(source, "rb") as src:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                if written > MAX_FILE_BYTES:
                    raise UserError(f"Cannot add an offline copy: {source.name} grew past "
                                    f"{describe_size(MAX_FILE_BYTES)} while being copied.")
                digest.update(chunk)
                out.write(chunk)
                progress.step()
        target = folder / f"{digest.hexdigest()}{_suffix(source.name)}"
        if target.exists():
            temp.unlink()
            return digest.hexdigest(), target, False
        os.chmod(temp, 0o644)
        os.replace(temp, target)
        return digest.hexdigest(), target, True
    except OSError as exc:
        raise UserError(f"Cannot add an offline copy of {source.name}: {exc.strerror or exc}.") from exc
    finally:
        temp.unlink(missing_ok=True)


def add_offline_copy(ctx: AppContext, resource_id: int, source: Path, progress: Progress | None = None) -> str:
    """Keep a copy of ``source`` with the resource; returns the SHA-256. Undo puts back the previous copy."""
    _require(ctx, resource_id)
    copied = copy_into_library(ctx, source, progress)
    attach_copy(ctx, resource_id, Path(source).name, copied)
    return copied[0]


def attach_copy(ctx: AppContext, resource_id: int, file_name: str, copied: tuple[str, Path, bool]) -> None:
    """Second half of adding a copy (the GUI runs the copy in a worker, this on its own thread)."""
    content_hash, target, created = copied
    try:
        with ctx.session() as s:
            row = s.get(Resource, resource_id)
            if row is None:
                raise UserError(f"There is no resource with id {resource_id}.")
            before = (row.file_name, row.content_hash)
            row.file_name = file_name[:300]
            row.content_hash = content_hash
            audit.record(s, "add offline copy", "resource", resource_id, file=row.file_name, sha256=content_hash)
            written = written_row(s, row, row.title)
    except BaseException:
        if created:
            target.unlink(missing_ok=True)
        raise
    ctx.undo.push(UndoStep(f"add offline copy {file_name}",
                           lambda: _set_copy(ctx, resource_id, *before, action="undo add offline copy"), written))


def _require(ctx: AppContext, resource_id: int) -> None:
    with ctx.session() as s:
        if s.get(Resource, resource_id) is None:
            raise UserError(f"There is no resource with id {resource_id}.")


def remove_offline_copy(ctx: AppContext, resource_id: int) -> None:
    """Forget the resource's offline copy (the file stays, so undo can bring it back)."""
    _require(ctx, resource_id)
    with ctx.session() as s:
        row = s.get(Resource, resource_id)
        before = (row.file_name, row.content_hash)
    written = _set_copy(ctx, resource_id, None, None, action="remove offline copy")
    ctx.undo.push(UndoStep("remove offline copy", lambda: _set_copy(ctx, resource_id, *before,
                                                                      action="undo remove offline copy"), written))


def _set_copy(ctx: AppContext, resource_id: int, file_name: str | None, content_hash: str | None,
              *, action: str) -> list:
    """Returns the row as written (versions.Written), for the undo guard."""
    with ctx.session() as s:
        row = s.get(Resource, resource_id)
        if row is None:
            return []
        row.file_name, row.content_hash = file_name, content_hash
        audit.record(s, action, "resource", resource_id)
        return written_row(s, row, row.title)


def open_target(ctx: AppContext, resource_id: int, prefer: str = "file") -> OpenTarget:
    """What "Open" should show: the offline copy (checked against its hash name) or the link."""
    with ctx.session() as s:
        row = s.get(Resource, resource_id)
        if row is None:
            raise UserError(f"There is no resource with id {resource_id}.")
        title, url, file_name, content_hash = row.title, row.url, row.file_name, row.content_hash
    copy = stored_path(ctx, content_hash, file_name) if content_hash else None
    if prefer == "link" and url:
        return OpenTarget("link", url)
    if copy is not None and copy.is_file():
        return OpenTarget("file", str(copy))
    if url:
        return OpenTarget("link", url)
    if copy is not None:
        raise UserError(f"The offline copy of {title!r} ({file_name}) is missing from {copy.parent}; "
                        "add it again with \"Add offline copy…\".")
    raise UserError(f"{title!r} has no offline copy and no link to open.")
