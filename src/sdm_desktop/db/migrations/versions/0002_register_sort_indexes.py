"""Covering indexes that let the register list and search people and groups in name order.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


# Covering indexes: name order, the common filters and the search text, so a search-as-you-type
# query is one sequential index scan with no sort. (Copied here: migrations must not change later.)
ORG_LIST_INDEX = ["lower(name)", "id", "archived_at", "active", "org_type_id", "ppe_individual",
                  "ppe_service", "ppe_community", "search_text"]
PERSON_LIST_INDEX = ["lower(last_name)", "lower(first_name)", "id", "archived_at", "active",
                     "is_patient_rep", "search_text"]
# Indexes on nearly-constant flags lead SQLite to pick them over the name order; drop them.
LOW_SELECTIVITY = [("person", "archived_at"), ("person", "active"), ("person", "do_not_contact"),
                   ("organisation", "archived_at"), ("organisation", "active")]


def upgrade() -> None:
    for table, column in LOW_SELECTIVITY:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
    op.create_index("ix_person_sort_name", "person", [sa.text(c) for c in PERSON_LIST_INDEX])
    op.create_index("ix_organisation_sort_name", "organisation", [sa.text(c) for c in ORG_LIST_INDEX])


def downgrade() -> None:
    op.drop_index("ix_organisation_sort_name", table_name="organisation")
    op.drop_index("ix_person_sort_name", table_name="person")
    for table, column in LOW_SELECTIVITY:
        op.create_index(f"ix_{table}_{column}", table, [column])
