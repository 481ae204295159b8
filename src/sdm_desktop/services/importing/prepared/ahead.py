"""Reading a big people file in a second process, a chunk ahead of the rows being written.

Reading the file and checking its rows is half of an import's work, and needs nothing from the database but
the organisations' names; writing is the other half. On a machine with a second core, a file of
``READ_AHEAD_FROM`` rows or more is read and checked by a helper process while this one writes what it has
already handed over: the same results, in the same order, as ``rows.prepared_here``.

- The helper is started afresh for each import ("spawn", as on Windows: never a fork of a process whose other
  threads may hold locks) and stopped when the import ends, is cancelled or fails.
- The plan crosses to it with its workbook, which opens the file again there and keeps what planning already
  worked out of it (the sheet's first pass, the string table: ``XlsxBook.__reduce__``), so the helper starts
  reading rows at once.
- It is at most one chunk ahead (it waits until the last chunk is taken), so its memory stays small whatever
  the file's size.
- What the file's reading raises (a damaged workbook half-way) is raised here, as reading it here would.
- It is started with small arguments only and sent the plan over its own pipe, so a helper that dies at once
  breaks the pipe instead of leaving this process waiting; while it is awaited, the import's Cancel is heard.
- If the helper cannot be started, or stops before handing over any row, the rows are read here instead; one
  that stops later is reported, and nothing is stored.
- A workbook saved again or replaced after it was checked is refused by the helper (``xlsx.book.reopened``).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from datetime import date

from sdm_desktop.child_process import message_ready
from sdm_desktop.errors import UserError
from sdm_desktop.services.importing.person_rows import PersonRows
from sdm_desktop.services.importing.plan import ImportPlan
from sdm_desktop.services.importing.prepared.rows import Prepared, prepared_here
from sdm_desktop.services.importing.row_cells import RowCells

READ_AHEAD_FROM = 20_000        # rows: below this, starting the helper (about a second) costs more than it saves
CHUNK = 2_000                   # rows handed over at a time
WAIT = 0.1                      # seconds between looks at whether the import was cancelled
HELPER_NAME = "sdm-desktop import reading"


def worth_reading_ahead(plan: ImportPlan) -> bool:
    return plan.source.estimated_rows >= READ_AHEAD_FROM and _cores() > 1


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def prepared_rows(plan: ImportPlan, cells: RowCells, people: PersonRows,
                  on_wait: Callable[[], None] = lambda: None, updates: bool = True) -> Iterator[Prepared]:
    """Every people row of the file, prepared: ahead in a helper process when that pays, else here.
    ``on_wait()`` is called every ``WAIT`` seconds while the helper is awaited (it may raise, e.g. to cancel)."""
    if not worth_reading_ahead(plan):
        return prepared_here(plan, cells, people, updates)
    return prepared_ahead(plan, people.organisations, people.today, on_wait,
                          fallback=lambda: prepared_here(plan, cells, people, updates), updates=updates)


def prepared_ahead(plan: ImportPlan, organisations: dict[str, tuple[int, str]], today: date,
                   on_wait: Callable[[], None], fallback: Callable[[], Iterator[Prepared]],
                   updates: bool = True) -> Iterator[Prepared]:
    """The rows as the helper prepares them. If it cannot be started, or stops before handing over any row, the
    rows are read here (``fallback``); a helper that stops later is an error, as rows are already written."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    helper = context.Process(target=_read_ahead, args=(theirs, CHUNK), daemon=True, name=HELPER_NAME)
    handed_over = False
    try:
        try:
            helper.start()                      # small arguments only: what spawn writes, a dead helper cannot block
            theirs.close()
            ours.send((plan, organisations, today, updates))    # a helper that stopped: a broken pipe here
        except Exception:  # noqa: BLE001 - not allowed to start a program, or a plan it cannot be given: read here
            yield from fallback()
            return
        while True:
            try:
                kind, payload = _receive(ours, helper, on_wait)
            except HelperStopped:
                if handed_over:
                    raise
                yield from fallback()
                return
            if kind == "failed":
                raise payload
            if kind == "end":
                helper.join(5)                  # it has sent everything and is ending by itself
                return
            handed_over = True
            yield from payload
    finally:
        _stop(helper)
        ours.close()
        theirs.close()


class HelperStopped(UserError):
    """The helper process ended without saying why (killed, or it could not start)."""


def _stop(helper) -> None:
    if helper.pid is None:
        return                                  # never started
    if helper.is_alive():
        helper.kill()
    helper.join(5)


def _receive(ours, helper, on_wait: Callable[[], None]):
    """The helper's next message, waiting for it or for the helper to end, whichever comes first."""
    while (ready := message_ready(ours, helper, WAIT)) is False:
        on_wait()
    if ready:                                   # what it sent before it ended is still read
        collecting = gc.isenabled()
        gc.disable()            # a chunk is some 100,000 new objects: collected once after, not 140 times unpickled
        try:
            return ours.recv()
        except (EOFError, OSError):
            helper.join(1)
        finally:
            if collecting:
                gc.enable()
    raise HelperStopped(f"The process reading the file stopped unexpectedly (status {helper.exitcode}); "
                        "nothing was imported.")


def _read_ahead(connection, chunk_size: int) -> None:
    """The helper process: the file's prepared rows, ``chunk_size`` at a time, then ("end", None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl+C reaches the import, which stops this process
    name = "The file"
    try:
        plan, organisations, today, updates = connection.recv()
        name = plan.source.path.name
        cells = RowCells(plan)
        people = PersonRows(cells.fields, organisations, today)
        _collect_less_often()
        chunk: list[Prepared] = []
        for prepared in prepared_here(plan, cells, people, updates):
            chunk.append(prepared)
            if len(chunk) == chunk_size:
                connection.send(("rows", chunk))
                chunk = []
        connection.send(("rows", chunk))
        outcome = ("end", None)
    except (BrokenPipeError, EOFError):
        return                                  # the import ended (cancelled or failed): nobody is listening
    except UserError as exc:
        outcome = ("failed", UserError(str(exc)))
    except Exception as exc:  # noqa: BLE001 - any failure goes back to be reported where the import runs
        outcome = ("failed", UserError(f"{name} could not be read ({exc.__class__.__name__}: {exc}); "
                                       "nothing was imported."))
    try:
        connection.send(outcome)
    except (BrokenPipeError, EOFError, OSError):
        pass
    finally:
        connection.close()


def _collect_less_often() -> None:
    """This process only reads: what it has made so far (modules, the file's rules) is set aside from collection,
    and the young objects are collected every 10,000 made rather than 700 (a row makes and drops dozens, nearly
    all freed at once). 5 to 7% of its time."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
