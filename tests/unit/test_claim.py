"""At sign-in the browser's reports, follows and supports become the account's; a support never counts twice."""

from __future__ import annotations

from sqlmodel import select

from pengaduan_app.domain.citizens import citizen_for, claim_browser, my_reports, register, sign_in_citizen
from pengaduan_app.domain.notifications import follow, followed_codes, notifications_for, notify_followers
from pengaduan_app.domain.support import SupportLimits, set_support
from pengaduan_app.models import Follow, Report, Support
from tests.builders import add_report

LIMITS = SupportLimits(100, 1000)
BROWSER = "v:browser-one"


def _account(session):
    register(session, login="warga@contoh.id", password="kata-sandi-warga")
    return citizen_for(session, sign_in_citizen(session, "warga@contoh.id", "kata-sandi-warga", client="c"))


def _claim(session, citizen, submitter_hash="hash-of-browser-one"):
    claimed = claim_browser(
        session,
        account_key=citizen.follower_key,
        browser_key=BROWSER,
        submitter_hash=submitter_hash,
        citizen_id=citizen.id,
    )
    session.commit()
    return claimed


def test_reports_filed_from_the_browser_become_the_account_s(session):
    mine = add_report(session, submitter_hash="hash-of-browser-one", privacy="confidential")
    other = add_report(session, submitter_hash="hash-of-another-browser")
    citizen = _account(session)
    assert _claim(session, citizen).reports == 1
    assert [s.tracking_code for s in my_reports(session, citizen)] == [mine.tracking_code]
    session.refresh(other)
    assert other.citizen_id is None


def test_follows_and_their_notifications_move_to_the_account(session):
    one, both = add_report(session), add_report(session)
    citizen = _account(session)
    follow(session, one.tracking_code, BROWSER)
    follow(session, both.tracking_code, BROWSER)
    follow(session, both.tracking_code, citizen.follower_key)
    notify_followers(session, both, "verify", "Dicek")
    session.commit()
    _claim(session, citizen)
    assert set(followed_codes(session, [citizen.follower_key])) == {one.tracking_code, both.tracking_code}
    assert session.exec(select(Follow).where(Follow.follower_key == BROWSER)).all() == []
    assert len(notifications_for(session, [citizen.follower_key, BROWSER])) == 1  # not one per key


def test_supports_move_and_one_given_from_both_counts_once(session):
    only_browser, both = add_report(session), add_report(session)
    citizen = _account(session)
    set_support(session, only_browser.tracking_code, BROWSER, True, limits=LIMITS)
    set_support(session, both.tracking_code, BROWSER, True, limits=LIMITS)
    set_support(session, both.tracking_code, citizen.follower_key, True, limits=LIMITS)
    session.refresh(both)
    assert both.support_count == 2
    assert _claim(session, citizen).supports == 1
    for report, count in ((only_browser, 1), (both, 1)):
        session.refresh(report)
        assert report.support_count == count
        keys = session.exec(select(Support.supporter_key).where(Support.report_id == report.id)).all()
        assert keys == [citizen.follower_key]
    # Claiming again (signing in a second time) changes nothing.
    assert _claim(session, citizen) == type(_claim(session, citizen))(0, 0, 0)
    assert session.get(Report, both.id).support_count == 1
