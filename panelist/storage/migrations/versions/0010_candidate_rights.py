"""Candidate rights: per-organisation notice and retention, accommodations per invite,
integrity signals per turn, and the record of each erasure or anonymisation.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _interview_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["interview_id"],
        ["interviews.id"],
        name=op.f(f"fk_{table}_interview_id_interviews"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "organisation_policies",
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("retention_months", sa.Integer(), nullable=False),
        sa.Column("notice_text", sa.Text(), nullable=True),
        sa.Column("contact", sa.String(length=320), nullable=True),
        sa.Column("updated_by", sa.String(length=320), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.CheckConstraint(
            "retention_months >= 6", name=op.f("ck_organisation_policies_retention_months")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_policies_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_organisation_policies")),
    )
    op.create_table(
        "accommodations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("interview_id", sa.String(length=64), nullable=False),
        sa.Column("extra_time_factor", sa.Float(), nullable=False),
        sa.Column("base_minutes", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("granted_by", sa.String(length=320), nullable=False),
        sa.Column("granted_at", _when(), nullable=False),
        _interview_fk("accommodations"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accommodations")),
        sa.UniqueConstraint("interview_id", name=op.f("uq_accommodations_interview_id")),
    )
    op.create_table(
        "integrity_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("interview_id", sa.String(length=64), nullable=False),
        sa.Column("turn_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("chars", sa.Integer(), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("at", _when(), nullable=False),
        sa.CheckConstraint("kind IN ('paste', 'leave')", name=op.f("ck_integrity_events_kind")),
        _interview_fk("integrity_events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrity_events")),
    )
    op.create_index(op.f("ix_integrity_events_interview_id"), "integrity_events", ["interview_id"])
    op.create_table(
        "erasures",
        sa.Column("interview_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("at", _when(), nullable=False),
        sa.CheckConstraint("reason IN ('request', 'retention')", name=op.f("ck_erasures_reason")),
        _interview_fk("erasures"),
        sa.PrimaryKeyConstraint("interview_id", name=op.f("pk_erasures")),
    )


def downgrade() -> None:
    op.drop_table("erasures")
    op.drop_index(op.f("ix_integrity_events_interview_id"), table_name="integrity_events")
    op.drop_table("integrity_events")
    op.drop_table("accommodations")
    op.drop_table("organisation_policies")
