"""category_question, response_template: categories' extra questions and officers' reply templates in the
database, editable by admins; seeded with the categories, questions and templates that were code constants

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 00:30:00.000000
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
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
    _seed(op.get_bind())


def _seed(connection: sa.Connection) -> None:
    """Today's categories (those not there yet), their questions, the templates. Written with
    tables as they are at this revision, not the models, which may change later."""
    from pengaduan_app.domain.defaults import DEFAULT_CATEGORIES, DEFAULT_QUESTIONS, DEFAULT_TEMPLATES

    def table(name: str, *columns: str) -> sa.TableClause:
        return sa.table(name, *(sa.column(c) for c in columns))

    category = table("category", "id", "code", "name_id", "name_en", "icon", "color", "sla_days", "sort_order",
                     "active", "agency")  # fmt: skip
    existing = set(connection.execute(sa.select(category.c.code)).scalars())
    missing = [
        {**seed.__dict__, "sort_order": order, "active": True}
        for order, seed in enumerate(DEFAULT_CATEGORIES)
        if seed.code not in existing
    ]
    if missing:
        connection.execute(category.insert(), missing)
    ids = dict(connection.execute(sa.select(category.c.code, category.c.id)).all())
    question = table("category_question", "category_id", "code", "datatype", "label_id", "label_en",
                     "description_en", "hint_en", "minimum", "maximum", "choices", "sort_order")  # fmt: skip
    rows = [
        {**{k: v for k, v in seed.__dict__.items() if k not in ("category", "choices")},
         "category_id": ids[seed.category], "sort_order": order,
         "choices": json.dumps([{"key": k, "name_id": i, "name_en": e} for k, i, e in seed.choices])}
        for order, seed in enumerate(DEFAULT_QUESTIONS) if seed.category in ids
    ]  # fmt: skip
    if rows:
        connection.execute(question.insert(), rows)
    template = table("response_template", "code", "title_id", "title_en", "text_id", "text_en", "active",
                     "sort_order")  # fmt: skip
    connection.execute(
        template.insert(),
        [{**seed.__dict__, "active": True, "sort_order": order} for order, seed in enumerate(DEFAULT_TEMPLATES)],
    )


def downgrade() -> None:
    op.drop_table("response_template")
    op.drop_index("ix_category_question_category_id", table_name="category_question")
    op.drop_table("category_question")
