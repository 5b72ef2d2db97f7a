"""The channel panel on a staff report page: who wrote on which channel, a message to them, blocking them.

Every handler goes through domain.handling, which checks that the signed-in officer may handle
the report; the sender's address reaches only such an officer's browser.
"""

from __future__ import annotations

import reflex as rx

from ..domain.handling import MESSAGE_MAX, block_sender, message_reporter, reporter_on_channel
from ..i18n import translate
from .address import report_code_in_address
from .lang import current_language
from .staff_auth import REFUSED, StaffPage, act, read_as_staff
from .staff_report import StaffReportState


class StaffChannelState(StaffPage, rx.State):
    shown: bool = False
    heading: str = ""
    hint: str = ""
    address: str = ""
    blocked: bool = False
    text: str = ""

    def _code(self) -> str:
        return report_code_in_address(self)

    async def _reload(self):
        lang = await current_language(self)
        code = self._code()
        person = await read_as_staff(self, lambda session, identity: reporter_on_channel(session, identity, code))
        self.shown = person is not None
        channel = translate(lang, f"channel.{person.channel}") if person else ""
        self.heading = translate(lang, "channel.staff.heading", channel=channel)
        self.hint = translate(lang, "channel.staff.message_hint", channel=channel)
        self.address = person.address if person else ""
        self.blocked = person.blocked if person else False

    async def _run(self, step, *args, done_key: str) -> bool:
        return await act(self, step, self._code(), *args, done_key=done_key) is not REFUSED

    @rx.event
    def set_text(self, value: str):
        self.text = str(value)[: MESSAGE_MAX * 2]

    @rx.event
    async def send(self):
        if await self._run(message_reporter, self.text, done_key="channel.staff.sent"):
            self.text = ""
            return StaffReportState.load

    @rx.event
    async def toggle_block(self):
        await self._run(lambda s, i, c: block_sender(s, i, c, blocked=not self.blocked), done_key="staff.done")
