"""The notice a candidate reads before consenting (NYC LL 144 notice, AI Act Art. 26(11)).

Built from the interview's plan (what is assessed), the organisation's policy (retention, its
own paragraph, whom to ask for an alternative or an accommodation) and any accommodation
already granted. Every candidate sees every part; only the organisation's paragraph and contact
vary.
"""

from __future__ import annotations

from pydantic import BaseModel

from panelist.catalog.loader import Catalog
from panelist.interview.state import InterviewState
from panelist.storage.accommodations import Accommodation
from panelist.storage.policies import Policy

INTEGRITY_DISCLOSURE = (
    "While you answer, panelist records two things: when you paste text into the answer box "
    "(how many characters) and when you leave the interview page (for how long). Reviewers see "
    "them as information next to your answer; they never change a score."
)
NEVER = (
    "Nothing analyses your face, voice, tone, emotions or personality: only the words of your "
    "answers are assessed."
)


class Notice(BaseModel):
    company: str
    competencies: list[str]  # what is assessed, by name
    retention_months: int
    contact: str | None
    organisation_text: str | None
    extra_time_factor: float | None  # granted, when > 1
    minutes: int


def notice_for(
    state: InterviewState,
    catalog: Catalog,
    policy: Policy,
    accommodation: Accommodation | None,
    *,
    company: str,
) -> Notice:
    assessed: dict[str, str] = {}
    for item in state.plan.items:
        for competency_id in item.competencies:
            competency = catalog.competencies.get(competency_id)
            assessed.setdefault(competency_id, competency.name if competency else competency_id)
    granted = accommodation.extra_time_factor if accommodation else None
    return Notice(
        company=company,
        competencies=list(assessed.values()),
        retention_months=policy.retention_months,
        contact=policy.contact,
        organisation_text=policy.notice_text,
        extra_time_factor=granted if granted and granted > 1 else None,
        minutes=round(state.plan.budget_minutes),
    )
