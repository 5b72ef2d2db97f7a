"""The admin settings pages driven as a browser (or a crafted client) would: /staf/kategori, /staf/templat, and
an officer's areas on /staf/akun. Admins change things; every other role is refused inside the handler."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from pengaduan_app.models import AuditEntry, Category, CategoryQuestion, ResponseTemplate, StaffArea
from pengaduan_app.state.staff_accounts import AccountsState
from pengaduan_app.state.staff_categories import CategoriesState
from pengaduan_app.state.staff_templates import TemplatesState
from tests.builders import build_city, make_report, sign_in_staff
from tests.state.conftest import open_page, run, set_staff_cookie, substate

NEW_CATEGORY = {"id": "", "code": "got_mampet", "name_id": "Got mampet", "name_en": "Clogged gutter",
                "sla_days": "4", "agency": "", "active": "on"}  # fmt: skip


def _as(root, app_db, username: str, path: str):
    set_staff_cookie(root, sign_in_staff(app_db, username))
    app_db.commit()
    open_page(root, path)


def _rows(app_db, model) -> list[str]:
    app_db.expire_all()
    return [json.dumps(r.model_dump(), default=str) for r in app_db.exec(select(model)).all()]


def test_an_admin_adds_a_category_and_a_question_with_messages_by_the_fields(root, app_db):
    build_city(app_db)
    _as(root, app_db, "admin", "/staf/kategori")
    state = substate(root, CategoriesState)
    run(state, CategoriesState.event_handlers["load"])
    assert state.allowed and len(state.categories) == 21

    run(state, CategoriesState.event_handlers["save"], {**NEW_CATEGORY, "name_en": "", "sla_days": "90"})
    assert set(state.field_errors) == {"name_en", "sla_days"}
    assert state.field_errors["sla_days"] == "Isi angka hari kerja dari 1 sampai 60."
    assert "got_mampet" not in [c["code"] for c in state.categories]

    run(state, CategoriesState.event_handlers["save"], NEW_CATEGORY)
    assert state.field_errors == {} and state.message == "Perubahan disimpan."
    assert state.editing["code"] == "got_mampet"  # the form stays on it, for its questions
    question = {"category_id": state.editing["id"], "q_code": "dalam", "q_datatype": "number",
                "q_label_id": "Kedalaman (cm)", "q_label_en": "Depth (cm)", "q_minimum": "0",
                "q_maximum": "200"}  # fmt: skip
    run(state, CategoriesState.event_handlers["add_question"], question)
    assert [q["code"] for q in state.questions] == ["dalam"] and state.questions[0]["detail"] == "0 – 200"
    run(state, CategoriesState.event_handlers["add_question"], question)
    assert state.field_errors == {"q_code": "Kode ini sudah dipakai."}
    actions = list(app_db.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all())
    assert actions == ["category_create", "category_question_add"]


def test_an_admin_edits_a_template(root, app_db):
    build_city(app_db)
    _as(root, app_db, "admin", "/staf/templat")
    state = substate(root, TemplatesState)
    run(state, TemplatesState.event_handlers["load"])
    first = state.templates[0]
    run(state, TemplatesState.event_handlers["edit"], first["id"])
    assert state.editing["text_id"].startswith("Terima kasih")
    form = {**state.editing, "text_id": "Laporan Anda kami terima, terima kasih.", "active": "on"}
    run(state, TemplatesState.event_handlers["save"], form)
    assert state.templates[0]["text_id"] == "Laporan Anda kami terima, terima kasih."
    run(state, TemplatesState.event_handlers["save"], {**form, "title_id": ""})
    assert state.field_errors == {"title_id": "Wajib diisi."}


def test_an_admin_moves_an_officer_and_is_told_of_the_reports_left_outside(root, app_db):
    city = build_city(app_db)
    kept = make_report(app_db, city.kel_a1, status="assigned", assigned_user_id=city.lurah_a1.id)
    _as(root, app_db, "admin", "/staf/akun")
    state = substate(root, AccountsState)
    run(state, AccountsState.event_handlers["load"])
    assert {o["label"].split(" ")[0] for o in state.area_officers} >= {"lurah.alfa1", "camat.alfa"}

    run(state, AccountsState.event_handlers["choose_officer"], str(city.lurah_a1.id))
    assert [a["name"] for a in state.area_chosen] == ["Alfa Satu"]
    run(state, AccountsState.event_handlers["search_areas"], "dua")
    assert [a["name"] for a in state.area_matches] == ["Alfa Dua"]  # kelurahan only: the lurah's level
    run(state, AccountsState.event_handlers["add_area"], state.area_matches[0]["id"])
    run(state, AccountsState.event_handlers["remove_area"], str(city.kel_a1.id))
    run(state, AccountsState.event_handlers["save_areas"])

    assert state.error == "" and state.area_outside == [kept.tracking_code]
    assert app_db.exec(select(StaffArea.area_id).where(StaffArea.user_id == city.lurah_a1.id)).all() == [
        city.kel_a2.id
    ]
    entry = app_db.exec(select(AuditEntry).where(AuditEntry.action == "account_areas")).one()
    assert json.loads(entry.detail) == {"username": "lurah.alfa1", "before": ["Alfa Satu"], "after": ["Alfa Dua"]}


@pytest.mark.parametrize("username", ["camat.alfa", "lurah.alfa1", "moderator", "dishub"])
def test_other_roles_are_refused_inside_the_handlers(root, app_db, username):
    """Crafted events: the buttons are not shown to them, the handlers refuse anyway and store nothing."""
    city = build_city(app_db)
    before = [_rows(app_db, m) for m in (Category, CategoryQuestion, ResponseTemplate, StaffArea, AuditEntry)]
    _as(root, app_db, username, "/staf/kategori")
    categories = substate(root, CategoriesState)
    run(categories, CategoriesState.event_handlers["load"])
    assert not categories.allowed and categories.categories == []
    run(categories, CategoriesState.event_handlers["save"], NEW_CATEGORY)
    banjir = app_db.exec(select(Category).where(Category.code == "banjir")).one()
    run(categories, CategoriesState.event_handlers["save"], {**NEW_CATEGORY, "id": str(banjir.id), "sla_days": "60"})
    question = {"category_id": str(banjir.id), "q_code": "x_y", "q_datatype": "number", "q_label_id": "a",
                "q_label_en": "b"}  # fmt: skip
    run(categories, CategoriesState.event_handlers["add_question"], question)
    first_question = app_db.exec(select(CategoryQuestion)).first()
    run(categories, CategoriesState.event_handlers["remove_question"], str(first_question.id))
    assert categories.error == "Anda tidak berwenang melakukan tindakan ini."

    templates = substate(root, TemplatesState)
    form = {"id": "1", "code": "received", "title_id": "a", "title_en": "b", "text_id": "c", "text_en": "d"}
    run(templates, TemplatesState.event_handlers["save"], form)
    accounts = substate(root, AccountsState)
    accounts.area_user = str(city.lurah_a1.id)  # as a crafted client could set it
    accounts.area_chosen = [{"id": str(city.kel_b1.id), "name": "Beta Satu"}]
    run(accounts, AccountsState.event_handlers["save_areas"])
    run(accounts, AccountsState.event_handlers["choose_officer"], str(city.lurah_a1.id))
    assert accounts.area_user == "" and accounts.area_chosen == []
    after = [_rows(app_db, m) for m in (Category, CategoryQuestion, ResponseTemplate, StaffArea, AuditEntry)]
    assert after == before
