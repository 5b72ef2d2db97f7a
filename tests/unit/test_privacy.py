from pengaduan_app.domain.privacy import (
    ANONYMOUS,
    CONFIDENTIAL,
    PUBLIC,
    is_publicly_visible,
    public_reporter_name,
)


def test_public_reports_show_the_name():
    assert public_reporter_name(PUBLIC, " Siti ") == "Siti"
    assert public_reporter_name(PUBLIC, "") is None


def test_anonymous_reports_are_public_without_the_name():
    assert is_publicly_visible(ANONYMOUS)
    assert public_reporter_name(ANONYMOUS, "Siti") is None


def test_confidential_reports_are_not_public():
    assert not is_publicly_visible(CONFIDENTIAL)
    assert public_reporter_name(CONFIDENTIAL, "Siti") is None


def test_unknown_privacy_is_never_public():
    assert not is_publicly_visible("whatever")
