"""Indexes for Home's figures: groups by type and level, and people due a retention review, each counted from an
index alone rather than by reading every row.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# (Copied here: migrations must not change later.)
INDEXES = [("ix_organisation_type_levels", "organisation",
            ["org_type_id", "archived_at", "ppe_individual", "ppe_service", "ppe_community"]),
           ("ix_person_retention_review", "person", ["retention_review_on", "erased_at"])]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
