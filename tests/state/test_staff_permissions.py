"""Every staff event handler, called by people who may not use it, is refused and changes nothing.

The handlers are enumerated from the staff state classes, so a new handler is
covered the day it is added (and fails here if it has a parameter this test
cannot fill: then teach `_argument` about it).
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from collections.abc import Iterator

import pytest
from reflex.state import State
from sqlalchemy import func, text
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, select

import pengaduan_app.state
from pengaduan_app.db import get_engine
from pengaduan_app.domain.api_keys import create_api_key
from pengaduan_app.models import ChannelContact, Report, SupportBurst
from pengaduan_app.state.staff_auth import StaffPage
from tests.builders import build_city, jpeg_bytes, make_report, sign_in_staff
from tests.conftest import DATABASES, app_database, migrated_database
from tests.state.conftest import open_page, run, set_staff_cookie, substate, upload


def _staff_pages() -> list[type]:
    """Every StaffPage subclass, with every state module imported so that none is missed."""
    for module in pkgutil.iter_modules(pengaduan_app.state.__path__):
        importlib.import_module(f"pengaduan_app.state.{module.name}")
    return sorted(StaffPage.__subclasses__(), key=lambda cls: cls.__name__)


STAFF_STATES = _staff_pages()


def staff_handlers():
    """Every handler the project wrote on a staff page (Reflex's own `setvar` only dispatches to those)."""
    for cls in STAFF_STATES:
        for name, handler in cls.event_handlers.items():
            if handler.fn.__module__.startswith("pengaduan_app."):
                yield pytest.param(cls, name, handler, id=f"{cls.__name__}.{name}")


def _argument(parameter: inspect.Parameter, world) -> object:
    name = parameter.name
    if name == "files":
        return [upload("bukti.jpg", jpeg_bytes())]
    if name == "form":
        return {
            "reason": "out_of_scope",
            "note": "catatan",
            "duplicate_of": world["other_code"],
            "target": f"area:{world['city'].kel_b1.id}",
            "username": "penyusup",
            "display_name": "Penyusup",
            "password": "kata-sandi-panjang",
            "role": "admin",
            "areas": "",
            "agency": "",
            "user_id": str(world["user_id"]),
            "name": "Kunci penyusup",
            "category": "banjir",
            "text": "Teks penyusup",
            "step": "1",
            "photo": "1",
            # the admin settings' forms (/staf/kategori, /staf/templat), valid but for who sends them
            "id": "",
            "code": "kategori_penyusup",
            "name_id": "Penyusup",
            "name_en": "Intruder",
            "sla_days": "3",
            "active": "on",
            "category_id": "1",
            **{"q_code": "tinggi", "q_datatype": "number", "q_label_id": "Tinggi", "q_label_en": "Height"},
            **{k: "Teks penyusup" for k in ("title_id", "title_en", "text_id", "text_en")},
            **{side: "10" for side in ("x", "y", "w", "h")},
        }
    if name == "message":
        return {"type": "pengaduan:location", "lat": -6.175, "lng": 106.827}
    if name in ("officer_id", "user_id"):
        return str(world["user_id"])
    if name in ("public", "active", "checked"):
        return name != "active"
    if name == "value":
        return "3"
    if name == "name":
        return "status"
    if name == "field":
        return "title"
    if name == "code":
        return world["code"]
    if name == "page":
        return 1
    if name == "message":
        return {"type": "pengaduan:location", "lat": -6.1754, "lng": 106.8272}
    if name == "rejected":
        return [{"name": "x.jpg", "size": 1}]
    if name in ("question_id", "template_id", "category_id"):
        return "1"
    if name == "area_id":
        return str(world["city"].kel_a2.id)
    if name == "key_id":
        return str(world["api_key_id"])
    if name == "burst_id":
        return str(world["burst_id"])
    raise AssertionError(f"teach this test the parameter {name!r}")


def _snapshot() -> str:
    """Every row of every table, so any change anywhere shows."""
    engine = get_engine()
    tables = sorted(sa_inspect(engine).get_table_names())
    with engine.connect() as connection:
        return json.dumps(
            {
                t: [list(map(str, row)) for row in connection.execute(text(f'SELECT * FROM "{t}" ORDER BY 1'))]
                for t in tables
                if t not in ("sign_in_attempt", "staff_session")
            },
        )


@pytest.fixture(scope="module", params=DATABASES)
def app_db(request, tmp_path_factory) -> Iterator[Session]:
    """One database for the module (a fresh one per test made this module most of the suite's time): the tests
    share it because each one checks it leaves every row as it found it."""
    folder = tmp_path_factory.mktemp("permissions")
    url = migrated_database(request.param, folder, request)
    with pytest.MonkeyPatch.context() as monkeypatch, app_database(url, folder / "data", monkeypatch) as session:
        yield session


@pytest.fixture
def root(app_db) -> State:
    return State(_reflex_internal_init=True)


@pytest.fixture(scope="module")
def world(app_db):
    city = build_city(app_db)
    # Filed on WhatsApp, so the channel panel's handlers (message, block) have a person to act on.
    report = make_report(app_db, city.kel_a1, title="Judul hanya untuk petugas Alfa", channel="whatsapp")
    app_db.add(ChannelContact(channel="whatsapp", address=report.reporter_contact))
    app_db.commit()
    other = make_report(app_db, city.kel_a1)
    key = create_api_key(app_db, city.admin, "Aplikasi Uji")
    burst = SupportBurst(report_id=report.id, client_hash="h" * 32, last_at=report.created_at)
    app_db.add(burst)
    officer = sign_in_staff(app_db, "lurah.beta1")
    app_db.commit()
    return {
        "city": city,
        "code": report.tracking_code,
        "other_code": other.tracking_code,
        "user_id": city.lurah_a1.id,
        "api_key_id": key.id,
        "burst_id": burst.id,
        "other_area_officer": officer,
    }


@pytest.mark.parametrize("caller", ["anonymous", "citizen", "other_area_officer"])
@pytest.mark.parametrize(("cls", "name", "handler"), list(staff_handlers()))
def test_refused_and_nothing_changes(root, app_db, world, caller, cls, name, handler):
    if caller == "citizen":
        set_staff_cookie(root, "token-of-a-visitor-without-staff-account")
    elif caller == "other_area_officer":
        set_staff_cookie(root, world["other_area_officer"])
    open_page(root, f"/staf/laporan/{world['code']}", code=world["code"])
    state = substate(root, cls)
    before = _snapshot()
    args = [_argument(p, world) for p in list(inspect.signature(handler.fn).parameters.values())[1:]]
    run(state, handler, *args)
    assert _snapshot() == before
    shown = json.dumps(state.dict(), default=str)
    assert "Judul hanya untuk petugas Alfa" not in shown and "0812 0000 1111" not in shown
    assert app_db.exec(select(func.count(Report.id))).one() == 2


def test_the_enumeration_finds_the_handlers():
    names = {p.id for p in staff_handlers()}
    assert {
        "StaffReportState.verify",
        "StaffReportState.resolve",
        "QueueState.bulk_assign",
        "AccountsState.create",
        "AccountsState.set_active",
        "ApiKeysState.create",
        "ApiKeysState.revoke",
        "StaffChannelState.send",
        "StaffChannelState.toggle_block",
        "StaffReportState.recategorize",
        "StaffReportState.save_place",
        "StaffModerationState.redact_photo",
        "ModerationQueueState.hide",
        "StaffReportState.set_reply_text",
        "CategoriesState.save",
        "CategoriesState.add_question",
        "CategoriesState.remove_question",
        "TemplatesState.save",
        "AccountsState.save_areas",
        "ApiKeysState.ask_revoke",
        "AccountsState.ask_disable",
        "StaffModerationState.ask_hide",
        "StaffModerationState.undo_hide",
        "AuditState.set_filter",
        "ModerationQueueState.ask_hide",
        "ModerationQueueState.undo_hide",
        "AccountsState.set_email",
    } <= names
