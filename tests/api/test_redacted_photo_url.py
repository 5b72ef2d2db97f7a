"""Issue 14.3 (part): a redacted photo's original is not served at its old public address, even while another
report still uses the same file (the attack: open /media/<old hash>.jpg after the redaction)."""

from __future__ import annotations

from pengaduan_app.config import get_settings
from pengaduan_app.domain.moderation import redact_photo
from pengaduan_app.media import MediaStore, process_photo
from pengaduan_app.models import Photo
from tests.builders import build_city, jpeg_bytes, make_report


def _photo(session, report, data: bytes) -> Photo:
    processed = process_photo(data)
    files = MediaStore(get_settings().media_dir).save(processed)
    photo = Photo(
        report_id=report.id,
        sha256=processed.sha256,
        filename=files.filename,
        thumb_filename=files.thumb_filename,
        width=processed.width,
        height=processed.height,
    )
    session.add(photo)
    session.commit()
    return photo


def test_the_original_of_a_redacted_photo_is_no_longer_served(client, app_db):
    city = build_city(app_db)
    data = jpeg_bytes(200, 200, color=(20, 200, 20))
    mine = _photo(app_db, make_report(app_db, city.kel_a1), data)
    theirs = _photo(app_db, make_report(app_db, city.kel_a2), data)
    old = (mine.filename, mine.thumb_filename)
    for name in old:
        assert client.get(f"/media/{name}").status_code == 200
    redact_photo(app_db, city.moderator, mine.id, (0.1, 0.1, 0.5, 0.5), "Wajah orang")
    app_db.commit()
    app_db.refresh(mine)
    assert (get_settings().media_dir / theirs.filename).is_file()  # the file stays for the other report's row
    for name in old:
        assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/media/{mine.filename}").status_code == 200  # the painted version, under its own name
