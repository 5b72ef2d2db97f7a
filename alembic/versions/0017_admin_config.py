"""category_question, response_template: categories' extra questions and officers' reply templates in the
database, editable by admins; seeded with the categories, questions and templates that were code constants

Revision ID: 0017
Revises: 0011
Create Date: 2026-11-30 00:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlmodel import Session

revision: str = "0017"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> sqlmodel.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "category_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("code", _text(40), nullable=False),
        sa.Column("datatype", _text(20), nullable=False),
        sa.Column("label_id", _text(120), nullable=False),
        sa.Column("label_en", _text(120), nullable=False),
        sa.Column("description_en", _text(200), nullable=False),
        sa.Column("hint_en", _text(200), nullable=False),
        sa.Column("minimum", sa.Float(), nullable=True),
        sa.Column("maximum", sa.Float(), nullable=True),
        sa.Column("choices", sa.Text(), server_default="[]", nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["category.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("category_id", "code", name="uq_category_question_code"),
    )
    op.create_index("ix_category_question_category_id", "category_question", ["category_id"])
    op.create_table(
        "response_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", _text(40), nullable=False),
        sa.Column("title_id", _text(80), nullable=False),
        sa.Column("title_en", _text(80), nullable=False),
        sa.Column("text_id", _text(1000), nullable=False),
        sa.Column("text_en", _text(1000), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    # The seed: today's categories (those not there yet), their questions, the templates.
    from pengaduan_app.domain.categories import ensure_categories, ensure_questions, ensure_templates
    from pengaduan_app.domain.defaults import DEFAULT_QUESTIONS

    session = Session(bind=op.get_bind())
    ensure_categories(session)
    ensure_questions(session, {seed.category for seed in DEFAULT_QUESTIONS})
    ensure_templates(session)
    session.flush()


def downgrade() -> None:
    op.drop_table("response_template")
    op.drop_index("ix_category_question_category_id", table_name="category_question")
    op.drop_table("category_question")
