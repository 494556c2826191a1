"""Alembic environment and revisions of the panelist schema."""
