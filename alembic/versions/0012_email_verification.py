"""issue 14.4: citizen.email_verified_at and account_mail (e-mail verification links kept as hashes, sign-up
attempts on taken logins)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 00:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import pengaduan_app.models.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = pengaduan_app.models.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("citizen") as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", _WHEN, nullable=True))
    op.create_table(
        "account_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("client", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("expires_at", _WHEN, nullable=True),
        sa.Column("used_at", _WHEN, nullable=True),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("account_mail") as batch_op:
        batch_op.create_index(batch_op.f("ix_account_mail_citizen_id"), ["citizen_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_mail_client"), ["client"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_mail_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_table("account_mail")
    with op.batch_alter_table("citizen") as batch_op:
        batch_op.drop_column("email_verified_at")
