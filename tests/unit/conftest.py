import pytest

from pengaduan_app.geo.fallback import ensure_fallback_areas


@pytest.fixture
def routed_session(session):
    """A migrated SQLite session whose areas are the built-in approximate kecamatan."""
    ensure_fallback_areas(session)
    session.commit()
    return session
