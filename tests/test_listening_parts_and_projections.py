"""A hand-run P5 interview (issue 12) that put a false contradiction to the candidate: "Help me
picture it correctly: you mentioned “about 40 services, 3 regions”, and just now “We drained
us-east and the other two regions took the traffic fine on paper”. Could you say how the two
relate?" The other two regions are what is left of three, and "the trend line crossed 6 minutes
at around 150 services" is a point on a projection, not the platform's size. Driven through the
engine with the embedded scorer, as the terminal drives it, with the words that were said."""

from __future__ import annotations

import pytest
from interview_driver import Interview, hand_plan

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.state import Speaker, TurnRole
from panelist.reports.builder import build_report
from panelist.reports.text import render_text
from panelist.scoring.types import Flag

INTRO = (
    "Hey, I'm Marco. Twelve years in operations and SRE, currently principal SRE at a streaming "
    "company where I look after the playback platform - about 40 services, 3 regions. The "
    "piece I'd pick is our regional failover: before it, losing us-east meant a 2-hour manual "
    "scramble; now we drain a region in about 6 minutes and we drill it monthly."
)
DRILL = (
    "Yeah, so, the first real drill went sideways. We drained us-east and the other two regions "
    "took the traffic fine on paper, but our session service had a hard-coded connection limit "
    "per pod, so eu-west started shedding logins - about 8% of play starts failed for twenty "
    "minutes. We saw it on the play-start success SLO, burn-rate page fired within 4 minutes. "
    "First hour: I called the drill off, undrained us-east, and confirmed play starts recovered. "
    "Afterwards we made connection limits scale with the pod count, added a capacity check to "
    "the drain runbook that refuses to drain unless the remaining regions have 40% headroom, and "
    "we now run the drill at low traffic first."
)
SAME_THING = (
    "Same thing - we run in three regions, and when we drain one of them the other two take its "
    "traffic."
)
DRAIN_CONTROLLER = (
    "The drain controller itself. It reconciles every region's weights in one loop against a "
    "single Postgres table, and at 10x the number of services - we were heading from 40 to a "
    "few hundred with the microservices push - a full reconcile would have taken longer than the "
    "6 minutes we promise. We knew because we load-tested it with 400 synthetic services: "
    "reconcile time went from 20 seconds to about 9 minutes. That part was mine: I split the "
    "reconcile per region and per service tier so critical services drain first, and we got it "
    "back to under 2 minutes at 400. The team owned the data model change."
)
BUSIEST_HOUR = (
    "At our busiest hour, the Sunday evening peak, a reconcile took about 2 and a half minutes "
    "with 60 services, so we had headroom, but the trend line crossed 6 minutes at around 150 "
    "services. We watched reconcile duration as a metric with an alert at 4 minutes."
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_the_remaining_regions_and_a_projected_count_raise_no_contradiction(
    catalog: Catalog,
) -> None:
    plan = hand_plan(catalog, "proj.production-failure", "proj.breaking-point", role="SRES.GEN.P5")
    interview = Interview(catalog, plan, candidate="Marco Bianchi")
    interview.act(INTRO)
    interview.act(DRILL)
    if interview.state.turns[-1].role is TurnRole.FOLLOW_UP:
        interview.act(SAME_THING)  # the candidate's own "how the two relate", told unasked
    interview.act(DRAIN_CONTROLLER)
    if interview.state.turns[-1].role is TurnRole.FOLLOW_UP:
        interview.act(BUSIEST_HOUR)

    told = [t.text for t in interview.state.turns if t.speaker is Speaker.CANDIDATE]
    assert DRILL in told and DRAIN_CONTROLLER in told
    asked = [t for t in interview.state.turns if t.role is TurnRole.FOLLOW_UP]
    assert not [t.text for t in asked if t.why == "contradiction"]
    assert not any("how the two relate" in t.text for t in asked)
    flagged = [
        (t.text[:60], f.detail)
        for t in interview.state.turns
        if (score := t.score_obj()) is not None
        for f in score.flags
        if f.flag is Flag.CONTRADICTION
    ]
    assert flagged == []
    text = render_text(build_report(interview.state, catalog))
    assert "Contradiction" not in text and "contradiction" not in text.lower()
