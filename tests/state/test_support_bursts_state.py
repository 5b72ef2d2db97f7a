"""Issue 14.8 played as the attacker plays it: one address, a fresh browser identity (no cookies) for every
support, each a crafted client calling the report page's handler. The burst reaches the moderation page, a
moderator discounts it, the public count and the "most supported" order drop it. SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from reflex.istate.data import RouterData
from reflex.state import State
from reflex.utils.format import json_dumps
from sqlmodel import select

from pengaduan_app.config import get_settings
from pengaduan_app.domain.limits import client_hash
from pengaduan_app.models import AuditEntry, Report, SupportBurst
from pengaduan_app.state.browse import BrowseState
from pengaduan_app.state.report import ReportState
from pengaduan_app.state.staff_moderation_queue import ModerationQueueState
from tests.builders import build_city, make_report, sign_in_staff
from tests.state.conftest import open_page, run, set_staff_cookie, substate

ATTACKER = "203.0.113.9"
REFUSED = "Anda tidak berwenang melakukan tindakan ini."


def _fresh_browser(ip: str, code: str) -> ReportState:
    """A browser with no cookies at all (a new visitor each time) on the report's page, from `ip`."""
    root = State(_reflex_internal_init=True)
    path = f"/laporan/{code}"
    root.router_data = {"pathname": path, "asPath": path, "query": {"code": code}, "headers": {}, "ip": ip}
    root.router = RouterData.from_router_data(root.router_data)
    page = substate(root, ReportState)
    run(page, ReportState.load)
    return page


def _support(ip: str, code: str) -> ReportState:
    page = _fresh_browser(ip, code)
    run(page, ReportState.toggle_support)
    assert page.supported and page.support_message == "Dukungan Anda tercatat."
    return page


def _public_count(code: str) -> str:
    return _fresh_browser("192.0.2.200", code).report.support


def _most_supported(root) -> list[str]:
    open_page(root, "/")
    browse = substate(root, BrowseState)
    run(browse, BrowseState.load)
    run(browse, BrowseState.set_sort, "supported")
    return [card.code for card in browse.cards]


def _queue_as(root, app_db, username: str) -> ModerationQueueState:
    set_staff_cookie(root, sign_in_staff(app_db, username))
    app_db.commit()
    open_page(root, "/staf/moderasi")
    queue = substate(root, ModerationQueueState)
    run(queue, ModerationQueueState.load)
    return queue


@pytest.fixture
def attacked(app_db):
    """Twelve fresh browsers from one address support one report; five people from five addresses another."""
    city = build_city(app_db)
    target = make_report(app_db, city.kel_a1, title="Didukung satu orang", latitude=-6.25, longitude=106.9)
    rival = make_report(app_db, city.kel_b1, title="Didukung warga", latitude=-6.25, longitude=106.9)
    for n in range(5):
        _support(f"198.51.100.{n}", rival.tracking_code)
    for _ in range(12):
        _support(ATTACKER, target.tracking_code)
    return city, target, rival


def test_the_burst_is_flagged_discounted_and_the_public_count_drops(root, app_db, attacked):
    _city, target, rival = attacked
    assert _public_count(target.tracking_code) == "12"
    assert _most_supported(root)[:2] == [target.tracking_code, rival.tracking_code]

    queue = _queue_as(root, app_db, "moderator")
    [burst] = queue.bursts
    assert (burst.code, burst.supports, burst.discounted) == (target.tracking_code, "12", False)
    assert burst.summary == "12 dukungan dari satu alamat dalam 1 menit"
    assert burst.window.endswith(" WIB") and "–" in burst.window  # one day: "30 Nov 2026 07.32–07.33 WIB"
    sent = json_dumps(queue.dict())  # as the browser gets it
    assert ATTACKER not in sent and client_hash(ATTACKER, get_settings().ip_hash_key) not in sent

    run(queue, ModerationQueueState.discount, burst.id)
    assert queue.error == "" and queue.message == "Dukungan dari lonjakan ini tidak lagi dihitung."
    assert queue.bursts[0].discounted is True
    assert _public_count(target.tracking_code) == "0"
    assert _most_supported(root)[:2] == [rival.tracking_code, target.tracking_code]
    _support(ATTACKER, target.tracking_code)  # the attacker goes on: it joins the discounted burst
    assert _public_count(target.tracking_code) == "0"
    app_db.expire_all()
    entry = app_db.exec(select(AuditEntry).where(AuditEntry.action == "discount_supports")).one()
    assert entry.report_id == target.id and json.loads(entry.detail)["supports"] == 12

    admin_queue = _queue_as(root, app_db, "admin")  # a mistake: an admin (or a moderator) undoes it
    run(admin_queue, ModerationQueueState.undo_discount, burst.id)
    assert admin_queue.error == "" and _public_count(target.tracking_code) == "13"
    assert admin_queue.bursts[0].discounted is False and admin_queue.bursts[0].supports == "13"


def test_supports_from_many_addresses_are_not_a_burst(root, app_db):
    city = build_city(app_db)
    report = make_report(app_db, city.kel_a1, latitude=-6.25, longitude=106.9)
    for n in range(15):
        _support(f"198.51.100.{n}", report.tracking_code)
    assert app_db.exec(select(SupportBurst)).all() == []
    assert _queue_as(root, app_db, "moderator").bursts == []
    assert _public_count(report.tracking_code) == "15"


@pytest.mark.parametrize("officer", ["lurah.alfa1", "camat.alfa", "lurah.beta1", "dishub"])
def test_officers_of_the_area_and_others_cannot_see_or_decide_bursts(root, app_db, attacked, officer):
    _city, target, _rival = attacked
    burst_id = str(app_db.exec(select(SupportBurst.id)).one())
    queue = _queue_as(root, app_db, officer)
    assert queue.bursts == []
    for handler in (ModerationQueueState.discount, ModerationQueueState.keep, ModerationQueueState.undo_discount):
        queue.error = ""
        run(queue, handler, burst_id)
        assert queue.error == REFUSED
    app_db.expire_all()
    assert app_db.get(Report, target.id).support_count == 12
    assert app_db.exec(select(SupportBurst.status)).one() == "open"
