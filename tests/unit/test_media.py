"""Photo intake: real images made with Pillow, real files in tmp_path."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from pengaduan_app.config import get_settings
from pengaduan_app.media import (
    PHOTO_ERROR_CODES,
    MediaStore,
    PhotoError,
    ProcessedPhoto,
    StoredPhoto,
    process_photo,
)

SMALL = {"max_side": 100, "thumb_side": 40}
JAKARTA_GPS = {  # Monas: 6°10'31.44"S 106°49'37.92"E
    ExifTags.GPS.GPSLatitudeRef: "S",
    ExifTags.GPS.GPSLatitude: (6.0, 10.0, 31.44),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (106.0, 49.0, 37.92),
}


def encode(img: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **params)
    return buffer.getvalue()


def jpeg(size=(300, 200), colour=(200, 30, 30), **params) -> bytes:
    return encode(Image.new("RGB", size, colour), "JPEG", **params)


def noise(size=(400, 300)) -> Image.Image:
    """Incompressible pixels, so cutting the file in half cuts the pixel data."""
    return Image.frombytes("RGB", size, random.Random(7).randbytes(size[0] * size[1] * 3))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height: any decoding attempt would fail as truncated."""
    data = encode(Image.new("L", (1, 1)), "PNG")
    ihdr = b"IHDR" + struct.pack(">II", width, height) + data[24:29]
    return data[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + data[33:]


def with_gps(gps: dict) -> bytes:
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(gps)
    return jpeg((60, 40), exif=exif)


def opened(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def refused(data: bytes, **limits) -> PhotoError:
    with pytest.raises(PhotoError) as caught:
        process_photo(data, **limits)
    return caught.value


# --- accepted images -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        jpeg((300, 200)),
        encode(Image.new("RGBA", (300, 200), (0, 128, 0, 100)), "PNG"),
        encode(Image.new("RGB", (300, 200), (0, 0, 200)), "WEBP"),
        encode(Image.new("RGBA", (300, 200), (0, 0, 200, 50)), "WEBP"),
        encode(Image.new("P", (300, 200)), "PNG", transparency=0),
        encode(Image.new("CMYK", (300, 200)), "JPEG"),
        encode(Image.new("I;16", (300, 200)), "PNG"),
    ],
    ids=["jpeg", "png-alpha", "webp", "webp-alpha", "png-palette", "jpeg-cmyk", "png-16bit"],
)
def test_accepted_formats_become_small_rgb_jpegs(data):
    photo = process_photo(data, **SMALL)

    full, thumb = opened(photo.image), opened(photo.thumbnail)
    assert (full.format, full.mode, full.size) == ("JPEG", "RGB", (100, 67))
    assert (photo.width, photo.height) == full.size
    assert (thumb.format, thumb.size) == ("JPEG", (40, 27))
    assert photo.sha256 == hashlib.sha256(photo.image).hexdigest()


def test_small_images_are_not_enlarged():
    photo = process_photo(jpeg((30, 20)), **SMALL)

    assert (photo.width, photo.height) == (30, 20)
    assert opened(photo.thumbnail).size == (30, 20)


def test_alpha_is_flattened_on_white():
    img = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    img.paste((0, 0, 0, 255), (10, 0, 20, 20))

    full = opened(process_photo(encode(img, "PNG")).image)

    assert all(channel > 245 for channel in full.getpixel((2, 10)))
    assert all(channel < 10 for channel in full.getpixel((17, 10)))


def test_exif_orientation_is_applied():
    img = Image.new("RGB", (40, 20), (255, 0, 0))
    img.paste((0, 0, 255), (20, 0, 40, 20))  # left red, right blue
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to display"

    photo = process_photo(encode(img, "JPEG", exif=exif))
    full = opened(photo.image)

    assert (photo.width, photo.height) == (20, 40)
    red, _, blue = full.getpixel((10, 5))
    assert red > 200 and blue < 60  # the left edge is now on top
    assert full.getexif() == {}


def test_gps_is_read_and_all_metadata_is_gone_from_stored_files(tmp_path):
    photo = process_photo(with_gps(JAKARTA_GPS))
    stored = MediaStore(tmp_path).save(photo)

    assert photo.gps == pytest.approx((-6.1754, 106.8272))
    for name in (stored.filename, stored.thumb_filename):
        img = opened((tmp_path / name).read_bytes())
        assert img.getexif() == {}
        assert not {"exif", "icc_profile", "comment", "xmp"} & set(img.info)


def test_icc_profile_and_comment_are_not_copied():
    data = jpeg(icc_profile=b"\0" * 200 + b"ICCDATA", comment=b"<script>alert(1)</script>")

    photo = process_photo(data)

    assert b"ICCDATA" not in photo.image
    assert b"<script>" not in photo.image


@pytest.mark.parametrize(
    "gps",
    [
        {},
        {**JAKARTA_GPS, ExifTags.GPS.GPSLatitude: (95.0, 0.0, 0.0)},
        {**JAKARTA_GPS, ExifTags.GPS.GPSLongitude: (106.0, 75.0, 0.0)},
        {**JAKARTA_GPS, ExifTags.GPS.GPSLatitudeRef: "Q"},
        {k: v for k, v in JAKARTA_GPS.items() if k != ExifTags.GPS.GPSLongitude},
        {
            **JAKARTA_GPS,
            ExifTags.GPS.GPSLatitude: (0.0, 0.0, 0.0),
            ExifTags.GPS.GPSLongitude: (0.0, 0.0, 0.0),
        },
    ],
    ids=["none", "latitude-over-90", "minutes-over-60", "bad-ref", "no-longitude", "null-island"],
)
def test_missing_or_insane_gps_is_none(gps):
    assert process_photo(with_gps(gps)).gps is None


def test_western_hemisphere_is_negative():
    gps = {**JAKARTA_GPS, ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLongitudeRef: "W"}

    assert process_photo(with_gps(gps)).gps == pytest.approx((6.1754, -106.8272))


def test_trailing_html_after_a_jpeg_is_dropped_by_reencoding():
    photo = process_photo(jpeg() + b"<html><script>alert(1)</script></html>")

    assert b"<script>" not in photo.image
    assert b"<script>" not in photo.thumbnail


# --- refused uploads -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"just some text, saved as foto.jpg\n",
        b"<html><script>alert(1)</script></html>" + jpeg(),
        encode(Image.new("RGB", (20, 20)), "GIF"),
        encode(Image.new("RGB", (20, 20)), "BMP"),
        encode(Image.new("RGB", (20, 20)), "TIFF"),
        b"\xff\xd8\xff<html>not really a jpeg</html>",
        b"\x89PNG\r\n\x1a\n<html></html>",
        b"RIFF\0\0\0\0WEBPjunk",
    ],
    ids=["html", "svg", "text", "html-then-jpeg", "gif", "bmp", "tiff", "jpeg-magic", "png-magic", "webp-magic"],
)
def test_anything_but_a_real_jpeg_png_or_webp_is_not_an_image(data):
    assert refused(data).code == "photo.not_image"


def test_empty_upload():
    assert refused(b"").code == "photo.empty"


def test_oversize_upload_is_refused_before_decoding():
    limit = 1536 * 1024
    error = refused(b"\xff" * (limit + 1), max_bytes=limit)

    assert error.code == "photo.too_large"
    assert error.params == {"max_mb": 1.5}


def test_byte_limit_defaults_to_settings_read_at_call_time(monkeypatch):
    monkeypatch.setenv("PENGADUAN_MAX_PHOTO_BYTES", str(2 * 1024 * 1024))
    get_settings.cache_clear()
    try:
        error = refused(b"x" * (2 * 1024 * 1024 + 1))
    finally:
        get_settings.cache_clear()

    assert error.code == "photo.too_large"
    assert error.params == {"max_mb": 2}


@pytest.mark.parametrize(
    ("width", "height", "limits"),
    [
        (7000, 7000, {}),  # 49 MP against the default 40 MP
        (100_000, 100_000, {}),  # far past Pillow's own hard limit
        (10_000, 10_000, {"max_pixels": 10**9}),  # only Pillow's warning, made an error, stops this
        (101, 100, {"max_pixels": 10_000}),
    ],
    ids=["default-limit", "pillow-error", "pillow-warning", "small-limit"],
)
def test_too_many_pixels_is_refused_before_decoding(width, height, limits):
    filters_before = list(warnings.filters)

    error = refused(png_claiming(width, height), **limits)

    assert error.code == "photo.too_many_pixels"
    assert warnings.filters == filters_before


def test_pixel_limit_error_names_the_limit():
    assert refused(png_claiming(7000, 7000)).params == {"max_megapixels": 40}


def test_real_bomb_png_is_refused():
    bomb = encode(Image.new("1", (3000, 3000)), "PNG", optimize=True)

    assert len(bomb) < 10_000
    assert refused(bomb, max_pixels=4_000_000).code == "photo.too_many_pixels"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_image_is_refused(fmt):
    data = encode(noise(), fmt)

    assert refused(data[: len(data) // 2]).code == "photo.truncated"


def test_error_codes_are_a_closed_list():
    assert set(PHOTO_ERROR_CODES) == {
        "photo.not_image",
        "photo.too_large",
        "photo.too_many_pixels",
        "photo.truncated",
        "photo.empty",
    }
    with pytest.raises(ValueError, match="unknown photo error code"):
        PhotoError("photo.typo")


# --- storage ---------------------------------------------------------------------------------


@pytest.fixture
def photo() -> ProcessedPhoto:
    return process_photo(jpeg((60, 40)), **SMALL)


def test_save_writes_photo_and_thumbnail_under_hash_names(tmp_path, photo):
    stored = MediaStore(tmp_path / "media").save(photo)

    assert stored == StoredPhoto(f"{photo.sha256}.jpg", f"{photo.sha256}_t.jpg", created=True)
    assert (tmp_path / "media" / stored.filename).read_bytes() == photo.image
    assert (tmp_path / "media" / stored.thumb_filename).read_bytes() == photo.thumbnail
    assert sorted(p.name for p in (tmp_path / "media").iterdir()) == sorted([stored.filename, stored.thumb_filename])


def test_saving_the_same_photo_again_is_a_no_op(tmp_path, photo):
    store = MediaStore(tmp_path)
    first = store.save(photo)
    mtimes = [store.path(name).stat().st_mtime_ns for name in (first.filename, first.thumb_filename)]

    second = store.save(photo)

    assert (second.filename, second.thumb_filename, second.created) == (first.filename, first.thumb_filename, False)
    assert [store.path(name).stat().st_mtime_ns for name in (first.filename, first.thumb_filename)] == mtimes
    assert len(list(tmp_path.iterdir())) == 2


def test_path_accepts_only_our_names(tmp_path):
    store = MediaStore(tmp_path)
    name = "ab" * 32

    assert store.path(f"{name}.jpg") == tmp_path / f"{name}.jpg"
    assert store.path(f"{name}_t.jpg") == tmp_path / f"{name}_t.jpg"


@pytest.mark.parametrize(
    "filename",
    [
        "../etc/passwd",
        "/etc/passwd",
        "x.jpg",
        "AB" * 32 + ".jpg",
        "ab" * 32 + ".JPG",
        "ab" * 32 + ".png",
        "ab" * 32 + ".jpg\n",
        "ab" * 32 + "_x.jpg",
        "../" + "ab" * 32 + ".jpg",
        "ab" * 31 + ".jpg",
        "",
    ],
)
def test_path_refuses_anything_else(tmp_path, filename):
    with pytest.raises(ValueError):
        MediaStore(tmp_path).path(filename)


def test_save_refuses_a_forged_hash(tmp_path, photo):
    forged = ProcessedPhoto("../../evil", photo.image, photo.thumbnail, photo.width, photo.height, None)

    with pytest.raises(ValueError):
        MediaStore(tmp_path / "media").save(forged)
    assert not list(tmp_path.rglob("*evil*"))


def test_delete_removes_both_files_and_tolerates_missing_ones(tmp_path, photo):
    store = MediaStore(tmp_path)
    stored = store.save(photo)

    store.delete(stored)
    store.delete(stored)

    assert list(tmp_path.iterdir()) == []


def test_delete_after_a_no_op_save_keeps_the_files_another_report_uses(tmp_path, photo):
    store = MediaStore(tmp_path)
    store.save(photo)

    store.delete(store.save(photo))

    assert len(list(Path(tmp_path).iterdir())) == 2
