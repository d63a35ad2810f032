"""council rules: the office's citation setting and the Clerk's "Unanimous Vote" choice per vote

Revision ID: 0007_council_rules
Revises: 0006_revision_label
Create Date: 2026-11-30 06:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_council_rules"
down_revision: str | None = "0006_revision_label"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: a batch would copy and drop "vote", which vote_cast
    # and partnership_step reference (SQLite's foreign keys refuse that while rows exist).
    # Server defaults fill the rows already there (and rows of an older export on import).
    op.add_column(
        "office_profile",
        sa.Column("citation_limit", sa.Integer(), nullable=False, server_default="2"),
    )
    op.add_column(
        "vote",
        sa.Column("unanimous_wording", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # Not batch mode either (see upgrade); SQLite drops a plain column in place (3.35 and
    # later).
    for table, column in (("vote", "unanimous_wording"), ("office_profile", "citation_limit")):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)
