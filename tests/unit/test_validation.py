from dataclasses import replace

import pytest

from pengaduan_app.config import get_settings
from pengaduan_app.domain.validation import (
    Draft,
    clean_text,
    is_valid_contact,
    normalise,
    photo_count_error,
    validate_fields,
)
from tests.builders import good_draft

CODES = {"jalan_rusak", "banjir"}


def errors_of(draft: Draft) -> dict[str, str]:
    return {k: v.code for k, v in validate_fields(normalise(draft), CODES, get_settings()).items()}


def test_a_complete_draft_has_no_errors():
    assert errors_of(good_draft()) == {}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"category_code": ""}, "category", "error.category_required"),
        ({"category_code": "ufo"}, "category", "error.category_unknown"),
        ({"title": "   "}, "title", "error.title_required"),
        ({"title": "abc"}, "title", "error.title_too_short"),
        ({"title": "x" * 121}, "title", "error.title_too_long"),
        ({"description": ""}, "description", "error.description_required"),
        ({"description": "pendek"}, "description", "error.description_too_short"),
        ({"description": "y" * 2001}, "description", "error.description_too_long"),
        ({"latitude": None}, "location", "error.location_required"),
        ({"longitude": None}, "location", "error.location_required"),
        ({"latitude": float("nan")}, "location", "error.location_invalid"),
        ({"latitude": 91.0}, "location", "error.location_invalid"),
        ({"longitude": "abc"}, "location", "error.location_invalid"),
        ({"address": "z" * 201}, "address", "error.address_too_long"),
        ({"reporter_name": "n" * 81}, "reporter_name", "error.name_too_long"),
        ({"reporter_contact": "bukan kontak"}, "reporter_contact", "error.contact_invalid"),
        ({"privacy": "secret"}, "privacy", "error.privacy_invalid"),
        ({"channel": "fax"}, "channel", "error.channel_invalid"),
        ({"idempotency_key": "short"}, "idempotency_key", "error.idempotency_key_invalid"),
    ],
)
def test_each_bad_field_gets_its_own_message(changes, field, code):
    assert errors_of(good_draft(**changes)) == {field: code}


def test_errors_carry_the_limits_for_the_message():
    errors = validate_fields(normalise(good_draft(title="x" * 500)), CODES, get_settings())
    assert errors["title"].params == {"max": get_settings().title_max}


def test_text_is_cleaned_before_checking():
    draft = normalise(good_draft(title="  Jalan \u200b rusak\x00  parah  ", description=" a\nb\tc\x07 "))
    assert draft.title == "Jalan rusak parah"
    assert draft.description == "a\nb\tc"


def test_control_characters_do_not_count_towards_length():
    assert errors_of(good_draft(title="\x00\x01\x02\x03\x04\x05")) == {"title": "error.title_required"}


@pytest.mark.parametrize("contact", ["0812 3456 7890", "+62 812-3456-7890", "warga@contoh.id", "a.b+c@mail.co.id"])
def test_valid_contacts(contact):
    assert is_valid_contact(contact)


@pytest.mark.parametrize("contact", ["123", "warga@", "@contoh.id", "08abc", "a@b", "<script>@x.com"])
def test_invalid_contacts(contact):
    assert not is_valid_contact(contact)


def test_photo_rules_depend_on_the_channel():
    settings = get_settings()
    assert photo_count_error(0, "web", settings).code == "error.photos_required"
    assert photo_count_error(0, "desk", settings) is None
    assert photo_count_error(0, "api", settings) is None
    assert photo_count_error(3, "web", settings) is None
    assert photo_count_error(4, "web", settings).code == "error.photos_too_many"
    assert photo_count_error(2, "web", replace(settings, max_photos=1)).params == {"max": 1}


def test_clean_text_keeps_indonesian_and_emoji():
    assert clean_text("Jalan  rusak 🚧 di Kebon Jeruk") == "Jalan rusak 🚧 di Kebon Jeruk"
