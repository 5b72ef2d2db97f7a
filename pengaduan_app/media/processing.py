"""Photo intake: check, decode, read the GPS, strip every byte of metadata, resize, re-encode.

Only our own re-encoded JPEG ever leaves this module, so nothing the uploader put in the
file (EXIF, ICC, comments, trailing HTML) reaches storage or other users.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass, field

from PIL import ExifTags, Image, ImageOps

from pengaduan_app.config import get_settings
from pengaduan_app.media.errors import PhotoError

FULL_QUALITY = 85
THUMB_QUALITY = 75
_MIB = 1024 * 1024


@dataclass(frozen=True)
class ProcessedPhoto:
    sha256: str  # hex digest of `image`, the output bytes
    image: bytes = field(repr=False)  # JPEG
    thumbnail: bytes = field(repr=False)  # JPEG
    width: int
    height: int
    gps: tuple[float, float] | None  # (lat, lon) from the upload's EXIF


def process_photo(
    data: bytes,
    *,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    max_side: int | None = None,
    thumb_side: int | None = None,
) -> ProcessedPhoto:
    """Turn an upload into a clean JPEG and thumbnail, or raise PhotoError.

    Limits left as None come from the settings at call time.
    """
    settings = get_settings()
    max_bytes = settings.max_photo_bytes if max_bytes is None else max_bytes
    max_pixels = settings.max_photo_pixels if max_pixels is None else max_pixels
    max_side = settings.photo_max_side if max_side is None else max_side
    thumb_side = settings.thumb_max_side if thumb_side is None else thumb_side

    _check_size(data, max_bytes)
    fmt = sniff_format(data)
    try:
        return _process(data, fmt, max_pixels, max_side, thumb_side)
    except PhotoError:
        raise
    except Exception as exc:  # fail closed: whatever else Pillow throws means "not a photo we take"
        raise PhotoError("photo.not_image") from exc


def sniff_format(data: bytes) -> str:
    """The Pillow format name told by the magic number; anything but JPEG, PNG or WebP is refused."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    raise PhotoError("photo.not_image")


def _check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise PhotoError("photo.empty")
    if len(data) > max_bytes:
        raise PhotoError("photo.too_large", max_mb=_round_unit(max_bytes / _MIB))


def _process(data: bytes, fmt: str, max_pixels: int, max_side: int, thumb_side: int) -> ProcessedPhoto:
    with _decode(data, fmt, max_pixels, max_side) as img:
        gps = read_gps(img.getexif())
        full = _normalise(img, max_side)
    image = _encode(full, FULL_QUALITY)
    thumbnail = _encode(_resized(full, thumb_side), THUMB_QUALITY)
    return ProcessedPhoto(
        sha256=hashlib.sha256(image).hexdigest(),
        image=image,
        thumbnail=thumbnail,
        width=full.width,
        height=full.height,
        gps=gps,
    )


def _decode(data: bytes, fmt: str, max_pixels: int, max_side: int) -> Image.Image:
    """Open as `fmt` only and decode every pixel; the pixel limit is checked before decoding.

    Pillow's own bomb warning is made an error too, inside catch_warnings so the filter does not leak.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data), formats=(fmt,))
            if img.width * img.height > max_pixels:
                raise _too_many_pixels(max_pixels)
            img.draft(None, _fit(img.size, max_side))  # JPEG only: decode at a reduced scale, saves memory
            _load(img)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise _too_many_pixels(max_pixels) from exc
    return img


def _load(img: Image.Image) -> None:
    try:
        img.load()
    except (OSError, SyntaxError, EOFError) as exc:  # how Pillow reports cut or corrupt pixel data
        raise PhotoError("photo.truncated") from exc


def _too_many_pixels(max_pixels: int) -> PhotoError:
    return PhotoError("photo.too_many_pixels", max_megapixels=_round_unit(max_pixels / 1_000_000))


def _normalise(img: Image.Image, max_side: int) -> Image.Image:
    """Upright, at most max_side, RGB with alpha flattened on white, on a fresh canvas.

    The fresh canvas has empty `info`, so the JPEG encoder cannot pick up the upload's
    EXIF, ICC profile or comment.
    """
    upright = ImageOps.exif_transpose(img)
    converted = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
    small = _resized(converted, max_side)
    canvas = Image.new("RGB", small.size, "white")
    canvas.paste(small, mask=small if small.mode == "RGBA" else None)
    return canvas


def _resized(img: Image.Image, side: int) -> Image.Image:
    return img.resize(_fit(img.size, side), Image.Resampling.LANCZOS)


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """`size` scaled down (never up) so its longest side is at most `side`."""
    width, height = size
    scale = min(1.0, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _encode(img: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def read_gps(exif: Image.Exif) -> tuple[float, float] | None:
    """(lat, lon) in decimal degrees from the EXIF GPS IFD, or None when absent or not sane."""
    try:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        lat = _degrees(gps[ExifTags.GPS.GPSLatitude], gps[ExifTags.GPS.GPSLatitudeRef], "NS")
        lon = _degrees(gps[ExifTags.GPS.GPSLongitude], gps[ExifTags.GPS.GPSLongitudeRef], "EW")
    except (KeyError, IndexError, TypeError, ValueError, ZeroDivisionError):
        return None
    if abs(lat) > 90 or abs(lon) > 180 or (lat, lon) == (0.0, 0.0):
        return None  # (0, 0) is what broken GPS chips write
    return round(lat, 6), round(lon, 6)  # about 10 cm, far finer than any phone fix


def _degrees(dms: tuple, ref: str | bytes, refs: str) -> float:
    """Degrees/minutes/seconds plus a hemisphere letter from `refs` (positive, negative) to signed degrees."""
    degrees, minutes, seconds = (float(part) for part in dms)
    if not all(math.isfinite(part) and part >= 0 for part in (degrees, minutes, seconds)):
        raise ValueError("bad GPS value")
    if minutes >= 60 or seconds >= 60:
        raise ValueError("bad GPS minutes or seconds")
    hemisphere = (ref.decode("ascii") if isinstance(ref, bytes) else ref).strip("\x00 ").upper()
    if len(hemisphere) != 1 or hemisphere not in refs:
        raise ValueError("bad GPS reference")
    value = degrees + minutes / 60 + seconds / 3600
    return -value if hemisphere == refs[1] else value


def _round_unit(value: float) -> int | float:
    """10.0 -> 10, 2.54 -> 2.5: a number that reads well in a translated message."""
    rounded = round(value, 1)
    return int(rounded) if rounded.is_integer() else rounded
