"""The kecamatan complaint desk form at /staf/loket.

No privacy is chosen until the officer picks one with the citizen (the domain refuses a walk-in without one).
The private link's key of each walk-in filed from this browser tab is kept in a backend var (never sent to the
browser) for the receipt page, which reads it from here (state.staff_receipt) to print the link and its QR code.
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ..config import get_settings
from ..db import session_scope
from ..domain.permissions import PermissionDenied
from ..domain.submission import SubmissionError, file_walk_in
from ..i18n import translate
from ..media.stores import public_store
from .lang import current_language
from .report_form import ReportFormState
from .staff_auth import StaffPage, current_identity

KEPT_KEYS = 20  # receipts of this tab's last walk-ins that can still be printed with their private link


class DeskState(ReportFormState, StaffPage, rx.State):
    upload_id: ClassVar[str] = "desk_photos"
    privacy_default: ClassVar[str] = ""
    # tracking code -> (the filing officer's id, the private link's key), for the receipt of a walk-in filed here.
    _receipt_keys: dict[str, tuple[int, str]] = {}

    def receipt_key(self, code: str, officer_id: int) -> str:
        """The key for the officer who filed `code` from this tab; '' for anyone else signed in here later."""
        filer, key = self._receipt_keys.get(code, (0, ""))
        return key if filer == officer_id else ""

    @rx.event
    async def submit(self, files: list[rx.UploadFile]):
        if self.submitting:
            return
        settings = get_settings()
        lang = await current_language(self)
        identity = await current_identity(self)
        if identity is None:
            self.errors = {"form": translate(lang, "error.permission_denied")}
            return
        self.submitting = True
        yield
        try:
            photos = await self._read_photos(files)
            with session_scope() as session:
                walk_in = file_walk_in(
                    session,
                    identity,
                    self._draft("desk"),
                    photos,
                    settings=settings,
                    store=public_store(settings),
                )
                code = walk_in.report.tracking_code
        except SubmissionError as err:
            self._show_errors(err, lang)
            return
        except PermissionDenied:
            self.errors = {"form": translate(lang, "error.permission_denied")}
            return
        finally:
            self.submitting = False
        if walk_in.key:
            kept = [item for item in self._receipt_keys.items() if item[0] != code][-(KEPT_KEYS - 1) :]
            self._receipt_keys = {**dict(kept), code: (identity.id, walk_in.key)}
        self._clear_form("")
        self._form_key = ""
        yield rx.clear_selected_files(self.upload_id)
        yield rx.redirect(f"/staf/tanda-terima/{code}")
