"""Build an InterviewService from settings: the configured scorer and, with an LLM, its phraser.

The CLI and the web app both build their service here, so an interview behaves the same
whichever door the candidate came through.
"""

from __future__ import annotations

from panelist.catalog.loader import Catalog
from panelist.config import Settings
from panelist.llm.cost import Ledger
from panelist.llm.guard import CallObserver
from panelist.llm.wiring import interviewer_phraser
from panelist.scoring.llm_judge import build_judge
from panelist.scoring.registry import get_scorer
from panelist.scoring.types import Scorer
from panelist.service.interviews import InterviewService
from panelist.storage.repository import InterviewRepository


def scorer_for(
    settings: Settings,
    *,
    llm_observer: CallObserver | None = None,
    ledger: Ledger | None = None,
) -> Scorer:
    """``settings.scorer`` built through the registry; the LLM judge reports its calls."""
    if settings.scorer == "llm":
        return build_judge(settings, observer=llm_observer, ledger=ledger)
    return get_scorer(settings.scorer, settings)


def build_service(
    settings: Settings,
    catalog: Catalog,
    repository: InterviewRepository,
    *,
    llm_observer: CallObserver | None = None,
) -> InterviewService:
    """The service with ``settings.scorer`` and the LLM interviewer when one is configured;
    both share one ledger, so an interview's LLM budget and usage count every call."""
    ledger = Ledger()
    return InterviewService(
        settings,
        catalog,
        repository,
        scorer_for(settings, llm_observer=llm_observer, ledger=ledger),
        phraser=interviewer_phraser(settings, observer=llm_observer, ledger=ledger),
        llm_ledger=ledger,
    )
