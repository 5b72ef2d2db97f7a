"""Date arithmetic inside SQL that works on SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy import Float, cast, func

_UNIX_EPOCH_JULIAN_DAY = 2440587.5


def epoch_seconds(column, dialect: str):
    """Seconds since 1970-01-01 UTC of a UTC timestamp column (SQLite keeps them as ISO text)."""
    if dialect == "postgresql":
        return cast(func.extract("epoch", column), Float)
    return (func.julianday(column) - _UNIX_EPOCH_JULIAN_DAY) * 86400.0


def hours_between(start, end, dialect: str):
    return (epoch_seconds(end, dialect) - epoch_seconds(start, dialect)) / 3600.0
