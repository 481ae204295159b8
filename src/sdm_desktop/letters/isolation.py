"""Templates are checked and letters filled in by a separate process that the system holds to a memory limit,
and that is stopped when it takes too long.

The sandbox (``letters.sandbox``, ``letters.budget``) bounds what a template can ask for, on every
system; this is the second wall, for whatever slips past it (a comparison or hash of nested values
that runs for hours inside one C call, an allocation the estimates missed). One worker process is
started when first needed and kept for the next check or mailing (starting one takes about as long
as importing the Word libraries, a second or so); it is stopped and replaced when a job overruns,
runs out of memory or is cancelled.

Limits the operating system enforces:

- memory: ``RLIMIT_AS`` (address space) on Linux; macOS accepts the call but does not enforce
  it. On Windows a Job Object would be needed, which is not implemented (it cannot be tested here):
  on Windows and macOS the memory bound is the sandbox's own size checks alone;
- time: on every system the worker is killed when a step (compiling the template, one letter,
  combining the letters) goes on for longer than ``STEP_SECONDS`` without reporting progress.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from collections.abc import Callable

from sdm_desktop.child_process import message_ready
from sdm_desktop.letters.compiled import LetterRenderError

MEMORY_LIMIT = 1024 * 1024 * 1024   # bytes of address space for the worker (it needs about 40 MB to start)
STEP_SECONDS = 20.0                  # a step with no news is stopped; one letter takes milliseconds

try:
    import resource
except ImportError:        # Windows: no setrlimit (a Job Object would do it; see the module's text)
    resource = None


class TemplateOverrun(LetterRenderError):
    """The worker was stopped: it took too long, ran out of memory or ended unexpectedly."""


TOO_LONG = ("{doing} took longer than {seconds:g} seconds and was stopped; the template asks for far more "
            "work than a letter needs")
TOO_MUCH_MEMORY = ("{doing} needed more than {megabytes:,} MB of memory and was stopped; the template asks "
                   "for far more than a letter needs")


def _limit_memory(limit: int) -> None:
    if resource is not None and hasattr(resource, "RLIMIT_AS"):
        with contextlib.suppress(ValueError, OSError):      # a lower limit already set, or a system that refuses
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(connection, memory_limit: int) -> None:
    """The worker: run each job sent, reporting its steps, its result, or what went wrong."""
    _limit_memory(memory_limit)

    def step(label: str = "") -> None:
        connection.send(("step", label))

    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = ("done", function(*args, step=step))
        except MemoryError:
            outcome = ("memory", None)
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the caller to be reported
            outcome = ("failed", exc)
        del function, args
        try:
            connection.send(outcome)
        except MemoryError:
            connection.send(("memory", None))
        except Exception as exc:  # noqa: BLE001 - one that cannot be pickled goes back as text
            connection.send(("failed", LetterRenderError(f"{outcome[1]} ({exc})")))


class _Worker:
    def __init__(self):
        context = multiprocessing.get_context("spawn")      # never fork: the window's threads hold locks
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, MEMORY_LIMIT), daemon=True,
                                       name="sdm-desktop letters")
        self.process.start()
        child.close()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


_WORKER: _Worker | None = None
_LOCK = threading.Lock()


def _worker() -> _Worker:
    global _WORKER
    if _WORKER is None or not _WORKER.process.is_alive():
        _WORKER = _Worker()
    return _WORKER


def _discard_worker() -> None:
    global _WORKER
    if _WORKER is not None:
        _WORKER.stop()
        _WORKER = None


def stop_worker() -> None:
    """Stop the worker now (it is otherwise stopped when the program ends)."""
    with _LOCK:
        _discard_worker()


def run_isolated(function: Callable, *args, doing: str, on_step: Callable[[str], None] | None = None,
                 on_wait: Callable[[], None] | None = None, seconds: float | None = None):
    """``function(*args, step=…)`` run in the worker; returns its result or raises its exception.

    ``doing`` names the job for messages ("Checking the template X"). ``on_step(label)`` is called for
    each step the worker reports, ``on_wait()`` every tenth of a second meanwhile (both may raise, e.g.
    to cancel: the worker is then stopped). A step longer than ``seconds`` stops the worker."""
    limit = STEP_SECONDS if seconds is None else seconds
    with _LOCK:
        worker = _worker()
        finished = False
        try:
            worker.connection.send((function, args))
            deadline = time.monotonic() + limit
            while True:
                ready = message_ready(worker.connection, worker.process, 0.1)
                if ready:
                    kind, payload = _receive(worker, doing)
                    if kind == "step":
                        deadline = time.monotonic() + limit
                        if on_step is not None:
                            on_step(payload)
                        continue
                    finished = kind != "memory"
                    if kind == "done":
                        return payload
                    if kind == "memory":
                        raise TemplateOverrun(TOO_MUCH_MEMORY.format(doing=doing, megabytes=MEMORY_LIMIT >> 20))
                    raise payload
                if time.monotonic() > deadline:
                    raise TemplateOverrun(TOO_LONG.format(doing=doing, seconds=limit))
                if ready is None:
                    raise TemplateOverrun(_ended(doing, worker.process.exitcode))
                if on_wait is not None:
                    on_wait()
        finally:
            if not finished:
                _discard_worker()


def _receive(worker: _Worker, doing: str):
    try:
        return worker.connection.recv()
    except (EOFError, OSError) as exc:
        worker.process.join(1)
        raise TemplateOverrun(_ended(doing, worker.process.exitcode)) from exc


def _ended(doing: str, exitcode: int | None) -> str:
    """The worker ended without an answer: on Linux, most likely the memory limit (a C library that could
    not allocate aborts instead of raising MemoryError)."""
    return (TOO_MUCH_MEMORY.format(doing=doing, megabytes=MEMORY_LIMIT >> 20)
            + f" (the worker ended with status {exitcode})")
