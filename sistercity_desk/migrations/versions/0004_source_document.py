"""source_document: the Word files motions were imported from, with their SHA-256

Revision ID: 0004_source_document
Revises: 0003_office_dictionary
Create Date: 2026-11-30 06:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004_source_document"
down_revision: str | None = "0003_office_dictionary"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "source_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["motion_id"], ["motion.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_source_document_motion_id"), ["motion_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_source_document_sha256"), ["sha256"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_document_sha256"))
        batch_op.drop_index(batch_op.f("ix_source_document_motion_id"))
    op.drop_table("source_document")
