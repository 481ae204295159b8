"""Waiting for a message from a process this one started (the letters worker, the import's helper reading
ahead), without being fooled by one that has ended."""

from __future__ import annotations

from multiprocessing.connection import wait


def message_ready(connection, process, timeout: float) -> bool | None:
    """Whether a message from ``process`` on ``connection`` can be read within ``timeout`` seconds: True; False if
    none came yet; None if the process ended with nothing left to read. It wakes as soon as either happens. On
    Windows, polling a pipe whose other end is gone raises instead of reading as empty (CPython issue 85180):
    that too is None."""
    if not wait([connection, process.sentinel], timeout):
        return False
    try:
        if connection.poll():
            return True
    except (EOFError, OSError):
        pass
    process.join(1)
    return None
