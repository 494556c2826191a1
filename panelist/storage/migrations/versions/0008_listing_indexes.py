"""Indexes for listing and searching interviews at 100,000 rows and more.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Keyset pages walk an index in page order, one per filter (none, organisation, status, both).
The newest-first indexes carry the candidate's name and e-mail so SQLite can test a search
without reading each row; PostgreSQL gets pg_trgm GIN indexes for the same substring search
(pg_trgm is a trusted extension: the database owner can create it), and SQLite an FTS5
trigram table kept in step by triggers (``interviews_search``; tests check the triggers are
there at head, since a batch migration that rebuilds ``interviews`` would drop them).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTED = ["candidate_name", "candidate_email"]
PAGED = {
    "ix_interviews_newest": ["created_at", "id", *LISTED],
    "ix_interviews_organisation_newest": ["organisation_id", "created_at", "id", *LISTED],
    "ix_interviews_status_newest": ["status", "created_at", "id"],
    "ix_interviews_organisation_status_newest": ["organisation_id", "status", "created_at", "id"],
}
REPLACED = {
    "ix_interviews_created_at": ["created_at"],
    "ix_interviews_status": ["status"],
    "ix_interviews_organisation_id": ["organisation_id"],
}


SEARCH_TABLE = "interviews_search"
SEARCH_ROW = "(interview_id, candidate_name, candidate_email)"
SEARCH_VALUES = "(new.id, new.candidate_name, coalesce(new.candidate_email, ''))"
SQLITE_SEARCH = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(interview_id UNINDEXED, candidate_name, "
    "candidate_email, tokenize='trigram')",
    f"INSERT INTO {SEARCH_TABLE} {SEARCH_ROW} "
    "SELECT id, candidate_name, coalesce(candidate_email, '') FROM interviews",
    f"CREATE TRIGGER {SEARCH_TABLE}_insert AFTER INSERT ON interviews BEGIN "
    f"INSERT INTO {SEARCH_TABLE} {SEARCH_ROW} VALUES {SEARCH_VALUES}; END",
    f"CREATE TRIGGER {SEARCH_TABLE}_delete AFTER DELETE ON interviews BEGIN "
    f"DELETE FROM {SEARCH_TABLE} WHERE interview_id = old.id; END",
    f"CREATE TRIGGER {SEARCH_TABLE}_update AFTER UPDATE OF candidate_name, candidate_email "
    "ON interviews WHEN old.candidate_name IS NOT new.candidate_name "
    "OR old.candidate_email IS NOT new.candidate_email BEGIN "
    f"DELETE FROM {SEARCH_TABLE} WHERE interview_id = old.id; "
    f"INSERT INTO {SEARCH_TABLE} {SEARCH_ROW} VALUES {SEARCH_VALUES}; END",
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    for name, columns in PAGED.items():
        op.create_index(name, "interviews", columns)
    for name in REPLACED:
        op.drop_index(name, table_name="interviews")
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_SEARCH:
            op.execute(statement)
    if _postgres():
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in LISTED:
            op.create_index(
                f"ix_interviews_{column}_trgm",
                "interviews",
                [column],
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER {SEARCH_TABLE}_{trigger}")
        op.execute(f"DROP TABLE {SEARCH_TABLE}")
    if _postgres():
        for column in LISTED:
            op.drop_index(f"ix_interviews_{column}_trgm", table_name="interviews")
    for name, columns in REPLACED.items():
        op.create_index(name, "interviews", columns)
    for name in PAGED:
        op.drop_index(name, table_name="interviews")
