"""Support ("Saya juga"): one per person per report, an exact count, limits, refusals."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from pengaduan_app.domain.limits import client_hash
from pengaduan_app.domain.support import (
    SupportLimits,
    SupportRefused,
    has_supported,
    new_visitor_id,
    set_support,
    visitor_key,
)
from pengaduan_app.models import Report, Support
from pengaduan_app.models.types import utcnow
from tests.builders import add_report

ROOMY = SupportLimits(per_supporter_hour=1000, per_client_hour=1000)


def _rows(session: Session, report: Report) -> int:
    return session.exec(select(func.count(Support.id)).where(Support.report_id == report.id)).one()


def _count(session: Session, report: Report) -> int:
    session.expire_all()
    return session.get(Report, report.id).support_count


def test_support_then_again_then_withdraw(any_session):
    report = add_report(any_session)
    me = visitor_key(new_visitor_id())
    first = set_support(any_session, report.tracking_code, me, True, limits=ROOMY)
    again = set_support(any_session, report.tracking_code, me, True, limits=ROOMY)
    assert (first.supported, first.count, first.changed) == (True, 1, True)
    assert (again.supported, again.count, again.changed) == (True, 1, False)
    assert has_supported(any_session, report.id, me)

    other = set_support(any_session, report.tracking_code, visitor_key(new_visitor_id()), True, limits=ROOMY)
    assert other.count == 2

    withdrawn = set_support(any_session, report.tracking_code, me, False, limits=ROOMY)
    twice = set_support(any_session, report.tracking_code, me, False, limits=ROOMY)
    assert (withdrawn.supported, withdrawn.count, withdrawn.changed) == (False, 1, True)
    assert (twice.supported, twice.count, twice.changed) == (False, 1, False)
    assert _count(any_session, report) == _rows(any_session, report) == 1


@pytest.mark.parametrize("privacy", ["confidential", None])
def test_unknown_or_confidential_report_is_refused_and_nothing_changes(any_session, privacy):
    report = add_report(any_session, privacy=privacy or "public")
    code = report.tracking_code if privacy else "JKT-0000-99999"
    me = visitor_key(new_visitor_id())
    for want in (True, False):
        with pytest.raises(SupportRefused) as refused:
            set_support(any_session, code, me, want, limits=ROOMY)
        assert refused.value.code == "support.not_found"
    assert _count(any_session, report) == 0
    assert any_session.exec(select(func.count(Support.id))).one() == 0


@pytest.mark.parametrize("bad", ["", "short", "x" * 80, "bad id with spaces!!!!!!!", None, 42, ["a"]])
def test_visitor_ids_we_did_not_hand_out_are_refused(bad):
    with pytest.raises(SupportRefused) as refused:
        visitor_key(bad)
    assert refused.value.code == "support.no_identity"


def test_limits_per_visitor_and_per_address(session):
    reports = [add_report(session) for _ in range(4)]
    limits = SupportLimits(per_supporter_hour=2, per_client_hour=3)
    me, address = visitor_key(new_visitor_id()), client_hash("203.0.113.7", "k")
    for report in reports[:2]:
        set_support(session, report.tracking_code, me, True, limits=limits, client=address)
    with pytest.raises(SupportRefused) as refused:
        set_support(session, reports[2].tracking_code, me, True, limits=limits, client=address)
    assert (refused.value.code, refused.value.params) == ("support.limit_visitor", {"max": 2})
    # A new browser id on the same address: one more, then the address limit.
    other = visitor_key(new_visitor_id())
    set_support(session, reports[2].tracking_code, other, True, limits=limits, client=address)
    with pytest.raises(SupportRefused) as refused:
        set_support(session, reports[3].tracking_code, other, True, limits=limits, client=address)
    assert refused.value.code == "support.limit_client"
    assert _count(session, reports[3]) == 0
    # Withdrawing is never limited, and an hour later the visitor may support again.
    assert set_support(session, reports[0].tracking_code, me, False, limits=limits, client=address).changed
    later = utcnow() + timedelta(hours=1, minutes=1)
    done = set_support(session, reports[3].tracking_code, me, True, limits=limits, client=address, now=later)
    assert done.changed and done.count == 1


def test_client_hash_is_keyed_and_short():
    assert client_hash("203.0.113.7", "a") != client_hash("203.0.113.7", "b")
    assert len(client_hash("203.0.113.7", "a")) == 32
    assert "203.0.113.7" not in client_hash("203.0.113.7", "a")


def test_concurrent_supports_and_withdrawals_never_drift(any_session):
    """8 people each send 'support' 5 times at once; then 3 of them withdraw 4 times at once."""
    report = add_report(any_session)
    engine = any_session.get_bind()
    people = [visitor_key(new_visitor_id()) for _ in range(8)]

    def cast(args):
        person, want = args
        with Session(engine) as own:
            changed = set_support(own, report.tracking_code, person, want, limits=ROOMY).changed
            own.commit()
            return changed

    with ThreadPoolExecutor(max_workers=8) as pool:
        changed = list(pool.map(cast, [(p, True) for p in people for _ in range(5)]))
    assert sum(changed) == 8
    assert _count(any_session, report) == _rows(any_session, report) == 8

    with ThreadPoolExecutor(max_workers=8) as pool:
        changed = list(pool.map(cast, [(p, False) for p in people[:3] for _ in range(4)]))
    assert sum(changed) == 3
    assert _count(any_session, report) == _rows(any_session, report) == 5
