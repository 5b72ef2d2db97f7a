"""How every browser test starts Chromium: CHROMIUM_PATH (Debian's), else Playwright's own build."""

import os

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH") or None, args=CHROMIUM_ARGS)
