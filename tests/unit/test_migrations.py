"""The schema comes from alembic; models and migrations must agree."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import pengaduan_app.models  # noqa: F401
from pengaduan_app.cli import alembic_config
from pengaduan_app.db import make_engine
from pengaduan_app.domain.staff_queue import is_search_schema

TABLES = {"area", "category", "photo", "report", "statuschange", "support"}


def _diff(url: str) -> list:
    engine = make_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": lambda _o, name, _t, reflected, _c: not (reflected and is_search_schema(name)),
            },
        )
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    return diff


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    return names


def test_upgrade_creates_the_schema_and_matches_the_models(any_db_url):
    command.upgrade(alembic_config(any_db_url), "head")
    assert _tables(any_db_url) >= TABLES
    assert _diff(any_db_url) == []


def test_downgrade_to_base_and_upgrade_again(any_db_url):
    config = alembic_config(any_db_url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    assert _tables(any_db_url) & TABLES == set()
    command.upgrade(config, "head")
    assert _tables(any_db_url) >= TABLES
    assert _diff(any_db_url) == []
