"""`GET /akun/verifikasi?t=`: the mailed link, followed as a browser (or someone guessing tokens) would."""

from __future__ import annotations

from sqlmodel import select

from pengaduan_app.domain.credentials import token_hash
from pengaduan_app.models import AccountMail, Citizen
from pengaduan_app.models.types import utcnow
from tests.conftest import ON_EVERY_DATABASE

pytestmark = ON_EVERY_DATABASE


def _pending_link(app_db, token: str, *, expired: bool = False) -> int:
    citizen = Citizen(login="rina@contoh.id", email="rina@contoh.id", password_hash="x")
    app_db.add(citizen)
    app_db.flush()
    now = utcnow()
    app_db.add(
        AccountMail(
            citizen_id=citizen.id,
            kind="verify",
            email=citizen.email,
            token_hash=token_hash(token),
            expires_at=now.replace(year=now.year - 1) if expired else now.replace(year=now.year + 1),
        )
    )
    app_db.commit()
    return citizen.id


def _follow(client, token: str):
    answer = client.get(f"/akun/verifikasi?t={token}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["cache-control"] == "no-store"
    return answer.headers["location"]


def test_the_link_verifies_once_then_says_used(app_db, client):
    citizen_id = _pending_link(app_db, "t" * 43)
    assert _follow(client, "t" * 43) == "/akun?verifikasi=ok"
    app_db.expire_all()
    assert app_db.get(Citizen, citizen_id).email_verified_at is not None
    assert _follow(client, "t" * 43) == "/akun?verifikasi=used"


def test_an_expired_or_guessed_link_verifies_nothing(app_db, client):
    _pending_link(app_db, "e" * 43, expired=True)
    assert _follow(client, "e" * 43) == "/akun?verifikasi=expired"
    assert _follow(client, "g" * 43) == "/akun?verifikasi=unknown"
    assert _follow(client, "") == "/akun?verifikasi=unknown"
    assert _follow(client, "x" * 5000) == "/akun?verifikasi=unknown"
    assert app_db.exec(select(Citizen.email_verified_at)).all() == [None]
