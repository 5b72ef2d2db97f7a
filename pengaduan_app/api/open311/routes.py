"""The routes of /open311/v2/: each endpoint reads its input, asks the domain, answers in the format its
extension names (.json or .xml). Every refusal is a GeoReport v2 error list; nothing a client sends can
reach the database unchecked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ...config import Settings, get_settings
from ...db import read_scope, session_scope
from ...domain import open311
from ...domain.api_keys import KeyHolder, authenticate, note_use
from ...domain.limits import api_request_wait, submitter
from ...domain.open311 import Receipt, stored_photo, submit_api_request
from ...domain.submission import SubmissionError, SubmissionLimited, UploadedPhoto
from ...media.stores import public_store
from ...models.types import utcnow
from ...ops import metrics
from ..client_address import client_address
from . import params, serializers
from .errors import ApiError, bad_request, field_problems, not_found, too_many_reports
from .formats import FORMATS, render
from .openapi import openapi_document

PREFIX = "/open311/v2"
CHANGESET = "2026-12-01T00:00:00+07:00"  # when this endpoint's behaviour last changed (discovery)
_FORM_OVERHEAD = 1024 * 1024  # room for the text fields beside one photo
_PUBLIC = {"Access-Control-Allow-Origin": "*"}
Handler = Callable[[Request, str], Awaitable[Response]]


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def jurisdiction_id(settings: Settings) -> str:
    return settings.city_code.lower()


def _formatted(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Check the extension, and answer any ApiError as an error list in that format."""

    async def endpoint(request: Request) -> Response:
        fmt = request.path_params["format"]
        if fmt not in FORMATS:
            return render(serializers.errors(404, ["Use the extension .json or .xml."]), "json", "errors", status=404)
        try:
            return await handler(request, fmt)
        except ApiError as err:
            errors = serializers.errors(err.status, err.descriptions)
            return render(errors, fmt, "errors", status=err.status, headers=err.headers)

    return endpoint


def _read(work: Callable[..., object], *args) -> Awaitable:
    """Run a database read in the thread pool, in its own session."""

    def run():
        with read_scope() as session:
            return work(session, *args)

    return run_in_threadpool(run)


async def discovery(request: Request, fmt: str) -> Response:
    payload = serializers.discovery(_base_url(request) + PREFIX, CHANGESET)
    return render(payload, fmt, "discovery", headers=_PUBLIC)


async def services(request: Request, fmt: str) -> Response:
    items = await _read(open311.list_services)
    return render([serializers.service(item) for item in items], fmt, "services", headers=_PUBLIC)


async def service_definition(request: Request, fmt: str) -> Response:
    code = params.path_service_code(request.path_params["service_code"])
    item = await _read(open311.get_service, code) if code else None
    if item is None:
        raise not_found("Service")
    return render(serializers.service_definition(item), fmt, "service_definition", headers=_PUBLIC)


def _requests(request: Request, fmt: str, items: list[open311.ServiceRequest]) -> Response:
    timezone = get_settings().timezone
    payload = [serializers.service_request(item, _base_url(request), timezone) for item in items]
    return render(payload, fmt, "service_requests", headers=_PUBLIC)


async def list_requests(request: Request, fmt: str) -> Response:
    settings = get_settings()
    query = params.request_query(
        request.query_params, timezone=settings.timezone, jurisdiction_id=jurisdiction_id(settings)
    )
    return _requests(request, fmt, await _read(open311.find_requests, query))


async def one_request(request: Request, fmt: str) -> Response:
    code = params.path_request_id(request.path_params["request_id"])
    item = await _read(open311.get_request, code) if code else None
    if item is None:
        raise not_found("Service request")
    return _requests(request, fmt, [item])


async def token(request: Request, fmt: str) -> Response:
    value = params.path_token(request.path_params["token"])
    code = await _read(open311.code_for_token, value) if value else None
    if code is None:
        raise not_found("Token")
    return render([serializers.token(value, code)], fmt, "service_requests", headers=_PUBLIC)


def _key_holder(api_key: str, per_minute: int) -> tuple[KeyHolder | None, int]:
    """The key's holder and the seconds it must wait (0: go on); the use is counted and recorded in a transaction
    of its own, kept even if the request is then refused."""
    with session_scope() as session:
        holder = authenticate(session, api_key)
        if holder is None:
            return None, 0
        note_use(session, holder)
        return holder, api_request_wait(session, holder.id, per_minute, utcnow())


def _api_key(form: FormData) -> str:
    values = form.getlist("api_key")
    if len(values) != 1 or not isinstance(values[0], str) or not values[0]:
        raise ApiError(403, "api_key is required (once): ask the city's Pengaduan administrators for a key.")
    return values[0]


class Submissions:
    """POST requests: key, rate limit, fields, photos, then the same submission as the web form."""

    async def create(self, request: Request, fmt: str) -> Response:
        settings = get_settings()
        form = await params.read_form(request, settings.max_photo_bytes + _FORM_OVERHEAD)
        try:
            holder, wait = await run_in_threadpool(_key_holder, _api_key(form), settings.api_requests_per_minute)
            if holder is None:
                raise ApiError(403, "api_key is not valid, or has been revoked.")
            if wait:
                metrics.rate_limited("api_key")
                raise ApiError(
                    429,
                    f"Too many requests for this api_key: at most {settings.api_requests_per_minute} per minute.",
                    headers={"Retry-After": str(wait)},
                )
            fields = params.post_form(form)
            client_key = params.idempotency_key(request.headers)
            problems = params.jurisdiction_problem(fields.jurisdiction_id, jurisdiction_id(settings))
            photos = await self._photos(fields, _base_url(request), settings, problems)
            if problems:
                raise bad_request(problems)
            address = client_address(request)
            receipt = await run_in_threadpool(self._submit, fields, photos, holder.id, client_key, address, settings)
        finally:
            await form.close()
        status, headers = (200, {"Idempotent-Replayed": "true"}) if receipt.replayed else (201, {})
        return render([serializers.receipt(receipt)], fmt, "service_requests", status=status, headers=headers)

    @staticmethod
    async def _photos(fields: params.PostForm, base_url: str, settings: Settings, problems: dict) -> list:
        photos = [UploadedPhoto(fields.media.filename or "media", await fields.media.read())] if fields.media else []
        if fields.media_url:
            name = params.own_media_name(fields.media_url, base_url)
            photo = stored_photo(public_store(settings), name) if name else None
            if photo is None:
                problems["media_url"] = (
                    "only this server's own /media/ photos are accepted (other addresses are never fetched); "
                    "send the photo itself as the file `media`"
                )
            else:
                photos.append(photo)
        return photos

    @staticmethod
    def _submit(
        fields: params.PostForm, photos, key_id: int, client_key: str | None, address: str, settings: Settings
    ) -> Receipt:
        draft = fields.draft
        names = {
            "category": "service_code",
            "title": "title" if fields.title_given else "description",
            "location": "lat/long",
            "address": "address_string",
            "reporter_name": "first_name/last_name",
            "reporter_contact": "email" if draft.email else "phone",
            "photos": "media" if fields.media else "media_url",
        }
        try:
            with session_scope() as session:
                return submit_api_request(
                    session,
                    draft,
                    photos,
                    api_key_id=key_id,
                    client_idempotency_key=client_key,
                    submitter=submitter(settings, address=address),
                    settings=settings,
                    store=public_store(settings),
                )
        except SubmissionLimited as limited:
            raise too_many_reports(limited.hit) from None
        except SubmissionError as err:
            raise bad_request(field_problems(err.errors, names)) from None


async def _openapi(request: Request) -> Response:
    return JSONResponse(openapi_document(), headers=_PUBLIC)


async def _unknown(request: Request) -> Response:
    fmt = "xml" if request.url.path.endswith(".xml") else "json"
    return render(serializers.errors(404, ["No such Open311 endpoint; see openapi.json."]), fmt, "errors", status=404)


def routes() -> list[Route]:
    """Fresh routes for one app."""
    submissions = Submissions()
    ext = ".{format}"
    return [
        Route(f"{PREFIX}/openapi.json", _openapi),
        Route(f"{PREFIX}/discovery{ext}", _formatted(discovery)),
        Route(f"{PREFIX}/services{ext}", _formatted(services)),
        Route(f"{PREFIX}/services/{{service_code}}{ext}", _formatted(service_definition)),
        Route(f"{PREFIX}/requests{ext}", _formatted(list_requests), methods=["GET"]),
        Route(f"{PREFIX}/requests{ext}", _formatted(submissions.create), methods=["POST"]),
        Route(f"{PREFIX}/requests/{{request_id}}{ext}", _formatted(one_request)),
        Route(f"{PREFIX}/tokens/{{token}}{ext}", _formatted(token)),
        Route(f"{PREFIX}/{{rest:path}}", _unknown),
    ]
