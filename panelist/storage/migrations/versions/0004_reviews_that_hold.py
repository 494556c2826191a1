"""Decisions that hold: the sign-off in force on the interview row, reopenings with a reason,
reviewers' own scorecards, re-showable invite links, the hiring_manager role, and room for the
"insufficient_evidence" recommendation.

Revision ID: 0004
Revises: 0003 (the lead re-chains it onto 0003 when both branches are merged)
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ROLES = "role IN ('admin', 'recruiter')"
NEW_ROLES = "role IN ('admin', 'recruiter', 'hiring_manager')"


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.alter_column(  # "insufficient_evidence" is 21 characters
            "recommendation",
            existing_type=sa.String(length=20),
            type_=sa.String(length=32),
            existing_nullable=True,
        )
        batch.add_column(sa.Column("invite_nonce", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("signed_decision", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("signed_by", sa.String(length=320), nullable=True))
        batch.add_column(sa.Column("signed_at", _when(), nullable=True))
    with op.batch_alter_table("sign_offs") as batch:
        batch.add_column(sa.Column("reopened_at", _when(), nullable=True))
        batch.add_column(sa.Column("reopened_by", sa.String(length=320), nullable=True))
        batch.add_column(sa.Column("reopen_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", NEW_ROLES)
    op.create_table(
        "reviewer_scorecards",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("interview_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("ratings", _json(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("submitted_at", _when(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_reviewer_scorecards_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reviewer_scorecards_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviewer_scorecards")),
        sa.UniqueConstraint("interview_id", "user_id", name="uq_reviewer_scorecards_reviewer"),
    )
    op.create_index(
        op.f("ix_reviewer_scorecards_interview_id"), "reviewer_scorecards", ["interview_id"]
    )


def downgrade() -> None:
    op.drop_table("reviewer_scorecards")
    op.execute("UPDATE users SET role = 'recruiter' WHERE role = 'hiring_manager'")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", OLD_ROLES)
    with op.batch_alter_table("sign_offs") as batch:
        batch.drop_column("reopen_reason")
        batch.drop_column("reopened_by")
        batch.drop_column("reopened_at")
    op.execute(
        "UPDATE interviews SET recommendation = NULL WHERE recommendation = 'insufficient_evidence'"
    )
    with op.batch_alter_table("interviews") as batch:
        batch.alter_column(
            "recommendation",
            existing_type=sa.String(length=32),
            type_=sa.String(length=20),
            existing_nullable=True,
        )
        batch.drop_column("signed_at")
        batch.drop_column("signed_by")
        batch.drop_column("signed_decision")
        batch.drop_column("invite_nonce")
