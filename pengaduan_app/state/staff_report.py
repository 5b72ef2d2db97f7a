"""Handling one report at /staf/laporan/<code>: every button calls a domain step that checks permission itself."""

from __future__ import annotations

import reflex as rx

from ..config import get_settings
from ..domain.agencies import AGENCIES, agency_name
from ..domain.areas import area_options
from ..domain.categories import active_categories, category_name
from ..domain.corrections import change_category, move_pin
from ..domain.handling import (
    REJECT_REASONS,
    add_reply,
    assign,
    hand_over,
    reject,
    resolve,
    set_priority,
    staff_actions,
    start_work,
    verify,
)
from ..domain.photos import UploadedPhoto
from ..domain.public_reports import route_label
from ..domain.response_templates import active_templates
from ..domain.service_attributes import answer_shown, attributes_for
from ..domain.staff_queue import officers_for
from ..domain.staff_view import StaffReport, staff_report
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

OSM_DIRECTIONS = "https://www.openstreetmap.org/directions?to={lat}%2C{lng}#map=17/{lat}/{lng}"


def place_view(view: StaffReport) -> dict[str, str]:
    """Where the report is, for the officer who goes there: names, coordinates, links to the phone's maps."""
    r = view.report
    lat, lng = f"{r.latitude:.6f}", f"{r.longitude:.6f}"
    return {
        **{level: name or "-" for level, name in view.places.items()},
        "coordinates": f"{lat}, {lng}",
        "geo_link": f"geo:{lat},{lng}?q={lat},{lng}",
        "osm_link": OSM_DIRECTIONS.format(lat=lat, lng=lng),
        # A new address after each change makes the frame reload with the new pin and neighbours.
        "map_src": f"/staf/peta/{r.tracking_code}?v={int(r.updated_at.timestamp())}",
    }


def staff_report_view(view: StaffReport, lang: str) -> dict[str, str]:
    r = view.report
    return {
        "code": r.tracking_code,
        "title": r.title,
        "description": r.description,
        "category": view.category.name_en if lang == "en" else view.category.name_id,
        "status": r.status,
        "status_label": translate(lang, f"staff.status.{r.status}"),
        "public_status": public_status(r.status).code,
        "priority": str(r.priority),
        "area": view.area_label + (f" ({translate(lang, 'area.approximate')})" if r.routing_approximate else ""),
        "unit": agency_name(r.unit_agency, lang) or "",
        "address": r.address,
        "reporter_name": r.reporter_name or "-",
        "reporter_contact": r.reporter_contact or "-",
        "privacy": translate(lang, f"privacy.{r.privacy}"),
        "channel": translate(lang, f"channel.{r.channel}"),
        "created": format_datetime(r.created_at, lang),
        "due": format_datetime(r.due_at, lang) if r.due_at else "",
        "duplicate_of": view.duplicate_of,
        "latitude": f"{r.latitude:.5f}",
        "longitude": f"{r.longitude:.5f}",
        "hidden": "1" if r.hidden else "",
        "category_code": view.category.code,
        # Only for those who may see the after-photo check (domain.field_check); empty for everyone else.
        "far_photo": distance_text(view.far_photo_m, lang) if view.far_photo_m is not None else "",
    }


class StaffReportState(StaffPage, rx.State):
    loaded: bool = False
    allowed: bool = False
    report: dict[str, str] = {}
    photos: list[dict[str, str]] = []
    steps: list[dict[str, str]] = []
    attributes: list[dict[str, str]] = []
    audit: list[dict[str, str]] = []
    officers: list[dict[str, str]] = []
    handover_targets: list[dict[str, str]] = []
    templates: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
    actions: list[str] = []  # the steps valid for the report's status (domain.handling.staff_actions)
    place: dict[str, str] = {}
    # A pin dragged on the map, waiting for "Simpan lokasi": its coordinates and where it routes to.
    new_place: dict[str, str] = {}
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
        self.new_place = {}
        if view is None:
            self.report, self.photos, self.steps, self.audit, self.attributes, self.place = {}, [], [], [], [], {}
            self.actions = []
            return
        self.report = staff_report_view(view, lang)
        self.actions = sorted(staff_actions(view.report.status))
        self.place = place_view(view)
        self.categories = [{"value": c.code, "label": category_name(c, lang)} for c in categories]
        self.photos = [
            {"url": url, "thumb": thumb, "kind": kind, "label": translate(lang, f"report.photo_{kind}_short")}
            for url, thumb, kind, _ in view.photos
        ]
        self.steps = [
            {
                "when": format_datetime(s.at, lang),
                "action": translate(lang, f"staff.action.{s.action}"),
                "status": translate(lang, f"staff.status.{s.to_status}"),
                "note": s.note,
                "actor": s.actor or translate(lang, "timeline.citizen"),
                "visibility": translate(lang, "staff.public" if s.public else "staff.internal"),
                "internal": "" if s.public else "1",
                "hidden": translate(lang, "staff.step_hidden") if s.hidden else "",
            }
            for s in view.steps
        ]
        self.attributes = [answer_shown(questions, code, value, lang) for code, value in view.attributes]
        self.audit = [
            {
                "when": format_datetime(a.at, lang),
                "actor": a.actor or translate(lang, "audit.actor.none"),
                "action": action_sentence(lang, a.action, a.detail),
                "detail": action_extra(lang, a.action, a.detail),
            }
            for a in view.audit
        ]
        self.officers = [{"value": str(i), "label": name} for i, name in officers]
        self.handover_targets = (
            [{"value": f"area:{a.id}", "label": f"{translate(lang, 'area.kecamatan')} {a.name}"} for a in kecamatan]
            + [{"value": f"area:{a.id}", "label": f"{translate(lang, 'area.kelurahan')} {a.name}"} for a in kelurahan]
            + [{"value": f"agency:{a.code}", "label": a.name(lang)} for a in AGENCIES]
        )
        self.templates = [
            {"value": t.text_en if lang == "en" else t.text_id, "label": t.title_en if lang == "en" else t.title_id}
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
        self.new_place = {
            "lat": str(lat),
            "lng": str(lng),
            "coordinates": f"{lat:.6f}, {lng:.6f}",
            "area": label or translate(lang, "error.location_outside"),
        }

    @rx.event
    async def save_place(self):
        if not self.new_place:
            return
        await self._do(move_pin, self.new_place["lat"], self.new_place["lng"], done_key="staff.place_saved")

    @rx.event
    def cancel_place(self):
        self.new_place = {}

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
