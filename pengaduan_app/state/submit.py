"""The citizen's submission form at /lapor."""

from __future__ import annotations

import uuid
from typing import ClassVar
from urllib.parse import quote

import reflex as rx

from ..config import get_settings
from ..db import after_commit, read_scope, session_scope
from ..domain.areas import last_report_place
from ..domain.confirmation import issue_reporter_key, private_link
from ..domain.limits import client_hash
from ..domain.notifications import follow_own_report
from ..domain.submission import SubmissionError, submit_report
from ..domain.validation import is_email
from ..i18n import translate
from ..mail.smtp import send_private_link
from ..media.stores import public_store
from .account import current_citizen
from .duplicate_panel import DuplicateState
from .lang import current_language
from .report_form import ReportFormState
from .visitor import browser_key, supporter_key

UPLOAD_ID = "photos"


class SubmitState(ReportFormState, rx.State):
    upload_id: ClassVar[str] = UPLOAD_ID
    private_link: str = ""  # absolute, from PENGADUAN_PUBLIC_URL
    private_path: str = ""  # the same on this site, for the "Lihat laporan" button
    whatsapp_link: str = ""
    link_mailed: bool = False

    async def _picker_start(self) -> None:
        """Where this browser or account last reported (the picker also goes to the person's own place
        when they already allowed it: assets/maps/picker.js)."""
        browser = await browser_key(self)
        citizen = await current_citizen(self)
        with read_scope() as session:
            place = last_report_place(
                session,
                submitter_hash=client_hash(browser, get_settings().ip_hash_key) if browser else None,
                citizen_id=citizen.id if citizen else None,
            )
        self.picker_src = f"/peta/pilih?start={place[0]:.5f},{place[1]:.5f}" if place else "/peta/pilih"

    async def _place_or_category_changed(self) -> None:
        duplicates = await self.get_state(DuplicateState)
        await duplicates.show_for(self.category, self.latitude, self.longitude)

    @rx.event
    async def start_again(self):
        await (await self.get_state(DuplicateState)).show_for("", None, None)
        self.result_code = ""
        self.private_link = self.private_path = self.whatsapp_link = ""
        self.link_mailed = False
        self._form_key = uuid.uuid4().hex
        await self._picker_start()
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
        contact = self.reporter_contact.strip()
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
                    store=public_store(settings),
                    citizen_id=citizen.id if citizen else None,
                    submitter=who,
                )
                code = report.tracking_code
                key = issue_reporter_key(session, report)
                follow_own_report(session, report, citizen.follower_key if citizen else await supporter_key(self))
                path = private_link(code, key) if key else ""
                link = settings.public_base_url + path if path else ""
                mailed = bool(link and settings.smtp_host and is_email(contact))
                if mailed:
                    after_commit(session, lambda: send_private_link(code, link, contact))
        except SubmissionError as err:
            self._show_errors(err, lang)
            return
        finally:
            self.submitting = False
        self._clear_form(code)
        self.private_link, self.private_path, self.link_mailed = link, path, mailed
        share = f"{translate(lang, 'form.share_text')} {link}"
        self.whatsapp_link = f"https://wa.me/?text={quote(share, safe='')}" if link else ""
        yield rx.clear_selected_files(UPLOAD_ID)
