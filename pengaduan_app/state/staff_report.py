"""Handling one report at /staf/laporan/<code>: every button calls a domain step that checks permission itself."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ..config import get_settings
from ..domain.areas import AGENCIES, agency_name, area_options
from ..domain.categories import active_categories, active_templates, answer_shown, attributes_for, category_name
from ..domain.handling import (
    REJECT_REASONS,
    add_reply,
    assign,
    change_category,
    hand_over,
    move_pin,
    reject,
    resolve,
    set_priority,
    staff_actions,
    start_work,
    verify,
)
from ..domain.photos import UploadedPhoto
from ..domain.public_reports import route_label
from ..domain.staff_queue import StaffReport, officers_for, staff_report
from ..domain.status import public_status
from ..domain.validation import location_error
from ..geo.router import get_router
from ..i18n import format_datetime, translate
from ..i18n.audit_words import action_extra, action_sentence
from ..media.stores import public_store
from .address import report_code_in_address
from .browse import distance_text
from .lang import current_language
from .staff_auth import REFUSED, StaffPage, act, current_identity, read_as_staff
from .views import Option

OSM_DIRECTIONS = "https://www.openstreetmap.org/directions?to={lat}%2C{lng}#map=17/{lat}/{lng}"


@dataclass
class ReportDetail:
    """The report as its handling officer reads it, every value written for their language."""

    code: str = ""
    title: str = ""
    description: str = ""
    category: str = ""
    category_code: str = ""
    status: str = ""
    status_label: str = ""
    public_status: str = ""
    priority: str = ""  # the priority select's value, "0".."3"
    area: str = ""
    unit: str = ""
    address: str = ""
    reporter_name: str = ""
    reporter_contact: str = ""
    privacy: str = ""
    channel: str = ""
    created: str = ""
    due: str = ""
    duplicate_of: str = ""
    # Only for those who may see the after-photo check (domain.photos); empty for everyone else.
    far_photo: str = ""


@dataclass
class Place:
    """Where the report is, for the officer who goes there: names, coordinates, links to the phone's maps."""

    kelurahan: str = ""
    kecamatan: str = ""
    kota: str = ""
    coordinates: str = ""
    geo_link: str = ""
    osm_link: str = ""
    map_src: str = ""


@dataclass
class PinDrop:
    """A pin dragged on the map, waiting for "Simpan lokasi": its coordinates and where it routes to."""

    lat: str = ""
    lng: str = ""
    coordinates: str = ""
    area: str = ""


@dataclass
class ReportPhoto:
    """A photo of the report: its thumbnail links to the full size."""

    url: str = ""
    thumb: str = ""
    kind: str = ""
    label: str = ""


@dataclass
class TimelineStep:
    """A step of the report's timeline as staff see it, internal notes and hidden steps included."""

    when: str = ""
    action: str = ""
    status: str = ""
    note: str = ""
    actor: str = ""
    visibility: str = ""
    internal: bool = False
    hidden: bool = False


@dataclass
class Answer:
    """The reporter's answer to one of the category's extra questions."""

    label: str = ""
    value: str = ""


@dataclass
class AuditRow:
    """One line of the report's audit log, in sentences."""

    when: str = ""
    actor: str = ""
    action: str = ""
    detail: str = ""


def place_view(view: StaffReport) -> Place:
    r = view.report
    lat, lng = f"{r.latitude:.6f}", f"{r.longitude:.6f}"
    return Place(
        **{level: view.places.get(level) or "-" for level in ("kelurahan", "kecamatan", "kota")},
        coordinates=f"{lat}, {lng}",
        geo_link=f"geo:{lat},{lng}?q={lat},{lng}",
        osm_link=OSM_DIRECTIONS.format(lat=lat, lng=lng),
        # A new address after each change makes the frame reload with the new pin and neighbours.
        map_src=f"/staf/peta/{r.tracking_code}?v={int(r.updated_at.timestamp())}",
    )


def staff_report_view(view: StaffReport, lang: str) -> ReportDetail:
    r = view.report
    return ReportDetail(
        code=r.tracking_code,
        title=r.title,
        description=r.description,
        category=view.category.name_en if lang == "en" else view.category.name_id,
        category_code=view.category.code,
        status=r.status,
        status_label=translate(lang, f"staff.status.{r.status}"),
        public_status=public_status(r.status).code,
        priority=str(r.priority),
        area=view.area_label + (f" ({translate(lang, 'area.approximate')})" if r.routing_approximate else ""),
        unit=agency_name(r.unit_agency, lang) or "",
        address=r.address,
        reporter_name=r.reporter_name or "-",
        reporter_contact=r.reporter_contact or "-",
        privacy=translate(lang, f"privacy.{r.privacy}"),
        channel=translate(lang, f"channel.{r.channel}"),
        created=format_datetime(r.created_at, lang),
        due=format_datetime(r.due_at, lang) if r.due_at else "",
        duplicate_of=view.duplicate_of,
        far_photo=distance_text(view.far_photo_m, lang) if view.far_photo_m is not None else "",
    )


class StaffReportState(StaffPage, rx.State):
    loaded: bool = False
    allowed: bool = False
    report: ReportDetail = ReportDetail()
    photos: list[ReportPhoto] = []
    steps: list[TimelineStep] = []
    attributes: list[Answer] = []
    audit: list[AuditRow] = []
    officers: list[Option] = []
    handover_targets: list[Option] = []
    templates: list[Option] = []  # value: the template's text, put into the reply box
    categories: list[Option] = []
    actions: list[str] = []  # the steps valid for the report's status (domain.handling.staff_actions)
    place: Place = Place()
    new_place: PinDrop = PinDrop()  # empty (lat "") while no pin waits
    reply_text: str = ""
    resolve_note: str = ""

    def _code(self) -> str:
        return report_code_in_address(self)

    async def _reload(self):
        lang = await current_language(self)
        code = self._code()

        def read(session, identity):
            view = staff_report(session, identity, code)
            if view is None:
                return None
            return (
                view,
                officers_for(session, identity, view.report) if identity else [],
                area_options(session, "kecamatan"),
                area_options(session, "kelurahan", view.report.kecamatan_id),
                active_categories(session),
                attributes_for(session, view.category.code),
                active_templates(session),
            )

        loaded = await read_as_staff(self, read) or (None, [], [], [], [], (), [])
        view, officers, kecamatan, kelurahan, categories, questions, templates = loaded
        self.loaded, self.allowed = True, view is not None
        self.new_place = PinDrop()
        if view is None:
            self.report, self.photos, self.steps, self.audit, self.attributes = ReportDetail(), [], [], [], []
            self.place = Place()
            self.actions = []
            return
        self.report = staff_report_view(view, lang)
        self.actions = sorted(staff_actions(view.report.status))
        self.place = place_view(view)
        self.categories = [Option(c.code, category_name(c, lang)) for c in categories]
        self.photos = [
            ReportPhoto(url, thumb, kind, translate(lang, f"report.photo_{kind}_short"))
            for url, thumb, kind, _ in view.photos
        ]
        self.steps = [
            TimelineStep(
                when=format_datetime(s.at, lang),
                action=translate(lang, f"staff.action.{s.action}"),
                status=translate(lang, f"staff.status.{s.to_status}"),
                note=s.note,
                actor=s.actor or translate(lang, "timeline.citizen"),
                visibility=translate(lang, "staff.public" if s.public else "staff.internal"),
                internal=not s.public,
                hidden=s.hidden,
            )
            for s in view.steps
        ]
        # answer_shown gives the question's label and the answer's value, in the officer's language.
        self.attributes = [Answer(**answer_shown(questions, code, value, lang)) for code, value in view.attributes]
        self.audit = [
            AuditRow(
                when=format_datetime(a.at, lang),
                actor=a.actor or translate(lang, "audit.actor.none"),
                action=action_sentence(lang, a.action, a.detail),
                detail=action_extra(lang, a.action, a.detail),
            )
            for a in view.audit
        ]
        self.officers = [Option(str(i), name) for i, name in officers]
        self.handover_targets = (
            [Option(f"area:{a.id}", f"{translate(lang, 'area.kecamatan')} {a.name}") for a in kecamatan]
            + [Option(f"area:{a.id}", f"{translate(lang, 'area.kelurahan')} {a.name}") for a in kelurahan]
            + [Option(f"agency:{a.code}", a.name(lang)) for a in AGENCIES]
        )
        self.templates = [
            Option(t.text_en if lang == "en" else t.text_id, t.title_en if lang == "en" else t.title_id)
            for t in templates
        ]

    async def _do(self, step, *args, **kwargs) -> bool:
        """Run one domain step on this page's report for the signed-in officer; True when it was done."""
        return await act(self, step, self._code(), *args, **kwargs) is not REFUSED

    @rx.event
    async def receive_message(self, message: dict):
        """The pin dropped on the map (any page can post messages: check everything); nothing is stored
        until the officer presses "Simpan lokasi"."""
        if (
            "relocate" not in self.actions
            or not isinstance(message, dict)
            or message.get("type") != "pengaduan:location"
        ):
            return
        lat, lng = message.get("lat"), message.get("lng")
        if isinstance(lat, bool) or isinstance(lng, bool) or location_error(lat, lng) is not None:
            return
        lat, lng = round(float(lat), 6), round(float(lng), 6)

        def read(session, _identity):
            route = get_router(session).route(lat, lng)
            return route_label(session, route) if route else None

        label = await read_as_staff(self, read)
        lang = await current_language(self)
        self.new_place = PinDrop(
            lat=str(lat),
            lng=str(lng),
            coordinates=f"{lat:.6f}, {lng:.6f}",
            area=label or translate(lang, "error.location_outside"),
        )

    @rx.event
    async def save_place(self):
        if not self.new_place.lat:
            return
        await self._do(move_pin, self.new_place.lat, self.new_place.lng, done_key="staff.place_saved")

    @rx.event
    def cancel_place(self):
        self.new_place = PinDrop()

    @rx.event
    async def recategorize(self, form: dict):
        await self._do(change_category, str(form.get("category", "")), done_key="staff.category_saved")

    @rx.event
    def set_reply_text(self, value: str):
        self.reply_text = str(value)[:4000]

    @rx.event
    def set_resolve_note(self, value: str):
        self.resolve_note = str(value)[:4000]

    @rx.event
    async def verify(self):
        await self._do(verify)

    @rx.event
    async def start(self):
        await self._do(start_work)

    @rx.event
    async def assign(self, officer_id: str):
        await self._do(assign, int(officer_id) if str(officer_id).isdigit() else -1)

    @rx.event
    async def change_priority(self, value: str):
        await self._do(set_priority, int(value) if str(value) in ("0", "1", "2", "3") else -1)

    @rx.event
    async def reject(self, form: dict):
        reason = str(form.get("reason", ""))
        await self._do(
            reject,
            reason if reason in REJECT_REASONS else "",
            str(form.get("note", "")),
            str(form.get("duplicate_of", "")),
        )

    @rx.event
    async def hand_over(self, form: dict):
        kind, _, value = str(form.get("target", "")).partition(":")
        await self._do(
            hand_over,
            reason=str(form.get("reason", "")),
            area_id=int(value) if kind == "area" and value.isdigit() else None,
            agency=value if kind == "agency" else None,
        )

    @rx.event
    async def reply(self, public: bool):
        if await self._do(add_reply, self.reply_text, public=bool(public)):
            self.reply_text = ""

    @rx.event
    async def resolve(self, files: list[rx.UploadFile]):
        settings = get_settings()
        if await current_identity(self) is None:  # before reading the uploads
            self.error = translate(await current_language(self), "error.permission_denied")
            return
        photos = [
            UploadedPhoto(f.filename or "foto", await f.read(settings.max_photo_bytes + 1))
            for f in files[: settings.max_photos]
        ]
        if await self._do(resolve, self.resolve_note, photos, public_store(settings), settings=settings):
            self.resolve_note = ""
            yield rx.clear_selected_files("after_photo")
