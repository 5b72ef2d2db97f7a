"""address_use: per-address, per-minute request counts, so the place search's limit holds across workers

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 00:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "address_use",
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("address_hash", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "address_hash", "minute"),
    )
    op.create_index(op.f("ix_address_use_minute"), "address_use", ["minute"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_address_use_minute"), table_name="address_use")
    op.drop_table("address_use")
