"""document wording: a resolution's closing block and the meeting days in the office profile;
bilingual annex lines

Revision ID: 0008_document_wording
Revises: 0007_council_rules
Create Date: 2026-11-30 06:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008_document_wording"
down_revision: str | None = "0007_council_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The closing block of a resolution, as Los Angeles words it; existing offices keep printing
#: what they printed before this column existed.
OFFICE_WORDING = {
    "adoption_words": "PASSED, APPROVED and ADOPTED",
    "attest_label": "ATTEST:",
    "clerk_title": "City Clerk",
    "form_label": "APPROVED AS TO FORM:",
    "attorney_title": "City Attorney",
    # Los Angeles meets on Tuesdays, Wednesdays and Fridays.
    "meeting_days": "Tuesday, Wednesday, Friday",
}


def upgrade() -> None:
    with op.batch_alter_table("office_profile", schema=None) as batch_op:
        for name, default in OFFICE_WORDING.items():
            batch_op.add_column(
                sa.Column(
                    name,
                    sqlmodel.sql.sqltypes.AutoString(),
                    nullable=False,
                    server_default=default,
                )
            )
    with op.batch_alter_table("annex_item", schema=None) as batch_op:
        for name in ("description_partner", "condition_partner"):
            batch_op.add_column(
                sa.Column(
                    name, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
                )
            )


def downgrade() -> None:
    with op.batch_alter_table("annex_item", schema=None) as batch_op:
        for name in ("condition_partner", "description_partner"):
            batch_op.drop_column(name)
    with op.batch_alter_table("office_profile", schema=None) as batch_op:
        for name in reversed(OFFICE_WORDING):
            batch_op.drop_column(name)
