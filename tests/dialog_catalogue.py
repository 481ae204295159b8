"""Every dialog of SDM Desktop, built on the sample data the way the app builds it (not run modally),
so tests can check all of them at once: names for screen readers, Alt keys, size on a small screen."""

from __future__ import annotations

import csv
from pathlib import Path


def first_person(ctx) -> int:
    from sdm_desktop.services.register.search import RegisterFilter, search_person_ids
    return search_person_ids(ctx, RegisterFilter())[0]


def first_organisation(ctx) -> int:
    from sdm_desktop.services.register.search import RegisterFilter, search_organisation_ids
    return search_organisation_ids(ctx, RegisterFilter())[0]


def import_file(folder: Path) -> Path:
    path = folder / "groups-to-import.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Group name", "Kind of group", "Postcode", "Email address", "Telephone", "Notes"])
        out.writerow(["Riverside Carers Circle", "Carers' group", "TR1 1AA", "circle@example.org", "01234 567890", ""])
        out.writerow(["Hillside Patient Participation Group", "Patient Participation Group (PPG)", "not a postcode",
                      "", "", "A long note " * 10])
    return path


def import_wizard(window, ctx, folder: Path):
    from sdm_desktop.ui.importing.wizard import ImportWizard
    return ImportWizard(window.env, window, import_file(folder))


def import_history(window, ctx, _folder):
    from sdm_desktop.ui.importing.batches import ImportBatchesDialog
    return ImportBatchesDialog(window.env, window)


def person_picker(window, ctx, _folder):
    from sdm_desktop.ui.privacy.actions import PersonPicker
    return PersonPicker(window.env, "Subject access export", window)


def erase(window, ctx, _folder):
    from sdm_desktop.services.privacy.erase import erase_plan
    from sdm_desktop.ui.privacy.erase_dialog import EraseDialog
    return EraseDialog(erase_plan(ctx, [first_person(ctx)]), window)


def retention_review(window, ctx, _folder):
    from sdm_desktop.ui.privacy.retention_review import RetentionReviewDialog
    return RetentionReviewDialog(window.env, window)


def audit_trail(window, ctx, _folder):
    from sdm_desktop.ui.privacy.audit_trail import AuditTrailDialog
    return AuditTrailDialog(window.env, window, person_id=first_person(ctx))


def organisation_types(window, ctx, _folder):
    from sdm_desktop.ui.register.organisation_types import OrganisationTypesDialog
    return OrganisationTypesDialog(window.env, window)


def plan(window, ctx, _folder):
    from sdm_desktop.services.engagement.plans import list_plans
    from sdm_desktop.ui.engagement.plan_dialog import PlanDialog
    return PlanDialog(window.env, list_plans(ctx)[0].id, window)


def activity(window, ctx, _folder):
    from sdm_desktop.services.engagement.activities import list_activities
    from sdm_desktop.ui.engagement.activity_dialog import ActivityDialog
    row = next(a for a in list_activities(ctx) if a.targets)
    return ActivityDialog(window.env, row.plan_id, row.id, window)


def interaction(window, ctx, _folder):
    from sdm_desktop.services.engagement.interactions import feedback_items
    from sdm_desktop.ui.engagement.interaction_dialog import InteractionDialog
    return InteractionDialog(window.env, feedback_items(ctx)[0].id, parent=window)


def report_period(window, ctx, _folder):
    from sdm_desktop.ui.engagement.report_dialog import ReportPeriodDialog
    return ReportPeriodDialog(window)


def programme(window, ctx, _folder):
    from sdm_desktop.services.training import programmes as training
    from sdm_desktop.ui.training.dialogs import ProgrammeDialog
    return ProgrammeDialog(window.env, training.list_programmes(ctx)[0].id, window)


def enrol(window, ctx, _folder):
    from sdm_desktop.ui.training.dialogs import EnrolDialog
    return EnrolDialog(ctx, window)


def override(window, ctx, _folder):
    from sdm_desktop.ui.training.dialogs import OverrideDialog
    return OverrideDialog(window, "Ada Sample", True, "Attended an equivalent course elsewhere")


def sender_details(window, ctx, _folder):
    from sdm_desktop.services.letters.templates import sender_details as stored
    from sdm_desktop.ui.letters.sender_details import SenderDetailsDialog
    return SenderDetailsDialog(stored(ctx), window)


def share(window, ctx, _folder):
    from sdm_desktop.services.resources.library import search_resource_ids
    from sdm_desktop.ui.resources.share_dialog import ShareDialog
    return ShareDialog(window.env, search_resource_ids(ctx)[0], "Film: the same consultation with shared decision "
                       "making", window)


def assessment(window, ctx, _folder):
    from sdm_desktop.ui.analysis.assessment_dialog import AssessmentDialog
    return AssessmentDialog(window.env, None, None, window)


def help_page(window, ctx, _folder):
    from sdm_desktop.paths import resources_dir
    from sdm_desktop.ui.common.help_page import HelpPage
    return HelpPage((resources_dir() / "help" / "getting-started.html").read_text(encoding="utf-8"), window)


def team_database_copy(window, ctx, _folder):
    from sdm_desktop.ui.team_database.copy_dialog import CopyDialog
    return CopyDialog(window.env, window)


def team_database_connect(window, ctx, _folder):
    from sdm_desktop.ui.team_database.connect_dialog import ConnectDialog
    return ConnectDialog(window.env, window)

def log_emails(window, ctx, folder: Path):
    from email_helpers import build, write
    from sdm_desktop.services.email_log.logbook import preview_emails
    from sdm_desktop.services.email_log.people import LogTarget
    from sdm_desktop.ui.email_log.dialog import LogEmailsDialog
    mail = folder / "mail"
    write(mail, "a.eml", build(sender="Cara Stranger <cara.stranger@a-long-voluntary-group-name.org.uk>"))
    write(mail, "b.eml", build(message_id="<b@x>"))
    dialog = LogEmailsDialog(window.env, [mail], LogTarget(), "on an activity of the plan", window,
                             activities=[(1, "Citizens' jury on priorities for shared decision making")])
    dialog.show_preview(preview_emails(ctx, [mail]))
    return dialog


def welcome(window, ctx, _folder):
    from sdm_desktop.ui.welcome.dialog import WelcomeDialog
    return WelcomeDialog(window, data_dir=ctx.data_dir, offer_team_database=True)


DIALOGS = {
    "import wizard": import_wizard, "import history": import_history, "person picker": person_picker,
    "erase": erase, "retention review": retention_review, "audit trail": audit_trail,
    "organisation types": organisation_types, "engagement plan": plan, "activity": activity,
    "interaction": interaction, "report period": report_period, "programme": programme, "enrol": enrol,
    "completion override": override, "sender details": sender_details, "share": share,
    "assessment": assessment, "help": help_page, "log emails": log_emails, "welcome": welcome,
    "team database copy": team_database_copy, "team database connect": team_database_connect,
}


def lookups(window, ctx, _folder):
    from sdm_desktop.ui.reach.lookups_dialog import LookupsDialog
    return LookupsDialog(window.env, window)


def population(window, ctx, _folder):
    from sdm_desktop.ui.reach.population_dialog import PopulationDialog
    return PopulationDialog(window.env, window)


def plus_groups(window, ctx, _folder):
    from sdm_desktop.ui.reach.plus_groups_dialog import PlusGroupsDialog
    return PlusGroupsDialog(window.env, window)


def anonymous_counts(window, ctx, _folder):
    from sdm_desktop.ui.reach.anonymous_dialog import AnonymousCountsDialog
    return AnonymousCountsDialog(window.env, window)


DIALOGS.update({"lookup files": lookups, "population profile": population, "plus groups": plus_groups,
                "anonymous counts": anonymous_counts})


def board_summary(window, ctx, _folder):
    from sdm_desktop.ui.reporting.board_dialog import BoardSummaryDialog
    return BoardSummaryDialog(window.env, window)


DIALOGS.update({"board summary": board_summary})


def first_activity(ctx) -> int:
    from sqlalchemy import select

    from sdm_desktop.db.models import Activity
    with ctx.session() as s:
        return s.scalar(select(Activity.id).order_by(Activity.id))


def suggest_themes(window, ctx, _folder):
    from sdm_desktop.ui.consultation.analysis_dialogs import SuggestThemesDialog
    return SuggestThemesDialog(window.env, first_activity(ctx), window)


def link_feedback(window, ctx, _folder):
    from sdm_desktop.ui.consultation.analysis_dialogs import LinkFeedbackDialog
    return LinkFeedbackDialog(window.env, first_activity(ctx), "Waiting times", window)


def record_feedback(window, ctx, _folder):
    from sdm_desktop.ui.consultation.analysis_dialogs import RecordFeedbackDialog
    return RecordFeedbackDialog("Waiting times", 4, window)


DIALOGS.update({"suggest themes": suggest_themes, "link you said we did": link_feedback,
                "record you said we did": record_feedback})

SURVEY_ACTIVITY = 7            # the sample "Survey of clinic letters", with its responses


def import_responses(window, ctx, folder: Path):
    from consultation_cimport_helpers import surveymonkey_csv
    from sdm_desktop.ui.consultation.import_dialog import ImportResponsesDialog
    return ImportResponsesDialog(window.env, SURVEY_ACTIVITY, window, surveymonkey_csv(folder))


def type_responses(window, ctx, _folder):
    from sdm_desktop.ui.consultation.typing_dialog import TypeResponsesDialog
    return TypeResponsesDialog(window.env, SURVEY_ACTIVITY, window)


DIALOGS.update({"import responses": import_responses, "type responses": type_responses})

def _coded_survey(ctx):
    """A survey on the sample data coded by two people, so the comparison has rows to show."""
    from consultation_coding_helpers import add_survey
    from sdm_desktop.services.consultation.codebook import coding, themes

    survey = add_survey(ctx, title="Catalogue survey")
    access = themes.add_theme(ctx, survey.activity_id, "Access")
    staff = themes.add_theme(ctx, survey.activity_id, "Staff attitude")
    ids = coding.coding_queue(ctx, survey.activity_id, None, "asha").answer_ids
    for coder, given in (("asha", (access, staff, access)), ("ben", (access, access, access))):
        for answer_id, theme in zip(ids, given, strict=False):
            coding.set_theme(ctx, answer_id, theme.id, coder, True)
    return survey, themes.codebook(ctx, survey.activity_id, with_counts=True)


def compare_coders(window, ctx, _folder):
    from sdm_desktop.ui.consultation.agreement_dialog import AgreementDialog
    survey, _book = _coded_survey(ctx)
    return AgreementDialog(window.env, survey.activity_id, window)


def merge_theme(window, ctx, _folder):
    from sdm_desktop.ui.consultation.merge_theme_dialog import MergeThemeDialog
    _survey, book = _coded_survey(ctx)
    return MergeThemeDialog(book[0], book, window)


DIALOGS.update({"compare coders": compare_coders, "merge theme": merge_theme})
