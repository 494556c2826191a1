"""Build an InterviewService from settings: the configured scorer and, with an LLM, its phraser.

The CLI and the web app both build their service here, so an interview behaves the same
whichever door the candidate came through.
"""

from __future__ import annotations

from panelist.catalog.loader import Catalog
from panelist.config import Settings
from panelist.llm.guard import CallObserver
from panelist.llm.wiring import interviewer_phraser
from panelist.scoring.registry import get_scorer
from panelist.service.interviews import InterviewService
from panelist.storage.repository import InterviewRepository


def build_service(
    settings: Settings,
    catalog: Catalog,
    repository: InterviewRepository,
    *,
    llm_observer: CallObserver | None = None,
) -> InterviewService:
    """The service with ``settings.scorer`` and the LLM interviewer when one is configured."""
    return InterviewService(
        settings,
        catalog,
        repository,
        get_scorer(settings.scorer, settings),
        phraser=interviewer_phraser(settings, observer=llm_observer),
    )
