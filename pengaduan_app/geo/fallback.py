"""Approximate areas so the app routes reports before any boundary file is loaded.

The five mainland kota and their 42 kecamatan, each with a centre: the
representative point of its polygon in /work/shared/data/jakarta, rounded to
3 decimals (about 100 m), names in title case as spelled there. Points are
routed to the nearest centre inside the built-in mainland outline (service_area.py).
"""

from __future__ import annotations

from sqlmodel import Session, select

from ..models import Area
from .router import invalidate_router_on_commit

# (kota, lat, lon)
KOTA = (
    ("Jakarta Barat", -6.162, 106.744),
    ("Jakarta Pusat", -6.182, 106.843),
    ("Jakarta Selatan", -6.284, 106.805),
    ("Jakarta Timur", -6.262, 106.882),
    ("Jakarta Utara", -6.136, 106.901),
)

# (kota, kecamatan, lat, lon)
KECAMATAN = (
    ("Jakarta Barat", "Cengkareng", -6.153, 106.745),
    ("Jakarta Barat", "Grogol Petamburan", -6.164, 106.788),
    ("Jakarta Barat", "Kali Deres", -6.136, 106.702),
    ("Jakarta Barat", "Kebon Jeruk", -6.193, 106.77),
    ("Jakarta Barat", "Kembangan", -6.192, 106.741),
    ("Jakarta Barat", "Palmerah", -6.191, 106.794),
    ("Jakarta Barat", "Taman Sari", -6.146, 106.818),
    ("Jakarta Barat", "Tambora", -6.146, 106.801),
    ("Jakarta Pusat", "Cempaka Putih", -6.181, 106.869),
    ("Jakarta Pusat", "Gambir", -6.171, 106.817),
    ("Jakarta Pusat", "Johar Baru", -6.183, 106.855),
    ("Jakarta Pusat", "Kemayoran", -6.16, 106.854),
    ("Jakarta Pusat", "Menteng", -6.195, 106.832),
    ("Jakarta Pusat", "Sawah Besar", -6.156, 106.834),
    ("Jakarta Pusat", "Senen", -6.185, 106.843),
    ("Jakarta Pusat", "Tanah Abang", -6.205, 106.809),
    ("Jakarta Selatan", "Cilandak", -6.29, 106.796),
    ("Jakarta Selatan", "Jagakarsa", -6.33, 106.822),
    ("Jakarta Selatan", "Kebayoran Baru", -6.243, 106.8),
    ("Jakarta Selatan", "Kebayoran Lama", -6.249, 106.778),
    ("Jakarta Selatan", "Mampang Prapatan", -6.251, 106.823),
    ("Jakarta Selatan", "Pancoran", -6.258, 106.843),
    ("Jakarta Selatan", "Pasar Minggu", -6.292, 106.828),
    ("Jakarta Selatan", "Pesanggrahan", -6.256, 106.763),
    ("Jakarta Selatan", "Setia Budi", -6.222, 106.826),
    ("Jakarta Selatan", "Tebet", -6.226, 106.85),
    ("Jakarta Timur", "Cakung", -6.185, 106.94),
    ("Jakarta Timur", "Cipayung", -6.328, 106.903),
    ("Jakarta Timur", "Ciracas", -6.33, 106.877),
    ("Jakarta Timur", "Duren Sawit", -6.234, 106.919),
    ("Jakarta Timur", "Jatinegara", -6.229, 106.877),
    ("Jakarta Timur", "Kramat Jati", -6.275, 106.863),
    ("Jakarta Timur", "Makasar", -6.271, 106.889),
    ("Jakarta Timur", "Matraman", -6.204, 106.865),
    ("Jakarta Timur", "Pasar Rebo", -6.325, 106.853),
    ("Jakarta Timur", "Pulo Gadung", -6.191, 106.891),
    ("Jakarta Utara", "Cilincing", -6.128, 106.944),
    ("Jakarta Utara", "Kelapa Gading", -6.16, 106.903),
    ("Jakarta Utara", "Koja", -6.126, 106.907),
    ("Jakarta Utara", "Pademangan", -6.124, 106.833),
    ("Jakarta Utara", "Penjaringan", -6.118, 106.768),
    ("Jakarta Utara", "Tanjung Priok", -6.137, 106.872),
)


def ensure_fallback_areas(session: Session) -> int:
    """Create the approximate kota and kecamatan when the area table is empty; return how many were created."""
    if session.exec(select(Area.id).limit(1)).first() is not None:
        return 0
    kota = {name: _approximate("kota", name, lat, lon) for name, lat, lon in KOTA}
    session.add_all(kota.values())
    session.flush()
    session.add_all(_approximate("kecamatan", name, lat, lon, kota[parent].id) for parent, name, lat, lon in KECAMATAN)
    session.flush()
    invalidate_router_on_commit(session)
    return len(KOTA) + len(KECAMATAN)


def _approximate(level: str, name: str, lat: float, lon: float, parent_id: int | None = None) -> Area:
    return Area(level=level, name=name, parent_id=parent_id, centroid_lat=lat, centroid_lon=lon, approximate=True)
