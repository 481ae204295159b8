"""Privacy: a stable random identifier for each person (a UUID, never reused unlike row ids), so an erase
can be re-applied to the person when an older backup is restored.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEX_NAME = "ix_person_uid"


# Plain ALTER TABLE, not batch mode: batch mode copies the table and would lose the expression index
# ix_person_sort_name (0002), which reflection cannot see (see 0003). The column is filled for every existing
# row before the unique index is made; SQLite and PostgreSQL both take ADD COLUMN and a unique index.
def upgrade() -> None:
    op.add_column("person", sa.Column("uid", sa.String(36), nullable=True))
    person = sa.table("person", sa.column("id", sa.Integer), sa.column("uid", sa.String))
    bind = op.get_bind()
    ids = list(bind.execute(sa.select(person.c.id)).scalars())
    for person_id in ids:
        bind.execute(person.update().where(person.c.id == person_id).values(uid=str(uuid.uuid4())))
    op.create_index(INDEX_NAME, "person", ["uid"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX_NAME, table_name="person")
    op.drop_column("person", "uid")
