"""staff workspace

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 20:33:01.643069
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import pengaduan_app.models.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("client", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("at", pengaduan_app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sign_in_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_attempt_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sign_in_attempt_client"), ["client"], unique=False)
        batch_op.create_index(batch_op.f("ix_sign_in_attempt_username"), ["username"], unique=False)

    op.create_table(
        "staff_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("agency", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", pengaduan_app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_user_username"), ["username"], unique=True)

    op.create_table(
        "staff_area",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["area.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "area_id"),
    )
    op.create_table(
        "staff_session",
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", pengaduan_app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", pengaduan_app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
        ),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_session_user_id"), ["user_id"], unique=False)

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", pengaduan_app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_report_id"), ["report_id"], unique=False)

    op.create_table(
        "flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("client", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("at", pengaduan_app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("flag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flag_report_id"), ["report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_flag_resolved"), ["resolved"], unique=False)

    op.create_table(
        "redaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("original", sa.Text(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", pengaduan_app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["staff_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("redaction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redaction_report_id"), ["report_id"], unique=False)

    with op.batch_alter_table("category", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agency", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))

    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("unit_area_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("unit_agency", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column("assigned_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("duplicate_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("due_at", pengaduan_app.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("first_response_at", pengaduan_app.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("resolved_at", pengaduan_app.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_report_assigned_user_id"), ["assigned_user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_hidden"), ["hidden"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_unit_agency"), ["unit_agency"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_unit_area_id"), ["unit_area_id"], unique=False)
        batch_op.create_foreign_key("fk_report_duplicate_of", "report", ["duplicate_of_id"], ["id"])
        batch_op.create_foreign_key("fk_report_assigned_user", "staff_user", ["assigned_user_id"], ["id"])
        batch_op.create_foreign_key("fk_report_unit_area", "area", ["unit_area_id"], ["id"])

    with op.batch_alter_table("statuschange", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default="submit")
        )
        batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_foreign_key("fk_statuschange_author", "staff_user", ["author_id"], ["id"])

    # Reports filed before this revision stay with the unit their place gives them.
    op.execute("UPDATE report SET unit_area_id = COALESCE(kelurahan_id, kecamatan_id) WHERE unit_area_id IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("statuschange", schema=None) as batch_op:
        batch_op.drop_constraint("fk_statuschange_author", type_="foreignkey")
        batch_op.drop_column("hidden")
        batch_op.drop_column("author_id")
        batch_op.drop_column("action")

    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_constraint("fk_report_unit_area", type_="foreignkey")
        batch_op.drop_constraint("fk_report_assigned_user", type_="foreignkey")
        batch_op.drop_constraint("fk_report_duplicate_of", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_report_unit_area_id"))
        batch_op.drop_index(batch_op.f("ix_report_unit_agency"))
        batch_op.drop_index(batch_op.f("ix_report_hidden"))
        batch_op.drop_index(batch_op.f("ix_report_due_at"))
        batch_op.drop_index(batch_op.f("ix_report_assigned_user_id"))
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("first_response_at")
        batch_op.drop_column("due_at")
        batch_op.drop_column("hidden")
        batch_op.drop_column("duplicate_of_id")
        batch_op.drop_column("assigned_user_id")
        batch_op.drop_column("unit_agency")
        batch_op.drop_column("unit_area_id")
        batch_op.drop_column("priority")

    with op.batch_alter_table("category", schema=None) as batch_op:
        batch_op.drop_column("agency")

    with op.batch_alter_table("redaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redaction_report_id"))

    op.drop_table("redaction")
    with op.batch_alter_table("flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flag_resolved"))
        batch_op.drop_index(batch_op.f("ix_flag_report_id"))

    op.drop_table("flag")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_report_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_actor_id"))

    op.drop_table("audit_entry")
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_session_user_id"))

    op.drop_table("staff_session")
    op.drop_table("staff_area")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_user_username"))

    op.drop_table("staff_user")
    with op.batch_alter_table("sign_in_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_attempt_username"))
        batch_op.drop_index(batch_op.f("ix_sign_in_attempt_client"))
        batch_op.drop_index(batch_op.f("ix_sign_in_attempt_at"))

    op.drop_table("sign_in_attempt")
