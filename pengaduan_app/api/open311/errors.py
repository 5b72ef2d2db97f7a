"""Errors as GeoReport v2 writes them: a list of {code, description}, in English, one entry per problem."""

from __future__ import annotations

from collections.abc import Mapping

from ...domain.validation import FieldError
from ...i18n import translate

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
