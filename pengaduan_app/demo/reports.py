"""A realistic demo data set: reports all over Jakarta with photos made locally and timelines.

Everything goes through the same domain functions as real use (submission,
routing, photo pipeline, transitions), so the demo also exercises them.
"""

from __future__ import annotations

import io
import random
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlmodel import Session, func, select

from ..config import Settings
from ..domain import privacy
from ..domain.defaults import DEFAULT_CATEGORIES
from ..domain.handling import apply_step
from ..domain.photos import UploadedPhoto, attach_photos
from ..domain.submission import submit_report
from ..domain.validation import Draft
from ..geo.router import get_router
from ..media import PhotoStore, process_photo
from ..media.stores import public_store
from ..models import Report
from ..models.types import utcnow

_PLACES = ("dekat pasar", "depan sekolah", "di gang sebelah masjid", "dekat halte", "di ujung jalan", "depan RS")
_PROBLEMS = {
    "jalan_rusak": ("Jalan berlubang besar", "Aspal retak dan berlubang, membahayakan pengendara motor"),
    "banjir": ("Genangan air setinggi lutut", "Air tidak surut sejak hujan semalam"),
    "sampah": ("Tumpukan sampah belum diangkut", "Sampah menumpuk lebih dari tiga hari dan berbau"),
    "saluran_tersumbat": ("Got tersumbat", "Saluran air tersumbat sampah sehingga meluap ke jalan"),
    "parkir_liar": ("Parkir liar di bahu jalan", "Mobil parkir di trotoar setiap sore sampai malam"),
    "kemacetan": ("Macet parah setiap pagi", "Persimpangan terkunci karena tidak ada pengaturan lalu lintas"),
    "lampu_jalan": ("Lampu jalan mati", "Lampu penerangan jalan mati sudah seminggu, rawan kejahatan"),
    "pohon_tumbang": ("Pohon tumbang menutup jalan", "Pohon besar tumbang setelah angin kencang"),
    "fasilitas_umum": ("Halte rusak", "Atap halte bocor dan bangku patah"),
    "pkl_liar": ("PKL memenuhi trotoar", "Pejalan kaki terpaksa berjalan di badan jalan"),
}
_COLORS = ((120, 113, 108), (71, 85, 105), (21, 128, 61), (2, 132, 199), (180, 83, 9), (107, 33, 168))
_STAFF = ("Petugas Kelurahan", "Petugas Kecamatan", "Dinas Bina Marga", "Dinas Lingkungan Hidup")


def _scene(rng: random.Random, kind: str) -> bytes:
    """A small made-up photo: sky, ground and a few shapes; 'after' photos look tidier."""
    width, height = 640, 480
    image = Image.new("RGB", (width, height), (186, 214, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, height // 2, width, height], fill=rng.choice(_COLORS))
    shapes = 2 if kind == "after" else 7
    for _ in range(shapes):
        x, y = rng.randrange(width - 80), rng.randrange(height // 2, height - 40)
        size = rng.randrange(20, 90)
        draw.ellipse([x, y, x + size, y + size // 2], fill=tuple(rng.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _random_point(session: Session, rng: random.Random) -> tuple[float, float]:
    router = get_router(session)
    while True:
        lat, lon = rng.uniform(-6.36, -6.10), rng.uniform(106.70, 106.97)
        if router.route(lat, lon) is not None:
            return round(lat, 6), round(lon, 6)


def _advance(session: Session, report: Report, rng: random.Random, store: PhotoStore, after_photo) -> None:
    """Move a report along a plausible path, with timeline steps spread over the days after it came in."""
    path = rng.choice(
        [
            [],
            ["verify"],
            ["verify", "assign"],
            ["verify", "assign", "start"],
            ["verify", "assign", "start", "resolve"],
            ["verify", "start", "resolve", "confirm"],
            ["reject"],
            ["verify", "assign", "start", "resolve", "reopen"],
        ]
    )
    moment = report.created_at
    for action in path:
        moment = min(moment + timedelta(hours=rng.randrange(2, 40)), utcnow())
        note = {
            "reject": "Laporan di luar kewenangan wilayah ini.",
            "resolve": "Sudah ditangani oleh petugas, lihat foto sesudah.",
            "start": "Petugas sedang menuju lokasi.",
        }.get(action, "")
        if action == "resolve":
            attach_photos(session, report, [after_photo], "after", store, at=moment)
        actor = "" if action in ("confirm", "reopen") else rng.choice(_STAFF)
        apply_step(session, report, action, actor=actor, note=note, audit=False, at=moment)


def seed_demo_reports(session: Session, settings: Settings, count: int, seed: int = 2017) -> int:
    """Add `count` demo reports when the database has none; returns how many were added."""
    if session.exec(select(func.count(Report.id))).one() > 0:
        return 0
    rng = random.Random(seed)
    store = public_store(settings)
    before_photos = [UploadedPhoto(f"demo-{i}.jpg", _scene(rng, "before")) for i in range(12)]
    after_photos = [process_photo(_scene(rng, "after")) for _ in range(6)]
    now = utcnow()
    categories = [c for c in DEFAULT_CATEGORIES if c.code in _PROBLEMS]
    for index in range(count):
        category = rng.choice(categories)
        title, description = _PROBLEMS[category.code]
        lat, lon = _random_point(session, rng)
        draft = Draft(
            category_code=category.code,
            title=f"{title} {rng.choice(_PLACES)}",
            description=f"{description}. Mohon segera ditindaklanjuti.",
            latitude=lat,
            longitude=lon,
            address=f"Jl. Contoh No. {rng.randrange(1, 200)}",
            reporter_name=rng.choice(["Budi", "Siti", "Andi", "Dewi", "Rina", "Agus", ""]),
            reporter_contact=f"08{rng.randrange(10**9, 10**10)}",
            privacy=rng.choices(privacy.PRIVACY_CHOICES, weights=(70, 25, 5))[0],
            channel=rng.choices(["web", "desk"], weights=(85, 15))[0],
        )
        created = now - timedelta(days=rng.uniform(0, 60))
        report = submit_report(session, draft, [rng.choice(before_photos)], settings=settings, store=store, now=created)
        _advance(session, report, rng, store, rng.choice(after_photos))
        report.support_count = int(rng.paretovariate(1.5)) - 1
        session.add(report)
        session.flush()
        if index % 50 == 49:
            print(f"  {index + 1} laporan demo")
    return count
