"""support ("Saya juga") and the public map's covering index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 20:32:29.316513
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import pengaduan_app.models.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAP_INDEX_COLUMNS = ["latitude", "longitude", "privacy", "status", "category_id", "created_at"]


def upgrade() -> None:
    op.create_table(
        "support",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("supporter_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("client_hash", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("created_at", pengaduan_app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_id", "supporter_key", name="uq_support_report_supporter"),
    )
    with op.batch_alter_table("support", schema=None) as batch_op:
        batch_op.create_index("ix_support_client_created", ["client_hash", "created_at"], unique=False)
        batch_op.create_index("ix_support_supporter_created", ["supporter_key", "created_at"], unique=False)

    # ix_report_map starts with the same two columns, so the old location index goes.
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index("ix_report_location")
        batch_op.create_index("ix_report_map", MAP_INDEX_COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index("ix_report_map")
        batch_op.create_index("ix_report_location", ["latitude", "longitude"], unique=False)

    with op.batch_alter_table("support", schema=None) as batch_op:
        batch_op.drop_index("ix_support_supporter_created")
        batch_op.drop_index("ix_support_client_created")

    op.drop_table("support")
