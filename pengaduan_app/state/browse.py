"""The public map page: filters, the list of the reports in view beside the map, support from the map.

The map frame is loaded once per page (`frame_src`); after that the filters
travel to it as messages, so changing one never reloads the map or loses its
position, and the map tells this state what it shows (`viewport`), so the list
holds the same reports as the map. Opening the page reads only the filter
options: the frame's first viewport message reads the list, so a visit runs
the list and count queries once, not once for the page and again for the map.
A frame that loaded before the page's listener was there has posted its view
to nobody, so the on-load also reads the view off the frame (same origin); a
view the list already shows (both arrived) is not read again.

On `/` the filters and the map's place and zoom are kept in the address: a
filter change is a new history entry (pushed from here), a map move updates the
current one (the frame does it: assets/maps/public_map.js), so a shared link
opens the same view; after Back or Forward the frame sends the address back
and the page takes its filters and view from it.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from urllib.parse import parse_qs, urlencode, urlsplit

import reflex as rx

from ..db import read_scope
from ..domain.areas import area_options
from ..domain.duplicates import haversine_m
from ..domain.public_reports import (
    FILTER_NAMES,
    PAGE_SIZE,
    SORTS,
    count_public_reports,
    list_public_reports,
    read_filter,
)
from ..domain.submission import is_tracking_code
from ..domain.validation import location_error
from ..domain.viewport import BBox
from ..i18n import format_number, translate
from ..maps.base import script_json
from .lang import current_language
from .support import cast_support
from .views import Option, ReportCard, card_of, category_options, options_of

MAP_FRAME_ID = "public-map"
VIEW_NAMES = ("lat", "lng", "z")


def to_map_frame(message: dict) -> rx.event.EventSpec:
    """A message for the map frame on this page (see maps.public_map for the protocol)."""
    return rx.call_script(
        f"(function () {{ var f = document.getElementById({script_json(MAP_FRAME_ID)});"
        f" if (f && f.contentWindow) {{ f.contentWindow.postMessage({script_json(message)}, window.location.origin); }}"
        " })()"
    )


@functools.cache
def ask_frame_view() -> rx.event.EventSpec:
    """The frame's current view as its viewport message (to `receive_message`), or None while the frame
    has no map yet; the box rounded as the frame rounds it (assets/maps/public_map.js, `bbox`). Built once:
    every opening of the map page returns it."""
    return rx.call_script(
        f"(function () {{ var f = document.getElementById({script_json(MAP_FRAME_ID)}), w = f && f.contentWindow;"
        " var box = w && w.document && w.document.querySelector('.folium-map'), map = box && w[box.id];"
        " if (!map || !map.getBounds) { return null; }"
        " var b = map.getBounds(), c = function (v, l) { return Number(Math.max(-l, Math.min(l, v)).toFixed(5)); };"
        " return {type: 'pengaduan:viewport', zoom: map.getZoom(),"
        " bbox: [c(b.getWest(), 180), c(b.getSouth(), 90), c(b.getEast(), 180), c(b.getNorth(), 90)]}; })()",
        callback=BrowseState.receive_message,
    )


def to_address(filters: dict[str, str]) -> rx.event.EventSpec:
    """The filters into this page's address as a new history entry (Back returns); the view stays in it."""
    return rx.call_script(
        f"(function () {{ var q = new URLSearchParams(window.location.search), f = {script_json(filters)};"
        " Object.keys(f).forEach(function (k) { q.delete(k); if (f[k]) { q.set(k, f[k]); } });"
        " var s = q.toString(), url = window.location.pathname + (s ? '?' + s : '');"
        " if (url !== window.location.pathname + window.location.search) {"
        " window.history.pushState(window.history.state, '', url); } })()"
    )


def distance_text(metres: float, lang: str) -> str:
    if metres < 1000:
        return f"{format_number(round(metres, -1), lang)} m"
    return f"{format_number(round(metres / 1000, 1), lang)} km"


def _card(summary, lang: str, near: tuple[float, float] | None) -> ReportCard:
    """A list card, with its distance from the visitor when the list is sorted by it."""
    distance = ""
    if near:
        metres = haversine_m(near, (summary.latitude, summary.longitude))
        distance = translate(lang, "list.distance", distance=distance_text(metres, lang))
    return card_of(summary, lang, distance)


class BrowseState(rx.State):
    filters: dict[str, str] = {name: "" for name in FILTER_NAMES}
    categories: list[Option] = []
    kota_options: list[Option] = []
    kecamatan_options: list[Option] = []
    kelurahan_options: list[Option] = []
    cards: list[ReportCard] = []
    total: int = 0
    page: int = 0
    focus: str = ""
    frame_src: str = "/peta/frame"
    viewport: list[float] = []
    sort: str = "newest"
    near: list[float] = []
    sort_error: str = ""
    _view: dict[str, str] = {}  # lat, lng, z of the map from the address, for the frame
    filters_open: bool = False
    listed: bool = False  # the list has been read since the page opened (see the module docstring)

    @rx.var
    def active_filters(self) -> int:
        return sum(1 for value in self.filters.values() if value)

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def export_query(self) -> str:
        """The chosen filters as a query string, for the open-data downloads."""
        chosen = {k: v for k, v in self.filters.items() if v}
        return f"?{urlencode(chosen)}" if chosen else ""

    @rx.event
    async def load(self):
        params = self.router.page.params
        focus = str(params.get("focus", "")).upper()
        self.focus = focus if is_tracking_code(focus) else ""
        self._view = {name: str(params[name]) for name in VIEW_NAMES if isinstance(params.get(name), str)}
        await self.show_filters({name: params.get(name, "") for name in FILTER_NAMES})
        return ask_frame_view()

    async def show_filters(self, values: dict):
        """Start the page with these filters (the malformed ones dropped): a fresh map frame, and the list
        empty until the frame tells its view (the caller returns `ask_frame_view()`)."""
        _, problems = read_filter(values)
        self.filters = {
            name: values[name] if isinstance(values.get(name), str) and name not in problems else ""
            for name in FILTER_NAMES
        }
        if not self._in_address():
            self._view = {}
        query = {k: v for k, v in self.filters.items() if v}
        if self.focus:
            query["focus"] = self.focus
        # The frame checks the view itself and falls back to the city. A plain visit to `/` keeps the frame
        # address the page was built with, so the frame that started loading with the page is not loaded again.
        query |= self._view
        self.frame_src = "/peta/frame" + (f"?{urlencode(query)}" if query else "")
        self.viewport, self.page, self.cards, self.total, self.listed = [], 0, [], 0, False
        lang = await current_language(self)
        chosen, _ = read_filter(self.filters)
        with read_scope() as session:
            self._read_options(session, lang, chosen)

    @rx.event
    async def set_filter(self, name: str, value: str):
        """One filter changed; a malformed value changes nothing. The map frame gets the new filters."""
        if name not in FILTER_NAMES or not isinstance(value, str):
            return None
        chosen = {**self.filters, name: value}
        if name == "kota":
            chosen["kecamatan"] = chosen["kelurahan"] = ""
        if name == "kecamatan":
            chosen["kelurahan"] = ""
        _, problems = read_filter(chosen)
        if name in problems:
            return None
        # Another field that no longer fits (e.g. `to` before the new `from`) is cleared.
        self.filters = {k: ("" if k in problems else v) for k, v in chosen.items()}
        self.page = 0
        await self._refresh(options=name in ("kota", "kecamatan"))
        return self._send_filters()

    @rx.event
    async def clear_filters(self):
        self.filters = {name: "" for name in FILTER_NAMES}
        self.page = 0
        await self._refresh(options=True)
        return self._send_filters()

    @rx.event
    def toggle_filters(self):
        self.filters_open = not self.filters_open

    def _in_address(self) -> bool:
        """Only `/` keeps its filters and view in the address (an area page is its own address).

        Read from the event's page, not from `load`: the map may report its view before `load` has run."""
        return urlsplit(str(self.router.url)).path in ("", "/")

    def _send_filters(self) -> list[rx.event.EventSpec]:
        """The new filters to the map frame and, on `/`, into a new history entry."""
        events = [to_map_frame({"type": "pengaduan:filters", "filters": self.filters})]
        if self._in_address():
            events.append(to_address(self.filters))
        return events

    @rx.event
    async def go_to_page(self, page: int):
        if not isinstance(page, int):
            return
        self.page = max(0, min(page, self.page_count - 1))
        await self._refresh(options=False)

    @rx.event
    async def set_sort(self, sort: str):
        """Newest or most supported; "nearest" is chosen by the location message (see the page's button)."""
        if sort in SORTS and sort != "nearest":
            self.sort, self.sort_error, self.page = sort, "", 0
            await self._refresh(options=False)

    @rx.event
    async def receive_message(self, message: dict):
        """From the map frame or geolocation. Any page of the site can post messages: check everything."""
        if not isinstance(message, dict):
            return None
        kind = message.get("type")
        if kind == "pengaduan:viewport":
            try:
                view = list(BBox.of(message.get("bbox")))
            except (TypeError, ValueError):
                return None
            if self.listed and view == self.viewport:
                return None  # the frame's own message and the on-load's answer: the list is already this
            self.viewport = view
            self.page = 0
            await self._refresh(options=False)
        elif kind == "pengaduan:address":
            return await self._from_address(message.get("query"))
        elif kind == "pengaduan:support":
            return await self._support(message.get("code"), message.get("support"))
        elif kind == "pengaduan:my-location":
            lat, lng = message.get("lat"), message.get("lng")
            if location_error(lat, lng) is None:
                self.near = [float(lat), float(lng)]
                self.sort, self.sort_error, self.page = "nearest", "", 0
                await self._refresh(options=False)
        elif kind == "pengaduan:geo-error":
            self.sort_error = translate(await current_language(self), "sort.location_failed")
        return None

    async def _from_address(self, query) -> list[rx.event.EventSpec] | None:
        """After Back or Forward: the filters and the view of the address now shown (checked like any input)."""
        if not isinstance(query, str) or len(query) > 2000 or not self._in_address():
            return None
        params = {k: v[0] for k, v in parse_qs(query.lstrip("?")).items()}
        chosen = {name: params.get(name, "") for name in FILTER_NAMES}
        _, problems = read_filter(chosen)
        self.filters = {k: ("" if k in problems else v) for k, v in chosen.items()}
        self.page = 0
        await self._refresh(options=True)
        events = [to_map_frame({"type": "pengaduan:filters", "filters": self.filters})]
        lat, lng, zoom = params.get("lat"), params.get("lng"), params.get("z", "")
        if location_error(lat, lng) is None and zoom.isdigit():
            events.append(
                to_map_frame({"type": "pengaduan:view", "lat": float(lat), "lng": float(lng), "zoom": int(zoom)})
            )
        return events

    async def _support(self, code, want) -> rx.event.EventSpec:
        reply = await cast_support(self, code, want)
        if reply.ok:
            await self._refresh(options=False)  # the cards show the new count
        return to_map_frame(
            {
                "type": "pengaduan:support-result",
                "code": code if isinstance(code, str) and is_tracking_code(code) else "",
                "supported": reply.supported,
                "count": reply.count if reply.ok else None,
                "message": reply.message,
            }
        )

    async def _refresh(self, *, options: bool):
        lang = await current_language(self)
        chosen, _ = read_filter(self.filters)
        if self.viewport:
            chosen = replace(chosen, bbox=BBox(*self.viewport))
        near = (self.near[0], self.near[1]) if self.near else None
        with read_scope() as session:
            if options:
                self._read_options(session, lang, chosen)
            self.total = count_public_reports(session, chosen)
            summaries = list_public_reports(
                session, chosen, limit=PAGE_SIZE, offset=self.page * PAGE_SIZE, sort=self.sort, near=near
            )
        self.cards = [_card(s, lang, near) for s in summaries]
        self.listed = True

    def _read_options(self, session, lang: str, chosen) -> None:
        self.categories = category_options(session, lang)
        self.kota_options = options_of(area_options(session, "kota"))
        self.kecamatan_options = options_of(area_options(session, "kecamatan", chosen.kota_id))
        self.kelurahan_options = (
            options_of(area_options(session, "kelurahan", chosen.kecamatan_id)) if chosen.kecamatan_id else []
        )
