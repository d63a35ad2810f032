"""full-text search: search_entry, with FTS5 (SQLite) or a tsvector column (PostgreSQL)

Revision ID: 0002_search_index
Revises: 0001_first_schema
Create Date: 2026-11-26 22:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0002_search_index"
down_revision: str | None = "0001_first_schema"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = [
    # External-content FTS5 table over search_entry; the folded columns are indexed.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_folded, body_folded,
        content='search_entry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts(rowid, title_folded, body_folded)
        VALUES (new.id, new.title_folded, new.body_folded);
    END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_folded, body_folded)
        VALUES ('delete', old.id, old.title_folded, old.body_folded);
    END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_folded, body_folded)
        VALUES ('delete', old.id, old.title_folded, old.body_folded);
        INSERT INTO search_fts(rowid, title_folded, body_folded)
        VALUES (new.id, new.title_folded, new.body_folded);
    END""",
]


def upgrade() -> None:
    op.create_table(
        "search_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("title_folded", sa.String(), nullable=False),
        sa.Column("body_folded", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "record_id"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(
            "ALTER TABLE search_entry ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple', title_folded), 'A') || "
            "setweight(to_tsvector('simple', body_folded), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_search_entry_tsv ON search_entry USING GIN (tsv)")
    # Index what the first schema already holds, but only once every later step has run:
    # the index is read through the ORM models, which describe the newest schema, and a
    # later step's column would be missing here (migrations/env.py fills it, in the same
    # transaction).
    context.config.attributes["reindex"] = True


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("search_entry_ai", "search_entry_ad", "search_entry_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_entry")
