"""Benchmark: logging a folder of 2,000 emails (.eml and copies of a real .msg; target ≤ 30 s).

Run: PYTHONPATH=src .venv/bin/python tests/benchmarks/bench_email_log.py
Prints the time to read and match (the preview), to log (one transaction, attachments kept as files), and
the GUI thread's longest stall while the same folder is read and logged in a background job beside an
offscreen window (2 ms timer ticks; on a busy machine it is inflated by other processes).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from email_helpers import SAMPLE_MSG, build  # noqa: E402
from sdm_desktop.services.email_log.addresses import save_team_addresses  # noqa: E402
from sdm_desktop.services.email_log.logbook import log_emails, preview_emails  # noqa: E402
from sdm_desktop.services.email_log.people import LogTarget  # noqa: E402
from sdm_desktop.services.opening import open_context  # noqa: E402
from sdm_desktop.services.register.people import PersonInput, create_person  # noqa: E402

MESSAGES = 2000
PEOPLE = 300


def make_folder(folder: Path) -> None:
    folder.mkdir()
    start = datetime(2026, 1, 5, 9, 0)
    for n in range(MESSAGES):
        if n % 10 == 9:                  # one in ten: the real Outlook .msg (a duplicate after the first)
            shutil.copy(SAMPLE_MSG, folder / f"outlook {n}.msg")
            continue
        who = n % (PEOPLE + 50)                           # some senders are not in the register
        html = f"<p>Message {n}</p><p>About the <b>PPG</b> meeting.</p>" if n % 3 == 0 else None
        attachments = [("minutes.pdf", b"%PDF" + bytes(2000), "application/pdf")] if n % 7 == 0 else []
        outgoing = n % 4 == 0
        data = build(sender="SDM Team <team@trust.nhs.uk>" if outgoing else f"Person {who} <p{who}@example.org>",
                     to=f"p{who}@example.org" if outgoing else "team@trust.nhs.uk", subject=f"Subject {n}",
                     body=f"Hello,\nmessage number {n}.\n\nOn Mon, someone wrote:\n> earlier\n> text\n",
                     html=html, when=start + timedelta(hours=n), message_id=f"<bench-{n}@example.org>",
                     attachments=attachments)
        (folder / f"message {n:04d}.eml").write_bytes(data)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_folder(tmp / "mail")
        ctx = prepare(tmp / "data")
        started, cpu = time.perf_counter(), time.process_time()
        preview = preview_emails(ctx, [tmp / "mail"])
        read = time.perf_counter() - started
        report = log_emails(ctx, preview, LogTarget(organisation_id=None))
        total = time.perf_counter() - started
        print(f"{MESSAGES:,} files: read and matched in {read:.1f} s; logged in {total - read:.1f} s; "
              f"total {total:.1f} s (target ≤ 30 s); CPU time {time.process_time() - cpu:.1f} s "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        print(f"  {report.summary()}")
        ctx.close()
        gui_stall(tmp)


def prepare(folder: Path):
    ctx = open_context(folder)
    save_team_addresses(ctx, ["team@trust.nhs.uk"])
    for n in range(PEOPLE):
        create_person(ctx, PersonInput(first_name="Person", last_name=f"P{n}", email=f"p{n}@example.org"),
                      undoable=False)
    return ctx


def gui_stall(tmp: Path) -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from sdm_desktop.app import build_window

    app = QApplication.instance() or QApplication([])
    ctx = prepare(tmp / "data2")
    window = build_window(ctx)
    window.show()
    ticks, clock = [], QElapsedTimer()
    clock.start()
    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    timer.start()
    done = []

    def job(progress):
        preview = preview_emails(ctx, [tmp / "mail"], progress)
        return log_emails(ctx, preview, LogTarget(organisation_id=None), progress=progress)

    started = time.perf_counter()
    window.env.jobs.run(job, label="Logging", on_done=done.append, show_progress=False)
    while not done:
        app.processEvents()
        time.sleep(0.001)
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    print(f"Beside the window: {done[0].logged:,} logged in {time.perf_counter() - started:.1f} s; "
          "GUI thread's longest stall "
          f"{max(gaps) if gaps else 0} ms over {len(ticks):,} ticks")
    timer.stop()
    window.close()
    ctx.close()


if __name__ == "__main__":
    main()
