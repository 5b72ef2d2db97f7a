"""What the staff report page shows beyond the public one: answers to a category's extra questions."""

from __future__ import annotations

from pengaduan_app.domain.categories import answer_shown, attributes_for
from pengaduan_app.domain.staff_queue import staff_report
from pengaduan_app.models import ReportAttribute
from tests.builders import build_city, make_report


def test_an_officer_sees_the_answers_to_extra_questions_in_their_language(session):
    city = build_city(session)
    report = make_report(session, city.kel_a1)  # jalan_rusak asks whether traffic can pass
    session.add(ReportAttribute(report_id=report.id, code="lane_blocked", value="partly"))
    session.commit()

    view = staff_report(session, city.lurah_a1, report.tracking_code)
    assert view.attributes == [("lane_blocked", "partly")]
    questions = attributes_for(session, view.category.code)
    shown = [answer_shown(questions, code, value, "id") for code, value in view.attributes]
    assert shown == [{"label": "Jalan masih bisa dilalui?", "value": "Sebagian lajur tertutup"}]
    english = answer_shown(questions, "lane_blocked", "partly", "en")
    assert english == {"label": "Can traffic still pass?", "value": "Some lanes blocked"}


def test_a_number_answer_is_shown_as_given(session):
    questions = attributes_for(session, "banjir")
    assert answer_shown(questions, "water_depth", "40", "id") == {"label": "Kedalaman air (cm)", "value": "40"}


def test_an_answer_to_a_removed_question_shows_as_stored(session):
    assert answer_shown(attributes_for(session, "banjir"), "old_code", "7", "en") == {"label": "old_code", "value": "7"}
