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
    # Server defaults fill the rows already there (and rows of an older export on import).
    with op.batch_alter_table("office_profile", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("citation_limit", sa.Integer(), nullable=False, server_default="2")
        )
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("unanimous_wording", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_column("unanimous_wording")
    with op.batch_alter_table("office_profile", schema=None) as batch_op:
        batch_op.drop_column("citation_limit")
