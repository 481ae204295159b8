"""The organisation a group is reached through (e.g. a PPG's GP practice), so letters go to it once.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FK_NAME = "fk_organisation_reached_through_id_organisation"
INDEX_NAME = "ix_organisation_reached_through_id"


# Plain ALTER TABLE, not batch mode: batch mode copies the table, which would lose the expression index
# ix_organisation_sort_name (0002) that reflection cannot see, and with foreign keys on, dropping the old
# table would delete every membership and tag link by cascade. SQLite's ADD COLUMN takes a named
# REFERENCES clause when the default is NULL, and DROP COLUMN (3.35+) removes it with the column.
def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE organisation ADD COLUMN reached_through_id INTEGER CONSTRAINT {FK_NAME} "
                   "REFERENCES organisation (id) ON DELETE SET NULL")
    else:
        op.add_column("organisation", sa.Column("reached_through_id", sa.Integer(), nullable=True))
        op.create_foreign_key(FK_NAME, "organisation", "organisation", ["reached_through_id"], ["id"],
                              ondelete="SET NULL")
    op.create_index(INDEX_NAME, "organisation", ["reached_through_id"])


def downgrade() -> None:
    op.drop_index(INDEX_NAME, table_name="organisation")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(FK_NAME, "organisation", type_="foreignkey")
    op.drop_column("organisation", "reached_through_id")
