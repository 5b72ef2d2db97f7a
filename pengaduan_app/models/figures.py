"""Running totals behind the public performance page, so that no request walks every report.

domain.figures keeps them in the same transaction as every change to a report.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel

# The area_id of the totals of reports that have no area at that level.
NO_AREA = 0


class AreaTally(SQLModel, table=True):
    """The counts of one area's reports (`level` kota, kecamatan or kelurahan), hidden ones included."""

    __tablename__ = "area_tally"

    level: str = Field(primary_key=True, max_length=12)
    area_id: int = Field(primary_key=True)
    received: int = 0
    resolved: int = 0  # resolved or closed now
    done_due: int = 0  # resolved or closed, with a deadline
    within: int = 0  # resolved or closed by the deadline
    reopened: int = 0  # reopened at least once
    resolved_ever: int = 0  # done now, or reopened (so done once before)
    rating_sum: int = 0
    ratings: int = 0
    responded: int = 0  # with a first response (the median's count)
    resolved_timed: int = 0  # done with a resolution time (the median's count)
    hidden: int = 0  # hidden by a moderator (counted in the figures all the same)


class AreaOpenDue(SQLModel, table=True):
    """How many of an area's unfinished reports fall due on each day (UTC): those past due count against the
    area's share within the deadline."""

    __tablename__ = "area_open_due"

    level: str = Field(primary_key=True, max_length=12)
    area_id: int = Field(primary_key=True)
    due_day: str = Field(primary_key=True, max_length=10)
    open_count: int = 0


class DailyTally(SQLModel, table=True):
    """Reports received and resolved per day (Jakarta date), for the weekly trend."""

    __tablename__ = "daily_tally"

    day: str = Field(primary_key=True, max_length=10)
    received: int = 0
    resolved: int = 0
