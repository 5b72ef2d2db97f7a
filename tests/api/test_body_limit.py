"""Issue 14.1: no body fills the disk. The app limits every request body itself, while it streams, per address
for uploads, and in total for what one process spools at once (ASGI driven directly, as a server would)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from pengaduan_app.api.app import build_api
from pengaduan_app.api.body_limit import body_limit
from pengaduan_app.config import get_settings

CHUNK = 64 * 1024


@pytest.fixture
def small_limits(monkeypatch, tmp_path):
    monkeypatch.setenv("PENGADUAN_MAX_PHOTO_BYTES", str(100_000))  # body limit: 3 × 100 000 + 1 MiB
    monkeypatch.setenv("PENGADUAN_UPLOAD_LIMIT_PER_ADDRESS_MINUTE", "3")
    monkeypatch.setenv("PENGADUAN_UPLOAD_SPOOL_BYTES", str(2_000_000))
    monkeypatch.setenv("PENGADUAN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


async def _spooling_form(request: Request) -> JSONResponse:
    """Like Reflex's /_upload: parse the multipart body (file parts spooled to temporary files)."""
    form = await request.form()
    return JSONResponse({"fields": len(form)})


def _guarded():
    return body_limit(Starlette(routes=[Route("/_upload", _spooling_form, methods=["POST"])]))


def _in_thread(coroutine):
    """Its own event loop in a worker thread: Playwright tests may keep one running in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _call(app, path: str, headers: dict[str, str], chunks, *, client: str = "203.0.113.7"):
    """Send a request whose body comes from `chunks` (an iterator of bytes, maybe endless); returns
    (status, headers, bytes the app pulled)."""
    pulled = 0
    answer: dict = {}

    async def receive():
        nonlocal pulled
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message):
        if message["type"] == "http.response.start":
            answer.setdefault("status", message["status"])
            answer.setdefault("headers", dict(message["headers"]))

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": (client, 5000),
        "server": ("testserver", 80),
        "scheme": "http",
        "root_path": "",
    }
    _in_thread(app(scope, receive, send))
    return answer["status"], answer["headers"], pulled


def _endless():
    """A file part that goes on far beyond any limit (ends after 64 MiB, so a broken limit fails, not hangs)."""
    yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="x.jpg"\r\n\r\n'
    for _ in range(1024):
        yield b"\0" * CHUNK


MULTIPART = {"content-type": "multipart/form-data; boundary=b"}


def test_a_declared_huge_body_is_refused_before_a_byte_is_read(small_limits):
    status, _headers, pulled = _call(_guarded(), "/_upload", {**MULTIPART, "content-length": str(2**31)}, _endless())
    assert (status, pulled) == (413, 0)


def test_an_endless_chunked_body_is_cut_at_the_limit(small_limits):
    status, _headers, pulled = _call(_guarded(), "/_upload", MULTIPART, _endless())
    assert status == 413
    assert pulled <= small_limits.max_body_bytes + CHUNK


def test_the_limit_covers_every_route_open311_too(small_limits):
    status, _headers, pulled = _call(
        body_limit(build_api()),
        "/open311/v2/requests.json",
        {"content-type": "multipart/form-data; boundary=b"},
        _endless(),
    )
    assert status == 413
    assert pulled <= small_limits.max_body_bytes + CHUNK


def test_a_body_within_the_limit_reaches_the_route(small_limits):
    body = b'--b\r\nContent-Disposition: form-data; name="files"; filename="x.jpg"\r\n\r\nabc\r\n--b--\r\n'
    status, _headers, _pulled = _call(
        _guarded(), "/_upload", {**MULTIPART, "content-length": str(len(body))}, iter([body])
    )
    assert status == 200


def test_uploads_from_one_address_are_rate_limited_and_others_still_pass(small_limits):
    app = _guarded()
    body = b"--b--\r\n"
    headers = {**MULTIPART, "content-length": str(len(body))}
    statuses = [_call(app, "/_upload", headers, iter([body]))[0] for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    status, answer_headers, _ = _call(app, "/_upload", headers, iter([body]))
    assert status == 429 and int(answer_headers[b"retry-after"]) > 0
    assert _call(app, "/_upload", headers, iter([body]), client="198.51.100.9")[0] == 200


def test_parallel_bodies_beyond_the_spool_budget_are_turned_away(small_limits):
    """Two bodies of 1.2 MB declared at once do not fit a 2 MB budget: the second is told to come back."""
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow(request: Request) -> JSONResponse:
        started.set()
        await release.wait()
        return JSONResponse({})

    app = body_limit(Starlette(routes=[Route("/open311/v2/requests.json", slow, methods=["POST"])]))
    size = str(1_200_000)

    async def both():
        answers = []

        def recorder():
            async def send(message):
                if message["type"] == "http.response.start":
                    answers.append(message["status"])

            return send

        async def receive():
            await asyncio.sleep(3600)

        def scope():
            return {
                "type": "http",
                "method": "POST",
                "path": "/open311/v2/requests.json",
                "query_string": b"",
                "headers": [(b"content-length", size.encode())],
                "client": ("203.0.113.1", 1),
            }

        first = asyncio.create_task(app(scope(), receive, recorder()))
        await started.wait()
        await app(scope(), receive, recorder())
        release.set()
        await first
        return answers

    assert _in_thread(both()) == [503, 200]
