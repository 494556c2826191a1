"""Answer scoring: the Scorer contract, the embedded scorer, the registry and fallback."""

from __future__ import annotations

from panelist.scoring.embedded import SCORER_VERSION, EmbeddedScorer
from panelist.scoring.fallback import FallbackScorer
from panelist.scoring.registry import get_scorer, scorer_names

__all__ = ["SCORER_VERSION", "EmbeddedScorer", "FallbackScorer", "get_scorer", "scorer_names"]
