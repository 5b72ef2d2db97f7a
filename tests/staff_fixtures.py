"""A small city for staff tests: two kecamatan with kelurahan, officers of each, and reports."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from pengaduan_app.domain import roles
from pengaduan_app.domain.accounts import StaffIdentity, create_staff, identity_of
from pengaduan_app.models import Area, Category, Report
from pengaduan_app.models.types import utcnow

PASSWORD = "rahasia-petugas-1"


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
    return identity_of(session, user)


def build_city(session: Session) -> City:
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
        moderator=_officer(session, "moderator", roles.MODERATOR),
    )
    session.commit()
    return city


_counter = iter(range(1, 10**6))


def make_report(
    session: Session, kelurahan: Area, *, status: str = "new", agency: str | None = None, **fields
) -> Report:
    """A report straight into the database (no submission rules); `fields` override the defaults."""
    category = session.exec(select(Category).where(Category.code == "jalan_rusak")).one()
    now = utcnow()
    values = {
        "tracking_code": f"JKT-2611-{next(_counter):05d}",
        "title": "Jalan rusak parah",
        "description": "Lubang besar di tengah jalan.",
        "category_id": category.id,
        "latitude": -6.2,
        "longitude": 106.8,
        "status": status,
        "kelurahan_id": kelurahan.id,
        "kecamatan_id": kelurahan.parent_id,
        "unit_area_id": None if agency else kelurahan.id,
        "unit_agency": agency,
        "reporter_name": "Warga Uji",
        "reporter_contact": "0812 0000 1111",
        "created_at": now,
        "updated_at": now,
    }
    report = Report(**(values | fields))
    session.add(report)
    session.commit()
    return report
