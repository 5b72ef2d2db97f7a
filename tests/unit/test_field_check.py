"""An after photo's GPS against the report's place: stored distance and mark, the position gone from the stored
file, and the mark shown only to the level above the unit, admins and moderators."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image
from sqlmodel import select

from pengaduan_app.domain import status
from pengaduan_app.domain.handling import resolve
from pengaduan_app.domain.photos import UploadedPhoto
from pengaduan_app.domain.staff_queue import QueueFilter, parse_queue_filter, queue_page, staff_report
from pengaduan_app.media import MediaStore
from pengaduan_app.models import Photo, Report
from tests.builders import build_city, jpeg_bytes, make_report
from tests.camera_photo import camera_jpeg

PLACE = (-6.2, 106.8)  # where make_report puts a report
NEAR = (-6.2005, 106.8004)  # about 70 m away
FAR = (-6.2101, 106.8001)  # about 1.1 km away (camera_jpeg writes 106.8 as 47′60″, which GPS readers refuse)


@pytest.fixture
def city(session):
    return build_city(session)


def _resolve(session, city, settings, photos: list[bytes], **fields) -> Report:
    report = make_report(session, city.kel_a1, status=status.IN_PROGRESS, **fields)
    uploads = [UploadedPhoto(f"sesudah-{i}.jpg", data) for i, data in enumerate(photos)]
    store = MediaStore(settings.media_dir)
    resolve(session, city.lurah_a1, report.tracking_code, "Sudah diperbaiki", uploads, store, settings=settings)
    session.commit()
    session.refresh(report)
    return report


def _stored_exif(session, settings, report: Report) -> list[dict]:
    """The EXIF of every stored file (photo and thumbnail) of the report's after photos."""
    store = MediaStore(settings.media_dir)
    rows = session.exec(select(Photo).where(Photo.report_id == report.id, Photo.kind == "after")).all()
    found = []
    for row in rows:
        for name in (row.filename, row.thumb_filename):
            with Image.open(io.BytesIO(store.read(name))) as img:
                found.append(dict(img.getexif()))
    return found


def test_a_photo_taken_on_the_spot_is_not_marked_and_its_position_is_not_stored(session, city, settings):
    report = _resolve(session, city, settings, [camera_jpeg(800, 600, gps=NEAR)])
    assert report.after_photo_far is False
    assert 50 <= report.after_photo_distance_m <= 90
    assert _stored_exif(session, settings, report) == [{}] * 2


def test_a_photo_taken_far_away_marks_the_report_with_the_distance(session, city, settings):
    report = _resolve(session, city, settings, [camera_jpeg(800, 600, gps=NEAR), camera_jpeg(800, 600, gps=FAR)])
    assert report.after_photo_far is True
    assert 1000 <= report.after_photo_distance_m <= 1200  # the farthest photo counts
    assert _stored_exif(session, settings, report) == [{}] * 4


def test_a_photo_without_position_says_nothing(session, city, settings):
    report = _resolve(session, city, settings, [jpeg_bytes(300, 200)])
    assert report.after_photo_far is False and report.after_photo_distance_m is None


def test_the_limit_is_the_citys_setting(session, city, settings):
    strict = replace(settings, after_photo_max_distance_m=20)
    report = _resolve(session, city, strict, [camera_jpeg(800, 600, gps=NEAR)])
    assert report.after_photo_far is True


def test_the_mark_is_for_the_level_above_admins_and_moderators(session, city, settings):
    report = _resolve(session, city, settings, [camera_jpeg(800, 600, gps=FAR)])
    code = report.tracking_code
    for who in ("admin", "moderator", "camat_a"):
        view = staff_report(session, getattr(city, who), code)
        assert view.far_photo_m == report.after_photo_distance_m, who
        rows, _ = queue_page(session, getattr(city, who), QueueFilter(status="", far_photo=True))
        assert [(r.tracking_code, r.far_photo) for r in rows] == [(code, True)], who
    # The lurah whose unit did the work reads his report, without the mark, and the filter finds nothing for him.
    view = staff_report(session, city.lurah_a1, code)
    assert view is not None and view.far_photo_m is None
    rows, _ = queue_page(session, city.lurah_a1, QueueFilter(status=""))
    assert [(r.tracking_code, r.far_photo) for r in rows] == [(code, False)]
    assert queue_page(session, city.lurah_a1, parse_queue_filter({"status": "", "far": "1"})) == ([], 0)


def test_a_camat_does_not_see_the_mark_on_his_own_units_report(session, city, settings):
    report = make_report(session, city.kel_a1, status=status.IN_PROGRESS, unit_area_id=city.kec_a.id)
    resolve(
        session,
        city.camat_a,
        report.tracking_code,
        "Selesai",
        [UploadedPhoto("a.jpg", camera_jpeg(800, 600, gps=FAR))],
        MediaStore(settings.media_dir),
    )
    session.commit()
    assert staff_report(session, city.camat_a, report.tracking_code).far_photo_m is None
    assert staff_report(session, city.admin, report.tracking_code).far_photo_m is not None
