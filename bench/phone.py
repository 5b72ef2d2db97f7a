"""A citizen's cheap phone on mobile data: the report form with a camera photo, and the map, first and second visit.

Chromium at 360×740 (touch) with Chrome's "Fast 3G" through the DevTools protocol (1.6 Mbit/s down,
750 kbit/s up, 150 ms latency) and a 4× CPU slowdown, against the app built as in production (started here
as the end-to-end tests start it, or --url). Each goal is measured --runs times (fresh browser profile each
run) and judged on the median:

- /lapor with a 4000×3000 camera JPEG of ≥ 3.5 MB (made here): from opening the page to the tracking code on
  screen ≤ 10 s, and the bytes the upload sent per photo ≤ 500 KB;
- / until the map has drawn its first reports: first visit ≤ 3 s, second visit (same profile: HTTP cache and
  service worker) ≤ 1.5 s.

    CHROMIUM_PATH=/usr/bin/chromium .venv/bin/python bench/phone.py [--url URL] [--runs 5] [--reports 240]

Prints each run (with the moments the report flow reached each step, to see where the time goes), then each
goal with its median and PASS/FAIL; exits 1 if any goal is missed.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Page, expect, sync_playwright

from tests.browser import launch_chromium
from tests.builders import MONAS
from tests.camera_photo import camera_jpeg
from tests.e2e.reporting import record_uploads, uploaded_sizes
from tests.e2e.server import app_environment, copy_app, running_app

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
FAST_3G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
CPU_SLOWDOWN = 4
MIN_PHOTO_BYTES = 3.5e6
GOALS = {
    "report": ("/lapor with a camera photo to tracking code", 10.0, "s"),
    "photo_bytes": ("bytes sent per photo", 500.0, "KB"),
    "first_map": ("/ first visit until reports drawn", 3.0, "s"),
    "second_map": ("/ second visit until reports drawn", 1.5, "s"),
}
# Inside the map frame: the moment its first draw of reports is seen, on the clock every frame shares.
DRAWN_JS = """() => {
  const box = document.querySelector('.folium-map');
  const drawn = box && Number(box.dataset.draws || 0) >= 1 && document.querySelector('.leaflet-marker-icon');
  return drawn ? performance.timeOrigin + performance.now() : null;
}"""
# The first reports on screen at all: the frame's sketch (drawn before Leaflet loads), or Leaflet's own.
SEEN_JS = """() => document.querySelector('.pg-sketch > div, .leaflet-marker-icon')
  ? performance.timeOrigin + performance.now() : null"""


def _slow_phone(page: Page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", FAST_3G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})


def map_drawn_after(page: Page) -> tuple[float, float]:
    """Seconds from the navigation to / until the map frame shows its first reports at all (its sketch), and
    until Leaflet has drawn its own (the goal's figure)."""
    page.goto("/", wait_until="commit")
    frame = None
    deadline = time.monotonic() + 60
    while frame is None and time.monotonic() < deadline:
        frame = next((f for f in page.frames if "/peta/frame" in f.url), None)
        if frame is None:
            page.wait_for_timeout(20)
    if frame is None:
        raise RuntimeError("the map frame never appeared")
    seen = frame.wait_for_function(SEEN_JS, timeout=60_000, polling="raf").json_value()
    drawn = frame.wait_for_function(DRAWN_JS, timeout=60_000, polling="raf").json_value()
    origin = page.evaluate("performance.timeOrigin")
    return (seen - origin) / 1000, (drawn - origin) / 1000


def visit_map_twice(browser, base_url: str) -> tuple[tuple[float, float], tuple[float, float]]:
    context = browser.new_context(base_url=base_url, **PHONE)
    page = context.new_page()
    _slow_phone(page)
    first = map_drawn_after(page)
    page.evaluate("() => navigator.serviceWorker && navigator.serviceWorker.ready")
    page.wait_for_timeout(2000)  # the service worker stores what the first visit loaded
    page.close()
    page = context.new_page()
    _slow_phone(page)
    second = map_drawn_after(page)
    context.close()
    return first, second


STEPS = ("form ready", "place chosen", "photo shrunk", "upload started", "upload done", "tracking code")


def send_report(browser, base_url: str, photo: Path, run: int) -> tuple[float, int, dict[str, float]]:
    """Seconds from opening /lapor to the tracking code on screen, the bytes the photo took in the upload, and
    the seconds at which each of STEPS was reached (where the time goes)."""
    context = browser.new_context(base_url=base_url, **PHONE)
    page = context.new_page()
    _slow_phone(page)
    record_uploads(page)
    steps: dict[str, float] = {}
    started = time.monotonic()

    def step(name: str) -> None:
        steps.setdefault(name, time.monotonic() - started)

    page.on("request", lambda r: "/_upload" in r.url and step("upload started"))
    page.on("requestfinished", lambda r: "/_upload" in r.url and step("upload done"))
    page.goto("/lapor", wait_until="commit")
    page.select_option("#category", "jalan_rusak", timeout=30_000)
    step("form ready")
    page.fill("#title", f"Uji ponsel {run}: jalan berlubang")
    page.fill("#description", "Lubang besar di tengah jalan, motor sering jatuh di sini.")
    page.frame_locator("#picker").locator(".leaflet-container").click(position={"x": 160, "y": 120}, timeout=30_000)
    expect(page.locator("#location-chosen")).to_contain_text(re.compile(r"-6\.\d+"), timeout=30_000)
    step("place chosen")
    # A file on disk, as a phone's picker hands it over (given as bytes, Playwright rebuilds the 4.7 MB file
    # from base64 inside the page, on its 4x slowed thread: ten seconds no phone spends).
    page.locator("#photos input[type=file]").set_input_files(photo)
    expect(page.locator(".photo-thumb")).to_have_count(1, timeout=60_000)  # shrunk: its thumbnail and size
    step("photo shrunk")
    page.click("#submit-report")
    expect(page.locator("#tracking-code")).to_have_text(re.compile(r"^JKT-"), timeout=120_000)
    elapsed = time.monotonic() - started
    step("tracking code")
    sent = max(size for sizes in uploaded_sizes(page) for size in sizes)
    context.close()
    return elapsed, sent, steps


def verdict(key: str, values: list[float]) -> bool:
    name, limit, unit = GOALS[key]
    median = statistics.median(values)
    ok = median <= limit
    shown = ", ".join(f"{v:.2f}" for v in values)
    goal = f"goal ≤ {limit:g} {unit}: {'PASS' if ok else 'FAIL'}"
    print(f"{name:<45} median {median:8.2f} {unit:<2} (runs: {shown})  {goal}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="measure an app already running at this address instead of starting one")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reports", type=int, default=240, help="demo reports in the started app (serve.sh seeds 240)")
    args = parser.parse_args()
    photo = camera_jpeg(gps=MONAS)
    assert len(photo) >= MIN_PHOTO_BYTES, "the camera photo must weigh what a phone's does"
    print(f"camera photo: 4000×3000 JPEG, {len(photo) / 1e6:.1f} MB")
    with ExitStack() as stack:
        photo_path = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pengaduan-photo-")))
        photo_path /= "IMG_20261129_101500.jpg"
        photo_path.write_bytes(photo)
        base_url = args.url
        if not base_url:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pengaduan-phone-")))
            print(f"building and starting the app in {work} ...", flush=True)
            (work / "app").mkdir()
            env = app_environment(work, args.reports)
            env["PENGADUAN_REPORT_LIMIT_PER_PERSON_HOUR"] = "1000"  # every run is a new person anyway
            base_url = stack.enter_context(running_app(copy_app(work / "app"), env, work / "app.log"))
        playwright = stack.enter_context(sync_playwright())
        browser = launch_chromium(playwright)
        stack.callback(browser.close)
        results: dict[str, list[float]] = {key: [] for key in GOALS}
        for run in range(1, args.runs + 1):
            (first_seen, first), (second_seen, second) = visit_map_twice(browser, base_url)
            seconds, sent, steps = send_report(browser, base_url, photo_path, run)
            print(
                f"run {run}: map first {first:.2f} s (reports seen, its sketch: {first_seen:.2f} s),"
                f" second {second:.2f} s (seen {second_seen:.2f} s); report {seconds:.2f} s, sent {sent / 1024:.0f} KB",
                flush=True,
            )
            print("  report steps (s from opening /lapor): " + ", ".join(f"{k} {steps.get(k, -1):.2f}" for k in STEPS))
            results["first_map"].append(first)
            results["second_map"].append(second)
            results["report"].append(seconds)
            results["photo_bytes"].append(sent / 1024)
        conditions = f"Fast 3G (1.6 Mbit/s down, 750 kbit/s up, 150 ms), CPU ÷{CPU_SLOWDOWN}, 360×740"
        print(f"\n{conditions}; medians of {args.runs} runs")
        verdicts = [verdict(key, values) for key, values in results.items()]
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
