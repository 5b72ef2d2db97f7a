"""issue 14: drop trackingcounter (tracking codes take random digits now: a running number revealed hidden
reports); citizen.signup_client (keyed hash of the sign-up address) and an index on citizen.created_at, for the
sign-up limits

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 21:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("trackingcounter")
    with op.batch_alter_table("citizen") as batch_op:
        batch_op.add_column(sa.Column("signup_client", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_citizen_signup_client"), ["signup_client"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizen_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("citizen") as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_created_at"))
        batch_op.drop_index(batch_op.f("ix_citizen_signup_client"))
        batch_op.drop_column("signup_client")
    op.create_table(
        "trackingcounter",
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("period"),
    )
