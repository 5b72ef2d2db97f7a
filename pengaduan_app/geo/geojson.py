"""Reading and checking one boundary file, before anything touches the database."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from .layers import LayerFile
from .names import clean_name

PRECISION = 6  # decimals kept in stored coordinates (about 10 cm)
_POLYGONAL = ("Polygon", "MultiPolygon")


class AreaLoadError(ValueError):
    """A boundary file cannot be loaded; the message names the file and the feature."""


@dataclass(frozen=True)
class AreaFeature:
    """One area read from a file, checked and ready to store."""

    label: str  # where it came from, for messages: 'kelurahan.geojson features[3] "ANCOL"'
    level: str
    name: str
    parents: tuple[tuple[str, str], ...]  # (level, name) of each ancestor, top level first
    geometry: str  # GeoJSON text
    centroid_lat: float
    centroid_lon: float
    repair: str | None  # why the geometry had to be repaired, if it had


def read_layer(layer: LayerFile) -> list[AreaFeature]:
    """Every feature of `layer`, validated; raises AreaLoadError at the first problem."""
    features = _feature_list(layer)
    return [_read_feature(layer, index, feature) for index, feature in enumerate(features)]


def _feature_list(layer: LayerFile) -> list[Any]:
    try:
        opener = gzip.open if layer.path.suffix == ".gz" else open
        with opener(layer.path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except EOFError as err:
        raise AreaLoadError(f"{layer.path}: compressed file is cut short") from err
    except OSError as err:
        raise AreaLoadError(f"{layer.path}: cannot read file: {err.strerror or err}") from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise AreaLoadError(f"{layer.path}: not valid JSON: {err}") from err
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise AreaLoadError(f"{layer.path}: not a GeoJSON FeatureCollection")
    return data["features"]


def _read_feature(layer: LayerFile, index: int, feature: Any) -> AreaFeature:
    label = f"{layer.path.name} features[{index}]"
    if not isinstance(feature, dict):
        raise AreaLoadError(f"{label}: not a GeoJSON feature")
    properties = feature.get("properties") or {}
    name = _name(properties, layer.name_property, label)
    label = f'{label} "{name}"'
    parents = tuple((level, _name(properties, prop, label)) for level, prop in layer.parent_properties)
    geometry, repair = _polygonal(feature.get("geometry"), label)
    point = geometry.representative_point()
    return AreaFeature(
        label=label,
        level=layer.level,
        name=name,
        parents=parents,
        geometry=json.dumps(_rounded(mapping(geometry)), separators=(",", ":")),
        centroid_lat=round(point.y, PRECISION),
        centroid_lon=round(point.x, PRECISION),
        repair=repair,
    )


def _name(properties: dict[str, Any], prop: str, label: str) -> str:
    value = properties.get(prop) if isinstance(properties, dict) else None
    name = clean_name(value) if isinstance(value, str) else ""
    if not name:
        raise AreaLoadError(f'{label}: property "{prop}" is missing or empty')
    return name


def _polygonal(raw: Any, label: str) -> tuple[BaseGeometry, str | None]:
    """The feature's geometry as a valid (Multi)Polygon on the stored grid, and the repair made if any."""
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind not in _POLYGONAL:
        raise AreaLoadError(f"{label}: geometry is {kind or 'missing'}, expected Polygon or MultiPolygon")
    try:
        geometry = shape(raw)
    except (ValueError, TypeError, IndexError, ShapelyError) as err:
        raise AreaLoadError(f"{label}: unreadable {kind} coordinates ({err})") from err
    if not _is_lon_lat(geometry.bounds):
        raise AreaLoadError(f"{label}: coordinates {geometry.bounds} are not longitude/latitude (EPSG:4326)")
    repair = None
    if not geometry.is_valid:
        repair = shapely.is_valid_reason(geometry)
        geometry = shapely.union_all(_polygons(shapely.make_valid(geometry)))
    geometry = shapely.set_precision(geometry, 10**-PRECISION)
    if geometry.is_empty or geometry.geom_type not in _POLYGONAL:
        raise AreaLoadError(f"{label}: geometry has no area left after repair")
    return geometry, repair


def _is_lon_lat(bounds: tuple[float, float, float, float]) -> bool:
    """Catches projected files (metres) and NaN; a swap of latitude and longitude cannot be told apart here."""
    min_lon, min_lat, max_lon, max_lat = bounds
    return -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    """The polygonal parts only: make_valid may add lines or points where a ring touched itself."""
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    return [polygon for part in getattr(geometry, "geoms", ()) for polygon in _polygons(part)]


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, PRECISION)
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value
