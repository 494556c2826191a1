"""Which catalog an interview uses: the built-in one with its organisation's items over it.

A new interview is planned from the built-in catalog and the newest *live* version of each of
its organisation's roles and questions (:meth:`OrgCatalogs.current`). The versions it was
planned with are pinned in the interview (``state.catalog_pin``, see :func:`pin`), and
every later step, score and report of that interview uses exactly those versions
(:meth:`OrgCatalogs.for_interview`), so an edit never changes a past interview.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from panelist.catalog.loader import Catalog
from panelist.catalog.models import Question, RoleProfile
from panelist.errors import NotFoundError
from panelist.interview.state import CatalogPin, InterviewState
from panelist.storage.org_catalog import ItemVersion, OrgCatalogStore


def pin(state: InterviewState, catalog: Catalog, organisation_id: str | None) -> None:
    """Record in ``state`` the organisation and the item versions ``catalog`` holds."""
    if catalog.versions and organisation_id is not None:
        state.catalog_pin = CatalogPin(
            organisation_id=organisation_id, versions=dict(sorted(catalog.versions.items()))
        )


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
    """Catalogs per organisation, over one built-in (or configured) base catalog.

    A catalog is built once per set of item versions and kept (versions never change), so a
    request costs one query for the organisation's versions, not a validation of each item.
    """

    CACHED = 128

    def __init__(self, base: Catalog, store: OrgCatalogStore) -> None:
        self.base = base
        self.store = store
        self._built: OrderedDict[tuple[str, frozenset[tuple[str, str, int]]], Catalog] = (
            OrderedDict()
        )
        self._lock = threading.Lock()  # requests run on a thread pool

    def current(self, organisation_id: str | None) -> Catalog:
        """What a new interview of ``organisation_id`` is planned from."""
        if organisation_id is None:
            return self.base
        return self._with(organisation_id, self.store.latest(organisation_id, live_only=True))

    def authoring(self, organisation_id: str) -> Catalog:
        """The base with the newest version of each organisation item, drafts included: what
        an author calibrates and checks before a draft goes live."""
        return self._with(organisation_id, self.store.latest(organisation_id))

    def for_interview(self, state: InterviewState) -> Catalog:
        """The catalog ``state`` was planned with: the base and the versions it pinned."""
        pinned = state.catalog_pin
        if pinned is None or not pinned.versions:
            return self.base
        organisation_id = pinned.organisation_id
        stored = {
            (f"{v.kind}:{v.item_id}", v.version): v for v in self.store.versions(organisation_id)
        }
        wanted: list[ItemVersion] = []
        for key, version in pinned.versions.items():
            found = stored.get((key, version))
            if found is None:
                raise NotFoundError(
                    f"Interview {state.id} was planned with {key} v{version}, which its "
                    "organisation no longer has.",
                    hint="Versions are never deleted by panelist: restore the database backup.",
                )
            wanted.append(found)
        return self._with(organisation_id, wanted)

    def _with(self, organisation_id: str, versions: list[ItemVersion]) -> Catalog:
        if not versions:
            return self.base
        key = (organisation_id, frozenset((v.kind, v.item_id, v.version) for v in versions))
        with self._lock:
            built = self._built.get(key)
            if built is not None:
                self._built.move_to_end(key)
                return built
        built = extend(self.base, versions, organisation_id)
        with self._lock:
            self._built[key] = built
            while len(self._built) > self.CACHED:
                self._built.popitem(last=False)
        return built
