"""Alembic environment wired to SQLModel.metadata and the app's database URL."""

from logging.config import fileConfig

from alembic import context
from sqlmodel import SQLModel

import pengaduan_app.models  # noqa: F401  (registers the tables)
from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.domain.staff_queue import is_search_schema

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def include_object(_object, name, _type, reflected, _compare_to) -> bool:
    """The text search index lives outside the models (an FTS5 table, a GIN expression index)."""
    return not (reflected and is_search_schema(name))


def _url() -> str:
    return config.attributes.get("db_url") or get_settings().db_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
