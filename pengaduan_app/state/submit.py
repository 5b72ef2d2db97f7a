"""The citizen's submission form at /lapor."""

from __future__ import annotations

import uuid
from typing import ClassVar

import reflex as rx

from ..config import get_settings
from ..db import session_scope
from ..domain.confirmation import issue_reporter_key, private_link
from ..domain.following import follow_own_report
from ..domain.submission import SubmissionError, submit_report
from ..media import MediaStore
from .account import current_citizen
from .duplicate_panel import DuplicateState
from .lang import current_language
from .report_form import ReportFormState
from .visitor import supporter_key

UPLOAD_ID = "photos"


class SubmitState(ReportFormState, rx.State):
    upload_id: ClassVar[str] = UPLOAD_ID
    private_link: str = ""

    async def _place_or_category_changed(self) -> None:
        duplicates = await self.get_state(DuplicateState)
        await duplicates.show_for(self.category, self.latitude, self.longitude)

    @rx.event
    async def start_again(self):
        await (await self.get_state(DuplicateState)).show_for("", None, None)
        self.result_code = ""
        self.private_link = ""
        self._form_key = uuid.uuid4().hex
        return rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    async def submit(self, files: list[rx.UploadFile]):
        if self.submitting:
            return
        if self.result_code:
            # This form was filed but the answer was lost on the way (a dropped connection, then "Coba lagi"):
            # answer again with the same report rather than filing another.
            self._clear_form(self.result_code)
            self.private_link = self.private_link
            yield rx.clear_selected_files(UPLOAD_ID)
            return
        settings = get_settings()
        lang = await current_language(self)
        self.submitting = True
        yield
        try:
            photos = await self._read_photos(files)
            citizen = await current_citizen(self)
            who = await self._submitter()
            with session_scope() as session:
                report = submit_report(
                    session,
                    self._draft("web"),
                    photos,
                    settings=settings,
                    store=MediaStore(settings.media_dir),
                    citizen_id=citizen.id if citizen else None,
                    submitter=who,
                )
                code = report.tracking_code
                key = issue_reporter_key(session, report)
                follow_own_report(session, report, citizen.follower_key if citizen else await supporter_key(self))
        except SubmissionError as err:
            self._show_errors(err, lang)
            return
        finally:
            self.submitting = False
        self._clear_form(code)
        self.private_link = private_link(code, key) if key else ""
        yield rx.clear_selected_files(UPLOAD_ID)
