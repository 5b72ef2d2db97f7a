"""The public performance page /kinerja.

The ranking goes to the browser ten rows at a time ("show more" adds ten): the
top ten fit three phone screens, and the page stays light at the kelurahan level.
"""

from dataclasses import dataclass

import reflex as rx

from ..db import read_scope
from ..domain.areas import area_options
from ..domain.performance import PRIOR_WEIGHT, AreaPerformance, dashboard_figures
from ..i18n import format_hours, format_number, format_percent, translate
from .lang import current_language
from .views import Option, options_of

LEVELS = ("kota", "kecamatan", "kelurahan")
PARENT_LEVEL = {"kecamatan": "kota", "kelurahan": "kecamatan"}
PAGE_ROWS = 10


@dataclass
class PerformanceRow:
    """One area's line of the ranking (or the total line, without rank), every figure formatted for reading."""

    rank: str = ""
    id: str = ""
    name: str = ""
    received: str = ""
    hidden: str = ""
    resolved: str = ""
    response: str = ""
    resolution: str = ""
    within: str = ""
    eligible: str = ""
    reopen: str = ""
    rating: str = ""
    score: str = ""


@dataclass
class TrendWeek:
    """One week of the trend chart: reports received and resolved."""

    week: str = ""  # MM-DD of its Monday
    received: int = 0
    resolved: int = 0


def performance_view(line: AreaPerformance, lang: str, rank: int) -> PerformanceRow:
    dash = "–"

    def percent(value):
        return format_percent(value, lang) if value is not None else dash

    def hours(value):
        return format_hours(value, lang) if value is not None else dash

    return PerformanceRow(
        rank=str(rank) if rank else "",
        id=str(line.area_id or ""),
        name=line.name or translate(lang, "kinerja.all"),
        received=format_number(line.received, lang),
        hidden=translate(lang, "kinerja.hidden", count=format_number(line.hidden, lang)) if line.hidden else "",
        resolved=percent(line.share_resolved),
        response=hours(line.median_response_hours),
        resolution=hours(line.median_resolution_hours),
        within=percent(line.share_within_sla),
        eligible=format_number(line.eligible, lang),
        reopen=percent(line.reopen_rate),
        rating=format_number(round(line.average_rating, 1), lang) if line.average_rating else dash,
        score=percent(line.fair_score),
    )


class PerformanceState(rx.State):
    level: str = "kecamatan"
    parent: str = ""
    parents: list[Option] = []
    total: PerformanceRow = PerformanceRow()
    rows: list[PerformanceRow] = []
    _all_rows: list[PerformanceRow] = []
    row_count: int = 0
    trend: list[TrendWeek] = []
    prior_weight: int = PRIOR_WEIGHT

    @rx.event
    async def load(self):
        await self._refresh()

    @rx.var
    def rows_left(self) -> int:
        return max(0, self.row_count - len(self.rows))

    @rx.event
    def show_more(self):
        self.rows = self._all_rows[: len(self.rows) + PAGE_ROWS]

    @rx.event
    async def set_level(self, value: str):
        self.level = value if value in LEVELS else "kecamatan"
        self.parent = ""
        await self._refresh()

    @rx.event
    async def set_parent(self, value: str):
        self.parent = str(value) if str(value).isdigit() else ""
        await self._refresh()

    async def _refresh(self):
        lang = await current_language(self)
        parent_id = int(self.parent) if self.parent else None
        with read_scope() as session:
            total, lines, weeks = dashboard_figures(session, self.level, parent_id)
            parent_level = PARENT_LEVEL.get(self.level)
            self.parents = options_of(area_options(session, parent_level)) if parent_level else []
        self.total = performance_view(total, lang, 0)
        self._all_rows = [performance_view(line, lang, rank) for rank, line in enumerate(lines, start=1)]
        self.row_count = len(self._all_rows)
        self.rows = self._all_rows[:PAGE_ROWS]
        self.trend = [TrendWeek(week=w.week_start[5:], received=w.received, resolved=w.resolved) for w in weeks]
