"""drop trackingcounter: tracking codes take random digits now (a running number revealed hidden reports)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 21:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("trackingcounter")


def downgrade() -> None:
    op.create_table(
        "trackingcounter",
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("period"),
    )
