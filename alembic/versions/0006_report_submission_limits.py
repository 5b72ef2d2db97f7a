"""report: keyed hashes of the submitting browser and address, for the submission limits

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitter_hash", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column("client_hash", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.create_index("ix_report_submitter_created", ["submitter_hash", "created_at"], unique=False)
        batch_op.create_index("ix_report_client_created", ["client_hash", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index("ix_report_client_created")
        batch_op.drop_index("ix_report_submitter_created")
        batch_op.drop_column("client_hash")
        batch_op.drop_column("submitter_hash")
