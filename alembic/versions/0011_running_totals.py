"""running totals: performance figures per area and per day, each report's stored times, the map's grid cells

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 21:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlmodel import Session

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COUNTERS = (
    "received",
    "resolved",
    "done_due",
    "within",
    "reopened",
    "resolved_ever",
    "rating_sum",
    "ratings",
    "responded",
    "resolved_timed",
    "hidden",
)
_TIMED_INDEXES = [
    (f"ix_report_{name}_{area or 'city'}", [*([area] if area else []), name])
    for name in ("response_hours", "resolution_hours")
    for area in ("kota_id", "kecamatan_id", "kelurahan_id", None)
]


def _level_key() -> list[sa.Column]:
    return [
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "area_tally",
        *_level_key(),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in _COUNTERS),
        sa.PrimaryKeyConstraint("level", "area_id"),
    )
    op.create_table(
        "area_open_due",
        *_level_key(),
        sa.Column("due_day", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("open_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("level", "area_id", "due_day"),
    )
    op.create_table(
        "daily_tally",
        sa.Column("day", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("resolved", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "map_cell",
        *(sa.Column(name, sa.Integer(), nullable=False) for name in ("zoom", "gy", "gx")),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("sum_lat", sa.Float(), nullable=False),
        sa.Column("sum_lon", sa.Float(), nullable=False),
        sa.Column("sum_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("zoom", "gy", "gx", "status", "category_id"),
    )
    # Plain ALTER TABLE, no batch copy of the table: on SQLite a copy would drop the search triggers (0010).
    op.add_column("report", sa.Column("reopened", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("report", sa.Column("response_hours", sa.Float(), nullable=True))
    op.add_column("report", sa.Column("resolution_hours", sa.Float(), nullable=True))
    for name, columns in _TIMED_INDEXES:
        op.create_index(name, "report", columns, unique=False)
    # Existing reports: count them once; from now on every change keeps the totals.
    from pengaduan_app.domain.figures import rebuild_figures
    from pengaduan_app.domain.map_cells import rebuild_cells

    with Session(bind=op.get_bind()) as session:
        rebuild_figures(session)
        rebuild_cells(session)
        session.flush()


def downgrade() -> None:
    for name, _columns in reversed(_TIMED_INDEXES):
        op.drop_index(name, table_name="report")
    for column in ("resolution_hours", "response_hours", "reopened"):
        op.drop_column("report", column)  # SQLite 3.35+ drops a column in place, keeping the search triggers
    op.drop_table("map_cell")
    op.drop_table("daily_tally")
    op.drop_table("area_open_due")
    op.drop_table("area_tally")
