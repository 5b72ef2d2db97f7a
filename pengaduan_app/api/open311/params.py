"""Reading what a client sends: query strings, path parameters, form bodies, headers.

Everything is checked here before it reaches the database, so no input can make
a query fail: each bad parameter becomes one 400 entry naming it.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData, Headers, QueryParams, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from ...domain.open311 import DEFAULT_WINDOW, MAX_PAGE_SIZE, OPEN311_STATUSES, ApiDraft, RequestQuery
from ...domain.submission import is_tracking_code
from .errors import ApiError, bad_request

SERVICE_CODE = re.compile(r"^[a-z0-9_]{1,40}$")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ATTRIBUTE = re.compile(r"^attribute\[([a-z0-9_]{1,40})\]$")
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e][\x20-\x7e]{0,254}$")
_DATETIME_MAX = 40
MAX_IDS = 100
MAX_PAGE = 100_000
MAX_FORM_FIELDS = 100
# Accepted as the specification lists them, but not stored: Pengaduan has no citizen accounts,
# devices or address register.
IGNORED_FIELDS = ("address_id", "device_id", "account_id")
TEXT_FIELDS = (
    "api_key",
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "email",
    "phone",
    "first_name",
    "last_name",
    "description",
    "title",
    "media_url",
    *IGNORED_FIELDS,
)
TEXT_MAX = 10_000


def jurisdiction_problem(value: str | None, jurisdiction_id: str) -> dict[str, str]:
    if value in (None, "", jurisdiction_id):
        return {}
    return {"jurisdiction_id": f"this server serves only the jurisdiction {jurisdiction_id!r}"}


def _single(values: list, name: str, problems: dict[str, str]):
    if len(values) > 1:
        problems[name] = "given more than once"
    return values[0] if values else None


def _list(text: str, name: str, check, problems: dict[str, str], *, what: str, most: int) -> tuple[str, ...]:
    items = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not items or len(items) > most or not all(check(item) for item in items):
        problems[name] = f"must be a comma-separated list of 1 to {most} {what}"
        return ()
    return items


def _whole(text: str, name: str, low: int, high: int, problems: dict[str, str]) -> int | None:
    if text.isascii() and text.isdigit() and len(text) <= len(str(high)) and low <= int(text) <= high:
        return int(text)
    problems[name] = f"must be a whole number from {low} to {high}"
    return None


def _moment(text: str, name: str, timezone: str, problems: dict[str, str]) -> datetime | None:
    """ISO 8601 date or date-time; without an offset it is the city's local time."""
    try:
        moment = datetime.fromisoformat(text) if len(text) <= _DATETIME_MAX else None
    except ValueError:
        moment = None
    if moment is None or not 2000 <= moment.year <= 2100:
        problems[name] = "must be an ISO 8601 date-time between the years 2000 and 2100, e.g. 2026-11-27T08:00:00+07:00"
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))


def request_query(params: QueryParams, *, timezone: str, jurisdiction_id: str) -> RequestQuery:
    """GET requests' filters; ApiError(400) naming every bad one."""
    problems: dict[str, str] = {}
    raw = {
        name: _single(params.getlist(name), name, problems)
        for name in (
            "service_request_id",
            "service_code",
            "start_date",
            "end_date",
            "status",
            "page",
            "page_size",
            "jurisdiction_id",
        )
    }
    problems.update(jurisdiction_problem(raw["jurisdiction_id"], jurisdiction_id))
    given = {name: value for name, value in raw.items() if value not in (None, "") and name not in problems}
    ids = codes = statuses = ()
    if "service_request_id" in given:
        ids = _list(
            given["service_request_id"],
            "service_request_id",
            is_tracking_code,
            problems,
            what="codes like JKT-2611-483920",
            most=MAX_IDS,
        )
    if "service_code" in given:
        codes = _list(
            given["service_code"], "service_code", SERVICE_CODE.match, problems, what="service codes", most=MAX_IDS
        )
    if "status" in given:
        statuses = _list(
            given["status"], "status", OPEN311_STATUSES.__contains__, problems, what="of: open, closed", most=2
        )
    start = _moment(given["start_date"], "start_date", timezone, problems) if "start_date" in given else None
    end = _moment(given["end_date"], "end_date", timezone, problems) if "end_date" in given else None
    if start and end and not start <= end <= start + DEFAULT_WINDOW:
        problems["end_date"] = f"must be after start_date and at most {DEFAULT_WINDOW.days} days after it"
    page = _whole(given["page"], "page", 1, MAX_PAGE, problems) if "page" in given else 1
    size = _whole(given["page_size"], "page_size", 1, MAX_PAGE_SIZE, problems) if "page_size" in given else None
    if problems:
        raise bad_request(problems)
    return RequestQuery(ids, codes, start, end, statuses, page, size or MAX_PAGE_SIZE)


def path_service_code(value: str) -> str | None:
    return value if SERVICE_CODE.match(value) else None


def path_request_id(value: str) -> str | None:
    return value if is_tracking_code(value) else None


def path_token(value: str) -> str | None:
    return value if TOKEN.match(value) else None


async def read_form(request: Request, limit: int) -> FormData:
    """The POST body (at most `limit` bytes) as form fields; 413 when larger, 400 when unreadable."""
    declared = request.headers.get("content-length", "")
    if declared and (not declared.isdigit() or int(declared) > limit):
        raise ApiError(413, f"The request body may be at most {limit} bytes.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(413, f"The request body may be at most {limit} bytes.")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        try:
            return FormData(
                parse_qsl(body.decode(), keep_blank_values=True, errors="strict", max_num_fields=MAX_FORM_FIELDS)
            )
        except (UnicodeDecodeError, ValueError):
            raise ApiError(400, f"body: must be UTF-8 form fields, at most {MAX_FORM_FIELDS}") from None
    if kind == "multipart/form-data":
        return await _multipart(request.headers, bytes(body))
    raise ApiError(400, "Content-Type: send application/x-www-form-urlencoded, or multipart/form-data with a photo")


async def _multipart(headers: Headers, body: bytes) -> FormData:
    async def stream() -> AsyncIterator[bytes]:
        yield body

    parser = MultiPartParser(headers, stream(), max_files=1, max_fields=MAX_FORM_FIELDS, max_part_size=64 * 1024)
    try:
        return await parser.parse()
    except MultiPartException as err:
        raise ApiError(400, f"body: {err.message}") from None


def idempotency_key(headers: Headers) -> str | None:
    values = headers.getlist("idempotency-key")
    if not values:
        return None
    if len(values) > 1 or not _IDEMPOTENCY_KEY.match(values[0]):
        raise bad_request({"Idempotency-Key": "must be given once, 1 to 255 visible ASCII characters"})
    return values[0].strip()


@dataclass(frozen=True)
class PostForm:
    api_key: str
    jurisdiction_id: str
    draft: ApiDraft
    media_url: str
    media: UploadFile | None
    title_given: bool


def post_form(form: FormData) -> PostForm:
    """POST requests' fields, each given at most once and of the right kind (text or file)."""
    problems: dict[str, str] = {}
    text: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = _single(form.getlist(name), name, problems)
        if isinstance(value, UploadFile):
            problems[name] = "must be text, not a file"
        elif isinstance(value, str) and len(value) > TEXT_MAX:
            problems[name] = f"must be at most {TEXT_MAX} characters"
        elif value is not None:
            text[name] = value
    media = _single(form.getlist("media"), "media", problems)
    if media is not None and not isinstance(media, UploadFile):
        problems["media"] = "must be a file (multipart/form-data), not text"
    attributes: dict[str, str] = {}
    for name in dict.fromkeys(key for key in form if key.startswith("attribute")):
        match = _ATTRIBUTE.match(name)
        value = _single(form.getlist(name), name, problems)
        if match is None or not isinstance(value, str) or len(value) > TEXT_MAX:
            problems.setdefault(name, "is not an attribute of this service (see services/{service_code})")
        else:
            attributes[match.group(1)] = value
    if problems:
        raise bad_request(problems)
    draft = ApiDraft(
        service_code=text.get("service_code", ""),
        description=text.get("description", ""),
        title=text.get("title", ""),
        lat=text.get("lat") or None,
        long=text.get("long") or None,
        address=text.get("address_string", ""),
        first_name=text.get("first_name", ""),
        last_name=text.get("last_name", ""),
        email=text.get("email", ""),
        phone=text.get("phone", ""),
        attributes=attributes,
    )
    return PostForm(
        api_key=text.get("api_key", ""),
        jurisdiction_id=text.get("jurisdiction_id", ""),
        draft=draft,
        media_url=text.get("media_url", ""),
        media=media if isinstance(media, UploadFile) else None,
        title_given=bool(text.get("title", "").strip()),
    )


def own_media_name(url: str, base_url: str) -> str | None:
    """The photo name in a media_url that points at this server's own /media/ (absolute or a path), else None.

    Nothing else is accepted: the server never fetches a URL (no outside network, and it would be an SSRF hole).
    """
    parts = urlsplit(url.strip())
    base = urlsplit(base_url)
    same_origin = (parts.scheme, parts.netloc) in (("", ""), (base.scheme, base.netloc))
    if not same_origin or parts.query or parts.fragment or not parts.path.startswith("/media/"):
        return None
    return parts.path.removeprefix("/media/")
