"""The choropleth frame of the performance page: share within SLA per kecamatan."""

from __future__ import annotations

from sqlmodel import select
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..config import get_settings
from ..db import read_scope
from ..domain.performance import dashboard_figures
from ..i18n import format_percent, translate
from ..maps.choropleth import ShadedArea, build_choropleth
from ..models import Area
from .maps import frame_labels, request_language


async def performance_map_frame(request: Request) -> HTMLResponse:
    settings = get_settings()
    lang = request_language(request)
    with read_scope() as session:
        _total, lines, _weeks = dashboard_figures(session, "kecamatan")
        areas = session.exec(select(Area).where(Area.level == "kecamatan")).all()
    by_id = {line.area_id: line for line in lines}
    shaded = []
    for area in areas:
        line = by_id.get(area.id)
        share = line.share_within_sla if line else None
        label = translate(lang, "kinerja.no_data") if share is None else format_percent(share, lang)
        shaded.append(
            ShadedArea(
                name=line.name if line else area.name.title(),
                geometry=area.geometry,
                centroid=(area.centroid_lat, area.centroid_lon),
                value=share,
                value_label=label,
            )
        )
    page = build_choropleth(
        shaded,
        tile_url=settings.tile_url,
        attribution=settings.tile_attribution,
        center=settings.map_center,
        zoom=settings.map_zoom,
        frame_labels=frame_labels(lang, "kinerja.map_title"),
        labels={
            "legend_title": translate(lang, "kinerja.col.within_sla"),
            "no_data": translate(lang, "kinerja.no_data"),
        },
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})
