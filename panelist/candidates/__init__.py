"""Simulated candidates by quality profile, for demos, tests and evaluation.

>>> candidate = simulated_candidate("strong", seed=1, catalog=load_catalog())
>>> candidate.reply(interviewer_turn, state)   # a deterministic answer to that turn
"""

from __future__ import annotations

from panelist.candidates.personas import Persona, Project
from panelist.candidates.profiles import PROFILES, Profile, Style
from panelist.candidates.simulated import Candidate, SimulatedCandidate, simulated_candidate

__all__ = [
    "PROFILES",
    "Candidate",
    "Persona",
    "Profile",
    "Project",
    "SimulatedCandidate",
    "Style",
    "simulated_candidate",
]
