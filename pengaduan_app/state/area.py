"""An area page (/wilayah/<id>): the area, its parts, and the map and list filtered to it."""

from dataclasses import dataclass

import reflex as rx

from ..db import read_scope
from ..domain.areas import area_info, public_report_counts_by_child
from ..i18n import format_number
from .browse import BrowseState, ask_frame_view
from .lang import current_language


@dataclass
class AreaLink:
    """An area named on another area's page (a parent in the breadcrumbs, or a part with its report count)."""

    id: str = ""
    name: str = ""
    count: str = ""  # formatted for the reader's language; parts only


@dataclass
class AreaHeading:
    """The area the page is about."""

    id: str = ""
    name: str = ""
    level: str = ""  # kota, kecamatan or kelurahan
    approximate: bool = False  # its boundary is drawn roughly


class AreaState(rx.State):
    loaded: bool = False
    found: bool = False
    area: AreaHeading = AreaHeading()
    parents: list[AreaLink] = []
    children: list[AreaLink] = []

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
            self.area, self.parents, self.children = AreaHeading(), [], []
            return
        self.area = AreaHeading(id=str(info.id), name=info.name, level=info.level, approximate=bool(info.approximate))
        self.parents = [AreaLink(id=str(p.id), name=p.name) for p in info.parents]
        self.children = [
            AreaLink(id=str(c.id), name=c.name, count=format_number(counts.get(c.id, 0), lang)) for c in info.children
        ]
        browse = await self.get_state(BrowseState)
        browse.focus = ""
        await browse.show_filters(info.report_filter_values())
        return ask_frame_view()
