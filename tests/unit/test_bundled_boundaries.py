"""Jakarta's boundaries ship inside the package: a fresh install routes landmarks to their kelurahan with no setting."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from sqlmodel import Session, select

from pengaduan_app import cli
from pengaduan_app.config import BUNDLED_BOUNDARIES_DIR, PROJECT_ROOT, get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.geo.router import get_router, invalidate_router
from pengaduan_app.models import Area

SHARED = PROJECT_ROOT.parent / "shared" / "data" / "jakarta"

# (lat, lon) → (kecamatan, kelurahan) as spelled in the files.
LANDMARKS = {
    "Monas": ((-6.1754, 106.8272), ("GAMBIR", "GAMBIR")),
    "Masjid Istiqlal": ((-6.1702, 106.8311), ("SAWAH BESAR", "PASAR BARU")),
    "Ragunan zoo": ((-6.3125, 106.8201), ("PASAR MINGGU", "RAGUNAN")),
    "Kota Tua, Fatahillah square": ((-6.1352, 106.8133), ("TAMAN SARI", "PINANGSIA")),
    "Tanjung Priok station": ((-6.1105, 106.8813), ("TANJUNG PRIOK", "TANJUNG PRIUK")),
    "Senayan, Gelora Bung Karno": ((-6.2186, 106.8019), ("TANAH ABANG", "GELORA")),
    "Ancol, Dunia Fantasi": ((-6.1256, 106.8335), ("PADEMANGAN", "ANCOL")),
    "Bundaran HI": ((-6.1950, 106.8230), ("MENTENG", "MENTENG")),
    "Taman Mini Indonesia Indah": ((-6.3024, 106.8952), ("CIPAYUNG", "TMII")),
    "Halim Perdanakusuma airport": ((-6.2655, 106.8909), ("MAKASAR", "HALIM PERDANA KUSUMA")),
}


def test_bundled_files_are_the_shared_data_with_their_licence():
    for level in ("kota", "kecamatan", "kelurahan"):
        bundled = BUNDLED_BOUNDARIES_DIR / f"{level}.geojson.gz"
        assert bundled.is_file()
        if SHARED.is_dir():
            assert gzip.decompress(bundled.read_bytes()) == (SHARED / f"{level}.geojson").read_bytes()
    notice = (BUNDLED_BOUNDARIES_DIR / "README.md").read_text()
    assert "CC BY-SA 4.0" in notice and "PetaJakarta.org / University of Wollongong" in notice
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "CC BY-SA 4.0" in readme and "PetaJakarta.org / University of Wollongong" in readme


def test_default_needs_no_setting_and_no_folder_outside_the_package(monkeypatch):
    monkeypatch.delenv("PENGADUAN_BOUNDARIES_DIR", raising=False)
    get_settings.cache_clear()
    try:
        directory = get_settings().boundaries_dir
    finally:
        get_settings.cache_clear()
    assert directory == BUNDLED_BOUNDARIES_DIR
    assert BUNDLED_BOUNDARIES_DIR.is_relative_to(Path(cli.__file__).parent)


@pytest.fixture
def fresh_install(tmp_path, monkeypatch):
    """`pengaduan prepare` on a new SQLite file with only the defaults (no boundaries setting, no demo)."""
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.delenv("PENGADUAN_BOUNDARIES_DIR", raising=False)
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("PENGADUAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PENGADUAN_DEMO", "0")
    get_settings.cache_clear()
    invalidate_router()
    assert cli.main(["prepare"]) == 0
    engine = make_engine(url, immediate=False)
    with Session(engine) as session:
        yield session
    engine.dispose()
    get_settings.cache_clear()
    invalidate_router()


def test_fresh_install_routes_landmarks_to_their_kelurahan(fresh_install):
    areas = {area.id: area for area in fresh_install.exec(select(Area))}
    assert not any(area.approximate for area in areas.values())
    router = get_router(fresh_install)
    placed = {}
    for landmark, ((lat, lon), _) in LANDMARKS.items():
        route = router.route(lat, lon)
        assert route is not None, landmark
        assert not route.approximate, landmark
        placed[landmark] = (areas[route.kecamatan_id].name, areas[route.kelurahan_id].name)
    assert placed == {landmark: expected for landmark, (_, expected) in LANDMARKS.items()}


def test_empty_setting_keeps_the_approximate_fallback(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'none.db'}"
    monkeypatch.setenv("PENGADUAN_BOUNDARIES_DIR", "")
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("PENGADUAN_DEMO", "0")
    get_settings.cache_clear()
    try:
        assert cli.main(["prepare"]) == 0
    finally:
        get_settings.cache_clear()
    engine = make_engine(url, immediate=False)
    with Session(engine) as session:
        areas = session.exec(select(Area)).all()
    engine.dispose()
    assert areas and all(area.approximate for area in areas)
    assert {area.level for area in areas} == {"kota", "kecamatan"}


def test_a_cut_compressed_file_is_refused_by_name(tmp_path):
    from pengaduan_app.geo.geojson import AreaLoadError, read_layer
    from pengaduan_app.geo.layers import jakarta_layers

    data = (BUNDLED_BOUNDARIES_DIR / "kota.geojson.gz").read_bytes()
    (tmp_path / "kota.geojson.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(AreaLoadError, match=r"kota\.geojson\.gz: compressed file is cut short"):
        read_layer(jakarta_layers(tmp_path)[0])
