"""The contradictions a simulated candidate says on purpose, so a benchmark can label them.

Only the bluffer plants any (:func:`panelist.candidates.answers.bluff`, the bluffer's intro
and its reply to "how do those fit together?"): a tool its intro says all alerting ran on and
later says it never ran, a project it says it led end to end and later says it joined after,
and one change said alone to cut MTTR by more than the intro's whole cut. An answer truly
contradicts an earlier one when it says one side of a pair and an earlier answer the other;
every other contradiction flag on a simulated interview is a false one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from panelist.candidates.personas import Persona

_WHOLE_CUT = re.compile(r"\bI cut MTTR by (\d+)% single-handedly", re.I)
_SHARE_CUT = re.compile(r"\bThat alone cut MTTR by (\d+)%", re.I)


def planted_pairs(persona: Persona) -> tuple[tuple[str, str], ...]:
    """Pairs of statements of ``persona`` that cannot both be true, as the simulator says them."""
    tool, rival, project = persona.tools.metrics, persona.tools.rival, persona.project.name
    return (
        (f"all our alerting ran on {tool}", f"we never ran {tool}"),
        (f"we never ran {tool}", f"we used {tool} and {rival} everywhere"),
        (f"I led {project} end to end", f"I joined after {project} was already done"),
    )


def contradicts_planted(persona: Persona, answer: str, earlier: Sequence[str]) -> bool:
    """Whether ``answer`` says one side of a planted contradiction that ``earlier`` said the
    other side of."""
    said = answer.lower()
    before = " ".join(earlier).lower()
    for first, second in planted_pairs(persona):
        one, other = first.lower(), second.lower()
        if (other in said and one in before) or (one in said and other in before):
            return True
    wholes = [int(m.group(1)) for m in _WHOLE_CUT.finditer(" ".join(earlier))]
    shares = [int(m.group(1)) for m in _SHARE_CUT.finditer(answer)]
    return any(share > whole for share in shares for whole in wholes)
