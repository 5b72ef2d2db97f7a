"""What tests build their cases from: real images and drafts, reports stored straight into the database
(no submission rules, no photos), and a small city of areas with an officer for each."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from itertools import count

from PIL import Image
from sqlmodel import Session, select

from pengaduan_app.domain import roles
from pengaduan_app.domain.accounts import StaffIdentity, create_staff, identity_of
from pengaduan_app.domain.validation import Draft
from pengaduan_app.models import Area, Category, Report
from pengaduan_app.models.types import utcnow

MONAS = (-6.1754, 106.8272)
PASSWORD = "rahasia-petugas-1"  # every officer of `build_city`

_sequence = count(1)  # one for every stored report of the run: tracking codes never clash


def jpeg_bytes(width: int = 64, height: int = 48, color=(200, 60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    """A detailed JPEG cut off part-way through its image data."""
    image = Image.effect_noise((200, 200), 80).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) * 6 // 10]


def good_draft(**changes) -> Draft:
    values = dict(
        category_code="jalan_rusak",
        title="Jalan berlubang di depan sekolah",
        description="Lubang besar sejak minggu lalu, motor sering jatuh.",
        latitude=MONAS[0],
        longitude=MONAS[1],
        address="Jl. Medan Merdeka",
        reporter_name="Siti Rahma",
        reporter_contact="0812 3456 7890",
        privacy="public",
        channel="web",
    )
    values.update(changes)
    return Draft(**values)


def add_report(session: Session, **fields) -> Report:
    """A public, new `jalan_rusak` report at Monas unless `fields` say otherwise (`category` by code); committed."""
    category = fields.pop("category", "jalan_rusak")
    created: datetime = fields.pop("created_at", utcnow())
    number = next(_sequence)
    values = dict(
        tracking_code=f"JKT-2611-{number:05d}",
        title=f"Laporan uji {number}",
        description="Uraian laporan uji yang cukup panjang.",
        category_id=session.exec(select(Category.id).where(Category.code == category)).one(),
        latitude=MONAS[0],
        longitude=MONAS[1],
        status="new",
        privacy="public",
        reporter_name="Siti",
        reporter_contact="siti.rahasia@contoh.id",
        created_at=created,
        updated_at=created,
    )
    values.update(fields)
    report = Report(**values)
    session.add(report)
    session.commit()
    session.refresh(report)
    return report


def make_report(
    session: Session, kelurahan: Area, *, status: str = "new", agency: str | None = None, **fields
) -> Report:
    """A report of `build_city`'s: routed to `kelurahan` (or to `agency`), by a named resident; committed."""
    routed = {
        "title": "Jalan rusak parah",
        "description": "Lubang besar di tengah jalan.",
        "latitude": -6.2,
        "longitude": 106.8,
        "status": status,
        "kelurahan_id": kelurahan.id,
        "kecamatan_id": kelurahan.parent_id,
        "unit_area_id": None if agency else kelurahan.id,
        "unit_agency": agency,
        "reporter_name": "Warga Uji",
        "reporter_contact": "0812 0000 1111",
    }
    return add_report(session, **(routed | fields))


@dataclass
class City:
    kota: Area
    kec_a: Area
    kec_b: Area
    kel_a1: Area
    kel_a2: Area
    kel_b1: Area
    admin: StaffIdentity
    camat_a: StaffIdentity
    lurah_a1: StaffIdentity
    lurah_a2: StaffIdentity
    lurah_b1: StaffIdentity
    dishub: StaffIdentity


def _area(session: Session, level: str, name: str, parent: Area | None = None) -> Area:
    area = Area(level=level, name=name, parent_id=parent.id if parent else None, centroid_lat=-6.2, centroid_lon=106.8)
    session.add(area)
    session.flush()
    return area


def _officer(session: Session, username: str, role: str, areas=(), agency=None) -> StaffIdentity:
    user = create_staff(
        session,
        username=username,
        display_name=username.title(),
        password=PASSWORD,
        role=role,
        area_ids=[a.id for a in areas],
        agency=agency,
    )
    return identity_of(session, user)


def build_city(session: Session) -> City:
    """One kota with kecamatan ALFA (two kelurahan) and BETA (one), an admin, a camat, a lurah for each
    kelurahan and a Dishub officer; committed."""
    kota = _area(session, "kota", "KOTA UJI")
    kec_a, kec_b = _area(session, "kecamatan", "ALFA", kota), _area(session, "kecamatan", "BETA", kota)
    kel_a1, kel_a2 = _area(session, "kelurahan", "ALFA SATU", kec_a), _area(session, "kelurahan", "ALFA DUA", kec_a)
    kel_b1 = _area(session, "kelurahan", "BETA SATU", kec_b)
    city = City(
        kota,
        kec_a,
        kec_b,
        kel_a1,
        kel_a2,
        kel_b1,
        admin=_officer(session, "admin", roles.ADMIN),
        camat_a=_officer(session, "camat.alfa", roles.KECAMATAN, [kec_a]),
        lurah_a1=_officer(session, "lurah.alfa1", roles.KELURAHAN, [kel_a1]),
        lurah_a2=_officer(session, "lurah.alfa2", roles.KELURAHAN, [kel_a2]),
        lurah_b1=_officer(session, "lurah.beta1", roles.KELURAHAN, [kel_b1]),
        dishub=_officer(session, "dishub", roles.AGENCY, agency="perhubungan"),
    )
    session.commit()
    return city
