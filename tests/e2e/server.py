"""Builds and runs a private copy of the app (prod build, single port) on a temporary SQLite database.

Used by the end-to-end fixtures and by the benchmarks in bench/.
"""

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
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from pengaduan_app.config import Settings, get_settings

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 420
REPORTS_PER_PERSON_HOUR = 3  # low, so that a browser test reaches it
APP_FILES = ("rxconfig.py", "alembic.ini", "pengaduan_app", "assets", "alembic", "reflex.lock")
BUILT_FOR = ".web/built-for-port"  # in a copy: the port its frontend was built for (compiled into the bundle)
SERVE_BUILT = Path(__file__).with_name("serve_built.py")


def settings_for(env: dict[str, str]) -> Settings:
    """The settings of the app running with `env`, for tests that act on its database and photos in-process."""
    return replace(
        get_settings(),
        db_url=env["REFLEX_DB_URL"],
        data_dir=Path(env["PENGADUAN_DATA_DIR"]),
        media_url=env.get("PENGADUAN_MEDIA_URL", ""),
        s3_endpoint_url=env.get("PENGADUAN_S3_ENDPOINT_URL", ""),
        s3_region=env.get("PENGADUAN_S3_REGION", ""),
        s3_access_key_id=env.get("PENGADUAN_S3_ACCESS_KEY_ID", ""),
        s3_secret_access_key=env.get("PENGADUAN_S3_SECRET_ACCESS_KEY", ""),
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(
    url: str, process: subprocess.Popen, log: Path, *, timeout: float = START_TIMEOUT, interval: float = 1.0
) -> None:
    """Until `url` answers 200; fails with the end of `log` if the process ends first or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(interval)
    raise RuntimeError(f"the app did not start in {timeout} s:\n{log.read_text()[-4000:]}")


def copy_app(target: Path) -> Path:
    """A private copy of the app to build and run, so a run never touches the checkout's .web
    (a developer's running server, or another test run, keeps its own)."""
    for name in APP_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


def app_environment(
    work: Path, demo_reports: int = 40, *, db_url: str | None = None, redis_url: str | None = None, workers: int = 1
) -> dict[str, str]:
    """The environment for a copy whose photos live in `work`, and its database too unless `db_url` names one.

    With `redis_url` the backend shares its state through Redis and runs `workers` processes (the production path).
    """
    env = dict(os.environ)
    env.pop("REFLEX_REDIS_URL", None)
    env.update(
        PENGADUAN_BOUNDARIES_DIR=str(get_settings().boundaries_dir or ""),
        REFLEX_DB_URL=db_url or f"sqlite:///{work / 'e2e.db'}",
        PENGADUAN_DATA_DIR=str(work / "data"),
        PENGADUAN_DEMO="1",
        PENGADUAN_DEMO_REPORTS=str(demo_reports),
        REFLEX_USE_NPM="1",
        GRANIAN_WORKERS=str(workers),
        # Every browser of the suite comes from 127.0.0.1: the address limits would count them all together.
        PENGADUAN_REPORT_LIMIT_PER_ADDRESS_HOUR="0",
        PENGADUAN_REPORT_LIMIT_PER_ADDRESS_DAY="0",
        PENGADUAN_REPORT_LIMIT_PER_PERSON_HOUR=str(REPORTS_PER_PERSON_HOUR),
        PENGADUAN_UPLOAD_LIMIT_PER_ADDRESS_MINUTE="1000",  # every browser of the suite shares 127.0.0.1
        PENGADUAN_SIGNUP_LIMIT_PER_ADDRESS_HOUR="1000",  # so do the sign-ups of every test (the limit: unit tests)
        PENGADUAN_METRICS="1",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    if redis_url:
        env["REFLEX_REDIS_URL"] = redis_url
        # As serve.sh does: the workers' metrics add up in one folder.
        (work / "metrics").mkdir()
        env["PROMETHEUS_MULTIPROC_DIR"] = str(work / "metrics")
    return env


@contextmanager
def running_app(app_dir: Path, env: dict[str, str], log: Path, port: int | None = None) -> Iterator[str]:
    """The app, migrated and seeded through its own CLI, served like the README's serve command; yields its URL.

    That command builds the frontend on every start. A copy already built for `port` (by an earlier
    `running_app` on that port) is served without building again: the build is the slow part of a start.
    """
    subprocess.run([sys.executable, "-m", "pengaduan_app.cli", "prepare"], cwd=app_dir, env=env, check=True)
    if port is None or not _port_is_free(port):
        port = free_port()
    url = f"http://127.0.0.1:{port}"
    built = (app_dir / BUILT_FOR).is_file() and (app_dir / BUILT_FOR).read_text() == str(port)
    command = [sys.executable, str(SERVE_BUILT)] if built else ["reflex"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "run", "--env", "prod", "--single-port", "--frontend-port", str(port), "--loglevel", "info"],
            cwd=app_dir,
            # As in production: only its own origin, and links (private links, e-mails) to its own address.
            env={**env, "REFLEX_CORS_ALLOWED_ORIGINS": url, "PENGADUAN_PUBLIC_URL": url},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up(f"{url}/api/health", process, log)
        wait_until_up(f"{url}/", process, log)
        (app_dir / BUILT_FOR).write_text(str(port))
        yield url
    finally:
        _stop(process)


def _port_is_free(port: int) -> bool:
    """Nobody listens on `port` (connections of an ended server that linger in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _stop(process: subprocess.Popen) -> None:
    """End the app's whole process group (reflex starts children); it may have ended already."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
