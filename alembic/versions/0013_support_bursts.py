"""support bursts: many supports to one report from one address within minutes, for moderators to discount

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 00:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "support_burst",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("client_hash", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_support_burst_report_client", "support_burst", ["report_id", "client_hash", "last_at"])
    op.create_index(op.f("ix_support_burst_status"), "support_burst", ["status"])
    with op.batch_alter_table("support") as batch:
        batch.add_column(sa.Column("burst_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("discounted", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_foreign_key(
            "fk_support_burst_id_support_burst", "support_burst", ["burst_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index(batch.f("ix_support_burst_id"), ["burst_id"])


def downgrade() -> None:
    with op.batch_alter_table("support") as batch:
        batch.drop_index(batch.f("ix_support_burst_id"))
        batch.drop_constraint("fk_support_burst_id_support_burst", type_="foreignkey")
        batch.drop_column("discounted")
        batch.drop_column("burst_id")
    op.drop_index(op.f("ix_support_burst_status"), table_name="support_burst")
    op.drop_index("ix_support_burst_report_client", table_name="support_burst")
    op.drop_table("support_burst")
