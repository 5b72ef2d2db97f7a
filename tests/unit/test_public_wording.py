"""Every step the public sees is told in its own words, in both languages, everywhere it is told."""

from __future__ import annotations

import pytest

from pengaduan_app.config import get_settings
from pengaduan_app.domain import status
from pengaduan_app.domain.handling import add_reply, hand_over, reject, verify
from pengaduan_app.domain.notifications import FollowError, follow, notifications_for
from pengaduan_app.domain.public_reports import get_public_report, original_of
from pengaduan_app.domain.status import PUBLIC_STEPS, public_step, step_key
from pengaduan_app.domain.support import SupportLimits, SupportRefused, set_support
from pengaduan_app.i18n import LANGUAGES, catalog, translate
from pengaduan_app.mail.smtp import ReportUpdate, report_update_text
from pengaduan_app.state.views import timeline_of
from tests.builders import build_city, make_report

LIMITS = SupportLimits(per_supporter_hour=50, per_client_hour=50)


@pytest.fixture
def city(session):
    return build_city(session)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("action", sorted({*status.TRANSITIONS, *PUBLIC_STEPS}))
def test_every_action_has_public_words_apart_from_the_staff_command(action, lang):
    key = step_key(action)
    assert key in catalog(lang), f"{key} missing in {lang}"
    words = public_step(lang, action, "Kelurahan Gambir: salah wilayah")
    staff = translate(lang, f"staff.action.{action}")
    assert words.strip() and words != staff and words.lower() != staff.lower()


def test_the_known_confusions_are_gone():
    assert public_step("id", "reply") == "Tanggapan petugas"
    assert public_step("id", "handover", "Kelurahan Gambir: bukan wilayah kami") == "Dialihkan ke Kelurahan Gambir"
    assert public_step("en", "handover", "Dinas Bina Marga: jalan provinsi") == "Handed over to Dinas Bina Marga"
    assert public_step("id", "handover", "") == "Dialihkan ke unit lain"
    assert public_step("id", "resolve") == "Selesai ditangani"
    assert public_step("id", "reject", duplicate=True) == "Sama dengan laporan lain"
    assert public_step("id", "assign") == "Ditugaskan ke petugas"


def test_timeline_and_notifications_use_the_public_words(session, city):
    report = make_report(session, city.kel_a1)
    follow(session, report.tracking_code, "v:pengikut-uji")
    verify(session, city.lurah_a1, report.tracking_code)
    add_reply(session, city.lurah_a1, report.tracking_code, "Kami cek besok pagi.", public=True)
    hand_over(session, city.lurah_a1, report.tracking_code, reason="Bukan wilayah kami", area_id=city.kel_a2.id)
    session.commit()
    steps = [s.action for s in timeline_of(get_public_report(session, report.tracking_code), "id")]
    assert timeline_of(get_public_report(session, report.tracking_code), "id")[-1].note == "Bukan wilayah kami"
    assert steps == [
        "Laporan diverifikasi",
        "Tanggapan petugas",
        "Dialihkan ke Kelurahan Alfa Dua",
    ]
    seen = [(n.action, public_step("en", n.action, n.note)) for n in notifications_for(session, ["v:pengikut-uji"])]
    assert seen[0] == ("handover", "Handed over to Kelurahan Alfa Dua")
    assert ("reply", "Officer's reply") in seen


def test_the_followers_mail_tells_the_step_in_public_words():
    update = ReportUpdate("JKT-2611-00001", "Jalan rusak", "resolved", "resolve", "Sudah ditambal.")
    subject, body = report_update_text(update, get_settings())
    assert subject == "[JKT-2611-00001] Selesai ditangani: Jalan rusak"
    assert "Selesai ditangani" in body and "Resolved by the officers" in body
    assert "Selesaikan" not in body + subject


def test_a_duplicate_cannot_be_supported_or_followed_and_names_its_original(session, city):
    original = make_report(session, city.kel_a1)
    duplicate = make_report(session, city.kel_a1)
    reject(session, city.lurah_a1, duplicate.tracking_code, "duplicate", duplicate_of=original.tracking_code)
    session.commit()
    assert original_of(session, duplicate.id) == original.tracking_code
    assert original_of(session, original.id) is None
    detail = get_public_report(session, duplicate.tracking_code)
    assert detail.duplicate and detail.duplicate_of == original.tracking_code
    assert timeline_of(detail, "id")[-1].action == "Sama dengan laporan lain"
    with pytest.raises(SupportRefused) as refused:
        set_support(session, duplicate.tracking_code, "v:crafted-visitor-1234567890", True, limits=LIMITS)
    assert refused.value.code == "error.report_duplicate"
    with pytest.raises(FollowError) as refused:
        follow(session, duplicate.tracking_code, "v:crafted")
    assert refused.value.code == "error.report_duplicate"
    assert set_support(session, original.tracking_code, "v:crafted-visitor-1234567890", True, limits=LIMITS).supported
