"""Loading boundary files into the Area table: check every file first, then write in one transaction.

Real boundaries replace the approximate fallback areas, and a new version replaces an old one:
whatever points at a replaced area moves to the new area of the same level and name
(succession.py), reports are re-routed against the new polygons, then the old rows are deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, select

from ..domain.figures import rebuild_figures
from ..models import Area
from .geojson import AreaFeature, AreaLoadError, read_layer
from .layers import LayerFile
from .names import name_key
from .reroute import reroute_reports
from .router import AreaRouter, invalidate_router_on_commit
from .succession import Retirement, delete_retired, label, retire

# An area's identity across spellings and loads: (level, name keys from the top level down).
AreaKey = tuple[str, tuple[str, ...]]


@dataclass
class LevelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repaired: int = 0


@dataclass
class LoadReport:
    levels: dict[str, LevelCounts] = field(default_factory=dict)
    repairs: list[str] = field(default_factory=list)  # one line per repaired geometry
    areas_retired: int = 0  # approximate areas, and areas of a loaded level that the new files no longer have
    references_moved: int = 0  # reports, officers' areas, ... moved from a retired area to its successor
    reports_rerouted: int = 0

    @property
    def created(self) -> int:
        return sum(counts.created for counts in self.levels.values())

    @property
    def updated(self) -> int:
        return sum(counts.updated for counts in self.levels.values())


def load_areas(session: Session, files: Sequence[LayerFile]) -> LoadReport:
    """Upsert the areas of `files` (by level, name and parent) and retire the ones they replace.

    Raises AreaLoadError when any file is broken (before writing anything) or when a replaced
    area still in use has no successor; the caller's rollback then leaves everything as it was.
    The caller commits (session_scope does). Loading the same files again changes nothing.
    """
    layers = _top_down(files)
    features = {layer.level: read_layer(layer) for layer in layers}
    rows = session.exec(select(Area)).all()
    keys = _keys(rows)
    areas = {keys[area.id]: area for area in rows if not area.approximate}
    _check_hierarchy([feature for layer in layers for feature in features[layer.level]], areas)

    report = LoadReport()
    for layer in layers:
        counts = report.levels.setdefault(layer.level, LevelCounts())
        for feature in features[layer.level]:
            _upsert(session, areas, feature, counts)
            if feature.repair:
                counts.repaired += 1
                report.repairs.append(f"{feature.label}: repaired ({feature.repair})")
        session.flush()
    loaded = {_lineage(feature)[-1] for layer in layers for feature in features[layer.level]}
    plan = _retirement(rows, keys, areas, loaded, {layer.level for layer in layers})
    report.references_moved = retire(session, plan)
    report.areas_retired = delete_retired(session, plan)
    report.reports_rerouted = reroute_reports(session, router=AreaRouter.from_session(session))
    if report.references_moved:
        session.flush()
        rebuild_figures(session)  # the moves were bulk updates, which the running totals do not see
    invalidate_router_on_commit(session)
    return report


def _retirement(
    rows: Sequence[Area], keys: dict[int, AreaKey], areas: dict[AreaKey, Area], loaded: set[AreaKey], levels: set[str]
) -> Retirement:
    """The approximate rows, and the rows of a loaded level that the files no longer have; successors by key."""
    by_id = {area.id: area for area in rows}
    retired = [area for area in rows if area.approximate or (area.level in levels and keys[area.id] not in loaded)]
    successors = {area.id: areas[keys[area.id]].id for area in retired if keys[area.id] in loaded}
    return Retirement(
        retired=frozenset(area.id for area in retired),
        successors=successors,
        labels={area.id: label(area, _ancestors(area, by_id)) for area in retired},
    )


def _ancestors(area: Area, by_id: dict[int | None, Area]) -> list[Area]:
    chain = []
    parent = by_id.get(area.parent_id)
    while parent is not None:
        chain.insert(0, parent)
        parent = by_id.get(parent.parent_id)
    return chain


def _top_down(files: Sequence[LayerFile]) -> list[LayerFile]:
    """Parents before children: a layer names all its ancestors, so fewer ancestors means higher."""
    if not files:
        raise AreaLoadError("no boundary files given")
    levels = [layer.level for layer in files]
    repeated = sorted({level for level in levels if levels.count(level) > 1})
    if repeated:
        raise AreaLoadError(f"more than one file for level {', '.join(repeated)}")
    return sorted(files, key=lambda layer: len(layer.parent_properties))


def _key(level: str, names: Sequence[str]) -> AreaKey:
    return level, tuple(name_key(name) for name in names)


def _lineage(feature: AreaFeature) -> list[AreaKey]:
    """Keys of the feature's ancestors, top first, then of the feature itself."""
    names = [name for _, name in feature.parents] + [feature.name]
    levels = [level for level, _ in feature.parents] + [feature.level]
    return [_key(level, names[: depth + 1]) for depth, level in enumerate(levels)]


def _keys(rows: Sequence[Area]) -> dict[int, AreaKey]:
    """Each row's identity (level and name path), approximate rows included (their names match real ones)."""
    by_id = {area.id: area for area in rows}
    keys: dict[int | None, AreaKey] = {}

    def key(area: Area) -> AreaKey:
        if area.id not in keys:
            parent = by_id.get(area.parent_id)
            above = key(parent)[1] if parent else ()
            keys[area.id] = (area.level, (*above, name_key(area.name)))
        return keys[area.id]

    return {area.id: key(area) for area in rows}


def _check_hierarchy(features: list[AreaFeature], existing: dict[AreaKey, Area]) -> None:
    """No area twice, and every ancestor either in the files or already stored."""
    seen: dict[AreaKey, AreaFeature] = {}
    for feature in features:
        key = _lineage(feature)[-1]
        if key in seen:
            raise AreaLoadError(f"{feature.label}: same area as {seen[key].label}")
        seen[key] = feature
    for feature in features:
        for (level, path), (_, name) in zip(_lineage(feature)[:-1], feature.parents, strict=True):
            if (level, path) not in seen and (level, path) not in existing:
                raise AreaLoadError(f'{feature.label}: unknown parent {level} "{name}"')


def _upsert(session: Session, areas: dict[AreaKey, Area], feature: AreaFeature, counts: LevelCounts) -> None:
    lineage = _lineage(feature)
    values = {
        "name": feature.name,
        "parent_id": areas[lineage[-2]].id if feature.parents else None,
        "geometry": feature.geometry,
        "centroid_lat": feature.centroid_lat,
        "centroid_lon": feature.centroid_lon,
    }
    area = areas.get(lineage[-1])
    if area is None:
        areas[lineage[-1]] = Area(level=feature.level, approximate=False, **values)
        session.add(areas[lineage[-1]])
        counts.created += 1
    elif any(getattr(area, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(area, name, value)
        counts.updated += 1
    else:
        counts.unchanged += 1
