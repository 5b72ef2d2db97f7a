"""The one error photo intake raises; its code is a translation key shown to the citizen."""

from __future__ import annotations

from typing import Any

from ..errors import Refused

PHOTO_ERROR_CODES: tuple[str, ...] = (
    "photo.empty",
    "photo.too_large",
    "photo.not_image",
    "photo.too_many_pixels",
    "photo.truncated",
)


class PhotoError(Refused):
    """A refused upload. `code` is a key of PHOTO_ERROR_CODES; `params` fill the translated message."""

    def __init__(self, code: str, **params: Any) -> None:
        if code not in PHOTO_ERROR_CODES:
            raise ValueError(f"unknown photo error code: {code!r}")
        super().__init__(code, **params)
