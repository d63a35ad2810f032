"""motion list sorted by title: an index on (title, id)

Revision ID: 0005_motion_title_index
Revises: 0004_source_document
Create Date: 2026-11-30 06:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_motion_title_index"
down_revision: str | None = "0004_source_document"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Sorting the motion list by title walked and sorted the whole table (22.8 ms at 50,000);
    # with the index a page is read in index order. id breaks ties the way the list does.
    op.create_index("ix_motion_title", "motion", ["title", "id"])


def downgrade() -> None:
    op.drop_index("ix_motion_title", table_name="motion")
