"""What the citizen's form (/lapor) and the kecamatan desk form (/staf/loket) share: fields, location, errors."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import ClassVar

import reflex as rx

from ..config import get_settings
from ..db import read_scope, session_scope
from ..domain.categories import answer_field, attributes_for
from ..domain.limits import Submitter, submitter
from ..domain.public_reports import route_label
from ..domain.submission import SubmissionError, UploadedPhoto
from ..domain.validation import Draft, location_error
from ..geo.router import get_router
from ..i18n import localised_params, translate
from .lang import current_language
from .views import Option, category_options
from .visitor import browser_key

TEXT_FIELDS = ("title", "description", "address", "reporter_name", "reporter_contact")


@dataclass
class Question:
    """One extra question of the chosen category; `field` names its input and its error."""

    code: str = ""
    field: str = ""
    label: str = ""
    datatype: str = ""  # "number" or "singlevaluelist"


class ReportFormState(rx.State, mixin=True):
    # The privacy a fresh form starts with: the citizen's own form offers "public"; the desk none, so the officer
    # must ask (the domain refuses an empty one).
    privacy_default: ClassVar[str] = "public"
    categories: list[Option] = []
    category: str = ""
    title: str = ""
    description: str = ""
    address: str = ""
    reporter_name: str = ""
    reporter_contact: str = ""
    privacy: str = ""  # set to `privacy_default` when a form starts (load)
    latitude: float | None = None
    longitude: float | None = None
    area_label: str = ""
    # The chosen category's extra questions (domain.categories), their list answers, and the answers.
    questions: list[Question] = []
    question_choices: dict[str, list[Option]] = {}  # a list question's answers by its code
    answers: dict[str, str] = {}
    errors: dict[str, str] = {}
    submitting: bool = False
    result_code: str = ""
    picker_src: str = "/peta/pilih"
    _form_key: str = ""

    @rx.var
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @rx.var
    def location_text(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return f"{self.latitude:.5f}, {self.longitude:.5f}"

    @rx.event
    async def load(self):
        lang = await current_language(self)
        with session_scope() as session:
            self.categories = category_options(session, lang)
        if not self._form_key:
            self._form_key = uuid.uuid4().hex
            self.privacy = self.privacy_default
        await self._picker_start()

    async def _picker_start(self) -> None:
        """Where the location picker opens; the city unless a form knows better."""

    @rx.event
    def set_text(self, name: str, value: str):
        if name in TEXT_FIELDS and isinstance(value, str):
            setattr(self, name, value)
            self.errors.pop(name, None)

    @rx.event
    async def set_category(self, value: str):
        self.category = str(value)
        self.errors.pop("category", None)
        await self._load_questions(await current_language(self))
        await self._place_or_category_changed()

    async def _load_questions(self, lang: str) -> None:
        with read_scope() as session:
            attributes = attributes_for(session, self.category)
        self.questions = [
            Question(code=a.code, field=answer_field(a.code), label=a.label(lang), datatype=a.datatype)
            for a in attributes
        ]
        self.question_choices = {
            a.code: [Option(value=c.key, label=c.name(lang)) for c in a.values] for a in attributes
        }
        self.answers = {code: value for code, value in self.answers.items() if code in self.question_choices}

    @rx.event
    def set_answer(self, code: str, value: str):
        if code in self.question_choices and isinstance(value, str):
            self.answers[code] = value[:200]
            self.errors.pop(answer_field(code), None)

    @rx.event
    def set_privacy(self, value: str):
        self.privacy = str(value)
        self.errors.pop("privacy", None)

    @rx.event
    async def receive_message(self, message: dict):
        """From the picker iframe or geolocation. Any page can post messages, so check everything."""
        if not isinstance(message, dict):
            return
        lang = await current_language(self)
        kind = message.get("type")
        if kind == "pengaduan:geo-error":
            self.errors["location"] = translate(lang, "error.geolocation_failed")
        elif kind == "pengaduan:location":
            await self._set_location(message.get("lat"), message.get("lng"), lang)

    async def _set_location(self, lat, lng, lang: str):
        if location_error(lat, lng) is not None:
            return
        lat, lng = float(lat), float(lng)
        with session_scope() as session:
            route = get_router(session).route(lat, lng)
            label = route_label(session, route) if route else ""
        self.latitude, self.longitude = round(lat, 6), round(lng, 6)
        self.area_label = label
        if route is None:
            self.errors["location"] = translate(lang, "error.location_outside")
        else:
            self.errors.pop("location", None)
        await self._place_or_category_changed()

    async def _place_or_category_changed(self) -> None:
        """Called after the category or the place changed (the citizen's form then looks for duplicates)."""

    @rx.event
    async def photos_rejected(self, rejected: list[dict]):
        """The browser refused a file (wrong type); the server checks again on submit."""
        self.errors["photos"] = translate(await current_language(self), "photo.not_image")

    def _draft(self, channel: str) -> Draft:
        return Draft(
            category_code=self.category,
            title=self.title,
            description=self.description,
            latitude=self.latitude,
            longitude=self.longitude,
            address=self.address,
            reporter_name=self.reporter_name,
            reporter_contact=self.reporter_contact,
            privacy=self.privacy,
            channel=channel,
            idempotency_key=self._form_key or None,
            answers=dict(self.answers),
        )

    @staticmethod
    async def _read_photos(files: list[rx.UploadFile]) -> list[UploadedPhoto]:
        """At most one file more than allowed is read, and each only up to one byte over the size limit."""
        settings = get_settings()
        return [
            UploadedPhoto(f.name or "foto", await f.read(settings.max_photo_bytes + 1))
            for f in files[: settings.max_photos + 1]
        ]

    async def _submitter(self) -> Submitter:
        """This browser and its network address, as the limits on new reports count them."""
        person = await browser_key(self, create=True)
        return submitter(get_settings(), person_key=person, address=self.router.session.client_ip)

    def _show_errors(self, err: SubmissionError, lang: str) -> None:
        """Each field's problem in the visitor's words; a problem of the whole form (a limit) under `form`."""
        self.errors = {
            name: translate(lang, e.code, **localised_params(e.params, lang)) for name, e in err.errors.items()
        }

    def _clear_form(self, code: str) -> None:
        self.errors = {}
        self.result_code = code
        for name in (*TEXT_FIELDS, "category"):
            setattr(self, name, "")
        self.privacy = self.privacy_default
        self.questions, self.question_choices, self.answers = [], {}, {}
        self.latitude = self.longitude = None
        self.area_label = ""
