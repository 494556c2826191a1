"""Organisation catalogs: versioned roles and questions, and authors' calibration grades.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "org_catalog_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("document", JSON_DOCUMENT, nullable=False),
        sa.Column("author", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('role', 'question')", name=op.f("ck_org_catalog_versions_kind")
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'live')", name=op.f("ck_org_catalog_versions_status")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_org_catalog_versions_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_catalog_versions")),
        sa.UniqueConstraint(
            "organisation_id", "kind", "item_id", "version", name="uq_org_catalog_versions_item"
        ),
    )
    op.create_index(
        op.f("ix_org_catalog_versions_organisation_id"),
        "org_catalog_versions",
        ["organisation_id"],
    )
    op.create_table(
        "org_calibration_grades",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("question_id", sa.String(length=120), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("grade BETWEEN 1 AND 5", name=op.f("ck_org_calibration_grades_grade")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_org_calibration_grades_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_calibration_grades")),
    )
    op.create_index(
        "ix_org_calibration_grades_question",
        "org_calibration_grades",
        ["organisation_id", "question_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_org_calibration_grades_question", table_name="org_calibration_grades")
    op.drop_table("org_calibration_grades")
    op.drop_index(
        op.f("ix_org_catalog_versions_organisation_id"), table_name="org_catalog_versions"
    )
    op.drop_table("org_catalog_versions")
