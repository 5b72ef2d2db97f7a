"""Filing a report through the domain: everything stored, or nothing at all."""

from dataclasses import replace

import pytest
from sqlmodel import func, select

from pengaduan_app.domain.public_reports import get_public_report, list_public_reports
from pengaduan_app.domain.submission import SubmissionError, UploadedPhoto, submit_report
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.media import MediaStore
from pengaduan_app.models import Photo, Report, StatusChange
from tests.builders import good_draft, jpeg_bytes, truncated_jpeg


def _submit(session, settings, draft=None, photos=None):
    photos = [UploadedPhoto("a.jpg", jpeg_bytes())] if photos is None else photos
    return submit_report(
        session, draft or good_draft(), photos, settings=settings, store=MediaStore(settings.media_dir)
    )


def _stored_counts(session, settings) -> tuple[int, int, int, int]:
    files = list(settings.media_dir.glob("*")) if settings.media_dir.exists() else []
    return (
        session.exec(select(func.count(Report.id))).one(),
        session.exec(select(func.count(Photo.id))).one(),
        session.exec(select(func.count(StatusChange.id))).one(),
        len(files),
    )


@pytest.fixture
def any_routed_session(any_session):
    ensure_fallback_areas(any_session)
    any_session.commit()
    return any_session


def test_a_good_report_is_stored_with_photo_route_and_timeline(any_routed_session, settings):
    report = _submit(any_routed_session, settings)
    assert report.tracking_code.startswith("JKT-")
    assert report.kecamatan_id is not None and report.kota_id is not None
    assert report.routing_approximate is True
    photos = any_routed_session.exec(select(Photo).where(Photo.report_id == report.id)).all()
    assert len(photos) == 1
    assert (settings.media_dir / photos[0].filename).is_file()
    assert (settings.media_dir / photos[0].thumb_filename).is_file()
    steps = any_routed_session.exec(select(StatusChange).where(StatusChange.report_id == report.id)).all()
    assert [s.to_status for s in steps] == ["new"]
    assert report.created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("draft_changes", "photos", "field", "code"),
    [
        ({"title": ""}, None, "title", "error.title_required"),
        ({"category_code": "ufo"}, None, "category", "error.category_unknown"),
        ({"latitude": None, "longitude": None}, None, "location", "error.location_required"),
        ({"latitude": -6.05, "longitude": 106.85}, None, "location", "error.location_outside"),
        ({"latitude": -6.6, "longitude": 106.8}, None, "location", "error.location_outside"),
        ({}, [], "photos", "error.photos_required"),
        (
            {},
            [UploadedPhoto(f"{i}.jpg", jpeg_bytes(color=(i, 0, 0))) for i in range(4)],
            "photos",
            "error.photos_too_many",
        ),
        ({}, [UploadedPhoto("x.jpg", b"<html><script>alert(1)</script></html>")], "photos", "photo.not_image"),
        ({}, [UploadedPhoto("x.jpg", truncated_jpeg())], "photos", "photo.truncated"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(any_routed_session, settings, draft_changes, photos, field, code):
    with pytest.raises(SubmissionError) as caught:
        _submit(any_routed_session, settings, good_draft(**draft_changes), photos)
    assert caught.value.errors[field].code == code
    assert _stored_counts(any_routed_session, settings) == (0, 0, 0, 0)


def test_a_photo_over_the_size_limit_is_refused(routed_session, settings):
    small = replace(settings, max_photo_bytes=1000)
    with pytest.raises(SubmissionError) as caught:
        _submit(routed_session, small, photos=[UploadedPhoto("big.jpg", jpeg_bytes(600, 600))])
    assert caught.value.errors["photos"].code == "photo.too_large"
    assert _stored_counts(routed_session, settings) == (0, 0, 0, 0)


def test_every_problem_is_reported_at_once(routed_session, settings):
    with pytest.raises(SubmissionError) as caught:
        _submit(routed_session, settings, good_draft(title="", description="", latitude=None), photos=[])
    assert set(caught.value.errors) == {"title", "description", "location", "photos"}


def test_a_failing_database_write_leaves_no_files(routed_session, settings):
    """A clash on the tracking code (forced) rolls back the row and removes the new files."""
    first = _submit(routed_session, settings)
    routed_session.exec(select(Report)).all()
    from pengaduan_app.models import TrackingCounter

    counter = routed_session.get(TrackingCounter, first.tracking_code.split("-")[1])
    counter.last = 0  # the next code will collide with the first report's
    routed_session.add(counter)
    routed_session.commit()
    files_before = sorted(p.name for p in settings.media_dir.iterdir())
    with pytest.raises(Exception):  # noqa: B017 (the database's own integrity error)
        _submit(routed_session, settings, photos=[UploadedPhoto("new.jpg", jpeg_bytes(color=(1, 2, 3)))])
    assert sorted(p.name for p in settings.media_dir.iterdir()) == files_before
    assert routed_session.exec(select(func.count(Report.id))).one() == 1


def test_same_idempotency_key_gives_the_same_report(any_routed_session, settings):
    draft = good_draft(idempotency_key="k" * 32)
    first = _submit(any_routed_session, settings, draft)
    again = _submit(any_routed_session, settings, draft)
    assert again.id == first.id
    assert any_routed_session.exec(select(func.count(Report.id))).one() == 1


def test_confidential_reports_never_reach_the_public(routed_session, settings):
    secret = _submit(routed_session, settings, good_draft(privacy="confidential", title="Rahasia sekali ini"))
    assert get_public_report(routed_session, secret.tracking_code) is None
    assert all(s.tracking_code != secret.tracking_code for s in list_public_reports(routed_session, limit=100))


def test_anonymous_reports_hide_the_name_and_contact_is_never_public(routed_session, settings):
    anon = _submit(routed_session, settings, good_draft(privacy="anonymous"))
    named = _submit(routed_session, settings, good_draft())
    anon_view = get_public_report(routed_session, anon.tracking_code)
    named_view = get_public_report(routed_session, named.tracking_code)
    assert anon_view.reporter is None
    assert named_view.reporter == "Siti Rahma"
    for view in (anon_view, named_view):
        assert "0812" not in repr(view)
