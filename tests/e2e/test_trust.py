"""Issue 14 against the running app, as an attacker would: raw HTTP bodies past the limit (14.1), and the staff
session that no script and no socket frame ever sees (14.6)."""

from __future__ import annotations

import asyncio
import re
import select
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from bench.protocol import Tab, handler
from pengaduan_app.demo.staff import DEMO_ACCOUNTS
from pengaduan_app.domain.accounts import SESSION_COOKIE
from tests.e2e.staff_sign_in import sign_in_as

pytestmark = pytest.mark.e2e

ADMIN = next(a for a in DEMO_ACCOUNTS if a.username == "admin")
MIB = 1024 * 1024


def _status_of(sock: socket.socket) -> int:
    answer = b""
    while b"\r\n" not in answer:
        chunk = sock.recv(4096)
        if not chunk:
            break
        answer += chunk
    return int(answer.split(b"\r\n", 1)[0].split()[1])


def _raw_post(base_url: str, path: str, headers: str, body_chunks) -> tuple[int, int]:
    """POST with a body from `body_chunks` until the server answers (or stops taking it); (status, bytes sent)."""
    parts = urlsplit(base_url)
    sent = 0
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n{headers}\r\n".encode())
        for chunk in body_chunks:
            if select.select([sock], [], [], 0)[0]:
                break  # the server answered already
            try:
                sock.sendall(chunk)
            except (TimeoutError, BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        return _status_of(sock), sent


def _upload_dir_size(app_dir: Path) -> int:
    folder = app_dir / "uploaded_files"
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.exists() else 0


def test_a_declared_huge_upload_is_refused_before_it_is_read(base_url):
    status, _ = _raw_post(
        base_url,
        "/_upload",
        f"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {2 * 1024 * MIB}\r\n",
        iter([b""]),
    )
    assert status == 413


def _report_form_tab(base_url: str) -> str:
    """A real tab's token on /lapor, as a browser that is about to upload its photos has."""

    async def opened() -> str:
        tab = Tab(base_url)
        try:
            await tab.open("/lapor")
            return tab.token
        finally:
            await tab.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, opened()).result()


def test_an_endless_chunked_upload_is_cut_while_streaming(base_url, app_dir):
    before = _upload_dir_size(app_dir)
    token, name = _report_form_tab(base_url), handler("submit", "SubmitState", "submit")
    head = b'--b\r\nContent-Disposition: form-data; name="files"; filename="x.jpg"\r\n\r\n'
    block = b"\0" * (256 * 1024)

    def chunks():
        yield f"{len(head):x}\r\n".encode() + head + b"\r\n"
        for _ in range(400):  # 100 MiB at most, far past the 31 MiB limit
            yield f"{len(block):x}\r\n".encode() + block + b"\r\n"

    status, sent = _raw_post(
        base_url,
        "/_upload",
        "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n"
        f"reflex-client-token: {token}\r\nreflex-event-handler: {name}\r\n",
        chunks(),
    )
    assert status == 413
    assert sent < 60 * MIB  # cut near the limit, not after the whole body
    assert _upload_dir_size(app_dir) == before


def test_the_staff_session_is_httponly_and_never_in_a_socket_frame(page: Page, base_url):
    frames: list[str] = []
    page.on(
        "websocket",
        lambda ws: (
            ws.on("framesent", lambda payload: frames.append(str(payload))),
            ws.on("framereceived", lambda payload: frames.append(str(payload))),
        ),
    )
    sign_in_as(page, ADMIN.username, ADMIN.password)
    expect(page.locator(".staff-who")).to_have_text(ADMIN.display_name)
    page.goto("/staf/akun")  # a page whose handlers check the session again
    expect(page.locator(".staff-who")).to_have_text(ADMIN.display_name)

    [cookie] = [c for c in page.context.cookies() if c["name"] == SESSION_COOKIE]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert SESSION_COOKIE not in page.evaluate("document.cookie")  # no script reads it
    time.sleep(0.5)  # let the last frames of the page land in the list
    assert frames and not any(cookie["value"] in frame for frame in frames)
    csp = page.request.get(f"{base_url}/staf").headers["content-security-policy"]
    assert re.search(r"connect-src 'self';", csp)

    page.click("#sign-out")
    page.wait_for_url(re.compile(r".*/staf/masuk"))
    assert not [c for c in page.context.cookies() if c["name"] == SESSION_COOKIE]
    page.goto("/staf")
    page.wait_for_url(re.compile(r".*/staf/masuk\?next=/staf/?$"))
