"""How much the first load of every public page transfers, compressed: /, /lapor, a report, /kinerja, an
area, /lacak and /akun, each against a 400 KB budget.

Starts a private copy of the app as the end-to-end tests do (or measures --url), opens each
page in a fresh Chromium context (empty cache), waits until the network is idle, and adds up
the bytes sent over the wire for every response except map tiles: bodies as sent (compressed
when the server compresses) plus response headers. Prints one table per page, by kind and the
heaviest files, and the budget verdict; exits 1 if a page is over. The app's state arrives over
a websocket; its frames are shown apart (payload bytes) because HTTP tools do not count them.
Chromium is found as the tests find it (CHROMIUM_PATH, Debian's, else Playwright's own).

    .venv/bin/python bench/weight.py [--url URL --code JKT-2611-00042 --area 3] [--pages / /lapor] [--reports 240]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Request, WebSocket, sync_playwright

from pengaduan_app.config import get_settings
from tests.browser import launch_chromium
from tests.e2e.public_pages import demo_parameters
from tests.e2e.server import app_environment, copy_app, running_app

BUDGET = 400 * 1024
PAGES = ("/", "/lapor", "/laporan/{code}", "/kinerja", "/wilayah/{area}", "/lacak", "/akun")


@dataclass
class Transfer:
    url: str
    kind: str
    body: int
    headers: int
    encoding: str

    @property
    def total(self) -> int:
        return self.body + self.headers


def _tile_pattern() -> re.Pattern:
    """The configured tile URL template ({s}/{z}/{x}/{y}/{r}) as a pattern for the tiles it yields."""
    pattern = re.escape(get_settings().tile_url)
    for name in "szxyr":
        pattern = pattern.replace(re.escape("{" + name + "}"), "[^/]*")
    return re.compile(pattern)


def _transfer(request: Request) -> Transfer | None:
    response = request.response()
    if response is None:
        return None
    sizes = request.sizes()
    return Transfer(
        url=request.url,
        kind=request.resource_type,
        body=sizes["responseBodySize"],
        headers=sizes["responseHeadersSize"],
        encoding=response.headers.get("content-encoding", "-"),
    )


def measure(browser, base_url: str, path: str) -> tuple[list[Transfer], int]:
    """The HTTP transfers of a first visit to `path`, and the websocket bytes received."""
    # Without the service worker: what the page itself loads (its first-visit copies come from the HTTP cache).
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740}, service_workers="block")
    requests: list[Request] = []
    socket_bytes = [0]

    def on_socket(socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: socket_bytes.__setitem__(0, socket_bytes[0] + len(payload)))

    page = context.new_page()
    page.on("requestfinished", lambda request: requests.append(request))
    page.on("websocket", on_socket)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # late lazy chunks and the frames' scripts
    page.wait_for_load_state("networkidle")
    tiles = _tile_pattern()
    transfers = [t for r in requests if not tiles.match(r.url) and (t := _transfer(r))]
    context.close()
    return transfers, socket_bytes[0]


def _kb(n: int) -> str:
    return f"{n / 1024:8.1f}"


def report(path: str, transfers: list[Transfer], socket_bytes: int, base_url: str) -> tuple[int, bool]:
    total = sum(t.total for t in transfers)
    print(f"\n## {path}  ({len(transfers)} responses, tiles excluded)")
    print(f"{'kind':<12} {'files':>5} {'KB body':>8} {'KB total':>8}")
    by_kind: dict[str, list[Transfer]] = defaultdict(list)
    for t in transfers:
        by_kind[t.kind].append(t)
    for kind, items in sorted(by_kind.items(), key=lambda kv: -sum(t.total for t in kv[1])):
        print(f"{kind:<12} {len(items):>5} {_kb(sum(t.body for t in items))} {_kb(sum(t.total for t in items))}")
    print(f"{'all':<12} {len(transfers):>5} {_kb(sum(t.body for t in transfers))} {_kb(total)}")
    print(f"websocket state payload (uncompressed, not in the total): {socket_bytes / 1024:.1f} KB")
    print("\nheaviest:")
    print(f"{'KB':>8}  {'encoding':<8}  url")
    for t in sorted(transfers, key=lambda t: -t.total)[:10]:
        print(f"{_kb(t.total)}  {t.encoding:<8}  {t.url.removeprefix(base_url)}")
    within = total <= BUDGET
    print(f"\n{path}: {total / 1024:.1f} KB of {BUDGET / 1024:.0f} KB budget: {'PASS' if within else 'FAIL'}")
    return total, within


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="measure an app already running at this address instead of starting one")
    parser.add_argument("--code", help="with --url: a public report's tracking code, for /laporan/{code}")
    parser.add_argument("--area", help="with --url: an area id, for /wilayah/{area}")
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    parser.add_argument("--reports", type=int, default=240, help="demo reports in the started app (serve.sh seeds 240)")
    args = parser.parse_args()
    with ExitStack() as stack:
        base_url, code, area = args.url, args.code, args.area
        if not base_url:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pengaduan-weight-")))
            print(f"building and starting the app in {work} ...", flush=True)
            (work / "app").mkdir()
            app_dir = copy_app(work / "app")
            env = app_environment(work, args.reports)
            base_url = stack.enter_context(running_app(app_dir, env, work / "app.log"))
            demo = demo_parameters(env["REFLEX_DB_URL"])
            code, area = demo["code"], demo["area_id"]
        pages = [page for page in args.pages if ("{code}" not in page or code) and ("{area}" not in page or area)]
        skipped = sorted(set(args.pages) - set(pages))
        if skipped:
            print(f"not measured (pass --code/--area with --url): {', '.join(skipped)}")
        playwright = stack.enter_context(sync_playwright())
        browser = launch_chromium(playwright)
        stack.callback(browser.close)
        verdicts = {}
        for page in pages:
            path = page.format(code=code, area=area)
            verdicts[path] = report(path, *measure(browser, base_url, path), base_url)
    print("\n## summary")
    for path, (total, within) in verdicts.items():
        print(f"{path:<28} {total / 1024:7.1f} KB  (budget {BUDGET / 1024:.0f} KB): {'PASS' if within else 'FAIL'}")
    return 0 if all(within for _, within in verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
