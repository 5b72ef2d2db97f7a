"""Support bursts (issue 14.8): many browsers supporting one report from one address within minutes are flagged;
a moderator discounts them and the count drops; undo puts them back. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from pengaduan_app.domain.limits import client_hash
from pengaduan_app.domain.permissions import PermissionDenied
from pengaduan_app.domain.support import (
    BurstRefused,
    BurstRule,
    SupportLimits,
    burst_list,
    discount_burst,
    keep_burst,
    new_visitor_id,
    set_support,
    undo_discount,
    visitor_key,
)
from pengaduan_app.models import AuditEntry, Report, Support, SupportBurst
from pengaduan_app.models.types import utcnow
from tests.builders import build_city, make_report

RULE = BurstRule(size=5, window=timedelta(minutes=10))
LIMITS = SupportLimits(per_supporter_hour=1000, per_client_hour=1000, burst=RULE)
ATTACKER = client_hash("203.0.113.9", "k")


def _support(session: Session, report: Report, client: str, at, want: bool = True, key: str | None = None) -> str:
    """A fresh browser identity (a new visitor id, as after clearing cookies) supports `report` from `client`."""
    key = key or visitor_key(new_visitor_id())
    set_support(session, report.tracking_code, key, want, limits=LIMITS, client=client, now=at)
    session.commit()
    return key


def _count(session: Session, report: Report) -> int:
    session.expire_all()
    return session.get(Report, report.id).support_count


def _counted_rows(session: Session, report: Report) -> int:
    counted = (Support.report_id == report.id) & Support.discounted.is_(False)
    return session.exec(select(func.count(Support.id)).where(counted)).one()


@pytest.fixture
def world(any_session):
    city = build_city(any_session)
    return city, make_report(any_session, city.kel_a1, title="Didukung curang"), make_report(any_session, city.kel_b1)


def test_fresh_browsers_from_one_address_make_a_burst_others_do_not(any_session, world):
    city, report, other = world
    start = utcnow()
    for n in range(4):
        _support(any_session, report, ATTACKER, start + timedelta(seconds=n))
    assert any_session.exec(select(SupportBurst)).all() == []  # below the rule's size: nothing to see
    for n in range(8):  # many genuine supporters, each from their own address
        _support(any_session, other, client_hash(f"198.51.100.{n}", "k"), start + timedelta(seconds=n))
    for n in range(6):  # one address, but spread out: never five within ten minutes
        _support(any_session, other, client_hash("192.0.2.1", "k"), start + timedelta(minutes=3 * n))
    assert any_session.exec(select(SupportBurst)).all() == []
    _support(any_session, report, ATTACKER, start + timedelta(minutes=1))
    [item] = burst_list(any_session, city.moderator)
    assert (item.tracking_code, item.status, item.supports) == (report.tracking_code, "open", 5)
    assert item.last_at - item.first_at == timedelta(minutes=1)
    assert ATTACKER not in repr(item) and "203.0.113.9" not in repr(item)
    assert _count(any_session, report) == 5  # counted until a moderator decides: a school may share one address


def test_discount_drops_the_count_later_supports_join_undo_restores(any_session, world):
    city, report, _other = world
    start = utcnow()
    keys = [_support(any_session, report, ATTACKER, start + timedelta(seconds=n)) for n in range(6)]
    _support(any_session, report, client_hash("198.51.100.7", "k"), start)  # a neighbour, another address
    [item] = burst_list(any_session, city.moderator)
    assert discount_burst(any_session, city.moderator, item.id) == 6
    any_session.commit()
    assert _count(any_session, report) == 1 == _counted_rows(any_session, report)
    audit = any_session.exec(select(AuditEntry).where(AuditEntry.action == "discount_supports")).one()
    assert audit.actor_id == city.moderator.id and audit.report_id == report.id

    _support(any_session, report, ATTACKER, start + timedelta(minutes=5))  # the attacker goes on: not counted
    _support(any_session, report, ATTACKER, start, want=False, key=keys[0])  # withdrawing a discounted one
    assert _count(any_session, report) == 1 == _counted_rows(any_session, report)
    with pytest.raises(BurstRefused):
        discount_burst(any_session, city.moderator, item.id)  # decided already
    any_session.rollback()

    assert undo_discount(any_session, city.admin, item.id) == 6  # five left of the six, and the late one
    any_session.commit()
    assert _count(any_session, report) == 7 == _counted_rows(any_session, report)
    [again] = burst_list(any_session, city.moderator)
    assert (again.id, again.status, again.supports) == (item.id, "open", 6)
    keep_burst(any_session, city.moderator, item.id)
    any_session.commit()
    assert burst_list(any_session, city.moderator) == []
    _support(any_session, report, ATTACKER, start + timedelta(minutes=6))  # a kept burst that grows comes back
    [back] = burst_list(any_session, city.moderator)
    assert (back.id, back.status, back.supports) == (item.id, "open", 7)
    actions = any_session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["discount_supports", "undo_discount_supports", "keep_supports"]


@pytest.mark.parametrize("who", ["lurah_a1", "camat_a", "lurah_b1", "dishub", None])
def test_only_moderators_and_admins_see_and_decide_bursts(any_session, world, who):
    city, report, _other = world
    start = utcnow()
    for n in range(5):
        _support(any_session, report, ATTACKER, start + timedelta(seconds=n))
    burst_id = any_session.exec(select(SupportBurst.id)).one()
    identity = getattr(city, who) if who else None
    for step in (burst_list, lambda s, i: discount_burst(s, i, burst_id), lambda s, i: keep_burst(s, i, burst_id)):
        with pytest.raises(PermissionDenied):
            step(any_session, identity)
    any_session.rollback()
    assert _count(any_session, report) == 5
    assert any_session.exec(select(SupportBurst.status)).one() == "open"


@pytest.mark.parametrize("burst_id", [None, "1", True, -1, 2**40, 999])
def test_unknown_or_crafted_burst_ids_are_refused(any_session, world, burst_id):
    city, _report, _other = world
    with pytest.raises(BurstRefused):
        discount_burst(any_session, city.moderator, burst_id)
