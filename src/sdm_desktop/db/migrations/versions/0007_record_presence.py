"""Team database: who has a record open for editing (advisory "being edited by …", never a lock).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_presence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("record_id", sa.Integer, nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("instance", sa.String(36), nullable=False),
        sa.Column("since", sa.DateTime, nullable=False),
        sa.Column("seen_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_record_presence"),
        sa.UniqueConstraint("instance", "entity", "record_id", name="uq_record_presence_open"),
    )
    op.create_index("ix_record_presence_record", "record_presence", ["entity", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_record_presence_record", table_name="record_presence")
    op.drop_table("record_presence")
