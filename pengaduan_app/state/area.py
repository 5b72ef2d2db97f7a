"""An area page (/wilayah/<id>): the area, its parts, and the map and list filtered to it."""

import reflex as rx

from ..db import read_scope
from ..domain.areas import area_info, public_report_counts_by_child
from ..i18n import format_number
from .browse import BrowseState, ask_frame_view
from .lang import current_language


class AreaState(rx.State):
    loaded: bool = False
    found: bool = False
    area: dict[str, str] = {}
    parents: list[dict[str, str]] = []
    children: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        raw = str(self.router.page.params.get("area_id", ""))
        lang = await current_language(self)
        info = None
        with read_scope() as session:
            if raw.isdigit():
                info = area_info(session, int(raw))
            counts = public_report_counts_by_child(session, info) if info else {}
        self.found = info is not None
        self.loaded = True
        if info is None:
            self.area, self.parents, self.children = {}, [], []
            return
        self.area = {
            "id": str(info.id),
            "name": info.name,
            "level": info.level,
            "approximate": "1" if info.approximate else "",
        }
        self.parents = [{"id": str(p.id), "name": p.name} for p in info.parents]
        self.children = [
            {"id": str(c.id), "name": c.name, "count": format_number(counts.get(c.id, 0), lang)} for c in info.children
        ]
        browse = await self.get_state(BrowseState)
        browse.focus = ""
        await browse.show_filters(info.report_filter_values())
        return ask_frame_view()
