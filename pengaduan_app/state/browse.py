"""The public map page: filters, the list of reports beside the map, and the map frame's address."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from ..db import session_scope
from ..domain.areas import area_options
from ..domain.categories import active_categories, category_name
from ..domain.public_reports import FILTER_NAMES, PAGE_SIZE, count_public_reports, list_public_reports, parse_filter
from ..domain.tracking import is_tracking_code
from .lang import current_language
from .views import card_of


def options_of(items) -> list[dict[str, str]]:
    return [{"value": str(i.id), "label": i.name} for i in items]


class BrowseState(rx.State):
    filters: dict[str, str] = {name: "" for name in FILTER_NAMES}
    categories: list[dict[str, str]] = []
    kota_options: list[dict[str, str]] = []
    kecamatan_options: list[dict[str, str]] = []
    kelurahan_options: list[dict[str, str]] = []
    cards: list[dict[str, str]] = []
    total: int = 0
    page: int = 0
    focus: str = ""

    @rx.var
    def frame_src(self) -> str:
        query = {k: v for k, v in self.filters.items() if v}
        if self.focus:
            query["focus"] = self.focus
        return "/peta/frame" + (f"?{urlencode(query)}" if query else "")

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.event
    async def load(self):
        params = self.router.page.params
        self.filters = {name: str(params.get(name, ""))[:40] for name in FILTER_NAMES}
        focus = str(params.get("focus", "")).upper()
        self.focus = focus if is_tracking_code(focus) else ""
        self.page = 0
        await self._refresh(options=True)

    @rx.event
    async def set_filter(self, name: str, value: str):
        if name not in FILTER_NAMES:
            return
        self.filters[name] = str(value)[:40]
        if name == "kota":
            self.filters["kecamatan"] = self.filters["kelurahan"] = ""
        if name == "kecamatan":
            self.filters["kelurahan"] = ""
        self.page = 0
        await self._refresh(options=name in ("kota", "kecamatan"))

    @rx.event
    async def clear_filters(self):
        self.filters = {name: "" for name in FILTER_NAMES}
        self.page = 0
        await self._refresh(options=True)

    @rx.event
    async def go_to_page(self, page: int):
        self.page = max(0, min(int(page), self.page_count - 1))
        await self._refresh(options=False)

    async def _refresh(self, *, options: bool):
        lang = await current_language(self)
        chosen = parse_filter(self.filters)
        with session_scope() as session:
            if options:
                self.categories = [
                    {"value": c.code, "label": category_name(c, lang)} for c in active_categories(session)
                ]
                self.kota_options = options_of(area_options(session, "kota"))
                self.kecamatan_options = options_of(area_options(session, "kecamatan", chosen.kota_id))
                self.kelurahan_options = (
                    options_of(area_options(session, "kelurahan", chosen.kecamatan_id)) if chosen.kecamatan_id else []
                )
            self.total = count_public_reports(session, chosen)
            summaries = list_public_reports(session, chosen, limit=PAGE_SIZE, offset=self.page * PAGE_SIZE)
        self.cards = [card_of(s, lang) for s in summaries]
