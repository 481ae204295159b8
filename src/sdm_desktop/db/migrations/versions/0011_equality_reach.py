"""Equality and reach: lookup tables (postcode directory, deprivation, LSOA 2011→2021, postcode deciles,
population profile), the derived area of each group and person, the "seldom heard" flag on groups, equality
monitoring held apart from the person, and anonymous counts for activities and training sessions.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None



def _row_version() -> sa.Column:
    return sa.Column("row_version", sa.Integer, nullable=False, server_default="1")


def _timestamps() -> list[sa.Column]:
    return [sa.Column("created_at", sa.DateTime(), nullable=True), sa.Column("updated_at", sa.DateTime(), nullable=True)]


def _lookup_tables() -> None:
    op.create_table(
        "lookup_source",
        sa.Column("kind", sa.String(30), primary_key=True),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("version", sa.String(120), nullable=False),
        sa.Column("file_modified_at", sa.DateTime(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("skipped_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name="pk_lookup_source"),
    )
    op.create_table(
        "lookup_postcode",
        sa.Column("postcode", sa.String(8), nullable=False),
        sa.Column("lsoa11", sa.String(9), nullable=True),
        sa.Column("lsoa21", sa.String(9), nullable=True),
        sa.PrimaryKeyConstraint("postcode", name="pk_lookup_postcode"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "lookup_deprivation",
        sa.Column("lsoa_code", sa.String(9), nullable=False),
        sa.Column("lsoa_name", sa.String(120), nullable=True),
        sa.Column("district_code", sa.String(9), nullable=True),
        sa.Column("district_name", sa.String(120), nullable=True),
        sa.Column("imd_rank", sa.Integer(), nullable=True),
        sa.Column("imd_decile", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("lsoa_code", name="pk_lookup_deprivation"),
    )
    op.create_table(
        "lookup_lsoa_change",
        sa.Column("lsoa11", sa.String(9), nullable=False),
        sa.Column("lsoa21", sa.String(9), nullable=False),
        sa.PrimaryKeyConstraint("lsoa11", "lsoa21", name="pk_lookup_lsoa_change"),
    )
    op.create_table(
        "lookup_postcode_decile",
        sa.Column("postcode", sa.String(8), nullable=False),
        sa.Column("imd_decile", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("postcode", name="pk_lookup_postcode_decile"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "population_figure",
        sa.Column("dimension", sa.String(40), nullable=False),
        sa.Column("category", sa.String(120), nullable=False),
        sa.Column("percent", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "category", name="pk_population_figure"),
    )


def _monitoring_tables() -> None:
    op.create_table(
        "equality_monitoring",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=False),
        sa.Column("consent_how", sa.String(120), nullable=False),
        *[sa.Column(name, sa.String(size), nullable=True) for name, size in (
            ("age_band", 20), ("sex", 20), ("gender_same_as_birth", 20), ("ethnic_group", 40), ("disability", 20),
            ("carer", 20), ("religion", 30), ("sexual_orientation", 30))],
        _row_version(), *_timestamps(),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE",
                                name="fk_equality_monitoring_person_id_person"),
        sa.PrimaryKeyConstraint("person_id", name="pk_equality_monitoring"),
    )
    op.create_table(
        "anonymous_monitoring",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("training_session_id", sa.Integer(), nullable=True),
        sa.Column("attended", sa.Integer(), nullable=False),
        _row_version(), *_timestamps(),
        sa.CheckConstraint("(activity_id IS NULL) <> (training_session_id IS NULL)",
                           name="ck_anonymous_monitoring_one_event"),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"], ondelete="CASCADE",
                                name="fk_anonymous_monitoring_activity_id_activity"),
        sa.ForeignKeyConstraint(["training_session_id"], ["training_session.id"], ondelete="CASCADE",
                                name="fk_anonymous_monitoring_training_session_id_training_session"),
        sa.PrimaryKeyConstraint("id", name="pk_anonymous_monitoring"),
        sa.UniqueConstraint("activity_id", name="uq_anonymous_monitoring_activity_id"),
        sa.UniqueConstraint("training_session_id", name="uq_anonymous_monitoring_training_session_id"),
    )
    op.create_table(
        "anonymous_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("monitoring_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(40), nullable=False),
        sa.Column("category", sa.String(120), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["monitoring_id"], ["anonymous_monitoring.id"], ondelete="CASCADE",
                                name="fk_anonymous_count_monitoring_id_anonymous_monitoring"),
        sa.PrimaryKeyConstraint("id", name="pk_anonymous_count"),
        sa.UniqueConstraint("monitoring_id", "dimension", "category", name="uq_anonymous_count_monitoring_id"),
    )
    op.create_index("ix_anonymous_count_monitoring_id", "anonymous_count", ["monitoring_id"])


# Plain ALTER TABLE on person and organisation, not batch mode: batch mode copies the table and would lose the
# expression indexes ix_person_sort_name / ix_organisation_sort_name (0002), which reflection cannot see (0003).
def upgrade() -> None:
    _lookup_tables()
    _monitoring_tables()
    for table in ("person", "organisation"):
        op.add_column(table, sa.Column("lsoa_code", sa.String(9), nullable=True))
        op.add_column(table, sa.Column("imd_decile", sa.Integer(), nullable=True))
    op.add_column("organisation", sa.Column("seldom_heard", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("organisation", "seldom_heard")
    for table in ("organisation", "person"):
        op.drop_column(table, "imd_decile")
        op.drop_column(table, "lsoa_code")
    op.drop_index("ix_anonymous_count_monitoring_id", table_name="anonymous_count")
    for table in ("anonymous_count", "anonymous_monitoring", "equality_monitoring", "population_figure",
                  "lookup_postcode_decile", "lookup_lsoa_change", "lookup_deprivation", "lookup_postcode",
                  "lookup_source"):
        op.drop_table(table)
