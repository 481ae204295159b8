"""Consultation responses: questions, responses, answers, themes, coding, quotes and the themes'
"you said, we did" links.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _row_version() -> sa.Column:
    return sa.Column("row_version", sa.Integer, nullable=False, server_default="1")


def _timestamps() -> list[sa.Column]:
    return [sa.Column("created_at", sa.DateTime(), nullable=True), sa.Column("updated_at", sa.DateTime(), nullable=True)]


def _fk(column: str, target: str, ondelete: str, nullable: bool = False) -> sa.Column:
    return sa.Column(column, sa.Integer, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable)


def _index(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def _questions_and_responses() -> None:
    op.create_table(
        "consultation_question",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("activity_id", "activity.id", "CASCADE"),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("equality_field", sa.String(40), nullable=True),
        sa.Column("choices", sa.Text, nullable=True),
        _row_version(), *_timestamps(),
    )
    _index("consultation_question", "activity_id")
    op.create_table(
        "consultation_response",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("activity_id", "activity.id", "CASCADE"),
        _fk("batch_id", "import_batch.id", "SET NULL", nullable=True),
        sa.Column("source_key", sa.String(200), nullable=False),
        sa.Column("source", sa.String(30), nullable=False),
        sa.Column("submitted_at", sa.DateTime, nullable=True),
        sa.Column("respondent_name", sa.Text, nullable=True),
        sa.Column("respondent_email", sa.Text, nullable=True),
        sa.Column("quote_consent", sa.Boolean, nullable=True),
        _fk("person_id", "person.id", "SET NULL", nullable=True),
        _fk("interaction_id", "interaction.id", "SET NULL", nullable=True),
        sa.Column("review_on", sa.Date, nullable=True),
        _row_version(), *_timestamps(),
        sa.UniqueConstraint("activity_id", "source_key", name="uq_consultation_response_source"),
    )
    _index("consultation_response", "activity_id", "batch_id", "person_id", "review_on")
    op.create_table(
        "consultation_answer",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("response_id", "consultation_response.id", "CASCADE"),
        _fk("question_id", "consultation_question.id", "CASCADE"),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("number", sa.Float, nullable=True),
        _row_version(),
        sa.UniqueConstraint("response_id", "question_id", name="uq_consultation_answer_question"),
    )
    _index("consultation_answer", "question_id")


def _themes_and_coding() -> None:
    op.create_table(
        "consultation_theme",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("activity_id", "activity.id", "CASCADE", nullable=True),
        _fk("plan_id", "engagement_plan.id", "CASCADE", nullable=True),
        _fk("parent_id", "consultation_theme.id", "CASCADE", nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=True),
        sa.Column("example", sa.Text, nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        _row_version(), *_timestamps(),
    )
    _index("consultation_theme", "activity_id", "plan_id")
    op.create_table(
        "consultation_answer_coding",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("answer_id", "consultation_answer.id", "CASCADE"),
        sa.Column("coder", sa.String(120), nullable=False),
        sa.Column("sentiment", sa.String(10), nullable=True),
        sa.Column("coded_at", sa.DateTime, nullable=True),
        sa.UniqueConstraint("answer_id", "coder", name="uq_consultation_answer_coding_coder"),
    )
    op.create_table(
        "consultation_answer_theme",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("answer_id", "consultation_answer.id", "CASCADE"),
        _fk("theme_id", "consultation_theme.id", "CASCADE"),
        sa.Column("coder", sa.String(120), nullable=False),
        sa.UniqueConstraint("answer_id", "theme_id", "coder", name="uq_consultation_answer_theme"),
    )
    _index("consultation_answer_theme", "theme_id")
    op.create_table(
        "consultation_quote",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("answer_id", "consultation_answer.id", "CASCADE"),
        _fk("theme_id", "consultation_theme.id", "CASCADE", nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        _row_version(), *_timestamps(),
    )
    _index("consultation_quote", "answer_id", "theme_id")
    op.create_table(
        "consultation_theme_feedback",
        _fk("theme_id", "consultation_theme.id", "CASCADE"),
        _fk("interaction_id", "interaction.id", "CASCADE"),
        sa.PrimaryKeyConstraint("theme_id", "interaction_id"),
    )
    _index("consultation_theme_feedback", "interaction_id")


def upgrade() -> None:
    _questions_and_responses()
    _themes_and_coding()


def downgrade() -> None:
    for table in ("consultation_theme_feedback", "consultation_quote", "consultation_answer_theme",
                  "consultation_answer_coding", "consultation_theme", "consultation_answer",
                  "consultation_response", "consultation_question"):
        op.drop_table(table)
