"""ORM models. Migrations in ``db/migrations`` own the real schema."""

from sdm_desktop.db.models.analysis import AnalysisRound, Assessment
from sdm_desktop.db.models.assurance import (
    AssuranceFramework,
    AssurancePrinciple,
    PrincipleRating,
    activity_principles,
    plan_principles,
)
from sdm_desktop.db.models.base import Base, utcnow
from sdm_desktop.db.models.calendar import CalendarEvent
from sdm_desktop.db.models.colleagues import RecordPresence
from sdm_desktop.db.models.consultation import (
    AnswerCoding,
    AnswerTheme,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationQuote,
    ConsultationResponse,
    ConsultationTheme,
    theme_feedback,
)
from sdm_desktop.db.models.email_log import EmailAttachment, EmailMessage, email_interaction
from sdm_desktop.db.models.engagement import Activity, ActivityTarget, EngagementPlan, Interaction
from sdm_desktop.db.models.equality import AnonymousCount, AnonymousMonitoring, EqualityMonitoring
from sdm_desktop.db.models.letters import Letter, LetterRun, LetterTemplate
from sdm_desktop.db.models.lookups import (
    Deprivation,
    LookupSource,
    LsoaChange,
    PopulationFigure,
    PostcodeArea,
    PostcodeDecile,
)
from sdm_desktop.db.models.register import (
    Membership,
    Organisation,
    OrganisationType,
    Person,
    Tag,
    new_uid,
    organisation_tags,
    person_tags,
)
from sdm_desktop.db.models.resources import Resource, ShareLog
from sdm_desktop.db.models.system import AuditEvent, ImportBatch, ImportChange, SavedSelection, Setting
from sdm_desktop.db.models.training import (
    Attendance,
    Cohort,
    CohortEvaluation,
    Enrolment,
    Programme,
    TrainingSession,
)

__all__ = [
    "AnswerCoding", "AnswerTheme", "ConsultationAnswer", "ConsultationQuestion", "ConsultationQuote",
    "ConsultationResponse", "ConsultationTheme", "theme_feedback",
    "AssuranceFramework", "AssurancePrinciple", "PrincipleRating", "activity_principles", "plan_principles",
    "AnonymousCount", "AnonymousMonitoring", "Deprivation", "EqualityMonitoring", "LookupSource", "LsoaChange",
    "PopulationFigure", "PostcodeArea", "PostcodeDecile",
    "Activity", "ActivityTarget", "AnalysisRound", "Assessment", "Attendance", "AuditEvent", "Base",
    "CalendarEvent", "Cohort", "CohortEvaluation", "EmailAttachment", "EmailMessage", "EngagementPlan",
    "Enrolment", "ImportBatch", "ImportChange",
    "Interaction", "Letter", "LetterRun", "LetterTemplate", "Membership", "Organisation",
    "OrganisationType", "Person", "Programme", "RecordPresence", "Resource", "SavedSelection", "Setting", "ShareLog",
    "Tag", "TrainingSession", "email_interaction", "new_uid", "organisation_tags", "person_tags", "utcnow",
]
