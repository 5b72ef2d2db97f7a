"""Admins create, list and revoke Open311 API keys at /staf/api.

The new key is the only secret this page ever holds: it is shown once, and
cleared when the admin dismisses it or opens the page again.
"""

from __future__ import annotations

import reflex as rx

from ..db import session_scope
from ..domain.api_keys import ApiKeyError, create_api_key, list_api_keys, revoke_api_key
from ..domain.permissions import PermissionDenied
from ..i18n import format_datetime, translate
from .lang import current_language
from .staff_auth import current_identity, read_as_staff


class ApiKeysState(rx.State):
    allowed: bool = False
    keys: list[dict[str, str]] = []
    new_key: str = ""
    message: str = ""
    error: str = ""

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
            {
                "id": str(r.id),
                "name": r.name,
                "prefix": f"pgd_{r.prefix}_…",
                "created_by": r.created_by or "-",
                "created_at": format_datetime(r.created_at, lang),
                "last_used": format_datetime(r.last_used_at, lang) if r.last_used_at else never,
                "revoked": format_datetime(r.revoked_at, lang) if r.revoked_at else "",
            }
            for r in rows
        ]

    async def _refuse(self, err: ApiKeyError | PermissionDenied) -> None:
        lang = await current_language(self)
        self.message, self.new_key = "", ""
        self.error = translate(lang, err.code, **getattr(err, "params", {}))

    @rx.event
    async def create(self, form: dict):
        identity = await current_identity(self)
        try:
            with session_scope() as session:
                created = create_api_key(session, identity, str(form.get("name", "")))
        except (ApiKeyError, PermissionDenied) as err:
            await self._refuse(err)
            return
        self.error, self.new_key = "", created.key
        self.message = translate(await current_language(self), "api_keys.created")
        await self._reload()

    @rx.event
    async def revoke(self, key_id: str):
        identity = await current_identity(self)
        try:
            with session_scope() as session:
                revoke_api_key(session, identity, int(key_id) if str(key_id).isdigit() else -1)
        except (ApiKeyError, PermissionDenied) as err:
            await self._refuse(err)
            return
        self.error = ""
        self.message = translate(await current_language(self), "api_keys.revoked_message")
        await self._reload()

    @rx.event
    def dismiss_key(self):
        """Forget the new key (it stays valid; only its display ends)."""
        self.new_key = ""
