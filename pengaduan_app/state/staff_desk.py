"""The kecamatan complaint desk form at /staf/loket."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ..config import get_settings
from ..db import session_scope
from ..domain.desk import file_walk_in
from ..domain.permissions import PermissionDenied
from ..domain.submission import SubmissionError
from ..i18n import translate
from ..media.stores import public_store
from .lang import current_language
from .report_form import ReportFormState
from .staff_auth import StaffPage, current_identity


class DeskState(ReportFormState, StaffPage, rx.State):
    upload_id: ClassVar[str] = "desk_photos"

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
                report = file_walk_in(
                    session,
                    identity,
                    self._draft("desk"),
                    photos,
                    settings=settings,
                    store=public_store(settings),
                )
                code = report.tracking_code
        except SubmissionError as err:
            self._show_errors(err, lang)
            return
        except PermissionDenied:
            self.errors = {"form": translate(lang, "error.permission_denied")}
            return
        finally:
            self.submitting = False
        self._clear_form("")
        self._form_key = ""
        yield rx.clear_selected_files(self.upload_id)
        yield rx.redirect(f"/staf/tanda-terima/{code}")
