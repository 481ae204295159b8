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
- If the helper cannot be started, the rows are read here instead.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Iterator
from datetime import date

from sdm_desktop.errors import UserError
from sdm_desktop.services.importing.person_rows import PersonRows
from sdm_desktop.services.importing.plan import ImportPlan
from sdm_desktop.services.importing.prepared.rows import Prepared, prepared_here
from sdm_desktop.services.importing.row_cells import RowCells

READ_AHEAD_FROM = 20_000        # rows: below this, starting the helper (about a second) costs more than it saves
CHUNK = 2_000                   # rows handed over at a time
WAIT = 0.5                      # seconds between looks at whether a silent helper is still running


def worth_reading_ahead(plan: ImportPlan) -> bool:
    return plan.source.estimated_rows >= READ_AHEAD_FROM and _cores() > 1


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def prepared_rows(plan: ImportPlan, cells: RowCells, people: PersonRows) -> Iterator[Prepared]:
    """Every people row of the file, prepared: ahead in a helper process when that pays, else here."""
    if not worth_reading_ahead(plan):
        return prepared_here(plan, cells, people)
    return prepared_ahead(plan, people.organisations, people.today,
                          fallback=lambda: prepared_here(plan, cells, people))


def prepared_ahead(plan: ImportPlan, organisations: dict[str, tuple[int, str]], today: date,
                   fallback: Callable[[], Iterator[Prepared]] | None = None) -> Iterator[Prepared]:
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    helper = context.Process(target=_read_ahead, args=(plan, organisations, today, sender),
                             daemon=True, name="sdm-desktop import reading")
    try:
        helper.start()
    except (OSError, pickle.PicklingError):       # not allowed to start a program, or a plan it cannot be given
        receiver.close()
        sender.close()
        if fallback is None:
            raise
        yield from fallback()
        return
    sender.close()
    ended = False
    try:
        while True:
            kind, payload = _receive(receiver, helper)
            if kind == "rows":
                yield from payload
            elif kind == "failed":
                raise payload
            else:
                ended = True
                return
    finally:
        if ended:
            helper.join(5)                      # it has sent everything and is ending by itself
        if helper.is_alive():
            helper.kill()
            helper.join(5)
        receiver.close()


def _receive(receiver, helper):
    while not receiver.poll(WAIT):
        if not helper.is_alive() and not receiver.poll():
            raise _stopped(helper)
    collecting = gc.isenabled()
    gc.disable()            # a chunk is some 100,000 new objects: collected once after, not 140 times while unpickled
    try:
        return receiver.recv()
    except (EOFError, OSError) as exc:
        helper.join(1)
        raise _stopped(helper) from exc
    finally:
        if collecting:
            gc.enable()


def _stopped(helper) -> UserError:
    return UserError(f"The process reading the file stopped unexpectedly (status {helper.exitcode}); "
                     "nothing was imported.")


def _read_ahead(plan: ImportPlan, organisations: dict[str, tuple[int, str]], today: date, sender) -> None:
    """The helper process: the file's prepared rows, a chunk at a time, then ("end", None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl+C reaches the import, which stops this process
    try:
        cells = RowCells(plan)
        people = PersonRows(cells.fields, organisations, today)
        _collect_less_often()
        chunk: list[Prepared] = []
        for prepared in prepared_here(plan, cells, people):
            chunk.append(prepared)
            if len(chunk) == CHUNK:
                sender.send(("rows", chunk))
                chunk = []
        sender.send(("rows", chunk))
        outcome = ("end", None)
    except (BrokenPipeError, EOFError):
        return                                  # the import ended (cancelled or failed): nobody is listening
    except UserError as exc:
        outcome = ("failed", UserError(str(exc)))
    except Exception as exc:  # noqa: BLE001 - any failure goes back to be reported where the import runs
        outcome = ("failed", UserError(f"{plan.source.path.name} could not be read "
                                       f"({exc.__class__.__name__}: {exc}); nothing was imported."))
    try:
        sender.send(outcome)
    except (BrokenPipeError, EOFError, OSError):
        pass
    finally:
        sender.close()


def _collect_less_often() -> None:
    """This process only reads: what it has made so far (modules, the file's rules) is set aside from collection,
    and the young objects are collected every 10,000 made rather than 700 (a row makes and drops dozens, nearly
    all freed at once). 5 to 7% of its time."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
