"""Two-factor enrolment (/staf/dua-langkah) and recovery codes (/staf/dua-langkah/pemulihan).

The enrolling account is the one the signed pending cookie names (after its password) or, for an officer who
enrols by choice, the signed-in one; the secret is shown only until the first code confirms it.
"""

import reflex as rx

from ..config import get_settings
from ..db import read_scope, session_scope
from ..domain import credentials
from ..domain.credentials import SIGN_IN_PAGE, safe_next
from ..i18n import translate
from ..models import StaffUser
from .lang import current_language
from .staff_auth import SIGN_IN_REFUSALS, cookie_of, current_identity


class TwoFactorState(rx.State):
    qr: str = ""
    secret: str = ""
    enabled: bool = False
    codes: list[str] = []
    error: str = ""
    next_path: str = "/staf"

    async def _enrolling_user_id(self) -> int | None:
        pending = cookie_of(self.router.headers.cookie, credentials.PENDING_COOKIE)
        with read_scope() as session:
            user = credentials.pending_user(session, pending, credentials.STEP_ENROL)
        if user is not None:
            return user.id
        identity = await current_identity(self)
        return identity.id if identity else None

    @rx.event
    async def open_enrolment(self):
        """on_load: the QR code and secret of the account being enrolled (nothing once it is enabled)."""
        params = self.router.page.params
        self.next_path = safe_next(str(params.get("next", "")))
        refusal = SIGN_IN_REFUSALS.get(str(params.get("galat", "")))
        minutes = get_settings().sign_in_window_minutes
        self.error = translate(await current_language(self), refusal, minutes=minutes) if refusal else ""
        self.qr = self.secret = ""
        user_id = await self._enrolling_user_id()
        if user_id is None:
            return rx.redirect(SIGN_IN_PAGE)
        with session_scope() as session:
            user = session.get(StaffUser, user_id)
            self.enabled = credentials.enabled(user)
            if not self.enabled:
                enrolment = credentials.start_enrolment(session, user)
                self.qr, self.secret = enrolment.qr_svg, enrolment.secret
        return None

    @rx.event
    async def open_recovery(self):
        """on_load: right after enrolling, the first recovery codes (once); later only the offer of new ones."""
        self.next_path = safe_next(str(self.router.page.params.get("next", "")))
        self.codes = []
        await self._codes(only_first=True)

    @rx.event
    async def new_codes(self):
        """Replace the recovery codes (the old ones stop working) and show the new ones once."""
        await self._codes(only_first=False)

    async def _codes(self, *, only_first: bool) -> None:
        identity = await current_identity(self)
        self.enabled = False
        if identity is None:
            return
        with session_scope() as session:
            user = session.get(StaffUser, identity.id)
            self.enabled = credentials.enabled(user)
            if self.enabled and not (only_first and credentials.has_recovery_codes(session, user)):
                self.codes = credentials.new_recovery_codes(session, user)
