"""Which catalog an interview uses: the built-in one with its organisation's items over it.

A new interview is planned from the built-in catalog and the newest *live* version of each of
its organisation's roles and questions (:meth:`OrgCatalogs.current`). The versions it was
planned with are pinned in the interview (``state.notes["catalog"]``, see :func:`pin`), and
every later step, score and report of that interview uses exactly those versions
(:meth:`OrgCatalogs.for_interview`), so an edit never changes a past interview.
"""

from __future__ import annotations

from typing import Any

from panelist.catalog.documents import ItemKind
from panelist.catalog.loader import Catalog
from panelist.catalog.models import Question, RoleProfile
from panelist.interview.state import InterviewState
from panelist.storage.org_catalog import ItemVersion, OrgCatalogStore

PIN_NOTE = "catalog"


def pin(state: InterviewState, catalog: Catalog, organisation_id: str | None) -> None:
    """Record in ``state`` the organisation and the item versions ``catalog`` holds."""
    if catalog.versions:
        state.notes[PIN_NOTE] = {
            "organisation_id": organisation_id,
            "versions": dict(sorted(catalog.versions.items())),
        }


def pinned_versions(state: InterviewState) -> tuple[str | None, dict[str, int]]:
    """The organisation and ``{"question:ID": version}`` an interview pinned (none: built-in)."""
    note: Any = state.notes.get(PIN_NOTE) or {}
    versions = {str(k): int(v) for k, v in (note.get("versions") or {}).items()}
    return note.get("organisation_id"), versions


def extend(base: Catalog, versions: list[ItemVersion], organisation_id: str) -> Catalog:
    """``base`` with the given item versions over it."""
    roles = [
        (RoleProfile.model_validate(v.document), v.version) for v in versions if v.kind == "role"
    ]
    questions = [
        (Question.model_validate(v.document), v.version) for v in versions if v.kind == "question"
    ]
    return base.extended(roles, questions, origin=f"org:{organisation_id}")


class OrgCatalogs:
    """Catalogs per organisation, over one built-in (or configured) base catalog."""

    def __init__(self, base: Catalog, store: OrgCatalogStore) -> None:
        self.base = base
        self.store = store

    def current(self, organisation_id: str | None) -> Catalog:
        """What a new interview of ``organisation_id`` is planned from."""
        if organisation_id is None:
            return self.base
        live = self.store.latest(organisation_id, live_only=True)
        return extend(self.base, live, organisation_id) if live else self.base

    def authoring(self, organisation_id: str) -> Catalog:
        """The base with the newest version of each organisation item, drafts included: what
        an author calibrates and checks before a draft goes live."""
        newest = self.store.latest(organisation_id)
        return extend(self.base, newest, organisation_id) if newest else self.base

    def for_interview(self, state: InterviewState) -> Catalog:
        """The catalog ``state`` was planned with: the base and the versions it pinned."""
        organisation_id, versions = pinned_versions(state)
        if organisation_id is None or not versions:
            return self.base
        wanted: list[ItemVersion] = []
        for key, version in versions.items():
            kind, item_id = key.split(":", 1)
            item_kind: ItemKind = "role" if kind == "role" else "question"
            wanted.append(self.store.get(organisation_id, item_kind, item_id, version))
        return extend(self.base, wanted, organisation_id)
