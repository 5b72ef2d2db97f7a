"""Errors as GeoReport v2 writes them: a list of {code, description}, in English, one entry per problem."""

from __future__ import annotations

import math
from collections.abc import Mapping

from ...domain.limits import LimitHit
from ...domain.validation import FieldError
from ...i18n import translate
from ...models.types import utcnow

# Where the web form's words do not fit an API client.
_API_WORDING = {
    "error.location_required": "lat and long are required. This server has no geocoder: "
    "address_string alone cannot be placed on the map, so send the coordinates too.",
}


class ApiError(Exception):
    """Answer with `status` and these descriptions (each becomes one {code, description})."""

    def __init__(self, status: int, *descriptions: str, headers: Mapping[str, str] | None = None):
        super().__init__(status, descriptions)
        self.status = status
        self.descriptions = descriptions
        self.headers = dict(headers or {})


def bad_request(problems: Mapping[str, str]) -> ApiError:
    """400 naming each parameter and what is wrong with it."""
    return ApiError(400, *(f"{param}: {text}" for param, text in problems.items()))


def not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found.")


def describe(error: FieldError) -> str:
    """A domain FieldError in English words."""
    return _API_WORDING.get(error.code) or translate("en", error.code, **error.params)


def field_problems(errors: Mapping[str, FieldError], params: Mapping[str, str]) -> dict[str, str]:
    """Domain problems keyed by the API's parameter names (`params` maps field -> parameter)."""
    return {params.get(name, name): describe(error) for name, error in errors.items()}


def too_many_reports(hit: LimitHit) -> ApiError:
    """429 for a submission limit, with Retry-After in seconds."""
    wait = max(1, math.ceil((hit.retry_at - utcnow()).total_seconds()))
    per = "hour" if hit.window.total_seconds() <= 3600 else f"{round(hit.window.total_seconds() / 3600)} hours"
    return ApiError(
        429,
        f"Too many reports from this address: at most {hit.limit} per {per}. Retry after {wait} seconds.",
        headers={"Retry-After": str(wait)},
    )
