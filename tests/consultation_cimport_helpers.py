"""Small survey exports in each tool's real layout, and an activity to import them into."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from importexport_files import write_csv, write_xlsx

FORMS_HEADER = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
                "What matters most to you about the new service?", "Which days suit you?",
                "How would you rate the current service?", "May we quote your comments in our report?",
                "What is your age?"]
FORMS_ROWS = [
    [1, datetime(2026, 3, 2, 9, 1, 5), datetime(2026, 3, 2, 9, 4, 40), "ada.sample@example.org", "Ada Sample", None,
     "Being seen close to home by someone who knows me", "Monday;Tuesday;", 4, "Yes", "35-44"],
    [2, datetime(2026, 3, 2, 10, 0, 0), datetime(2026, 3, 2, 10, 2, 0), "anonymous", None, None,
     "Evening appointments for people who work", "Saturday;", 2, "No", "25-34"],
    [3, datetime(2026, 3, 3, 11, 0, 0), datetime(2026, 3, 3, 11, 5, 0), "anonymous", None, None,
     "@reception parking is awful", "Monday;Saturday;", 3, "Yes", "35-44"],
    [4, datetime(2026, 3, 4, 12, 0, 0), datetime(2026, 3, 4, 12, 1, 0), "anonymous", None, None,
     "Clear letters in plain English", "Tuesday;", 5, "Yes", "65-74"],
]

SURVEYMONKEY_TOP = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
                    "First Name", "Last Name", "Custom Data 1", "What could we do better?",
                    "Which services have you used?", "", "", "Are you a carer?"]
SURVEYMONKEY_SECOND = ["", "", "", "", "", "", "", "", "", "Open-Ended Response", "GP", "Pharmacy",
                       "Other (please specify)", "Response"]
SURVEYMONKEY_ROWS = [
    ["114000001", "4001", "03/05/2026 09:00:00 AM", "03/05/2026 09:05:10 AM", "203.0.113.5", "", "", "", "",
     "Shorter waits on the phone", "GP", "", "", "Yes"],
    ["114000002", "4001", "03/05/2026 10:00:00 AM", "03/05/2026 10:03:00 AM", "203.0.113.6", "", "", "", "",
     "More parking", "GP", "Pharmacy", "", "No"],
    ["114000003", "4001", "03/06/2026 01:00:00 PM", "03/06/2026 01:04:00 PM", "203.0.113.7", "", "", "", "",
     "A café in the waiting room", "", "Pharmacy", "Dentist", "No"],
    ["114000004", "4001", "03/07/2026 02:00:00 PM", "03/07/2026 02:02:00 PM", "203.0.113.8", "", "", "", "",
     "Nothing, it is fine", "GP", "", "", "No"],
]

SMARTSURVEY_HEADER = ["UserNo", "UserID", "Name", "Email", "IP Address", "Unique ID", "Started", "Ended",
                      "Tracking Link", "Custom Value", "1. Tell us about your last visit", "2. Overall rating"]
SMARTSURVEY_ROWS = [
    ["1", "90001", "", "", "198.51.100.1", "", "05/03/2026 09:00", "05/03/2026 09:10", "", "", "Friendly staff", "5"],
    ["2", "90002", "", "", "198.51.100.2", "", "05/03/2026 11:00", "05/03/2026 11:02", "", "", "Long wait", "2"],
]

GOOGLE_HEADER = ["Timestamp", "Email address", "What one change would help you most?", "Do you look after someone?"]
GOOGLE_ROWS = [
    ["05/03/2026 10:22:31", "bo@example.org", "Text reminders before appointments", "Yes"],
    ["05/03/2026 11:40:02", "cy@example.org", "Being able to book online", "No"],
    ["06/03/2026 08:05:59", "", "A ramp at the side door", "No"],
    ["06/03/2026 09:15:00", "", "Longer appointments", "No"],
]


def forms_xlsx(folder: Path, rows=None, name="Forms export.xlsx") -> Path:
    return write_xlsx(folder / name, {"Sheet1": [FORMS_HEADER, *(FORMS_ROWS if rows is None else rows)]})


def surveymonkey_csv(folder: Path, rows=None, name="Data_All_260310.csv") -> Path:
    return write_csv(folder / name, [SURVEYMONKEY_TOP, SURVEYMONKEY_SECOND,
                                     *(SURVEYMONKEY_ROWS if rows is None else rows)], encoding="utf-8-sig")


def surveymonkey_xlsx(folder: Path) -> Path:
    return write_xlsx(folder / "Data_All_260310.xlsx", {"Sheet": [SURVEYMONKEY_TOP, SURVEYMONKEY_SECOND,
                                                                  *SURVEYMONKEY_ROWS]})


def smartsurvey_csv(folder: Path) -> Path:
    return write_csv(folder / "smartsurvey.csv", [SMARTSURVEY_HEADER, *SMARTSURVEY_ROWS])


def google_csv(folder: Path, rows=None) -> Path:
    return write_csv(folder / "Survey (Responses) - Form responses 1.csv",
                     [GOOGLE_HEADER, *(GOOGLE_ROWS if rows is None else rows)])


def make_survey_activity(ctx, title="New service survey") -> int:
    from sdm_desktop.services.engagement.activities import ActivityInput, create_activity
    from sdm_desktop.services.engagement.plans import PlanInput, create_plan

    plan = create_plan(ctx, PlanInput(title="Service redesign", ppe_service=True))
    return create_activity(ctx, plan, ActivityInput(title=title, ppe_level="service", method="survey"))
