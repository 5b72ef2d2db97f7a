"""Runs the real app (prod build, single port) and drives Chromium.

Every end-to-end test runs against the embedded deployment: one worker on a temporary SQLite database. Tests
marked `cluster` run a second time against the production path: two backend workers sharing their state through
Redis, on a throw-away PostgreSQL database (needs PENGADUAN_TEST_PG_URL and PENGADUAN_TEST_REDIS_URL, as in CI),
with photos in an S3 bucket (moto's server, started here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from pengaduan_app.domain.accounts import SESSION_COOKIE
from tests.channel_fakes import ChannelFakes, running_fakes
from tests.databases import PG_URL, REDIS_URL, fresh_pg_database
from tests.e2e.public_pages import demo_parameters
from tests.e2e.server import app_environment, copy_app, free_port, running_app, settings_for
from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as
from tests.fake_geocoder import FakeGeocoder, running_geocoder
from tests.s3_server import moto_s3, new_bucket

CLUSTER_WORKERS = 2


def pytest_generate_tests(metafunc):
    if "deployment" in metafunc.fixturenames:
        wanted = ["sqlite", "cluster"] if metafunc.definition.get_closest_marker("cluster") else ["sqlite"]
        metafunc.parametrize("deployment", wanted, indirect=True, scope="session")


@pytest.fixture(scope="session")
def deployment(request) -> str:
    """`sqlite` (one worker) or `cluster` (PostgreSQL + Redis, several workers)."""
    name = getattr(request, "param", "sqlite")
    if name == "cluster" and not (PG_URL and REDIS_URL):
        pytest.skip("the cluster deployment needs PENGADUAN_TEST_PG_URL and PENGADUAN_TEST_REDIS_URL")
    return name


@pytest.fixture(scope="session")
def app_dir(tmp_path_factory) -> Path:
    """One copy of the app for the run: both deployments serve the frontend it builds once."""
    return copy_app(tmp_path_factory.mktemp("app"))


@pytest.fixture(scope="session")
def app_port() -> int:
    """The port of the run's app, compiled into its frontend. The deployments take turns on it: pytest ends one
    (the tests are grouped by deployment) before it starts the next."""
    return free_port()


@pytest.fixture(scope="session")
def channel_fakes() -> Iterator[ChannelFakes]:
    """The WhatsApp Graph API, SMS gateway and outgoing mail server the app's channels talk to in this run."""
    with running_fakes() as fakes:
        yield fakes


@pytest.fixture(scope="session")
def geocoder() -> Iterator[FakeGeocoder]:
    """A local fake of a Nominatim server; the session's app searches streets through it."""
    with running_geocoder() as fake:
        yield fake


@pytest.fixture(scope="session")
def app_env(deployment, tmp_path_factory, channel_fakes, geocoder) -> Iterator[dict[str, str]]:
    work = tmp_path_factory.mktemp(f"run-{deployment}")
    search = {"PENGADUAN_GEOCODER_URL": f"{geocoder.url}/search"}
    if deployment == "sqlite":
        yield app_environment(work) | channel_fakes.settings | search
        return
    with fresh_pg_database(PG_URL, prefix="pengaduan_e2e") as db_url, moto_s3() as s3_endpoint:
        env = app_environment(work, db_url=db_url, redis_url=REDIS_URL, workers=CLUSTER_WORKERS)
        env.update(new_bucket(s3_endpoint).environment())  # workers on several machines share a bucket
        yield env | channel_fakes.settings | search


@pytest.fixture(scope="session")
def base_url(app_dir, app_env, app_port, deployment, tmp_path_factory) -> Iterator[str]:
    with running_app(app_dir, app_env, tmp_path_factory.mktemp(f"log-{deployment}") / "app.log", app_port) as url:
        yield url


@pytest.fixture(scope="session")
def db_url(app_env) -> str:
    return app_env["REFLEX_DB_URL"]


@pytest.fixture
def page(browser, base_url) -> Iterator[Page]:
    """A fresh browser context; any uncaught script error or dialog fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=base_url)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()
    assert problems == []


@pytest.fixture
def phone_page(browser, base_url) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=base_url, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def page_parameters(base_url, db_url) -> dict[str, str]:
    """Values for route parameters (`[code]`, `[area_id]`) taken from the running app's demo data."""
    return demo_parameters(db_url)


@pytest.fixture(scope="session")
def file_report(app_env, base_url):
    """File a report straight through the domain into the running app's database (for staff tests)."""
    from sqlmodel import Session

    from pengaduan_app.db import make_engine
    from pengaduan_app.domain.submission import UploadedPhoto, submit_report
    from pengaduan_app.media.stores import public_store
    from tests.builders import good_draft, jpeg_bytes

    settings = settings_for(app_env)
    engine = make_engine(settings.db_url)

    def _file(**changes) -> str:
        with Session(engine, expire_on_commit=False) as session:
            report = submit_report(
                session,
                good_draft(**changes),
                [UploadedPhoto("a.jpg", jpeg_bytes())],
                settings=settings,
                store=public_store(settings),
            )
            session.commit()  # the caller owns the transaction
            return report.tracking_code

    yield _file
    engine.dispose()


@pytest.fixture(scope="session")
def staff_parameters(page_parameters, file_report) -> dict[str, str]:
    """Route parameters for the staff pages: a fresh report, so every handling action is on offer."""
    return {**page_parameters, "code": file_report(title="Laporan untuk memeriksa halaman staf")}


@pytest.fixture(scope="session")
def admin_cookie(browser, base_url) -> dict:
    """The session cookie of the demo admin, signed in once per deployment through the sign-in page: the checks
    that open every staff page (axe, phone) use it instead of signing in for each page."""
    context = browser.new_context(base_url=base_url)
    sign_in_as(context.new_page(), "admin", PASSWORDS["admin"])
    [cookie] = [cookie for cookie in context.cookies() if cookie["name"] == SESSION_COOKIE]
    context.close()
    return cookie
