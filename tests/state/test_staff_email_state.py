"""Issue 16.6/16.7: admins set and clear where an officer's daily digest goes (/staf/akun), also when creating
the account; a bad address is said by its field and nothing is stored; every change is audited; other roles
are refused inside the handler and never see an address."""

from __future__ import annotations

import json

import pytest
from reflex.utils.format import json_dumps
from sqlmodel import select

from pengaduan_app.domain.accounts import set_staff_email
from pengaduan_app.models import AuditEntry, StaffUser
from pengaduan_app.state.staff_accounts import AccountsState
from tests.builders import build_city, sign_in_staff
from tests.state.conftest import open_page, run, set_language, set_staff_cookie, substate


def _accounts_as(root, app_db, username: str):
    set_staff_cookie(root, sign_in_staff(app_db, username))
    app_db.commit()
    open_page(root, "/staf/akun")
    state = substate(root, AccountsState)
    run(state, AccountsState.event_handlers["load"])
    return state


def _email(app_db, user_id: int) -> str | None:
    app_db.expire_all()
    return app_db.get(StaffUser, user_id).email


def _audit(app_db) -> list[tuple[str, dict]]:
    app_db.expire_all()
    return [(e.action, json.loads(e.detail)) for e in app_db.exec(select(AuditEntry).order_by(AuditEntry.id))]


def test_an_admin_sets_and_clears_an_officers_digest_address(root, app_db):
    city = build_city(app_db)
    state = _accounts_as(root, app_db, "admin")
    user_id = str(city.lurah_a1.id)
    row = next(a for a in state.accounts if a.username == "lurah.alfa1")
    assert row.email == "" and row.active is True

    run(state, AccountsState.event_handlers["set_email"], {"user_id": user_id, "email": "lurah alfa@kantor"})
    assert state.field_errors == {
        "email": "Tulis alamat email yang benar, misalnya nama@jakarta.go.id (atau kosongkan)."
    }
    assert state.message == "" and _email(app_db, city.lurah_a1.id) is None and _audit(app_db) == []

    address = "  lurah.alfa1@kelurahan.example  "
    run(state, AccountsState.event_handlers["set_email"], {"user_id": user_id, "email": address})
    assert state.field_errors == {} and state.message == "Email ringkasan harian disimpan."
    assert _email(app_db, city.lurah_a1.id) == "lurah.alfa1@kelurahan.example"
    assert next(a for a in state.accounts if a.id == user_id).email == "lurah.alfa1@kelurahan.example"
    run(state, AccountsState.event_handlers["set_email"], {"user_id": user_id, "email": address})  # unchanged
    run(state, AccountsState.event_handlers["set_email"], {"user_id": user_id, "email": ""})
    assert _email(app_db, city.lurah_a1.id) is None
    assert _audit(app_db) == [
        ("account_email", {"username": "lurah.alfa1", "email": "lurah.alfa1@kelurahan.example"}),
        ("account_email_clear", {"username": "lurah.alfa1", "email": ""}),
    ]

    set_language(root, "en")
    run(state, AccountsState.event_handlers["set_email"], {"user_id": user_id, "email": "x@"})
    assert state.field_errors == {"email": "Enter a valid e-mail address, e.g. name@jakarta.go.id (or leave it empty)."}
    run(state, AccountsState.event_handlers["set_email"], {"user_id": "99999", "email": "a@b.example"})
    assert state.error == "Account not found." and state.field_errors == {}


def test_a_new_account_gets_its_address_or_is_not_made(root, app_db):
    build_city(app_db)
    state = _accounts_as(root, app_db, "admin")
    form = {"username": "lurah.baru", "display_name": "Lurah Baru", "password": "kata-sandi-panjang-1",
            "role": "kelurahan", "areas": "", "agency": "", "email": "bukan-alamat"}  # fmt: skip
    area = next(c for c in state.area_choices if c.label.startswith("Kel. "))
    form["areas"] = area.value
    run(state, AccountsState.event_handlers["create"], form)
    assert set(state.field_errors) == {"new_email"} and state.message == ""
    assert app_db.exec(select(StaffUser).where(StaffUser.username == "lurah.baru")).first() is None

    run(state, AccountsState.event_handlers["create"], {**form, "email": "lurah.baru@kelurahan.example"})
    assert state.error == "" and state.field_errors == {} and state.message == "Akun dibuat."
    user = app_db.exec(select(StaffUser).where(StaffUser.username == "lurah.baru")).one()
    assert user.email == "lurah.baru@kelurahan.example"
    assert [action for action, _ in _audit(app_db)] == ["account_create", "account_email"]


@pytest.mark.parametrize("username", ["camat.alfa", "moderator", "lurah.alfa1"])
def test_other_roles_are_refused_and_never_see_an_address(root, app_db, username):
    city = build_city(app_db)
    set_staff_email(app_db, "camat.alfa", "camat.alfa@kecamatan.example")
    app_db.commit()
    state = _accounts_as(root, app_db, username)
    assert not state.allowed and state.accounts == []
    assert "kecamatan.example" not in json_dumps(state.dict())
    run(state, AccountsState.event_handlers["set_email"], {"user_id": str(city.camat_a.id), "email": ""})
    run(state, AccountsState.event_handlers["set_email"], {"user_id": str(city.lurah_a1.id), "email": "a@b.example"})
    assert state.error == "Anda tidak berwenang melakukan tindakan ini."
    assert _email(app_db, city.camat_a.id) == "camat.alfa@kecamatan.example"
    assert _email(app_db, city.lurah_a1.id) is None and _audit(app_db) == []
