"""Loading boundary GeoJSON into the Area table: real Jakarta files, repairs, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from sqlmodel import Session, SQLModel, select

from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.geo.geojson import AreaLoadError
from pengaduan_app.geo.layers import LayerFile, jakarta_layers
from pengaduan_app.geo.loader import load_areas
from pengaduan_app.geo.names import display_name, name_key
from pengaduan_app.models import Area

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [0, 2], [2, 2], [2, 0], [0, 0]]]}
WEST = {"type": "Polygon", "coordinates": [[[0, 0], [0, 2], [1, 2], [1, 0], [0, 0]]]}
EAST = {"type": "Polygon", "coordinates": [[[1, 0], [1, 2], [2, 2], [2, 0], [1, 0]]]}
BOW_TIE = {"type": "Polygon", "coordinates": [[[4, 0], [6, 2], [6, 0], [4, 2], [4, 0]]]}
LINE = {"type": "LineString", "coordinates": [[1, 0], [1, 2]]}


@pytest.fixture
def empty_db(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        yield session


def jakarta_dir() -> Path:
    directory = get_settings().boundaries_dir
    if not directory.is_dir():
        pytest.skip(f"{directory}: Jakarta boundaries folder absent")
    return directory


def write_collection(path: Path, features: list[tuple[dict, dict | None]]) -> Path:
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features],
    }
    path.write_text(json.dumps(collection))
    return path


def kota_layer(tmp_path: Path, features: list[tuple[dict, dict | None]]) -> LayerFile:
    return LayerFile(write_collection(tmp_path / "kota.geojson", features), "kota", "kota")


def kecamatan_layer(tmp_path: Path, features: list[tuple[dict, dict | None]]) -> LayerFile:
    path = write_collection(tmp_path / "kecamatan.geojson", features)
    return LayerFile(path, "kecamatan", "kecamatan", [("kota", "kota")])


def snapshot(session: Session) -> list[dict]:
    session.expire_all()
    return [area.model_dump() for area in session.exec(select(Area).order_by(Area.id))]


def test_real_files_load_with_hierarchy_and_centroids_inside(empty_db):
    report = load_areas(empty_db, jakarta_layers(jakarta_dir()))
    empty_db.commit()

    created = {level: counts.created for level, counts in report.levels.items()}
    assert created == {"kota": 5, "kecamatan": 42, "kelurahan": 262}
    assert report.repairs == []
    areas = {area.id: area for area in empty_db.exec(select(Area))}
    for area in areas.values():
        geometry = shapely.from_geojson(area.geometry)
        assert geometry.is_valid
        assert geometry.contains(shapely.Point(area.centroid_lon, area.centroid_lat))
        parent = areas.get(area.parent_id)
        assert (parent.level if parent else None) == {"kota": None, "kecamatan": "kota", "kelurahan": "kecamatan"}[
            area.level
        ]


def test_loading_the_same_files_twice_changes_nothing(empty_db):
    layers = jakarta_layers(jakarta_dir())
    load_areas(empty_db, layers)
    empty_db.commit()
    before = snapshot(empty_db)

    again = load_areas(empty_db, layers)
    empty_db.commit()

    assert (again.created, again.updated) == (0, 0)
    assert sum(counts.unchanged for counts in again.levels.values()) == 309
    assert snapshot(empty_db) == before


def test_names_match_across_spacing_and_case(empty_db, tmp_path):
    load_areas(empty_db, [kota_layer(tmp_path, [({"kota": "  JAKARTA   PUSAT "}, SQUARE)])])
    empty_db.commit()
    respelled = load_areas(
        empty_db,
        [
            kota_layer(tmp_path, [({"kota": "Jakarta Pusat"}, SQUARE)]),
            kecamatan_layer(tmp_path, [({"kecamatan": "GAMBIR", "kota": "jakarta pusat"}, WEST)]),
        ],
    )
    empty_db.commit()

    rows = snapshot(empty_db)
    assert [(row["level"], row["name"]) for row in rows] == [("kota", "Jakarta Pusat"), ("kecamatan", "GAMBIR")]
    assert respelled.levels["kota"].updated == 1
    assert rows[1]["parent_id"] == rows[0]["id"]


def test_bow_tie_polygon_is_repaired_and_reported(empty_db, tmp_path):
    report = load_areas(empty_db, [kota_layer(tmp_path, [({"kota": "SIMPUL"}, BOW_TIE)])])
    empty_db.commit()

    assert report.levels["kota"].repaired == 1
    assert len(report.repairs) == 1
    assert 'kota.geojson features[0] "SIMPUL"' in report.repairs[0]
    assert "Self-intersection" in report.repairs[0]
    stored = shapely.from_geojson(snapshot(empty_db)[0]["geometry"])
    assert stored.is_valid
    assert stored.geom_type == "MultiPolygon"
    assert stored.area == pytest.approx(2.0)


def bad_json(tmp_path):
    path = tmp_path / "kecamatan.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [')
    return LayerFile(path, "kecamatan", "kecamatan", [("kota", "kota")]), "not valid JSON"


def not_a_collection(tmp_path):
    path = tmp_path / "kecamatan.geojson"
    path.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": WEST}))
    return LayerFile(path, "kecamatan", "kecamatan", [("kota", "kota")]), "not a GeoJSON FeatureCollection"


def missing_name(tmp_path):
    features = [({"kecamatan": "BARAT", "kota": "KOTA A"}, WEST), ({"kota": "KOTA A"}, EAST)]
    return kecamatan_layer(tmp_path, features), 'features[1]: property "kecamatan" is missing'


def line_geometry(tmp_path):
    features = [({"kecamatan": "GARIS", "kota": "KOTA A"}, LINE)]
    return kecamatan_layer(tmp_path, features), 'features[0] "GARIS": geometry is LineString'


def projected(tmp_path):
    metres = {
        "type": "Polygon",
        "coordinates": [[[700000, 9300000], [700000, 9301000], [701000, 9300000], [700000, 9300000]]],
    }
    features = [({"kecamatan": "UTM", "kota": "KOTA A"}, metres)]
    return kecamatan_layer(tmp_path, features), 'features[0] "UTM": coordinates'


def unknown_parent(tmp_path):
    features = [({"kecamatan": "BARAT", "kota": "KOTA A"}, WEST), ({"kecamatan": "TIMUR", "kota": "ENTAH"}, EAST)]
    return kecamatan_layer(tmp_path, features), 'features[1] "TIMUR": unknown parent kota "ENTAH"'


@pytest.mark.parametrize("broken", [bad_json, not_a_collection, missing_name, line_geometry, projected, unknown_parent])
@pytest.mark.parametrize("start", ["fallback", "loaded"])
def test_broken_file_is_refused_and_nothing_changes(empty_db, tmp_path, broken, start):
    if start == "fallback":
        ensure_fallback_areas(empty_db)
    else:
        load_areas(empty_db, [kota_layer(tmp_path, [({"kota": "KOTA A"}, SQUARE)])])
    empty_db.commit()
    before = snapshot(empty_db)
    kota = kota_layer(tmp_path, [({"kota": "KOTA A"}, SQUARE), ({"kota": "KOTA B"}, BOW_TIE)])
    kecamatan, expected = broken(tmp_path)

    with pytest.raises(AreaLoadError) as error:
        load_areas(empty_db, [kota, kecamatan])
    empty_db.commit()

    assert "kecamatan.geojson" in str(error.value)
    assert expected in str(error.value)
    assert snapshot(empty_db) == before


def test_same_area_twice_is_refused(empty_db, tmp_path):
    layer = kota_layer(tmp_path, [({"kota": "KOTA A"}, WEST), ({"kota": "kota a"}, EAST)])
    with pytest.raises(AreaLoadError, match=r'features\[1\] "kota a": same area as kota.geojson features\[0\]'):
        load_areas(empty_db, [layer])


def test_missing_file_is_refused(empty_db, tmp_path):
    with pytest.raises(AreaLoadError, match=r"absent\.geojson: cannot read file"):
        load_areas(empty_db, [LayerFile(tmp_path / "absent.geojson", "kota", "kota")])


def test_names_have_a_matching_key_and_a_display_form():
    assert name_key("  Kebayoran   baru ") == "KEBAYORAN BARU"
    assert display_name("KEBAYORAN BARU") == "Kebayoran Baru"
    assert display_name("TMII") == "TMII"
    assert display_name("PAL MERAH-UTARA") == "Pal Merah-Utara"
