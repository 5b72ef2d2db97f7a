"""Following a report, the reporter's confirm/reopen, and live updates on the public report page."""

from __future__ import annotations

import asyncio
import time

import reflex as rx
from sqlmodel import select

from ..config import get_settings
from ..db import read_scope, session_scope
from ..domain.confirmation import can_respond, confirm_fixed, is_reporter, reopen
from ..domain.notifications import FollowError, follow, is_following, unfollow
from ..errors import Refused
from ..i18n import translate
from ..models import Report
from .account import current_citizen, follower_keys
from .address import report_code_in_address
from .lang import current_language
from .report import ReportState
from .visitor import supporter_key

WATCH_SECONDS = 3
WATCH_FOR = 30 * 60  # a page left open stops listening after half an hour


class FollowUpState(rx.State):
    following: bool = False
    reporter: bool = False
    can_respond: bool = False
    message: str = ""
    error: str = ""
    _watching: str = ""

    def _code(self) -> str:
        return report_code_in_address(self)

    def _key(self) -> str:
        return str(self.router.page.params.get("kunci", ""))[:100]

    @rx.event
    async def load(self):
        """on_mount of the panel: who is looking, and start listening for changes."""
        self.message = self.error = ""
        await self._refresh()
        if self._code() and self._watching != self._code():
            self._watching = self._code()
            return FollowUpState.watch
        return None

    async def _refresh(self):
        code = self._code()
        keys = await follower_keys(self)
        citizen = await current_citizen(self)
        with read_scope() as session:
            report = session.exec(select(Report).where(Report.tracking_code == code)).first() if code else None
            self.following = bool(report and is_following(session, report.id, keys))
            self.reporter = bool(report and is_reporter(report, self._key(), citizen))
            self.can_respond = self.reporter and can_respond(report, get_settings().reopen_window_days)

    @rx.event
    async def toggle_follow(self):
        lang = await current_language(self)
        citizen = await current_citizen(self)
        key = citizen.follower_key if citizen else await supporter_key(self)
        try:
            with session_scope() as session:
                (unfollow if self.following else follow)(session, self._code(), key)
        except FollowError as err:
            self.error = translate(lang, err.code)
            return
        await self._refresh()
        self.error = ""
        self.message = translate(lang, "follow.on" if self.following else "follow.off")

    async def _respond(self, action, *args):
        lang = await current_language(self)
        citizen = await current_citizen(self)
        try:
            with session_scope() as session:
                action(
                    session,
                    self._code(),
                    *args,
                    key=self._key(),
                    citizen=citizen,
                    window_days=get_settings().reopen_window_days,
                )
        except Refused as err:
            self.message, self.error = "", translate(lang, err.code, **getattr(err, "params", {}))
            return None
        self.error = ""
        self.message = translate(lang, "follow.thanks")
        await self._refresh()
        return ReportState.load

    @rx.event
    async def confirm(self, form: dict):
        rating = str(form.get("rating", ""))
        return await self._respond(confirm_fixed, int(rating) if rating in ("1", "2", "3", "4", "5") else 0)

    @rx.event
    async def reopen(self, form: dict):
        return await self._respond(reopen, str(form.get("reason", ""))[:2000])

    @rx.event(background=True)
    async def watch(self):
        """Poll the report's last change; reload the page's data when staff (or anyone) changed it."""
        async with self:
            code = self._watching
        last = _updated_at(code)
        started = time.monotonic()
        while time.monotonic() - started < WATCH_FOR:
            await asyncio.sleep(WATCH_SECONDS)
            async with self:
                if self._watching != code:
                    return
            now = _updated_at(code)
            if now != last:
                last = now
                yield ReportState.load
                async with self:
                    await self._refresh()


def _updated_at(code: str):
    with read_scope() as session:
        return session.exec(select(Report.updated_at).where(Report.tracking_code == code)).first()
