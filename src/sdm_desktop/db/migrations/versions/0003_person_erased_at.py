"""Privacy: when a person was erased (anonymised), so the retention review and the erase skip them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not batch mode: batch mode copies the table and would lose the expression index
# ix_person_sort_name (0002), which reflection cannot see. SQLite has ADD COLUMN, and DROP COLUMN since 3.35.
def upgrade() -> None:
    op.add_column("person", sa.Column("erased_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("person", "erased_at")
