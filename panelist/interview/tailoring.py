"""What a job description and a pasted résumé change in an interview plan.

* :func:`jd_emphasis`: the competencies a job description stresses. Each competency is read
  as a small document (its name, definition and indicators, and the topics of the questions
  that evidence it first); a JD word counts for a competency by how distinctive it is among
  the competencies (a word every competency uses counts for nothing). The competencies whose
  score reaches :data:`STRESS_SHARE` of the best, at most :data:`MAX_STRESSED`, are weighted
  up by :data:`STRESS_BONUS`.
* :func:`topic_words`: the JD words naming a question's topic (the planner prefers it).
* :func:`resume_highlights`: the candidate's named projects (the noun phrases the intro
  reader finds, :func:`panelist.interview.utterances.project_topic`) and tools
  (:func:`panelist.scoring.tools.tool_uses`, uses only), and the opening the first project
  question puts to the candidate. The résumé text itself is not kept, so no scorer sees it.

Pure: no I/O.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from panelist.catalog.loader import Catalog
from panelist.catalog.matching import words
from panelist.catalog.models import Question, RoleProfile
from panelist.interview.state import Emphasis, ResumeHighlights
from panelist.interview.utterances import project_topic
from panelist.scoring.tools import ToolUse, tool_uses

STRESS_BONUS = 0.5  # a stressed competency weighs this share more
STRESS_SHARE = 0.5  # of the best competency's score
MIN_STRESS = 3.0  # a score below this stresses nothing (a JD that says little)
MAX_STRESSED = 3
MAX_EVIDENCE = 5
MAX_RESUME_CHARS = 20_000
_REPEAT_CAP = 3  # a word said more often than this counts as said this often
_NOT_USED = frozenset({"never", "mention"})  # tool stances that are not the candidate's use
SKILL_LIST_TOOLS = 2  # a line naming this many tools and nothing else is a skills list
_LED = re.compile(
    r"\b(led|built|designed|ran|owned|migrated|rebuilt|rewrote|launched|rolled out|created|"
    r"developed|implemented|automated|introduced|scaled|set up|redesigned|replaced|shipped)\b",
    re.IGNORECASE,
)


def jd_emphasis(catalog: Catalog, role: RoleProfile, job_description: str) -> list[Emphasis]:
    """The role's competencies the job description stresses, strongest first."""
    documents = {
        c: Counter(words(_competency_text(catalog, c))) for c in role.interview.competencies
    }
    if not documents:
        return []
    frequency = Counter(w for doc in documents.values() for w in doc)
    idf = {w: math.log(len(documents) / n) for w, n in frequency.items()}
    said = Counter(words(job_description))
    scores: dict[str, tuple[float, list[str]]] = {}
    for competency, doc in documents.items():
        shared = [w for w in said if w in doc and idf[w] > 0]
        shared.sort(key=lambda w: -idf[w] * min(said[w], _REPEAT_CAP))
        score = sum(idf[w] * min(said[w], _REPEAT_CAP) for w in shared)
        scores[competency] = (score, shared[:MAX_EVIDENCE])
    best = max(score for score, _ in scores.values())
    if best < MIN_STRESS:
        return []
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))
    out = []
    for competency, (score, evidence) in ranked[:MAX_STRESSED]:
        if score < STRESS_SHARE * best:
            break
        base = role.interview.weights.get(competency, 1.0)
        out.append(
            Emphasis(
                competency=competency,
                base_weight=base,
                weight=round(base * (1 + STRESS_BONUS), 3),
                evidence=evidence,
            )
        )
    return out


def topic_words(question: Question, job_description: str) -> list[str]:
    """The job description's words that name ``question``'s topic."""
    said = set(words(job_description))
    return [w for w in dict.fromkeys(words(question.topic)) if w in said and len(w) > 3]


def resume_highlights(resume: str) -> ResumeHighlights:
    """The projects and tools a résumé names, and how to open the deep-dive on the first."""
    text = resume[:MAX_RESUME_CHARS]
    projects: list[str] = []
    opening = None
    for line in re.split(r"[\n\r]+|(?<=[.!?;])\s+|\s+[•·]\s+", text):
        line = line.strip(" -*•·\t")
        topic = project_topic(line) if line else None
        if topic is None or topic.lower() in (p.lower() for p in projects):
            continue
        projects.append(topic)
        if opening is None:
            verb = _LED.search(line)
            opening = (
                f"You {verb.group(1).lower()} {topic}"
                if verb is not None
                else f"Your résumé names {topic}"
            )
    uses = tool_uses(text)
    tools = list(dict.fromkeys(u.tool for u in uses if _used(text, u, uses)))
    return ResumeHighlights(projects=projects, tools=tools, opening=opening)


def _used(text: str, use: ToolUse, uses: Sequence[ToolUse]) -> bool:
    """The résumé says the candidate used the tool: a clause that uses it, or a skills line of
    names only ("Kubernetes, Terraform, Python."), which in an answer would be a remark about
    the tools and not a use."""
    if use.stance == "mention":
        clause = text[use.clause[0] : use.clause[1]]
        names = re.findall(r"[A-Za-z][\w+#.-]*", clause)
        listed = sum(u.clause == use.clause for u in uses) >= SKILL_LIST_TOOLS
        return listed and all(name[0].isupper() for name in names)
    return use.stance not in _NOT_USED


def _competency_text(catalog: Catalog, competency_id: str) -> str:
    competency = catalog.competencies.get(competency_id)
    parts = [competency_id.replace("_", " ")]
    if competency is not None:
        parts += [competency.name, competency.definition]
        parts += [line for lines in competency.indicators.values() for line in lines]
    parts += [
        q.topic
        for q in catalog.questions.values()
        if q.scored and q.competencies and q.competencies[0] == competency_id
    ]
    return " ".join(parts)
