"""Screenshots to look at after a run: under $PENGADUAN_SHOTS (default /tmp/shots/e2e)."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page


def shoot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """`name`.png of the page (a dialog: as the screen shows it, `full_page=False`)."""
    folder = Path(os.environ.get("PENGADUAN_SHOTS", "/tmp/shots/e2e"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
