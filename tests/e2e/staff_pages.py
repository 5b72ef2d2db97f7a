"""The staff pages, for the checks that must hold on every page (axe, phone): opened signed in as the demo admin;
and moving through a page with the keyboard alone (the submission and the staff flows).

The staff routes come from the same page registry as the public ones, so a staff page added later is
checked too; `[code]` is a report filed for these checks (the admin may open every report). The admin signs in
once per deployment (`admin_cookie`); each check opens its page in a fresh browser context with that session.
"""

from __future__ import annotations

from playwright.sync_api import Frame, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.browsing import open_page
from tests.e2e.public_pages import address, page_ids

STAFF_PREFIX = "/staf"
SIGN_IN = "/staf/masuk"


def is_staff_page(page_id: str) -> bool:
    """A page behind the staff sign-in (the sign-in page itself is public)."""
    return page_id.startswith(STAFF_PREFIX) and page_id != SIGN_IN


def staff_page_ids() -> list[str]:
    return [page_id for page_id in page_ids() if is_staff_page(page_id)]


def public_page_ids() -> list[str]:
    return [page_id for page_id in page_ids() if not is_staff_page(page_id)]


def open_as_admin(page: Page, page_id: str, parameters: dict[str, str], lang: str, admin_cookie: dict) -> None:
    """Open the staff page `page_id` in `lang`, signed in as the demo admin."""
    page.context.add_cookies([admin_cookie])
    open_page(page, address(page_id, parameters), lang)


def open_every_disclosure(page: Page) -> None:
    """Open every <details> (the staff tools fold away in them), so the checks see the fields inside too."""
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def focused(page: Page) -> str:
    """What has keyboard focus: `#id` in the page, or `#frame-id > tag.class` inside a frame."""
    frame_id = page.evaluate("() => document.activeElement.tagName === 'IFRAME' ? document.activeElement.id : ''")
    if frame_id:
        frame: Frame = page.locator(f"#{frame_id}").element_handle().content_frame()
        inner = frame.evaluate("() => (e => e.tagName.toLowerCase() + '.' + e.className)(document.activeElement)")
        return f"#{frame_id} > {inner}"
    return page.evaluate("() => '#' + document.activeElement.id")


def tab_to(page: Page, target: str, limit: int = 40) -> None:
    """Press Tab until focus is on `target` (a prefix of what `focused` says): proves it is reachable in order."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(focused(page))
        if seen[-1].startswith(target):
            return
    raise AssertionError(f"Tab never reached {target}; focus went through {seen}")


def choose_file_with_keys(page: Page, target: str, files: list[dict], *, limit: int = 40, attempts: int = 3) -> None:
    """With focus on the photo control `target`, press Enter and pick `files` in the chooser that opens.

    A state update may re-render the control just as the key goes down, and the press is then lost (a person
    would press again): then focus it again with Tab and press again, a few times at most.
    """
    for _ in range(attempts):
        try:
            with page.expect_file_chooser(timeout=8_000) as chooser:
                page.keyboard.press("Enter")
        except PlaywrightTimeoutError:
            if not focused(page).startswith(target):
                tab_to(page, target, limit=limit)
            continue
        chooser.value.set_files(files=files)
        return
    raise AssertionError(f"Enter on {target} never opened a file chooser")
