"""Outlook and calendars: logged emails (recognised again by Message-ID), the interactions each became,
their attachments kept as files, and the calendar events written to .ics files (UID and SEQUENCE).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False)]


# New tables only: nothing existing is copied or altered, so no batch mode is needed on either database.
def upgrade() -> None:
    op.create_table(
        "email_message",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("message_id", sa.String(998), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("sender", sa.Text(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("no_contact_flag", sa.Boolean(), nullable=False),
        sa.Column("row_version", sa.Integer, nullable=False, server_default="1"),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_email_message"),
        sa.UniqueConstraint("message_id", name="uq_email_message_message_id"),
    )
    op.create_table(
        "email_interaction",
        sa.Column("email_id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["email_id"], ["email_message.id"], ondelete="CASCADE",
                                name="fk_email_interaction_email_id_email_message"),
        sa.ForeignKeyConstraint(["interaction_id"], ["interaction.id"], ondelete="CASCADE",
                                name="fk_email_interaction_interaction_id_interaction"),
        sa.PrimaryKeyConstraint("email_id", "interaction_id", name="pk_email_interaction"),
    )
    op.create_index("ix_email_interaction_interaction_id", "email_interaction", ["interaction_id"])
    op.create_table(
        "email_attachment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("stored_path", sa.Text(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(200), nullable=False),
        sa.Column("dangerous", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("row_version", sa.Integer, nullable=False, server_default="1"),
        *_stamps(),
        sa.ForeignKeyConstraint(["email_id"], ["email_message.id"], ondelete="CASCADE",
                                name="fk_email_attachment_email_id_email_message"),
        sa.PrimaryKeyConstraint("id", name="pk_email_attachment"),
    )
    op.create_index("ix_email_attachment_email_id", "email_attachment", ["email_id"])
    op.create_table(
        "calendar_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_kind", sa.String(20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(40), nullable=False),
        sa.Column("uid", sa.String(120), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=True),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_calendar_event"),
        sa.UniqueConstraint("source_kind", "source_id", name="uq_calendar_event_source"),
        sa.UniqueConstraint("uid", name="uq_calendar_event_uid"),
    )
    op.create_index("ix_calendar_event_scope", "calendar_event", ["scope"])


def downgrade() -> None:
    op.drop_index("ix_calendar_event_scope", table_name="calendar_event")
    op.drop_table("calendar_event")
    op.drop_index("ix_email_attachment_email_id", table_name="email_attachment")
    op.drop_table("email_attachment")
    op.drop_index("ix_email_interaction_interaction_id", table_name="email_interaction")
    op.drop_table("email_interaction")
    op.drop_table("email_message")
