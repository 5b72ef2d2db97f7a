"""Following progress: a visitor follows, staff resolve, the open page updates by itself and the
follower is notified; the reporter reopens through the private link and the report is back in the queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from pengaduan_app.db import make_engine
from pengaduan_app.domain.accounts import identity_of
from pengaduan_app.domain.handling import resolve, start_work, verify
from pengaduan_app.domain.photos import UploadedPhoto
from pengaduan_app.domain.staff_queue import QueueFilter, queue_page
from pengaduan_app.media.stores import public_store
from pengaduan_app.models import StaffUser
from tests.builders import jpeg_bytes
from tests.e2e.reporting import fill_report, submit
from tests.e2e.server import settings_for

pytestmark = [pytest.mark.e2e, pytest.mark.cluster]


@pytest.fixture
def as_admin(app_env):
    """Run staff steps as the demo admin, in-process, on the running app's database."""
    settings = settings_for(app_env)
    engine = make_engine(settings.db_url)

    def run(step, *args, **kwargs):
        with Session(engine, expire_on_commit=False) as session:
            admin = session.exec(select(StaffUser).where(StaffUser.username == "admin")).one()
            result = step(session, identity_of(session, admin), *args, **kwargs)
            session.commit()
            return result

    yield run, settings
    engine.dispose()


def test_follow_notify_live_update_and_reopen(page: Page, browser, base_url, as_admin):
    run, settings = as_admin
    fill_report(page, "Saluran mampet di depan pasar")
    code = submit(page)
    private_link = page.locator("#private-link").inner_text()
    assert private_link.startswith(f"{base_url}/laporan/{code}?kunci=")

    follower = browser.new_context(base_url=base_url).new_page()
    follower.goto(f"/laporan/{code}")
    follower.click("#follow-button")
    expect(follower.locator("#follow-button")).to_have_attribute("aria-pressed", "true")

    run(verify, code)
    run(start_work, code)
    after = [UploadedPhoto("sesudah.jpg", jpeg_bytes())]
    run(resolve, code, "Saluran sudah dibersihkan.", after, public_store(settings))
    # The open page shows it within a few seconds, without a reload.
    expect(follower.locator(".report-head .status-badge")).to_contain_text("Selesai", timeout=15_000)
    expect(follower.locator("#timeline")).to_contain_text("Saluran sudah dibersihkan.")

    follower.goto("/akun")
    notifications = follower.locator("#notifications")
    expect(notifications).to_contain_text(code)
    expect(notifications).to_contain_text("Selesai ditangani")  # the citizen's words (domain.status)
    expect(notifications.locator(".notification.unread")).to_have_count(3)  # verify, start, resolve
    follower.context.close()

    page.goto(private_link)
    expect(page.locator("#reporter-panel")).to_be_visible()
    page.fill("#reopen-reason", "Masih mampet setelah hujan.")
    page.click("#reopen-report")
    expect(page.locator(".report-head .status-badge")).to_contain_text("Dibuka kembali", timeout=10_000)
    rows, _ = run(queue_page, QueueFilter(status="reopened"))
    assert code in [row.tracking_code for row in rows]


def test_without_the_private_link_there_is_no_reporter_panel(page: Page, file_report):
    code = file_report(title="Laporan orang lain")
    page.goto(f"/laporan/{code}?kunci=tebakan-yang-salah")
    expect(page.locator("#report-title")).to_have_text("Laporan orang lain")
    expect(page.locator("#reporter-panel")).to_have_count(0)
