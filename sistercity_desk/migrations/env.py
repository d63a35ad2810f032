"""Alembic environment: runs migrations on the engine the app hands over."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from sistercity_desk import models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata

#: Tables that live beside the models and that autogenerate must leave alone.
FOREIGN_TABLE_PREFIXES = ("search_fts",)


def include_name(name, type_, parent_names):
    return not (type_ == "table" and name and name.startswith(FOREIGN_TABLE_PREFIXES))


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def _reindex_if_asked(connection) -> None:
    """Fill the search index when a step asked for it (0002): after every step, when the
    tables match the models the index reads, and in the upgrade's own transaction, so a kill
    leaves the old revision rather than a new one with an empty index."""
    if not config.attributes.pop("reindex", False):
        return
    from sqlmodel import Session

    from sistercity_desk import search

    with Session(bind=connection) as session:
        search.rebuild(session)
        session.flush()


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Python's sqlite3 begins a transaction only before INSERT/UPDATE/DELETE, so
            # CREATE TABLE would commit on its own and a kill mid-upgrade would leave half a
            # schema. Beginning here makes the whole upgrade, DDL and the version stamp, one
            # transaction: the file is at the old revision or the new one, never between.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_name=include_name,
            transactional_ddl=True,
            on_version_apply=[
                callback
                for callback in [config.attributes.get("on_version_apply")]
                if callback is not None
            ],
        )
        with context.begin_transaction():
            context.run_migrations()
            _reindex_if_asked(connection)
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
