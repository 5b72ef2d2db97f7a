"""The app's backend as a process group the benchmarks can start, kill with SIGKILL, restart and measure.

`reflex run --env prod --backend-only` serves everything a protocol client needs (/_event, /_upload,
/api/*, /open311/*, /media/*) without building the frontend, so a restart takes seconds, not minutes.
The copy, its environment and its seeding are tests/e2e/server.py's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.databases import fresh_pg_database
from tests.e2e.server import app_environment, copy_app, free_port, wait_until_up

START_TIMEOUT = 180
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
NO_LIMITS = {
    # Every simulated visitor comes from 127.0.0.1: the per-address limits would refuse them, not the app.
    name: str(10**6)
    for name in (
        "PENGADUAN_SUPPORT_LIMIT_PER_VISITOR_HOUR",
        "PENGADUAN_SUPPORT_LIMIT_PER_IP_HOUR",
        "PENGADUAN_REPORT_LIMIT_PER_PERSON_HOUR",
        "PENGADUAN_REPORT_LIMIT_PER_PERSON_DAY",
        "PENGADUAN_REPORT_LIMIT_PER_ADDRESS_HOUR",
        "PENGADUAN_REPORT_LIMIT_PER_ADDRESS_DAY",
        "PENGADUAN_API_REQUESTS_PER_MINUTE",
    )
}


@dataclass
class AppServer:
    """One prepared copy of the app; `start` and `kill` may alternate on the same database and data dir."""

    app_dir: Path
    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db_url(self) -> str:
        return self.env["REFLEX_DB_URL"]

    @property
    def media_dir(self) -> Path:
        return Path(self.env["PENGADUAN_DATA_DIR"]) / "media"

    def prepare(self) -> None:
        """Migrate and seed through the app's own CLI, as a deployment does."""
        subprocess.run(
            [sys.executable, "-m", "pengaduan_app.cli", "prepare"],
            cwd=self.app_dir,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> float:
        """Start the backend in its own session (so its whole group can be killed); returns seconds until it
        answers /ping."""
        started = time.monotonic()
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                ["reflex", "run", "--env", "prod", "--backend-only", "--backend-port", str(self.port)],
                cwd=self.app_dir,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until_up(f"{self.url}/ping", self.process, self.log, timeout=START_TIMEOUT, interval=0.25)
        return time.monotonic() - started

    def kill(self) -> None:
        """SIGKILL the whole process group at once: the CLI, granian and every worker, mid-whatever."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._wait_until_group_gone(self.process.pid)
        self.process = None

    def stop(self) -> None:
        """End the server politely, or by force after 20 s."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            self.kill()
            return
        self._wait_until_group_gone(self.process.pid)
        self.process = None

    def peak_rss(self) -> dict[int, tuple[str, int]]:
        """{pid: (role, peak resident KiB)} of every live process in the server's group: "main" is the reflex
        CLI that runs granian's supervisor, "worker" a process that serves. VmHWM is the kernel's high-water
        mark, so one read at the end covers the whole run."""
        if self.process is None:
            return {}
        peaks = {}
        for pid in _group_members(self.process.pid):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
            peaks[pid] = ("main" if pid == self.process.pid else "worker", hwm)
        return peaks

    @staticmethod
    def _wait_until_group_gone(pgid: int, timeout: float = 20) -> None:
        """Workers are reaped by the init process after a SIGKILL of the group: wait until none is left,
        so the port and the SQLite file are free before a restart."""
        deadline = time.monotonic() + timeout
        while _group_members(pgid) and time.monotonic() < deadline:
            time.sleep(0.05)


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the command name, which is in parentheses and may contain spaces.
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return sorted(members)


@contextmanager
def app_server(
    work: Path,
    db: str,
    *,
    workers: int = 1,
    demo_reports: int = 40,
    pg_admin_url: str = DEFAULT_PG,
    redis_url: str | None = None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[AppServer]:
    """A prepared (not started) copy of the app in `work` on `db` ("sqlite" in `work`, or "postgres": a
    throw-away database on `pg_admin_url`); with `redis_url` the backend shares its state through Redis, as
    production's several workers do. Stopped and cleaned up on exit."""
    with _database(db, pg_admin_url) as db_url:
        env = app_environment(work, demo_reports, db_url=db_url, redis_url=redis_url, workers=workers)
        env.update(NO_LIMITS)
        env.update(extra_env or {})
        app_dir = work / "app"
        app_dir.mkdir()
        server = AppServer(copy_app(app_dir), env, work / "server.log")
        server.prepare()
        try:
            yield server
        finally:
            server.stop()


def flushed(redis_url: str) -> str:
    """A benchmark's own Redis database, emptied (never pass one that a running app or test uses)."""
    redis.Redis.from_url(redis_url).flushdb()
    return redis_url


@contextmanager
def _database(db: str, pg_admin_url: str) -> Iterator[str | None]:
    if db == "sqlite":
        yield None  # app_environment puts it in `work`
    elif db == "postgres":
        with fresh_pg_database(pg_admin_url, prefix="pengaduan_bench") as url:
            yield url
    else:
        raise ValueError(f"unknown database {db!r}: sqlite or postgres")
