"""Demo officers, created only in demo mode; their sign-in details are printed at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from ..domain import credentials, permissions
from ..domain.accounts import create_staff
from ..models import Area, StaffUser


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    display_name: str
    role: str
    area: tuple[str, str] | None = None  # (level, name)
    agency: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("admin", "demo-admin-2026", "Admin Demo", permissions.ADMIN),
    DemoAccount(
        "camat.gambir", "demo-petugas-2026", "Petugas Kecamatan Gambir", permissions.KECAMATAN, ("kecamatan", "GAMBIR")
    ),
    DemoAccount(
        "lurah.gambir", "demo-petugas-2026", "Petugas Kelurahan Gambir", permissions.KELURAHAN, ("kelurahan", "GAMBIR")
    ),
    DemoAccount(
        "camat.tebet", "demo-petugas-2026", "Petugas Kecamatan Tebet", permissions.KECAMATAN, ("kecamatan", "TEBET")
    ),
    DemoAccount("dishub", "demo-petugas-2026", "Petugas Dinas Perhubungan", permissions.AGENCY, agency="perhubungan"),
    DemoAccount("moderator", "demo-moderator-2026", "Moderator Demo", permissions.MODERATOR),
)


# Demo admins and moderators sign in with this TOTP key (two-factor is required for their roles); demo only,
# like their passwords.
DEMO_TOTP_SECRET = "PENGADUANDEMOTOTPKEY2345"


def _area_id(session: Session, level: str, name: str) -> int | None:
    return session.exec(select(Area.id).where(Area.level == level, func.upper(Area.name) == name)).first()


def seed_demo_staff(session: Session) -> list[DemoAccount]:
    """Create the demo officers that are missing (skipping those whose area does not exist); return all present."""
    present = []
    for account in DEMO_ACCOUNTS:
        exists = session.exec(select(StaffUser.id).where(StaffUser.username == account.username)).first()
        area_ids = []
        if account.area:
            area_id = _area_id(session, *account.area)
            if area_id is None:
                continue
            area_ids = [area_id]
        if exists is None:
            user = create_staff(
                session,
                username=account.username,
                display_name=account.display_name,
                password=account.password,
                role=account.role,
                area_ids=area_ids,
                agency=account.agency,
            )
            if credentials.required_for(user):
                credentials.enable_known_secret(session, user, DEMO_TOTP_SECRET)
        present.append(account)
    return present
