"""Admins create, list and revoke Open311 API keys at /staf/api.

The new key is the only secret this page ever holds: it is shown once, and
cleared when the admin dismisses it or opens the page again.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from ..domain.api_keys import create_api_key, list_api_keys, revoke_api_key
from ..i18n import format_datetime, translate
from .confirm import Confirming
from .lang import current_language
from .staff_auth import REFUSED, StaffPage, act, read_as_staff


@dataclasses.dataclass
class ApiKeyRow:
    """One API key as listed: never the key itself, only its prefix; `revoked` is when (empty: in use)."""

    id: str = ""
    name: str = ""
    prefix: str = ""
    created_by: str = ""
    created_at: str = ""
    last_used: str = ""
    revoked: str = ""


class ApiKeysState(StaffPage, Confirming, rx.State):
    allowed: bool = False
    keys: list[ApiKeyRow] = []
    new_key: str = ""

    @rx.event
    async def load(self):
        self.message = self.error = self.new_key = ""
        await self._reload()

    async def _reload(self):
        lang = await current_language(self)
        rows = await read_as_staff(self, list_api_keys)
        if rows is None:
            self.allowed, self.keys, self.new_key = False, [], ""
            return
        self.allowed = True
        never = translate(lang, "api_keys.never")
        self.keys = [
            ApiKeyRow(
                id=str(r.id),
                name=r.name,
                prefix=f"pgd_{r.prefix}_…",
                created_by=r.created_by or "-",
                created_at=format_datetime(r.created_at, lang),
                last_used=format_datetime(r.last_used_at, lang) if r.last_used_at else never,
                revoked=format_datetime(r.revoked_at, lang) if r.revoked_at else "",
            )
            for r in rows
        ]

    @rx.event
    async def create(self, form: dict):
        created = await act(self, create_api_key, str(form.get("name", "")), done_key="api_keys.created")
        self.new_key = "" if created is REFUSED else created.key

    @rx.event
    async def ask_revoke(self, key_id: str):
        """The question before revoking, naming the key (one this admin's page listed)."""
        key = next((k for k in self.keys if k.id == str(key_id) and not k.revoked), None)
        if key is not None:
            self._ask(translate(await current_language(self), "confirm.revoke_key", name=key.name), key.id)

    @rx.event
    async def revoke(self, key_id: str):
        """The dialog's "Cabut": revoke_api_key checks that an admin asks."""
        self._answered()
        key = int(key_id) if str(key_id).isdigit() else -1
        if await act(self, revoke_api_key, key, done_key="api_keys.revoked_message") is REFUSED:
            self.new_key = ""

    @rx.event
    def dismiss_key(self):
        """Forget the new key (it stays valid; only its display ends)."""
        self.new_key = ""
