"""Assurance: a framework of principles (NHS England's ten, editable), plans and activities tagged with the
principles they evidence, and a self-assessment per principle and period.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FRAMEWORK = "NHS England: working in partnership with people and communities (2022)"
SOURCE = ("Statutory guidance for integrated care boards, NHS trusts and foundation trusts: "
          "Working in partnership with people and communities, NHS England, July 2022")
PRINCIPLES = [
    "Ensure people and communities have an active role in decision-making and governance",
    "Involve people and communities at every stage and feed back to them about how it has influenced activities "
    "and decisions",
    "Understand your community's needs, experience, ideas and aspirations for health and care, using engagement "
    "to find out if change is working",
    "Build relationships based on trust, especially with marginalised groups and those affected by inequalities",
    "Work with Healthwatch and the voluntary, community and social enterprise (VCSE) sector as key partners",
    "Provide clear and accessible public information about vision, plans and progress, to build understanding "
    "and trust",
    "Use community development approaches that empower people and communities, making connections to social "
    "action",
    "Use co-production, insight and engagement to achieve accountable health and care services",
    "Co-produce and redesign services and tackle system priorities in partnership with people and communities",
    "Learn from what works and build on the assets of all partners – networks, relationships, activity in "
    "local places",
]


def _versioned() -> list[sa.Column]:
    return [sa.Column("row_version", sa.Integer, nullable=False, server_default="1"),
            sa.Column("created_at", sa.DateTime), sa.Column("updated_at", sa.DateTime)]


def upgrade() -> None:
    framework = op.create_table(
        "assurance_framework",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source", sa.Text),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name="pk_assurance_framework"),
        sa.UniqueConstraint("name", name="uq_assurance_framework_name"),
    )
    principle = op.create_table(
        "assurance_principle",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("framework_id", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name="pk_assurance_principle"),
        sa.ForeignKeyConstraint(["framework_id"], ["assurance_framework.id"], ondelete="CASCADE",
                                name="fk_assurance_principle_framework_id_assurance_framework"),
    )
    op.create_index("ix_assurance_principle_framework_id", "assurance_principle", ["framework_id"])
    for name, owner, owner_table in (("activity_principle", "activity_id", "activity"),
                                     ("plan_principle", "plan_id", "engagement_plan")):
        op.create_table(
            name,
            sa.Column(owner, sa.Integer, nullable=False),
            sa.Column("principle_id", sa.Integer, nullable=False),
            sa.PrimaryKeyConstraint(owner, "principle_id", name=f"pk_{name}"),
            sa.ForeignKeyConstraint([owner], [f"{owner_table}.id"], ondelete="CASCADE",
                                    name=f"fk_{name}_{owner}_{owner_table}"),
            sa.ForeignKeyConstraint(["principle_id"], ["assurance_principle.id"], ondelete="CASCADE",
                                    name=f"fk_{name}_principle_id_assurance_principle"),
        )
        op.create_index(f"ix_{name}_principle_id", name, ["principle_id"])
    op.create_table(
        "principle_rating",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("principle_id", sa.Integer, nullable=False),
        sa.Column("period_from", sa.Date, nullable=False),
        sa.Column("period_to", sa.Date, nullable=False),
        sa.Column("rating", sa.String(10)),
        sa.Column("narrative", sa.Text),
        sa.Column("evidence", sa.Text),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name="pk_principle_rating"),
        sa.ForeignKeyConstraint(["principle_id"], ["assurance_principle.id"], ondelete="CASCADE",
                                name="fk_principle_rating_principle_id_assurance_principle"),
    )
    op.create_index("ix_principle_rating_principle_id", "principle_rating", ["principle_id"])
    now = datetime.utcnow()
    op.bulk_insert(framework, [{"id": 1, "name": FRAMEWORK, "source": SOURCE, "created_at": now, "updated_at": now}])
    op.bulk_insert(principle, [{"framework_id": 1, "number": n, "title": title, "created_at": now, "updated_at": now}
                               for n, title in enumerate(PRINCIPLES, start=1)])
    if op.get_bind().dialect.name == "postgresql":       # the explicit id 1 above: the sequence moves past it
        op.execute("SELECT setval(pg_get_serial_sequence('assurance_framework', 'id'), 1)")


def downgrade() -> None:
    for table in ("principle_rating", "plan_principle", "activity_principle", "assurance_principle",
                  "assurance_framework"):
        op.drop_table(table)
