"""report: how far the latest after photo was taken from the report's place (from its GPS), and the far flag

Plain ADD COLUMN (no batch "move and copy"), so SQLite keeps the search triggers of 0010.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 00:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("report", sa.Column("after_photo_distance_m", sa.Integer(), nullable=True))
    op.add_column("report", sa.Column("after_photo_far", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_report_after_photo_far", "report", ["after_photo_far"])


def downgrade() -> None:
    op.drop_index("ix_report_after_photo_far", table_name="report")
    op.drop_column("report", "after_photo_far")  # native DROP COLUMN (SQLite 3.35+): the triggers stay
    op.drop_column("report", "after_photo_distance_m")
