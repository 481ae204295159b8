"""The data stamp on SQLite (``db/data_stamp``): one value that changes with every write to a record Home counts,
so Home can show the figures it last counted, at once, while nothing has changed since.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# (Copied here: migrations must not change later.) A later migration that adds a table adds its triggers too.
STAMPED = [
    "activity", "activity_principle", "activity_target", "analysis_round", "anonymous_count", "anonymous_monitoring",
    "assessment", "assurance_framework", "assurance_principle", "attendance", "calendar_event", "cohort",
    "cohort_evaluation", "consultation_answer", "consultation_answer_coding", "consultation_answer_theme",
    "consultation_question", "consultation_quote", "consultation_response", "consultation_theme",
    "consultation_theme_feedback", "email_attachment", "email_interaction", "email_message", "engagement_plan",
    "enrolment", "equality_monitoring", "interaction", "letter", "letter_run", "letter_template", "membership",
    "organisation", "organisation_tag", "organisation_type", "person", "person_tag", "plan_principle",
    "population_figure", "principle_rating", "programme", "resource", "setting", "tag", "training_session",
]


EVENTS = ("insert", "update", "delete")
NEW_STAMP = "lower(hex(randomblob(8)))"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.exec_driver_sql("CREATE TABLE data_stamp (id INTEGER PRIMARY KEY CHECK (id = 1), stamp VARCHAR(16) NOT NULL)")
    bind.exec_driver_sql(f"INSERT INTO data_stamp (id, stamp) VALUES (1, {NEW_STAMP})")
    for table in STAMPED:
        for event in EVENTS:
            bind.exec_driver_sql(f"CREATE TRIGGER {table}_stamp_{event} AFTER {event.upper()} ON {table} "
                                 f"BEGIN UPDATE data_stamp SET stamp = {NEW_STAMP}; END")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table in STAMPED:
        for event in EVENTS:
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_stamp_{event}")
    bind.exec_driver_sql("DROP TABLE IF EXISTS data_stamp")
