"""revision labels: revision.label, what the office calls a saved version ("sent to the Clerk")

Revision ID: 0006_revision_label
Revises: 0005_motion_title_index
Create Date: 2026-11-30 06:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_revision_label"
down_revision: str | None = "0005_motion_title_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("revision") as batch_op:
        batch_op.add_column(
            sa.Column(
                "label", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("revision") as batch_op:
        batch_op.drop_column("label")
