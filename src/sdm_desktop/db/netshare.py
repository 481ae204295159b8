"""Is a path on a network share? SQLite's locking is unreliable there."""

from __future__ import annotations

import os
from pathlib import Path

NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "9p", "fuse.sshfs",
    "sshfs", "davfs", "fuse.davfs2", "ncpfs", "glusterfs", "ceph", "fuse.rclone",
}
DRIVE_REMOTE = 4  # what Windows' GetDriveTypeW returns for a network drive


def is_network_path(path: Path) -> bool:
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    if os.name == "nt":  # pragma: no cover - exercised on Windows
        return _windows_drive_is_remote(path)
    return filesystem_type(path, read_mounts()) in NETWORK_FILESYSTEMS


def read_mounts(mounts_file: str = "/proc/mounts") -> list[tuple[str, str]]:
    try:
        with open(mounts_file, encoding="utf-8", errors="replace") as handle:
            rows = [line.split() for line in handle]
    except OSError:
        return []
    return [(_unescape(row[1]), row[2]) for row in rows if len(row) >= 3]


def filesystem_type(path: Path, mounts: list[tuple[str, str]]) -> str | None:
    target = str(Path(os.path.abspath(path)))
    best, best_type = "", None
    for mount_point, fs_type in mounts:
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, fs_type
    return best_type


def _unescape(field: str) -> str:
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")


def _windows_drive_is_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(path))[0]
    if not drive:
        return False
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE
