"""Team database: a version number on every record people edit, so a save that started from an older version
is refused instead of silently overwriting a colleague's change (SQLAlchemy's ``version_id_col``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Every table whose model uses the Versioned mixin at this revision. Listed here, not read from the models,
# so the migration stays what it was when later models gain the mixin through their own migrations.
VERSIONED_TABLES = (
    "organisation", "person", "membership", "tag", "organisation_type",
    "analysis_round", "assessment",
    "engagement_plan", "activity", "interaction",
    "programme", "cohort", "training_session", "enrolment", "attendance", "cohort_evaluation",
    "resource", "share_log", "letter_template", "setting", "saved_selection",
)


# Plain ADD COLUMN, not batch mode (which copies tables and would lose ix_person_sort_name; see 0003). Both
# SQLite and PostgreSQL fill existing rows from the server default.
def upgrade() -> None:
    for table in VERSIONED_TABLES:
        op.add_column(table, sa.Column("row_version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    for table in reversed(VERSIONED_TABLES):
        op.drop_column(table, "row_version")      # SQLite 3.35+ drops a plain column in place
