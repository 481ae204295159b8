"""Calendars out: .ics files parsed back with icalendar: Europe/London times with the VTIMEZONE,
UID kept and SEQUENCE raised on update, METHOD:CANCEL, one invitation per person, no-contact left out."""

from __future__ import annotations

import email
import email.policy
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from email_helpers import make_activity
from helpers import make_person
from sdm_desktop.cli import main
from sdm_desktop.errors import UserError
from sdm_desktop.services.calendar.export import activity_calendar, cohort_calendar, followups_calendar
from sdm_desktop.services.engagement.activities import get_activity, update_activity
from sdm_desktop.services.engagement.interactions import InteractionInput, create_interaction
from sdm_desktop.services.letters.templates import save_sender_details
from sdm_desktop.services.training import sessions as training_sessions
from sdm_desktop.services.training.cohorts import SessionInput
from sdm_desktop.services.training.enrolment import enrol
from training_helpers import make_cohort, make_programme, session_ids

LONDON = ZoneInfo("Europe/London")


def _read(path):
    return icalendar.Calendar.from_ical(path.read_bytes())


def _events(path):
    return list(_read(path).walk("VEVENT"))


@pytest.fixture
def cohort(ctx):
    save_sender_details(ctx, {"sender_name": "Sam Okafor", "sender_email": "sdm.team@example.nhs.uk"})
    cohort_id = make_cohort(ctx, make_programme(ctx), name="Spring 2026", sessions=2,
                            start=datetime(2026, 3, 23, 10, 0))        # clocks go forward on 29 March
    ok = make_person(ctx, "Able", "Ann", email="ann@example.org")
    no_contact = make_person(ctx, "Barred", "Ben", email="ben@example.org", do_not_contact=True)
    no_email = make_person(ctx, "Chalk", "Cy")
    for person in (ok, no_contact, no_email):
        enrol(ctx, cohort_id, person)
    return cohort_id


def test_cohort_files_times_timezone_and_invitations(ctx, cohort, tmp_path):
    report = cohort_calendar(ctx, "spring 2026", tmp_path / "cal")
    names = sorted(p.relative_to(tmp_path / "cal").as_posix() for p in report.files)
    assert names == ["Spring 2026 - all sessions.ics", "Spring 2026 - session 1 - 2026-03-23.ics",
                     "Spring 2026 - session 2 - 2026-03-30.ics", "invitations/Ann Able (1).ics"]
    assert report.left_out == [("Ben Barred", "marked do not contact"), ("Cy Chalk", "no email address")]
    everything = _read(tmp_path / "cal" / "Spring 2026 - all sessions.ics")
    assert everything["METHOD"] == "PUBLISH"
    assert [tz["TZID"] for tz in everything.walk("VTIMEZONE")] == ["Europe/London"]
    first, second = _events(tmp_path / "cal" / "Spring 2026 - all sessions.ics")
    assert first.start == datetime(2026, 3, 23, 10, 0, tzinfo=LONDON)
    assert first.start.utcoffset() == timedelta(0) and second.start.utcoffset() == timedelta(hours=1)
    assert first.end - first.start == timedelta(minutes=120)
    assert first["LOCATION"] == "Fernbridge Hall" and "Part 1" in first["SUMMARY"]
    assert str(first["ORGANIZER"]) == "mailto:sdm.team@example.nhs.uk"
    assert "ATTENDEE" not in first
    invitation = _read(tmp_path / "cal" / "invitations" / "Ann Able (1).ics")
    assert invitation["METHOD"] == "REQUEST"
    for event in invitation.walk("VEVENT"):
        assert str(event["ATTENDEE"]) == "mailto:ann@example.org"       # only her own address
    assert b"ben@example.org" not in b"".join(p.read_bytes() for p in report.files)
    draft = email.message_from_bytes((tmp_path / "cal" / "invitations" / "Ann Able (1).eml").read_bytes(),
                                     policy=email.policy.default)
    assert draft["X-Unsent"] == "1" and draft["To"] == "Ann Able <ann@example.org>"
    assert draft["Subject"] == "Invitation: Spring 2026" and "Part 1" in draft.get_body().get_content()
    [carried] = draft.iter_attachments()
    assert carried.get_content_type() == "text/calendar" and carried.get_param("method") == "REQUEST"
    assert icalendar.Calendar.from_ical(carried.get_content())["METHOD"] == "REQUEST"


def test_update_keeps_uid_raises_sequence_and_deleted_session_is_cancelled(ctx, cohort, tmp_path):
    cohort_calendar(ctx, "Spring 2026", tmp_path / "v1")
    before = {e["UID"]: int(e["SEQUENCE"]) for e in _events(tmp_path / "v1" / "Spring 2026 - all sessions.ics")}
    assert set(before.values()) == {0}
    first, second = session_ids(ctx, cohort)
    training_sessions.update_session(ctx, first, SessionInput(datetime(2026, 3, 24, 14, 0), 90, "Part 1"))
    cohort_calendar(ctx, "Spring 2026", tmp_path / "v2")
    after = _events(tmp_path / "v2" / "Spring 2026 - all sessions.ics")
    assert {e["UID"] for e in after} == set(before)
    moved = next(e for e in after if e.start.date() == date(2026, 3, 24))
    assert int(moved["SEQUENCE"]) == 1 and moved.start.hour == 14
    unchanged = next(e for e in after if e is not moved)
    assert int(unchanged["SEQUENCE"]) == 0
    training_sessions.delete_session(ctx, second)
    report = cohort_calendar(ctx, "Spring 2026", tmp_path / "v3")
    cancel = next(p for p in report.files if "cancelled" in p.name and "invitations" not in str(p.parent))
    calendar = _read(cancel)
    [event] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert event["UID"] == unchanged["UID"] and int(event["SEQUENCE"]) == 1
    personal = _read(tmp_path / "v3" / "invitations" / "Ann Able (1) - cancelled.ics")
    assert personal["METHOD"] == "CANCEL" and str(personal.walk("VEVENT")[0]["ATTENDEE"]) == "mailto:ann@example.org"
    assert report.cancelled == [unchanged["SUMMARY"]]


def test_activity_all_day_invitations_and_cancellation(ctx, tmp_path):
    from sdm_desktop.services.engagement.activities import TargetRef

    ok = make_person(ctx, "Able", "Ann", email="ann@example.org")
    barred = make_person(ctx, "Barred", "Ben", email="ben@example.org", do_not_contact=True)
    activity = make_activity(ctx, planned_date=date(2026, 7, 4),
                             targets=[TargetRef("person", ok), TargetRef("person", barred)])
    report = activity_calendar(ctx, activity, tmp_path / "event.ics")
    [event] = _events(tmp_path / "event.ics")
    assert event.start == date(2026, 7, 4) and event.end == date(2026, 7, 5)       # all-day
    assert report.invitations == 1 and report.left_out == [("Ben Barred", "marked do not contact")]
    assert (tmp_path / "event invitations" / f"Ann Able ({ok}).ics").is_file()
    data = get_activity(ctx, activity)
    data.status = "cancelled"
    update_activity(ctx, activity, data)
    activity_calendar(ctx, activity, tmp_path / "event.ics")
    calendar = _read(tmp_path / "event.ics")
    [again] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and again["UID"] == event["UID"] and int(again["SEQUENCE"]) == 1


def test_activity_without_a_date_is_refused(ctx, tmp_path):
    activity = make_activity(ctx)
    with pytest.raises(UserError, match="has no date"):
        activity_calendar(ctx, activity, tmp_path / "x.ics")


def test_followups_as_events_or_tasks(ctx, tmp_path):
    person = make_person(ctx, email="ann@example.org")
    create_interaction(ctx, InteractionInput(occurred_on=date(2026, 5, 1), channel="email", summary="Asked",
                                             action="Send the leaflet", due_on=date(2026, 5, 8), person_id=person))
    followups_calendar(ctx, tmp_path / "f.ics")
    [event] = _events(tmp_path / "f.ics")
    assert event.start == date(2026, 5, 8) and event["SUMMARY"] == "Follow up: Send the leaflet"
    followups_calendar(ctx, tmp_path / "t.ics", as_tasks=True)
    [task] = _read(tmp_path / "t.ics").walk("VTODO")
    assert task.decoded("DUE") == date(2026, 5, 8) and task["UID"] == event["UID"]


def test_calendar_cli(ctx, cohort, data_dir, tmp_path, capsys):
    ctx.close()
    code = main(["--data-dir", str(data_dir), "calendar", "--cohort", "Spring 2026", "-o", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Wrote 4 calendar files (2 events, 1 personal invitations, each also as an email draft" in out
    assert "left out: Ben Barred: marked do not contact" in err
    code = main(["--data-dir", str(data_dir), "calendar", "--cohort", "Nope", "-o", str(tmp_path / "x")])
    assert code == 1 and "There is no cohort called 'Nope'" in capsys.readouterr().err
