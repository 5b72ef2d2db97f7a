"""A photo like a phone camera's: 4000×3000, grainy (so JPEG cannot squeeze it), a few MB, with the EXIF a
camera writes (orientation, and a GPS position when asked). Made locally for the end-to-end tests and
bench/phone.py; nothing is downloaded."""

from __future__ import annotations

import io

from PIL import ExifTags, Image, ImageDraw


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
    return (float(degrees), float(minutes), seconds)


def camera_jpeg(
    width: int = 4000, height: int = 3000, *, gps: tuple[float, float] | None = None, orientation: int = 1
) -> bytes:
    """A JPEG of width×height; with `gps` (lat, lng) its EXIF carries that position as a phone would; an
    `orientation` of 6 is a phone held upright (stored sideways, to be turned a quarter clockwise)."""
    scene = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    pen = ImageDraw.Draw(scene)
    for i in range(12):  # shapes, so a shrunk copy still shows something
        x, y = (i * 331) % width, (i * 577) % height
        pen.rectangle((x, y, x + width // 6, y + height // 8), fill=((i * 40) % 256, 120, (255 - i * 20) % 256))
    grain = Image.effect_noise((width, height), 48).convert("RGB")
    photo = Image.blend(scene, grain, 0.25)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Pengaduan test camera"
    if gps is not None:
        lat, lng = gps
        exif[ExifTags.Base.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "S" if lat < 0 else "N",
            ExifTags.GPS.GPSLatitude: _dms(lat),
            ExifTags.GPS.GPSLongitudeRef: "W" if lng < 0 else "E",
            ExifTags.GPS.GPSLongitude: _dms(lng),
        }
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()
