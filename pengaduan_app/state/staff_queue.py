"""The triage queue at /staf: filters that stick, sort, paging, bulk assignment."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import reflex as rx

from ..db import session_scope
from ..domain.areas import agency_name
from ..domain.handling import assign
from ..domain.permissions import field_check_clause
from ..domain.staff_queue import SORTS, QueueRow, filter_areas, officers_for, parse_queue_filter, queue_page
from ..domain.status import public_status
from ..errors import Refused
from ..i18n import format_age, format_datetime, translate
from .lang import current_language
from .staff_auth import StaffPage, current_identity
from .views import Option, category_options

QUEUE_FILTERS = ("status", "category", "area", "overdue", "channel", "mine", "q", "far")
PAGE_SIZE = 25


@dataclass
class QueueLine:
    """One report in the queue table, written for the officer's language."""

    code: str = ""
    title: str = ""
    category: str = ""
    area: str = ""
    status: str = ""
    public_status: str = ""
    priority: str = ""
    age: str = ""
    due: str = ""
    overdue: bool = False
    assigned: str = ""
    support: str = ""
    channel: str = ""
    far: bool = False  # an after photo taken far from the place (domain.photos)


def queue_row_view(row: QueueRow, lang: str) -> QueueLine:
    return QueueLine(
        code=row.tracking_code,
        title=row.title,
        category=row.category_en if lang == "en" else row.category_id,
        area=agency_name(row.unit_agency, lang) or row.kelurahan or row.kecamatan,
        status=translate(lang, f"staff.status.{row.status}"),
        public_status=public_status(row.status).code,
        priority=translate(lang, f"staff.priority.{row.priority}"),
        age=format_age(row.created_at, lang),
        due=format_datetime(row.due_at, lang) if row.due_at else "",
        overdue=bool(row.overdue),
        assigned=row.assigned_to,
        support=str(row.support_count),
        channel=translate(lang, f"channel.{row.channel}"),
        far=bool(row.far_photo),
    )


class QueueState(StaffPage, rx.State):
    filters: dict[str, str] = {"status": "open"}  # the filter inputs by name (QUEUE_FILTERS)
    sort: str = "oldest"
    page: int = 0
    total: int = 0
    rows: list[QueueLine] = []
    selected: list[str] = []
    officers: list[Option] = []
    categories: list[Option] = []
    areas: list[Option] = []
    view: str = "list"  # or "map": the same filters, on a map
    offers_far: bool = False  # the officer may see the after-photo check (domain.photos)

    @rx.var
    def map_src(self) -> str:
        """The queue map's address: the filters in force, so the map shows what the list shows."""
        query = urlencode({k: v for k, v in self.filters.items() if k in QUEUE_FILTERS and v})
        return f"/staf/peta-antrean?{query}"

    @rx.event
    def set_view(self, value: str):
        self.view = "map" if value == "map" else "list"

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.event
    async def load(self):
        identity = await current_identity(self)
        if identity is None:
            return
        lang = await current_language(self)
        with session_scope() as session:
            self.officers = [Option(str(i), name) for i, name in officers_for(session, identity)]
            self.categories = category_options(session, lang)
            self.areas = [
                Option(str(a.id), f"{translate(lang, f'area.{a.level}')} {a.name}")
                for a in filter_areas(session, identity)
            ]
            self.offers_far = field_check_clause(session, identity) is not None
        if str(self.router.page.params.get("overdue", "")) == "1":  # the header's overdue badge
            self.filters = {**self.filters, "status": "open", "overdue": "1"}
            self.page = 0
        await self._refresh()

    @rx.event
    async def set_filter(self, name: str, value: str):
        await self._set_filter(name, value)

    @rx.event
    async def toggle_filter(self, name: str):
        if name in ("overdue", "mine", "far"):
            await self._set_filter(name, "" if self.filters.get(name) == "1" else "1")

    async def _set_filter(self, name: str, value: str):
        if name in QUEUE_FILTERS:
            self.filters[name] = str(value)[:100]
            self.page = 0
            self.selected = []
            await self._refresh()

    @rx.event
    async def set_sort(self, value: str):
        self.sort = value if value in SORTS else "oldest"
        self.page = 0
        await self._refresh()

    @rx.event
    async def go_to_page(self, page: int):
        self.page = max(0, min(int(page), self.page_count - 1))
        self.selected = []
        await self._refresh()

    @rx.event
    def toggle_selected(self, code: str):
        code = str(code)
        if code in self.selected:
            self.selected = [c for c in self.selected if c != code]
        elif any(row.code == code for row in self.rows):
            self.selected = [*self.selected, code]

    @rx.event
    def select_page(self, checked: bool):
        self.selected = [row.code for row in self.rows] if checked else []

    @rx.event
    async def bulk_assign(self, officer_id: str):
        """Assign every selected report; each one is checked on its own."""
        identity = await current_identity(self)
        lang = await current_language(self)
        if identity is None or not str(officer_id).isdigit():
            self.error = translate(lang, "error.permission_denied" if identity is None else "error.officer_invalid")
            return
        done, failed = 0, []
        for code in self.selected:
            try:
                with session_scope() as session:
                    assign(session, identity, code, int(officer_id))
                done += 1
            except Refused:
                failed.append(code)
        self.message = translate(lang, "staff.bulk_done", count=done)
        self.error = translate(lang, "staff.bulk_failed", codes=", ".join(failed)) if failed else ""
        self.selected = []
        await self._refresh()

    async def _refresh(self):
        identity = await current_identity(self)
        if identity is None:
            self.rows, self.total = [], 0
            return
        lang = await current_language(self)
        with session_scope() as session:
            rows, self.total = queue_page(
                session, identity, parse_queue_filter(self.filters), sort=self.sort, page=self.page, page_size=PAGE_SIZE
            )
        self.rows = [queue_row_view(row, lang) for row in rows]
