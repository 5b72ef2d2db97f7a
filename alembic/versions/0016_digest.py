"""officers' daily digest: staff e-mail, the day each digest went out, indexes for overdue counts

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 00:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from pengaduan_app.models.types import UTCDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("staff_user", sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True))
    op.create_table(
        "digest_run",
        sa.Column("day", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("claimed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_index("ix_report_status_due", "report", ["status", "due_at"])
    op.create_index("ix_report_unit_status_due", "report", ["unit_area_id", "status", "due_at"])
    op.create_index("ix_report_agency_status_due", "report", ["unit_agency", "status", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_report_agency_status_due", table_name="report")
    op.drop_index("ix_report_unit_status_due", table_name="report")
    op.drop_index("ix_report_status_due", table_name="report")
    op.drop_table("digest_run")
    op.drop_column("staff_user", "email")
