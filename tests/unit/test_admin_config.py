"""Categories, their extra questions and response templates live in the database: migration 0017 seeds exactly
what the code held before, admins' edits are checked whole, audited, and seen by the next request everywhere."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlmodel import Session, func, select

from pengaduan_app.cli import alembic_config
from pengaduan_app.db import make_engine
from pengaduan_app.domain.categories import (
    CategoryFields,
    QuestionFields,
    TemplateFields,
    active_categories,
    active_templates,
    add_question,
    attributes_for,
    read_attributes,
    remove_question,
    save_category,
    save_template,
)
from pengaduan_app.domain.defaults import DEFAULT_CATEGORIES, DEFAULT_QUESTIONS, DEFAULT_TEMPLATES
from pengaduan_app.domain.permissions import PermissionDenied
from pengaduan_app.domain.sla import add_working_days
from pengaduan_app.domain.submission import SubmissionError, UploadedPhoto, submit_report
from pengaduan_app.errors import FormRefused
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.media import MediaStore
from pengaduan_app.models import AuditEntry, Category, CategoryQuestion, ReportAttribute, ResponseTemplate
from tests.builders import build_city, good_draft, jpeg_bytes

# What the code held before categories became editable (domain/areas.py CITY_WIDE_CATEGORIES,
# domain/categories.py SERVICE_ATTRIBUTES, the `template.*` texts of i18n/*/staff.json).
OLD_CITY_WIDE = {"kemacetan": "perhubungan", "angkot_ngetem": "perhubungan", "transjakarta": "perhubungan",
                 "kebakaran": "damkar"}  # fmt: skip
OLD_SLA = {"jalan_rusak": 5, "banjir": 3, "fasilitas_umum": 10, "izin_bangunan": 10, "iklan_liar": 10, "taman": 5}


def _migrated(url: str) -> Session:
    command.upgrade(alembic_config(url), "head")
    return Session(make_engine(url))


def test_the_migration_seeds_exactly_the_former_constants(any_db_url):
    with _migrated(any_db_url) as session:
        rows = session.exec(select(Category).order_by(Category.sort_order)).all()
        assert [r.code for r in rows] == [s.code for s in DEFAULT_CATEGORIES] and len(rows) == 21
        for row, seed in zip(rows, DEFAULT_CATEGORIES, strict=True):
            assert (row.name_id, row.name_en, row.icon, row.color, row.sla_days, row.active) == (
                seed.name_id, seed.name_en, seed.icon, seed.color, seed.sla_days, True,
            )  # fmt: skip
        assert {r.code: r.agency for r in rows if r.agency} == OLD_CITY_WIDE
        assert {r.code: r.sla_days for r in rows if r.code in OLD_SLA} == OLD_SLA

        depth, = attributes_for(session, "banjir")
        assert (depth.code, depth.datatype, depth.minimum, depth.maximum) == ("water_depth", "number", 0, 500)
        assert depth.description == "Water depth at the deepest point, in centimetres"
        assert depth.datatype_description == "A number of centimetres from 0 to 500, e.g. 40"
        lanes, = attributes_for(session, "jalan_rusak")
        assert [(c.key, c.name_en) for c in lanes.values] == [
            ("none", "All lanes open"), ("partly", "Some lanes blocked"), ("fully", "Road fully blocked"),
        ]  # fmt: skip
        assert lanes.label("id") == "Jalan masih bisa dilalui?"
        assert session.exec(select(func.count(CategoryQuestion.id))).one() == len(DEFAULT_QUESTIONS) == 2

        templates = active_templates(session)
        assert [t.code for t in templates] == [
            "received", "checking", "scheduled", "handed_over", "resolved", "out_of_scope", "need_info",
        ]  # fmt: skip
        assert [(t.title_id, t.text_id, t.title_en, t.text_en) for t in templates] == [
            (s.title_id, s.text_id, s.title_en, s.text_en) for s in DEFAULT_TEMPLATES
        ]
        assert templates[0].text_id == "Terima kasih, laporan Anda sudah kami terima dan akan segera kami periksa."


def test_the_migration_adds_questions_to_categories_seeded_before_it(sqlite_url):
    config = alembic_config(sqlite_url)
    command.upgrade(config, "0011")
    engine = make_engine(sqlite_url)
    with Session(engine) as session:  # as `pengaduan seed` left an older database, with an admin's own category
        session.add(Category(code="banjir", name_id="Banjir", name_en="Flooding", sla_days=2))
        session.add(Category(code="got_mampet", name_id="Got mampet", name_en="Clogged gutter", sla_days=4))
        session.commit()
    command.upgrade(config, "head")
    with Session(engine) as session:
        banjir = session.exec(select(Category).where(Category.code == "banjir")).one()
        assert banjir.sla_days == 2  # kept as the admin had it
        assert [a.code for a in attributes_for(session, "banjir")] == ["water_depth"]
        assert session.exec(select(func.count(Category.id))).one() == 22
    engine.dispose()


def _fields(**changes) -> CategoryFields:
    return CategoryFields(**{"code": "got_mampet", "name_id": "Got mampet", "name_en": "Clogged gutter",
                             "sla_days": "4", "agency": "", "active": True} | changes)  # fmt: skip


def _audit(session: Session, action: str) -> list[dict]:
    rows = session.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()
    return [json.loads(r.detail) for r in rows]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"code": "banjir"}, "code", "error.config_code_taken"),
        ({"code": "Got Mampet!"}, "code", "error.config_code"),
        ({"name_en": "  "}, "name_en", "error.config_required"),
        ({"name_id": ""}, "name_id", "error.config_required"),
        ({"name_id": "x" * 81}, "name_id", "error.config_too_long"),
        ({"sla_days": "0"}, "sla_days", "error.config_sla_days"),
        ({"sla_days": "61"}, "sla_days", "error.config_sla_days"),
        ({"sla_days": "3.5"}, "sla_days", "error.config_sla_days"),
        ({"agency": "dinas_palsu"}, "agency", "error.agency_invalid"),
    ],
)
def test_a_bad_category_is_refused_by_its_field_and_nothing_is_stored(any_session, changes, field, code):
    city = build_city(any_session)
    before = any_session.exec(select(func.count(Category.id))).one()
    with pytest.raises(FormRefused) as refused:
        save_category(any_session, city.admin, None, _fields(**changes))
    assert {k: e.code for k, e in refused.value.errors.items()} == {field: code}
    any_session.rollback()
    assert any_session.exec(select(func.count(Category.id))).one() == before
    assert _audit(any_session, "category_create") == []


def test_every_problem_is_told_at_once(session):
    city = build_city(session)
    with pytest.raises(FormRefused) as refused:
        save_category(session, city.admin, None, _fields(code="", name_id="", name_en="", sla_days="99"))
    assert set(refused.value.errors) == {"code", "name_id", "name_en", "sla_days"}


def test_only_admins_edit(session):
    city = build_city(session)
    for who in (None, city.camat_a, city.moderator, city.dishub):
        with pytest.raises(PermissionDenied):
            save_category(session, who, None, _fields())
        with pytest.raises(PermissionDenied):
            save_template(session, who, None, TemplateFields("x_y", "a", "b", "c", "d"))
        with pytest.raises(PermissionDenied):
            add_question(session, who, 1, QuestionFields("tinggi", "number", "Tinggi", "Height"))


def _submit(session, settings, **changes):
    return submit_report(
        session,
        good_draft(**changes),
        [UploadedPhoto("a.jpg", jpeg_bytes())],
        settings=settings,
        store=MediaStore(settings.media_dir),
    )


def test_a_new_category_with_a_question_is_used_by_the_next_report(any_session, settings):
    """No restart, no cache to clear: the next report sees the new category, its deadline, its agency and its
    question; changing the deadline afterwards leaves that report's deadline alone."""
    ensure_fallback_areas(any_session)
    city = build_city(any_session)
    category = save_category(any_session, city.admin, None, _fields(agency="sda"))
    question = QuestionFields("kedalaman", "number", "Kedalaman (cm)", "Depth (cm)", minimum="0", maximum="300")
    add_question(any_session, city.admin, category.id, question)
    any_session.commit()

    assert "got_mampet" in [c.code for c in active_categories(any_session)]
    with pytest.raises(SubmissionError) as refused:
        _submit(any_session, settings, category_code="got_mampet", answers={"kedalaman": "900"})
    assert refused.value.errors["answer_kedalaman"].code == "error.attribute_out_of_range"
    any_session.rollback()
    report = _submit(any_session, settings, category_code="got_mampet", answers={"kedalaman": "35"})
    any_session.commit()
    assert report.due_at == add_working_days(report.created_at, 4)
    assert (report.unit_agency, report.unit_area_id) == ("sda", None)
    stored = any_session.exec(select(ReportAttribute.code, ReportAttribute.value)).all()
    assert stored == [("kedalaman", "35")]

    save_category(any_session, city.admin, category.id, _fields(sla_days="10", agency=""))
    any_session.commit()
    any_session.refresh(report)
    assert report.due_at == add_working_days(report.created_at, 4)  # open reports keep their deadline
    later = _submit(any_session, settings, category_code="got_mampet", title="Got mampet lagi di ujung gang")
    assert later.due_at == add_working_days(later.created_at, 10) and later.unit_agency is None

    created, updated = _audit(any_session, "category_create"), _audit(any_session, "category_update")
    assert created[0]["code"] == "got_mampet" and created[0]["after"]["agency"] == "sda"
    assert updated == [
        {
            "code": "got_mampet",
            "before": {"name_id": "Got mampet", "name_en": "Clogged gutter", "sla_days": 4, "agency": "sda",
                       "active": True},
            "after": {"name_id": "Got mampet", "name_en": "Clogged gutter", "sla_days": 10, "agency": None,
                      "active": True},
        }
    ]  # fmt: skip
    assert _audit(any_session, "category_question_add")[0]["question"] == "kedalaman"


def test_a_deactivated_category_takes_no_new_reports_but_keeps_its_old_ones(session, settings):
    ensure_fallback_areas(session)
    city = build_city(session)
    old = _submit(session, settings, category_code="pengemis")
    pengemis = session.exec(select(Category).where(Category.code == "pengemis")).one()
    save_category(session, city.admin, pengemis.id, _fields(name_id="Pengemis", name_en="Begging", active=False))
    session.commit()
    assert "pengemis" not in [c.code for c in active_categories(session)]
    with pytest.raises(SubmissionError) as refused:
        _submit(session, settings, category_code="pengemis", title="Pengemis di lampu merah pagi ini")
    assert set(refused.value.errors) == {"category"}
    session.rollback()
    assert session.get(Category, old.category_id).code == "pengemis"


def test_questions_are_checked_then_asked_then_removed(session):
    city = build_city(session)
    sampah = session.exec(select(Category).where(Category.code == "sampah")).one()
    bad = QuestionFields("volume", "singlevaluelist", "Banyaknya", "How much", choices="kecil | Sedikit")
    with pytest.raises(FormRefused) as refused:
        add_question(session, city.admin, sampah.id, bad)
    assert refused.value.errors["choices"].code == "error.config_choice_line"
    with pytest.raises(FormRefused) as refused:
        add_question(session, city.admin, sampah.id, QuestionFields("x", "number", "", "A", minimum="5", maximum="1"))
    assert {k: e.code for k, e in refused.value.errors.items()} == {
        "code": "error.config_code", "label_id": "error.config_required", "maximum": "error.config_range",
    }  # fmt: skip
    session.rollback()

    good = QuestionFields(
        "volume", "singlevaluelist", "Banyaknya", "How much", choices="kecil | Sedikit | A little\nbanyak|Banyak|A lot"
    )
    question = add_question(session, city.admin, sampah.id, good)
    session.commit()
    assert read_attributes(session, "sampah", {"volume": "banyak"}) == ({"volume": "banyak"}, {})
    assert read_attributes(session, "sampah", {"volume": "penuh"})[1]["volume"].code == "error.attribute_choice"
    remove_question(session, city.admin, question.id)
    session.commit()
    assert attributes_for(session, "sampah") == ()
    assert _audit(session, "category_question_remove")[0]["before"]["code"] == "volume"


def test_templates_are_edited_checked_and_audited(session):
    city = build_city(session)
    with pytest.raises(FormRefused) as refused:
        save_template(session, city.admin, None, TemplateFields("received", "Judul", "", "Teks", "Text"))
    assert {k: e.code for k, e in refused.value.errors.items()} == {
        "code": "error.config_code_taken", "title_en": "error.config_required",
    }  # fmt: skip
    session.rollback()
    received = session.exec(select(ResponseTemplate).where(ResponseTemplate.code == "received")).one()
    changed = TemplateFields("received", "Diterima", "Received", "Laporan sudah kami terima.", "We got it.", True)
    save_template(session, city.admin, received.id, changed)
    added = save_template(session, city.admin, None, TemplateFields("thanks", "Terima kasih", "Thanks", "Ya", "Yes"))
    save_template(session, city.admin, added.id, TemplateFields("thanks", "Terima kasih", "Thanks", "Ya", "Yes", False))
    session.commit()
    shown = [(t.code, t.text_id) for t in active_templates(session)]
    assert shown[0] == ("received", "Laporan sudah kami terima.") and "thanks" not in dict(shown)
    update = _audit(session, "template_update")[0]
    assert update["before"]["text_id"].startswith("Terima kasih") and update["after"]["text_en"] == "We got it."
    assert _audit(session, "template_create")[0]["after"]["code"] == "thanks"


def test_an_edit_on_one_worker_is_seen_by_another_at_once(any_db_url):
    """Two engines stand for two worker processes: nothing is kept between requests, so the second sees the
    first's committed edit on its very next read, on SQLite and PostgreSQL."""
    command.upgrade(alembic_config(any_db_url), "head")
    first, second = make_engine(any_db_url), make_engine(any_db_url)
    with Session(second) as reader:  # the second worker has read the lists once already
        assert "got_mampet" not in [c.code for c in active_categories(reader)]
        assert next(t.code for t in active_templates(reader)) == "received"
    with Session(first) as writer:
        admin = build_city(writer).admin
        category = save_category(writer, admin, None, _fields())
        add_question(writer, admin, category.id, QuestionFields("tinggi", "number", "Tinggi", "Height"))
        received = writer.exec(select(ResponseTemplate).where(ResponseTemplate.code == "received")).one()
        save_template(writer, admin, received.id, TemplateFields("received", "a", "b", "c", "d", active=False))
        writer.commit()
    with Session(second) as reader:
        assert "got_mampet" in [c.code for c in active_categories(reader)]
        assert [a.code for a in attributes_for(reader, "got_mampet")] == ["tinggi"]
        assert "received" not in [t.code for t in active_templates(reader)]
    first.dispose()
    second.dispose()
