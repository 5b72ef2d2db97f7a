"""Nothing acknowledged is lost: submissions streamed at the app, the server SIGKILLed mid-stream, restarted.

Concurrent submitters file reports the two ways citizens' reports arrive:
- `web`: the /lapor form over the app's event protocol (bench/protocol.py): the page's on-load over the
  websocket, the category, title, description and map location as the form's events, then the photos
  through /_upload to the form's submit handler, whose state delta carries the tracking code;
- `open311`: POST /open311/v2/requests.json with the photo as multipart `media`, answered with the code.
A random delay after the first acknowledgement (and before most of the stream has started),
the whole backend process group is killed with SIGKILL, restarted on the same database and data dir,
and the stream goes on. Then every submission that got a tracking code must be in the database under
that code (its own title, not another's), with each of its photos a row, and both files of each
(photo and thumbnail) on disk and decodable. Prints submitted, acknowledged, lost, then the goals with
PASS/FAIL (none lost; acknowledgements both before the kill and after the restart, or nothing was
tested); exit 1 when one is missed.

Run: .venv/bin/python bench/crash.py [--db sqlite|postgres|both] [--submissions 120] [--submitters 6]
     [--kill-after 4] [--workers N] [--redis URL] [--seed S]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from PIL import Image, ImageDraw
from sqlmodel import Session, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.appserver import DEFAULT_PG, DEFAULT_REDIS, AppServer, app_server, flushed
from bench.goals import Goal, print_goals
from bench.protocol import ProtocolError, Tab, handler, state_name
from pengaduan_app.db import make_engine
from pengaduan_app.domain import permissions
from pengaduan_app.domain.accounts import identity_of
from pengaduan_app.domain.api_keys import create_api_key
from pengaduan_app.models import Photo, Report, StaffUser

SUBMIT = state_name("submit", "SubmitState")
CHANNELS = ("web", "open311")
TIMEOUT = 30.0
KILL_BY = 0.6  # the kill comes before this share of the stream has started, whatever the delay
# Places on the mainland, each well inside a kelurahan (with or without the real boundaries loaded).
PLACES = (
    (-6.1754, 106.8272),  # Monas, Gambir
    (-6.2443, 106.7985),  # Blok M, Kebayoran Baru
    (-6.1352, 106.8133),  # Kota Tua, Taman Sari
    (-6.2297, 106.8295),  # Kuningan, Setiabudi
    (-6.2250, 106.9000),  # Jatinegara
    (-6.1580, 106.9050),  # Kelapa Gading
)
CATEGORIES = ("sampah", "jalan_rusak", "parkir_liar", "lampu_jalan")


class Refused(RuntimeError):
    """The app answered, without a tracking code (a validation error, an HTTP error status)."""


@dataclass
class Attempt:
    number: int
    channel: str
    title: str
    photos: int
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    code: str = ""
    error: str = ""


@dataclass
class Stream:
    """The submissions of one run: handed out one by one, paused while the server is down."""

    total: int
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    taken: int = 0
    started_at: float = field(default_factory=time.monotonic)
    attempts: list[Attempt] = field(default_factory=list)
    up: asyncio.Event = field(default_factory=asyncio.Event)
    killed_at: float | None = None
    restart_seconds: float = 0.0

    def take(self) -> int | None:
        if self.taken >= self.total:
            return None
        self.taken += 1
        return self.taken

    def acknowledged(self) -> list[Attempt]:
        return [a for a in self.attempts if a.code]

    def in_flight_at_kill(self) -> list[Attempt]:
        killed = self.killed_at
        return [a for a in self.attempts if killed and a.started < killed and (a.ended or killed) >= killed]


@dataclass
class Verdict:
    """What the database and the data dir hold for each acknowledged submission."""

    lost: dict[str, str]  # code -> what is wrong
    stored_unacknowledged: int  # reports of this run that no one was told about (not a loss)


def photo_bytes(label: str, rng: random.Random) -> bytes:
    """A small JPEG of its own (the store names files by content, so no two submissions share one)."""
    image = Image.new("RGB", (480, 360), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(440), rng.randrange(320)
        draw.rectangle((x, y, x + rng.randrange(10, 40), y + rng.randrange(10, 40)), fill=rng.randrange(2**24))
    draw.text((10, 10), label, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _until(name: str, value) -> Callable[[Tab], bool]:
    return lambda tab: tab.var(SUBMIT, name) == value


async def submit_web(url: str, client: httpx.AsyncClient, attempt: Attempt, rng: random.Random) -> str:
    """The /lapor form, event by event, as the compiled page sends them; returns the tracking code."""
    tab = Tab(url, timeout=TIMEOUT)
    try:
        await tab.open("/lapor", lambda t: bool(t.var(SUBMIT, "categories")))
        category = rng.choice(CATEGORIES)
        await tab.emit(
            handler("submit", "SubmitState", "set_category"), {"value": category}, _until("category", category)
        )
        for name, value in (("title", attempt.title), ("description", _description(attempt))):
            text = {"name": name, "value": value}
            await tab.emit(handler("submit", "SubmitState", "set_text"), text, _until(name, value))
        lat, lng = rng.choice(PLACES)
        message = {"message": {"type": "pengaduan:location", "lat": lat, "lng": lng}}
        placed = lambda t: t.var(SUBMIT, "latitude") is not None or "location" in t.var(SUBMIT, "errors", {})  # noqa: E731
        await tab.emit(handler("submit", "SubmitState", "receive_message"), message, placed)
        files = [
            (f"foto{i}.jpg", photo_bytes(f"{attempt.title} {i}", rng), "image/jpeg") for i in range(attempt.photos)
        ]
        _, status = await tab.upload(client, handler("submit", "SubmitState", "submit"), files)
        code = tab.var(SUBMIT, "result_code")
        if not code:
            raise Refused(f"HTTP {status}, errors {tab.var(SUBMIT, 'errors')}")
        return code
    finally:
        await tab.close()


async def submit_open311(url: str, client: httpx.AsyncClient, attempt: Attempt, rng: random.Random, key: str) -> str:
    """Open311 POST requests.json with one photo as `media`; returns the tracking code."""
    lat, lng = rng.choice(PLACES)
    fields = {
        "api_key": key,
        "service_code": rng.choice(CATEGORIES),
        "lat": str(lat),
        "long": str(lng),
        "title": attempt.title,
        "description": _description(attempt),
    }
    media = ("media", ("foto.jpg", photo_bytes(attempt.title, rng), "image/jpeg"))
    response = await client.post(f"{url}/open311/v2/requests.json", data=fields, files=[media], timeout=TIMEOUT)
    if response.status_code != 201:
        raise Refused(f"HTTP {response.status_code}: {response.text[:200]}")
    return response.json()[0]["service_request_id"]


def _description(attempt: Attempt) -> str:
    return f"Laporan uji ketahanan nomor {attempt.number} lewat {attempt.channel}: sampah menumpuk di pinggir jalan."


async def submitter(stream: Stream, url: str, key: str, rng: random.Random) -> None:
    """Take submissions from the stream until none is left; each one's outcome is recorded, never retried."""
    async with httpx.AsyncClient() as client:
        while (number := stream.take()) is not None:
            await stream.up.wait()
            channel = CHANNELS[number % len(CHANNELS)]
            photos = rng.randint(1, 3) if channel == "web" else 1
            attempt = Attempt(number, channel, f"Uji ketahanan {stream.run_id} #{number:04d}", photos)
            stream.attempts.append(attempt)
            try:
                if channel == "web":
                    attempt.code = await submit_web(url, client, attempt, rng)
                else:
                    attempt.code = await submit_open311(url, client, attempt, rng, key)
            except (ProtocolError, Refused, httpx.HTTPError, OSError) as err:
                attempt.error = f"{type(err).__name__}: {err}"[:300]
            attempt.ended = time.monotonic()


async def kill_and_restart(server: AppServer, stream: Stream, kill_after: float, rng: random.Random) -> None:
    """A random delay around `kill_after` s after the first acknowledgement (the first requests of a cold
    server are slow), but before KILL_BY of the stream has started: SIGKILL the server's whole process group
    mid-stream, then restart it."""
    while not stream.acknowledged():
        await asyncio.sleep(0.02)
    deadline = time.monotonic() + rng.uniform(0.5, 1.5) * kill_after
    while time.monotonic() < deadline and stream.taken < stream.total * KILL_BY:
        await asyncio.sleep(0.02)
    stream.up.clear()
    stream.killed_at = time.monotonic()
    await asyncio.to_thread(server.kill)
    stream.restart_seconds = await asyncio.to_thread(server.start)
    stream.up.set()


async def run_stream(server: AppServer, key: str, submissions: int, submitters: int, kill_after: float, seed: int):
    """The stream with one kill and restart in the middle; returns it once every submission has ended."""
    stream = Stream(submissions)
    stream.up.set()
    rngs = [random.Random(seed * 1000 + i) for i in range(submitters + 1)]
    killer = asyncio.create_task(kill_and_restart(server, stream, kill_after, rngs[-1]))
    await asyncio.gather(*(submitter(stream, server.url, key, rngs[i]) for i in range(submitters)))
    await killer  # a stream that ended before the kill still waits for it (and then has nothing in flight)
    return stream


def make_api_key(db_url: str) -> str:
    """An Open311 key, made by the demo admin the way /staf/api makes one."""
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            admin = session.exec(select(StaffUser).where(StaffUser.role == permissions.ADMIN)).first()
            key = create_api_key(session, identity_of(session, admin), "Uji ketahanan").key
            session.commit()
            return key
    finally:
        engine.dispose()


def verify(server: AppServer, stream: Stream) -> Verdict:
    """Every acknowledged code in the database with its own title and all its photos, files decodable."""
    engine = make_engine(server.db_url)
    lost = {}
    try:
        with Session(engine) as session:
            for attempt in stream.acknowledged():
                problem = _problem(session, server.media_dir, attempt)
                if problem:
                    lost[attempt.code] = problem
            stored = session.exec(
                select(Report.title).where(Report.title.startswith(f"Uji ketahanan {stream.run_id} #"))
            )
            unacknowledged = len(set(stored.all()) - {a.title for a in stream.acknowledged()})
    finally:
        engine.dispose()
    return Verdict(lost, unacknowledged)


def _problem(session: Session, media_dir: Path, attempt: Attempt) -> str:
    report = session.exec(select(Report).where(Report.tracking_code == attempt.code)).first()
    if report is None:
        return "no report with this code"
    if report.title != attempt.title:
        return f"the code belongs to another submission: {report.title!r}"
    photos = session.exec(select(Photo).where(Photo.report_id == report.id, Photo.kind == "report")).all()
    if len(photos) != attempt.photos:
        return f"{len(photos)} of {attempt.photos} photos"
    for photo in photos:
        for name in (photo.filename, photo.thumb_filename):
            problem = _undecodable(media_dir / name)
            if problem:
                return f"{name}: {problem}"
    return ""


def _undecodable(path: Path) -> str:
    if not path.is_file():
        return "missing"
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, SyntaxError) as err:
        return f"not a readable image ({err})"
    return ""


@dataclass
class CrashResult:
    db: str
    stream: Stream
    verdict: Verdict
    workers: int

    @property
    def lost(self) -> int:
        return len(self.verdict.lost)


def crash_run(
    work: Path,
    db: str,
    *,
    submissions: int = 120,
    submitters: int = 6,
    kill_after: float = 4.0,
    workers: int = 1,
    redis_url: str | None = None,
    pg_admin_url: str = DEFAULT_PG,
    seed: int = 2017,
) -> CrashResult:
    """One database: prepare the app, start it, stream with a kill and a restart, verify."""
    with app_server(
        work, db, workers=workers, demo_reports=5, pg_admin_url=pg_admin_url, redis_url=redis_url
    ) as server:
        key = make_api_key(server.db_url)
        server.start()
        stream = asyncio.run(run_stream(server, key, submissions, submitters, kill_after, seed))
        return CrashResult(db, stream, verify(server, stream), workers)


def print_result(result: CrashResult) -> None:
    stream, killed = result.stream, result.stream.killed_at or 0
    acked = stream.acknowledged()
    before = _before_kill(stream)
    failed = [a for a in stream.attempts if not a.code]
    print(f"\n{result.db} ({result.workers} worker{'s' if result.workers > 1 else ''}), run {stream.run_id}")
    print(f"{'submitted':<34} {len(stream.attempts):>6}   ({', '.join(_by_channel(stream.attempts))})")
    after = len(acked) - len(before)
    print(f"{'acknowledged (tracking code)':<34} {len(acked):>6}   ({len(before)} before the kill, {after} after)")
    at = killed - stream.started_at
    print(f"{'in flight at the SIGKILL':<34} {len(stream.in_flight_at_kill()):>6}   ({at:.1f} s into the stream)")
    print(f"{'not acknowledged':<34} {len(failed):>6}   ({result.verdict.stored_unacknowledged} of them stored anyway)")
    print(f"{'restart (s)':<34} {stream.restart_seconds:>6.1f}")
    print(f"{'LOST':<34} {result.lost:>6}")
    for code, problem in result.verdict.lost.items():
        print(f"  {code}: {problem}")
    for error in sorted({a.error.split(":")[0] + ": " + a.error.split(":", 1)[-1][:80] for a in failed})[:5]:
        print(f"  unacknowledged: {error}")


def _by_channel(attempts: list[Attempt]) -> list[str]:
    return [f"{sum(a.channel == c for a in attempts)} {c}" for c in CHANNELS]


@contextmanager
def _workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="pengaduan-crash-") as folder:
        yield Path(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--submissions", type=int, default=120)
    parser.add_argument("--submitters", type=int, default=6, help="concurrent submitters")
    parser.add_argument("--kill-after", type=float, default=4.0, help="seconds (randomised 0.5x-1.5x) until SIGKILL")
    parser.add_argument("--workers", type=int, default=2, help="backend workers on PostgreSQL (SQLite: 1)")
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL server (a database is made and dropped)")
    parser.add_argument("--redis", default=DEFAULT_REDIS, help="Redis for PostgreSQL's workers (flushed!)")
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    goals: list[Goal] = []
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        cluster = db == "postgres"
        with _workdir() as work:
            result = crash_run(
                work,
                db,
                submissions=args.submissions,
                submitters=args.submitters,
                kill_after=args.kill_after,
                workers=args.workers if cluster else 1,
                redis_url=flushed(args.redis) if cluster else None,
                pg_admin_url=args.pg,
                seed=args.seed,
            )
        print_result(result)
        goals += [
            Goal(f"{db}: acknowledged, then lost", result.lost, 0),
            # A kill before any acknowledgement, or no success after the restart, tests nothing.
            Goal(f"{db}: acknowledged before the kill", len(_before_kill(result.stream)), 1, at_most=False),
            Goal(f"{db}: acknowledged after the restart", _after_restart(result.stream), 1, at_most=False),
        ]
    return 0 if print_goals(goals) else 1


def _before_kill(stream: Stream) -> list[Attempt]:
    return [a for a in stream.acknowledged() if a.ended < (stream.killed_at or 0)]


def _after_restart(stream: Stream) -> int:
    return len(stream.acknowledged()) - len(_before_kill(stream))


if __name__ == "__main__":
    sys.exit(main())
