"""The first hour, walked by keyboard in a real window: the app runs on an X server (Xvfb, 1366x768), xdotool
types as a user would, and a screenshot is taken after every step. Run it with keyboard_walk.sh (which starts
Xvfb); the pictures and walk.log go to the folder given (default /tmp/sdm-keyboard-walk).

The walk: the first-run welcome (Alt+M "Load the sample data", Enter); add a PPG and a person in it; assess the
group on the grid; an engagement plan with an activity for the group; a cohort with a session and the person
enrolled; letters written to the group. At the end the database is read to check each step was recorded; the
pictures are for a person to look at, one by one.

With no window manager the X focus is not handed back to the main window when a dialog closes; the walk does
that (``focus_main``) where a window manager would. Nothing else is done except through keys."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZE = (1366, 768)


class Walk:
    def __init__(self, out: Path):
        self.out = out
        self.home = Path(tempfile.mkdtemp(prefix="walk-home-"))
        self.data = Path(tempfile.mkdtemp(prefix="walk-data-"))
        self.log_lines: list[str] = []
        self.step_no = 0
        self.app: subprocess.Popen | None = None

    # --- the user's hands -------------------------------------------------------------------------
    def keys(self, *names: str, pause: float = 0.5) -> None:
        subprocess.run(["xdotool", "key", "--delay", "90", *names], check=True)
        time.sleep(pause)
        self.settle()

    def type(self, text: str, pause: float = 0.5) -> None:
        subprocess.run(["xdotool", "type", "--delay", "45", text], check=True)
        time.sleep(pause)
        self.settle()

    def settle(self, most: float = 6) -> None:
        """Wait until the screen stops changing (a view loading, a dialog opening) on a busy machine, as a
        user waits to see the result; a blinking text cursor does not count as a change."""
        end, last, calm = time.time() + most, None, 0
        while time.time() < end and calm < 2:
            now = self.bands()
            calm = calm + 1 if last is not None and sum(a != b for a, b in zip(now, last, strict=True)) <= 4 else 0
            last = now
            time.sleep(0.3)

    @staticmethod
    def bands() -> list[int]:
        """The screen as 96 checksums of horizontal bands (a text cursor spans up to three)."""
        raw = subprocess.run(["xwd", "-root", "-silent"], capture_output=True, check=True).stdout
        step = len(raw) // 96 + 1
        return [zlib.crc32(raw[i:i + step]) for i in range(0, len(raw), step)]

    def main_window(self) -> str:
        for _ in range(60):
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "SDM Desktop — "],
                                   capture_output=True, text=True).stdout.split()
            if found:
                return found[0]
            time.sleep(0.5)
        raise RuntimeError("the main window did not appear")

    def focus_main(self) -> None:
        """What a window manager does when a dialog closes: the main window has the keyboard again."""
        subprocess.run(["xdotool", "windowfocus", self.main_window()], check=True)
        time.sleep(0.4)

    def shot(self, what: str) -> None:
        self.step_no += 1
        name = f"{self.step_no:02d}-{what}.png"
        xwd = subprocess.run(["xwd", "-root", "-silent"], capture_output=True, check=True).stdout
        subprocess.run(["convert", "xwd:-", f"png:{self.out / name}"], input=xwd, check=True)
        self.log(f"{name}: {what.replace('-', ' ')}")

    def log(self, line: str) -> None:
        print(line, flush=True)
        self.log_lines.append(line)

    # --- the app ----------------------------------------------------------------------------------
    def start(self) -> None:
        env = dict(os.environ, HOME=str(self.home), XDG_CONFIG_HOME=str(self.home / ".config"),
                   XDG_DATA_HOME=str(self.home / ".local/share"), PYTHONPATH=str(ROOT / "src"),
                   QT_QPA_PLATFORM="xcb")
        env.pop("CI", None)                       # the welcome is walked once
        self.app_log = (self.out / "app.log").open("w")
        self.app = subprocess.Popen([sys.executable, "-m", "sdm_desktop", "--data-dir", str(self.data)], env=env,
                                    stdout=self.app_log, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.app is not None and self.app.poll() is None:
            self.app.terminate()
            try:
                self.app.wait(15)
            except subprocess.TimeoutExpired:
                self.app.kill()
        if self.app is not None:
            self.app_log.close()

    def count(self, sql: str, *args) -> int:
        with sqlite3.connect(f"file:{self.data / 'sdm-desktop.sqlite3'}?mode=ro", uri=True) as db:
            return db.execute(sql, args).fetchone()[0]

    def wait_for(self, sql: str, *args, seconds: float = 60) -> int:
        end = time.time() + seconds
        while time.time() < end:
            try:
                found = self.count(sql, *args)
                if found:
                    return found
            except sqlite3.Error:
                pass
            time.sleep(0.5)
        return 0


def welcome(w: Walk) -> None:
    time.sleep(6)
    w.shot("welcome")
    w.keys("alt+m")                               # Load the sample data
    w.shot("welcome-sample-data-chosen")
    w.keys("Return")                              # Start (it was Skip: an empty start)
    # the sample data is loaded in one job under a progress box: the walk goes on once it is all there
    assert w.wait_for("select count(*) from setting where key = 'demo.loaded'", seconds=180), \
        "the sample data was not loaded"
    time.sleep(2)
    w.settle()
    window = w.main_window()
    subprocess.run(["xdotool", "windowmove", window, "0", "0", "windowsize", window, str(SIZE[0]), str(SIZE[1])],
                   check=True)
    time.sleep(3)
    w.focus_main()
    w.shot("home-with-sample-data")


def add_ppg_and_person(w: Walk) -> None:
    w.keys("ctrl+2", pause=2)
    w.keys("ctrl+n", pause=1)                     # New organisation or group: the cursor in Name
    w.type("Riverside Surgery Patient Participation Group")
    w.keys("Tab")
    w.type("Pati")                                # the Type list jumps to Patient Participation Group (PPG)
    w.keys("Tab", "Tab")                          # ODS code, Address line 1
    w.type("2 Mill Lane")
    w.keys("Tab", "Tab", "Tab")                   # Address lines 2 and 3, Town
    w.type("Fernbridge")
    w.keys("Tab", "Tab")                          # County, Postcode
    w.type("EX17 2JZ")
    w.shot("new-ppg-filled-in")
    w.keys("ctrl+s", pause=2)
    w.shot("new-ppg-saved-with-its-timeline")
    w.keys("ctrl+shift+n", pause=1.5)             # New person, from the Organisations tab
    w.type("Priya")
    w.keys("Tab")
    w.type("Okonkwo")
    w.keys("Tab")
    w.type("PPG member")
    w.keys("Tab", "space", "Tab")                 # Patient representative ticked, Participant type
    w.type("Pat")
    w.keys("alt+u", pause=0.5)                    # Add to a group
    w.type("Riverside", pause=1.5)
    w.shot("group-suggestions-named-first")
    w.keys("Down", "Return", pause=0.5)           # the first suggestion…
    w.keys("Return", pause=1)                     # …joined with Enter
    w.shot("person-joined-the-ppg")
    w.keys("Tab", "Tab", "Tab", "Tab")            # role, Join, Remove, Email
    w.type("priya.okonkwo@example.org")
    w.keys("Tab")
    w.type("07700 900123")
    w.keys("Tab")
    w.type("3 Mill Lane")
    w.keys("Tab", "Tab", "Tab", "Tab", "Tab")     # Address lines 2 and 3, Town, County, Postcode
    w.type("EX17 3AB")
    w.keys(*["Tab"] * 7)                          # channel, access needs, Do not contact
    w.keys("Tab", "space", "Tab")                 # Consents to be contacted; its date
    w.type("1/12/26")
    w.keys("Tab")
    w.type("signed form")
    w.shot("person-consent-date-read-as-1-december-2026")
    w.keys("ctrl+s", pause=2)
    w.shot("person-saved")


def assess(w: Walk) -> None:
    w.keys("ctrl+3", pause=3)
    w.shot("analysis-grid-at-1366x768")
    w.keys("alt+a", pause=1.5)                    # New assessment…
    w.type("Riverside", pause=1)
    w.keys("Return", pause=1)                     # Find: the matches, the focus on the stakeholder chosen
    w.shot("assessment-stakeholder-named-first")
    w.keys("Tab", "Tab", "Tab", "ctrl+a")         # Date, Round, Influence
    w.type("2")
    w.keys("Tab", "ctrl+a")
    w.type("5")
    w.keys("Tab")
    w.type("Sup")
    w.keys("Tab")
    w.type("C")
    w.keys("Tab")
    w.type("Inv")
    w.keys("Tab", "Tab", "Tab")                   # Commitment now and target, Rationale
    w.type("New PPG, keen to help with patient leaflets.")
    w.shot("assessment-filled-in")
    w.keys("ctrl+s", pause=2)                     # saves from the rationale (Alt+S went to Stakeholder)
    w.focus_main()
    w.shot("assessment-highlighted-on-the-grid")


def plan_with_activity(w: Walk) -> None:
    w.keys("ctrl+4", pause=2.5)
    w.keys("ctrl+n", pause=1.5)                   # New plan…
    w.type("Riverside PPG leaflet review")
    w.keys("Tab")
    w.type("Ask the Riverside PPG to review the new patient leaflets.")
    w.keys("Tab")
    w.type("Priya Shah")
    w.keys("Tab")
    w.type("1/1/27")
    w.keys("Tab")
    w.type("31.3.2027")
    w.keys("Tab")
    w.type("A")                                   # Active
    w.keys("Tab", "Tab", "space")                 # Service design and evaluation
    w.shot("plan-dates-as-typed")
    w.keys("ctrl+s", pause=2)
    w.focus_main()
    w.keys("alt+a", pause=1.5)                    # New activity…
    w.type("Leaflet review meeting with Riverside PPG")
    w.keys("alt+d")                               # Planned date
    w.type("20/01/2027")
    w.keys("Tab", "Tab", "Tab", "Tab")            # Ends, Status, Targets, the group finder
    w.type("Riverside Surgery", pause=1.5)
    w.keys("Down", "Return", pause=0.5)
    w.keys("Return", pause=1)                     # added as a target
    w.keys("alt+b")
    w.type("150")
    w.shot("activity-filled-in")
    w.keys("ctrl+s", pause=2)
    w.focus_main()
    w.shot("plan-with-its-activity")


def enrol(w: Walk) -> None:
    w.keys("ctrl+5", pause=3)
    w.keys("alt+g", "alt+Down", pause=0.8)        # Programme list
    w.keys("Down", "Return", pause=2)             # SDM train-the-trainer
    w.keys("alt+w", pause=1)                      # New cohort: the cursor in Name
    w.type("Train-the-trainer — Spring 2027")
    w.keys("Tab")
    w.type("3/2/27")
    w.keys("Tab")
    w.type("24/2/27")
    w.keys("Tab")
    w.type("Riverside Surgery meeting room")
    w.shot("new-cohort-filled-in")
    w.keys("alt+r", pause=2.5)                    # Save cohort
    w.keys(*["Tab"] * 8)                          # …to the new session's time
    w.type("14:00")
    w.keys("Tab", "Tab")
    w.type("Why shared decisions matter")
    w.keys("Return", pause=1.5)
    w.shot("cohort-with-a-session")
    w.keys("alt+p", pause=1.5)                    # Participants
    w.keys("alt+n", pause=1.5)                    # Enrol people…
    w.type("Okonkwo", pause=1.5)
    w.keys("Return", pause=2)
    w.focus_main()
    w.shot("person-enrolled")


def letters(w: Walk) -> None:
    w.keys("ctrl+6", pause=3)
    w.keys("alt+j")                               # Just this group
    w.type("Riverside", pause=1.5)
    w.keys("Down", "Return", pause=2.5)
    w.keys("Tab", "Tab", "Tab", "Tab")            # to the mailing's details
    w.type("Leaflet review meeting")
    w.keys("Tab")
    w.type("Wednesday 20 January, 6pm")
    w.keys("Tab")
    w.type("Riverside Surgery meeting room")
    w.keys("Tab")
    w.type("Friday 15 January")
    w.shot("letters-to-just-this-group")
    w.keys("alt+r", pause=2)                      # Write letters…
    w.shot("write-1-letter-question")
    w.keys("Return", pause=5)
    w.shot("letters-written")
    w.keys("Escape", pause=1)


def recorded(w: Walk) -> list[str]:
    """What the database holds after the walk; an empty list when every step was recorded."""
    missing = []
    checks = {
        "the PPG with its address": ("select count(*) from organisation where name = ? and address_line1 = ?",
                                     "Riverside Surgery Patient Participation Group", "2 Mill Lane"),
        "the person in the PPG, consent dated 1 Dec 2026": (
            "select count(*) from person p join membership m on m.person_id = p.id join organisation o on "
            "o.id = m.organisation_id where p.last_name = ? and o.name like ? and p.consent_contact_date = ?",
            "Okonkwo", "Riverside Surgery%", "2026-12-01"),
        "the assessment 2/5 supportive": (
            "select count(*) from assessment a join organisation o on o.id = a.organisation_id where "
            "o.name like ? and a.influence = 2 and a.interest = 5 and a.attitude = ?", "Riverside Surgery%",
            "supportive"),
        "the plan 1 Jan – 31 Mar 2027": ("select count(*) from engagement_plan where title = ? and start_date = ? "
                                         "and end_date = ?", "Riverside PPG leaflet review", "2027-01-01",
                                         "2027-03-31"),
        "the activity on 20 Jan 2027 aimed at the PPG": (
            "select count(*) from activity a join activity_target t on t.activity_id = a.id join organisation o "
            "on o.id = t.organisation_id where a.planned_date = ? and o.name like ? and a.budget_pence = 15000",
            "2027-01-20", "Riverside Surgery%"),
        "the cohort's session at 14:00": ("select count(*) from training_session where topic = ? and starts_at "
                                          "like ?", "Why shared decisions matter", "2027-02-03 14:00%"),
        "the enrolment": ("select count(*) from enrolment e join person p on p.id = e.person_id join cohort c on "
                          "c.id = e.cohort_id where p.last_name = ? and c.name = ?", "Okonkwo",
                          "Train-the-trainer — Spring 2027"),
        "one letter to the PPG": ("select count(*) from letter l join organisation o on o.id = l.organisation_id "
                                  "where o.name like ?", "Riverside Surgery%"),
    }
    for what, (sql, *args) in checks.items():
        try:
            ok = w.count(sql, *args) > 0
        except sqlite3.Error as exc:
            ok = False
            what = f"{what} ({exc})"
        w.log(("recorded: " if ok else "MISSING: ") + what)
        if not ok:
            missing.append(what)
    return missing


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/sdm-keyboard-walk")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    w = Walk(out)
    w.start()
    try:
        for part in (welcome, add_ppg_and_person, assess, plan_with_activity, enrol, letters):
            w.log(f"--- {part.__name__.replace('_', ' ')}")
            part(w)
    finally:
        w.stop()
    missing = recorded(w)
    (out / "walk.log").write_text("\n".join(w.log_lines) + "\n", encoding="utf-8")
    shutil.rmtree(w.home, ignore_errors=True)
    print(f"Pictures and walk.log in {out}; data folder kept in {w.data}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
