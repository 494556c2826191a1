"""Voluntary self-identification in its own encrypted table, and the compliance role.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

The users.role check is rebuilt with every role the merged branches add (hiring_manager comes
with 0004), so the order the revisions are chained in cannot lose one.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WITH_COMPLIANCE = "role IN ('admin', 'recruiter', 'hiring_manager', 'compliance')"
WITHOUT_COMPLIANCE = "role IN ('admin', 'recruiter', 'hiring_manager')"


def upgrade() -> None:
    op.create_table(
        "self_identifications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("interview_id", sa.String(length=64), nullable=False),
        sa.Column("ciphertext", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_self_identifications_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_identifications")),
        sa.UniqueConstraint("interview_id", name=op.f("uq_self_identifications_interview_id")),
    )
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", WITH_COMPLIANCE)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM users WHERE role = 'compliance'")).scalar():
        raise RuntimeError(
            "Compliance accounts exist, and the schema before 0005 has no such role: delete "
            "them (or change their role) before downgrading."
        )
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", WITHOUT_COMPLIANCE)
    op.drop_table("self_identifications")
