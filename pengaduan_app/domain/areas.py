"""Areas and who answers for them: the area hierarchy for filters and area pages, the city agencies (dinas) that
handle city-wide categories and take hand-overs, the unit responsible for a new report, and finding a place by
name.

The place search needs no network: it looks among the loaded areas (kota, kecamatan, kelurahan). People type
what they know: "Gambir", "kel. Pinangsia", "Kecamatan Tebet", "ragunan". A leading level word ("kel.",
"kelurahan", "kec.", "kecamatan", "kota", "kab.") narrows the search to that level; the rest matches the area's
name anywhere, exact names first, then names that start with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import shapely
from sqlalchemy import bindparam, func, or_
from sqlmodel import Session, select

from ..geo.names import display_name, name_key
from ..models import Area, Category, Report
from .public_reports import ReportFilter, filter_conditions

# The area hierarchy for filters and area pages.
LEVEL_FIELDS = {"kota": "kota_id", "kecamatan": "kecamatan_id", "kelurahan": "kelurahan_id"}


@dataclass(frozen=True)
class AreaOption:
    id: int
    name: str
    level: str = ""


@dataclass(frozen=True)
class AreaInfo:
    id: int
    level: str
    name: str
    approximate: bool
    parents: list[AreaOption]
    children: list[AreaOption]

    def report_filter_values(self) -> dict[str, str]:
        """The map/list filter values that select this area's reports (its own level and its parents')."""
        lineage = [*self.parents, AreaOption(self.id, self.name, self.level)]
        return {a.level: str(a.id) for a in lineage if a.level in LEVEL_FIELDS}


# Built once with bound parameters: the map page's filters ask them on every opening (bench/domain_calls.py).
_AREAS_AT_LEVEL = select(Area.id, Area.name).where(Area.level == bindparam("level")).order_by(Area.name)
_AREAS_UNDER = _AREAS_AT_LEVEL.where(Area.parent_id == bindparam("parent_id"))


def area_options(session: Session, level: str, parent_id: int | None = None) -> list[AreaOption]:
    if parent_id is None:
        rows = session.exec(_AREAS_AT_LEVEL, params={"level": level})
    else:
        rows = session.exec(_AREAS_UNDER, params={"level": level, "parent_id": parent_id})
    return [AreaOption(i, display_name(n)) for i, n in rows.all()]


def _parents(session: Session, area: Area) -> list[Area]:
    chain = []
    current = area
    while current.parent_id is not None:
        current = session.get(Area, current.parent_id)
        if current is None:
            break
        chain.insert(0, current)
    return chain


def area_info(session: Session, area_id: int) -> AreaInfo | None:
    area = session.get(Area, area_id)
    if area is None:
        return None
    children = session.exec(select(Area.id, Area.name).where(Area.parent_id == area.id).order_by(Area.name)).all()
    return AreaInfo(
        id=area.id,
        level=area.level,
        name=display_name(area.name),
        approximate=area.approximate,
        parents=[AreaOption(p.id, display_name(p.name), p.level) for p in _parents(session, area)],
        children=[AreaOption(i, display_name(n)) for i, n in children],
    )


def public_report_counts_by_child(session: Session, area: AreaInfo) -> dict[int, int]:
    """Public reports per child area, for an area page's list of children (the public pages' visibility rule)."""
    child_level = {"kota": "kecamatan_id", "kecamatan": "kelurahan_id"}.get(area.level)
    if child_level is None:
        return {}
    column = getattr(Report, child_level)
    rows = session.exec(
        select(column, func.count(Report.id))
        .where(getattr(Report, LEVEL_FIELDS[area.level]) == area.id, *filter_conditions(ReportFilter()))
        .group_by(column)
    ).all()
    return {area_id: count for area_id, count in rows if area_id is not None}


def responsible_unit(category: Category, route) -> dict:
    """Who handles a new report: the category's agency for city-wide problems, else the lowest area."""
    if category.agency:
        return {"unit_agency": category.agency, "unit_area_id": None}
    return {"unit_agency": None, "unit_area_id": route.kelurahan_id or route.kecamatan_id}


# City agencies (dinas).
@dataclass(frozen=True)
class Agency:
    code: str
    name_id: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


AGENCIES: tuple[Agency, ...] = (
    Agency("bina_marga", "Dinas Bina Marga", "Roads Agency"),
    Agency("sda", "Dinas Sumber Daya Air", "Water Resources Agency"),
    Agency("lingkungan_hidup", "Dinas Lingkungan Hidup", "Environment Agency"),
    Agency("perhubungan", "Dinas Perhubungan", "Transport Agency"),
    Agency("satpol_pp", "Satpol PP", "Public Order Agency"),
    Agency("pertamanan", "Dinas Pertamanan dan Hutan Kota", "Parks and Urban Forest Agency"),
    Agency("citata", "Dinas Cipta Karya, Tata Ruang dan Pertanahan", "Spatial Planning Agency"),
    Agency("kesehatan", "Dinas Kesehatan", "Health Agency"),
    Agency("damkar", "Dinas Penanggulangan Kebakaran dan Penyelamatan", "Fire and Rescue Agency"),
)

BY_CODE = {agency.code: agency for agency in AGENCIES}


def agency_name(code: str | None, lang: str) -> str:
    agency = BY_CODE.get(code or "")
    return agency.name(lang) if agency else ""


# Finding a place by name.
QUERY_MAX = 100
LIMIT = 8
LEVEL_ORDER = {"kota": 0, "kecamatan": 1, "kelurahan": 2}

_LEVEL_WORDS = re.compile(
    r"^(?:(?P<kelurahan>kelurahan|kel\.?|desa)|(?P<kecamatan>kecamatan|kec\.?)|(?P<kota>kota|kabupaten|kab\.?))\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Place:
    """A search answer: where to put the map (`bbox` is west, south, east, north when the place has a shape)."""

    label: str
    detail: str
    lat: float
    lng: float
    bbox: tuple[float, float, float, float] | None = None
    kind: str = ""  # the area level, or "geocoder"

    def as_json(self) -> dict:
        return {
            "label": self.label,
            "detail": self.detail,
            "lat": self.lat,
            "lng": self.lng,
            "bbox": list(self.bbox) if self.bbox else None,
            "kind": self.kind,
        }


def read_query(text: str) -> tuple[str | None, str]:
    """(level or None, the name part, upper case) of what was typed."""
    words = " ".join(text.split())
    level = None
    match = _LEVEL_WORDS.match(words + " ")
    if match and match.end() <= len(words):
        level = match.lastgroup
        words = words[match.end() :]
    return level, name_key(words)


def _bbox(geometry: str | None) -> tuple[float, float, float, float] | None:
    if not geometry:
        return None
    west, south, east, north = shapely.from_geojson(geometry).bounds
    return (round(west, 5), round(south, 5), round(east, 5), round(north, 5))


def find_areas(session: Session, text: str, level_words: dict[str, str], *, limit: int = LIMIT) -> list[Place]:
    """Areas whose name holds what was typed; `level_words` names each level in the reader's language."""
    level, name = read_query(text)
    if len(name) < 2:
        return []
    statement = select(Area).where(func.upper(Area.name).contains(name, autoescape=True))
    if level:
        statement = statement.where(Area.level == level)
    found = list(session.exec(statement.limit(200)).all())

    def rank(area: Area) -> tuple:
        key = name_key(area.name)
        return (key != name, not key.startswith(name), LEVEL_ORDER.get(area.level, 9), key)

    found.sort(key=rank)
    parents = {a.id: a for a in session.exec(select(Area).where(Area.level.in_(("kota", "kecamatan")))).all()}
    places = []
    for area in found[:limit]:
        parent = parents.get(area.parent_id)
        detail = level_words.get(area.level, area.level)
        if parent is not None:
            detail += f" · {level_words.get(parent.level, parent.level)} {display_name(parent.name)}"
        places.append(
            Place(
                label=display_name(area.name),
                detail=detail,
                lat=area.centroid_lat,
                lng=area.centroid_lon,
                bbox=_bbox(area.geometry),
                kind=area.level,
            )
        )
    return places


def service_box(session: Session, margin: float = 0.03) -> tuple[float, float, float, float] | None:
    """West, south, east, north around the loaded areas' centres, with a margin (the geocoder's bias)."""
    lat, lng = Area.centroid_lat, Area.centroid_lon
    row = session.exec(select(func.min(lng), func.min(lat), func.max(lng), func.max(lat))).one()
    if row[0] is None:
        return None
    west, south, east, north = row
    return (west - margin, south - margin, east + margin, north + margin)


def last_report_place(
    session: Session, *, submitter_hash: str | None, citizen_id: int | None
) -> tuple[float, float] | None:
    """Where this browser (its submitter hash) or account last reported: the picker opens there next time."""
    mine = [Report.submitter_hash == submitter_hash] if submitter_hash else []
    if citizen_id is not None:
        mine.append(Report.citizen_id == citizen_id)
    if not mine:
        return None
    statement = select(Report.latitude, Report.longitude).where(or_(*mine)).order_by(Report.created_at.desc())
    row = session.exec(statement.limit(1)).first()
    return (row[0], row[1]) if row else None
