"""Painting over part of a stored photo for moderation (a face, a number plate, a phone number).

The painted image is handed back as bytes for `process_photo`, so a redacted photo is
stored exactly like any upload: re-encoded, no metadata, new content-hash names.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw

REDACTION_COLOUR = (0, 0, 0)
_QUALITY = 95  # process_photo re-encodes at its own quality; this only avoids a visible second loss


def box_pixels(size: tuple[int, int], box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) in pixels, rounded outwards so the whole box is covered."""
    width, height = size
    x, y, w, h = box
    left, top = math.floor(x * width), math.floor(y * height)
    right, bottom = math.ceil((x + w) * width), math.ceil((y + h) * height)
    return max(0, left), max(0, top), min(width, right), min(height, bottom)


def paint_box(data: bytes, box: tuple[float, float, float, float]) -> bytes:
    """The image with `box` (x, y, w, h as fractions of its size) painted solid, as JPEG bytes."""
    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("RGB")
    left, top, right, bottom = box_pixels(image.size, box)
    if right > left and bottom > top:
        ImageDraw.Draw(image).rectangle((left, top, right - 1, bottom - 1), fill=REDACTION_COLOUR)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=_QUALITY)
    return buffer.getvalue()
