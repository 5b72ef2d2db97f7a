"""Small builders shared by tests (real images, real drafts)."""

from __future__ import annotations

import io

from PIL import Image

from pengaduan_app.domain.validation import Draft

MONAS = (-6.1754, 106.8272)


def jpeg_bytes(width: int = 64, height: int = 48, color=(200, 60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def good_draft(**changes) -> Draft:
    values = dict(
        category_code="jalan_rusak",
        title="Jalan berlubang di depan sekolah",
        description="Lubang besar sejak minggu lalu, motor sering jatuh.",
        latitude=MONAS[0],
        longitude=MONAS[1],
        address="Jl. Medan Merdeka",
        reporter_name="Siti Rahma",
        reporter_contact="0812 3456 7890",
        privacy="public",
        channel="web",
    )
    values.update(changes)
    return Draft(**values)


def truncated_jpeg() -> bytes:
    """A detailed JPEG cut off part-way through its image data."""
    image = Image.effect_noise((200, 200), 80).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) * 6 // 10]
