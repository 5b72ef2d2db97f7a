"""What tests build their cases from: real images and drafts, reports stored straight into the database
(no submission rules, no photos), and a small city of areas with an officer for each."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count

import pyotp
from PIL import Image
from sqlmodel import Session, select

from pengaduan_app.demo.staff import DEMO_TOTP_SECRET
from pengaduan_app.domain import credentials, permissions
from pengaduan_app.domain.accounts import (
    StaffIdentity,
    check_password,
    create_staff,
    identity_of,
    sign_in_with_code,
)
from pengaduan_app.domain.validation import Draft
from pengaduan_app.models import Area, Category, Report, StaffUser
from pengaduan_app.models.types import utcnow

MONAS = (-6.1754, 106.8272)
PASSWORD = "rahasia-petugas-1"  # every officer of `build_city`
TOTP_SECRET = DEMO_TOTP_SECRET  # the authenticator of every admin and moderator of `build_city`

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
    moderator: StaffIdentity


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
    if credentials.required_for(user):  # as the demo data: admins and moderators have their second factor
        credentials.enable_known_secret(session, user, TOTP_SECRET)
    return identity_of(session, user)


def totp_code(user: StaffUser, *, now: datetime | None = None) -> tuple[str, datetime]:
    """A code the account has not used yet (its authenticator's next one) and the moment it is valid."""
    totp = pyotp.TOTP(TOTP_SECRET)
    step = max(totp.timecode(now or utcnow()), (user.totp_last_step or 0) + 1)
    return totp.generate_otp(step), datetime.fromtimestamp(step * totp.interval + 1, tz=UTC)


def sign_in_staff(session: Session, username: str, password: str = PASSWORD, *, client: str = "test") -> str:
    """A session token as an officer's browser gets one: the password, then (admins, moderators, and anyone
    who enrolled) the authenticator's code."""
    step = check_password(session, username, password, client=client)
    if step.token:
        return step.token
    user = session.get(StaffUser, step.user_id)
    code, at = totp_code(user)
    return sign_in_with_code(session, user, code, client=client, now=at)


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
        admin=_officer(session, "admin", permissions.ADMIN),
        camat_a=_officer(session, "camat.alfa", permissions.KECAMATAN, [kec_a]),
        lurah_a1=_officer(session, "lurah.alfa1", permissions.KELURAHAN, [kel_a1]),
        lurah_a2=_officer(session, "lurah.alfa2", permissions.KELURAHAN, [kel_a2]),
        lurah_b1=_officer(session, "lurah.beta1", permissions.KELURAHAN, [kel_b1]),
        dishub=_officer(session, "dishub", permissions.AGENCY, agency="perhubungan"),
        moderator=_officer(session, "moderator", permissions.MODERATOR),
    )
    session.commit()
    return city


GAMBIR_BOX = (106.81, -6.18, 106.83, -6.16)


def add_gambir_areas(session: Session) -> None:
    """Kota Jakarta Pusat > kecamatan Gambir (a square shape) > kelurahan Gambir and Pinangsia; committed."""
    west, south, east, north = GAMBIR_BOX
    square = {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }
    pusat = Area(level="kota", name="JAKARTA PUSAT", centroid_lat=-6.18, centroid_lon=106.83)
    session.add(pusat)
    session.flush()
    gambir = Area(
        level="kecamatan",
        name="GAMBIR",
        parent_id=pusat.id,
        centroid_lat=-6.17,
        centroid_lon=106.82,
        geometry=json.dumps(square),
    )
    session.add(gambir)
    session.flush()
    session.add(Area(level="kelurahan", name="GAMBIR", parent_id=gambir.id, centroid_lat=-6.171, centroid_lon=106.821))
    session.add(Area(level="kelurahan", name="PINANGSIA", parent_id=gambir.id, centroid_lat=-6.14, centroid_lon=106.81))
    session.commit()
