"""Runs the real app (prod build, single port) on a temporary SQLite database and drives Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from pengaduan_app.config import get_settings
from tests.browser import launch_chromium

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 420


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the app did not start in {START_TIMEOUT} s:\n{log.read_text()[-4000:]}")


APP_FILES = ("rxconfig.py", "alembic.ini", "pengaduan_app", "assets", "alembic", "reflex.lock")


def _copy_app(target: Path) -> Path:
    """A private copy of the app to build and run, so a test run never touches the checkout's .web
    (a developer's running server, or another test run, keeps its own)."""
    for name in APP_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="session")
def app_dir(tmp_path_factory) -> Path:
    return _copy_app(tmp_path_factory.mktemp("app"))


@pytest.fixture(scope="session")
def app_env(tmp_path_factory) -> dict[str, str]:
    work = tmp_path_factory.mktemp("run")
    env = dict(os.environ)
    env.update(
        PENGADUAN_BOUNDARIES_DIR=str(get_settings().boundaries_dir),
        REFLEX_DB_URL=f"sqlite:///{work / 'e2e.db'}",
        PENGADUAN_DATA_DIR=str(work / "data"),
        PENGADUAN_DEMO="1",
        PENGADUAN_DEMO_REPORTS="40",
        REFLEX_USE_NPM="1",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


@pytest.fixture(scope="session")
def base_url(app_dir, app_env, tmp_path_factory) -> Iterator[str]:
    """The app, migrated and seeded through its own CLI, served like the README's serve command."""
    subprocess.run([sys.executable, "-m", "pengaduan_app.cli", "prepare"], cwd=app_dir, env=app_env, check=True)
    port = _free_port()
    log = tmp_path_factory.mktemp("log") / "app.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["reflex", "run", "--env", "prod", "--single-port", "--frontend-port", str(port), "--loglevel", "info"],
            cwd=app_dir,
            env=app_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/api/health", process, log)
        _wait_until_up(f"{url}/", process, log)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def db_url(app_env) -> str:
    return app_env["REFLEX_DB_URL"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


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
