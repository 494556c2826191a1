"""A platform engineer's interview run by hand (issue 12): a story told in one project answer
is not asked for again, and pointing the next project question at it ("That was the one I
just described") counts what it said there. The words are the ones typed in the terminal."""

from __future__ import annotations

import pytest
from interview_driver import Interview, hand_plan, said

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.exchange import already_said, refers_back
from panelist.interview.role_answers import on_call_yes_no
from panelist.interview.state import TurnRole

INTRO = (
    "Hi, I'm Tomás. I've been a platform engineer at a mid-size payments startup, Cobrix, for "
    "about three years. The thing I'm proudest of is our CI runners: builds used to queue for "
    "20 minutes at peak because we had a fixed pool of eight VMs. I moved them to autoscaled "
    "Kubernetes pods with a warm pool of two, and the p90 queue time went down to under a minute."
)
SIGNALS = (
    "We had a Grafana dashboard with queue time and job success rate, and an alert if the queue "
    "was over five minutes for ten minutes. The time it failed us was when a node image update "
    "broke Docker-in-Docker: jobs started fine, so queue time looked great, but every build "
    "failed after about 40 seconds. Developers told us in Slack before any alert did. After "
    "that I added an alert on the failure rate of a canary pipeline that we run every five "
    "minutes, so a broken runner shows up as a red canary, not as a happy queue."
)
THE_SAME_BREAK = (
    "That was the Docker-in-Docker one I just described. In the first hour I rolled the node "
    "pool back to the previous image, which took about fifteen minutes because we had to drain "
    "the nodes, and I posted in the engineering channel that builds started before 10:40 should "
    "be retried. Afterwards we pinned the node image version in Terraform and put image updates "
    "through the canary pipeline on one node first."
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_who_told_them_is_how_it_was_detected() -> None:
    probe = "How did you find out it was broken, and how long after it started?"
    assert already_said(probe, "Developers told us in Slack before any alert did.")
    assert already_said(probe, "A developer posted in the platform channel twenty minutes in.")
    assert already_said(
        probe,
        "We saw it on the latency dashboard after a customer support lead asked why search felt "
        "slow, maybe half an hour in.",
    )
    assert not already_said(probe, "We rolled the node pool back to the previous image.")


def test_a_proof_already_named_is_when_they_are_done() -> None:
    probe = "Let me follow up: when exactly can you tell the CISO you are done?"
    assert already_said(
        probe, "For proof I'd rerun Trivy across the registry and check it's clean."
    )
    assert not already_said(probe, "We'd rerun the pipeline for every service overnight.")


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("That was the Docker-in-Docker one I just described.", True),
        ("As I said, the canary caught the next one.", True),
        ("It was the same incident: the node image.", True),
        ("I mentioned the warm pool earlier.", True),
        ("The outage we talked about is the one.", True),
        ("We described the runbook in the postmortem for support.", False),
        ("In the first hour I rolled the node pool back.", False),
    ],
)
def test_an_answer_pointing_at_a_story_already_told(text: str, back: bool) -> None:
    assert refers_back(text) is back


def interview_on(catalog: Catalog) -> Interview:
    plan = hand_plan(
        catalog, "proj.knowing-it-was-healthy", "proj.production-failure", role="PLAT.GEN.P3"
    )
    interview = Interview(catalog, plan, candidate="Tomás Ortega")
    interview.act(INTRO)
    return interview


def symptom_quoted(interview: Interview, answer: str, told: str) -> str | None:
    """What the exchange of ``answer`` quotes for the symptom, when it quotes ``told``."""
    (turn,) = [t for t in interview.state.turns if t.text == answer]
    score = turn.score_obj()
    assert score is not None
    hits = [h for h in score.key_points_hit if h.key_point == "specific-symptom"]
    (earlier,) = [t for t in interview.state.turns if t.text == told]
    if not hits or hits[0].evidence[0].turn_id != earlier.id:
        return None
    return earlier.text[hits[0].evidence[0].start : hits[0].evidence[0].end]


def test_a_failure_already_told_is_asked_about_not_asked_for(catalog: Catalog) -> None:
    interview = interview_on(catalog)
    (question,) = said(interview.act(SIGNALS))[-1:]
    # "Tell me about a time something in the CI runners broke ... How was it detected" was
    # asked right after the break and how developers reported it had been told; and "After
    # that I added an alert on the failure rate of a canary pipeline" is what changed
    # afterwards, so that is not asked for either
    assert question == (
        TurnRole.QUESTION,
        "Staying with the failure you described: what did you do in the first hour?",
    )
    answer = THE_SAME_BREAK.replace("That was the Docker-in-Docker one I just described. ", "")
    reply = said(interview.act(answer))
    assert TurnRole.FOLLOW_UP not in [role for role, _ in reply]
    quoted = symptom_quoted(interview, answer, SIGNALS)
    assert quoted is not None and "every build failed after about 40 seconds" in quoted


# the same story, told without saying it broke: the question is asked whole
SIGNALS_PLAIN = SIGNALS.replace(
    "The time it failed us was when a node image update broke Docker-in-Docker",
    "A node image update left Docker-in-Docker unusable",
)


def test_the_story_pointed_at_counts_for_the_next_project_question(catalog: Catalog) -> None:
    interview = interview_on(catalog)
    (question,) = said(interview.act(SIGNALS_PLAIN))[-1:]
    assert question[1].startswith("Tell me about a time something in your CI runners broke")
    interview.act(THE_SAME_BREAK)
    quoted = symptom_quoted(interview, THE_SAME_BREAK, SIGNALS_PLAIN)
    assert quoted is not None and "every build failed after about 40 seconds" in quoted


def test_without_pointing_back_each_project_answer_stands_on_its_own(catalog: Catalog) -> None:
    interview = interview_on(catalog)
    interview.act(SIGNALS_PLAIN)
    alone = THE_SAME_BREAK.replace("That was the Docker-in-Docker one I just described. ", "")
    interview.act(alone)
    assert symptom_quoted(interview, alone, SIGNALS_PLAIN) is None


def test_the_data_brought_to_a_disagreement_is_not_asked_for_again() -> None:
    probe = "What did you bring to the discussion besides your opinion?"
    told = (
        "I didn't argue in the meeting, I wrote down the three incidents from the last quarter "
        "that came from plugin updates and how long each took to fix, and showed him."
    )
    assert already_said(probe, told)
    assert already_said(probe, "I showed them the incident numbers from the last two months.")
    assert not already_said(probe, "My experience, I've seen this fail before elsewhere.")
    assert not already_said(probe, "I took it to my manager and we talked it through.")


def test_the_other_sides_reason_told_is_not_asked_for_again() -> None:
    probe = "What was the strongest argument on their side?"
    told = (
        "my lead wanted to keep updating client plugins directly on production because staging "
        "copies take time to refresh."
    )
    assert already_said(probe, told)
    assert already_said(probe, "Their concern was that a second region doubles the bill.")
    assert not already_said(probe, "My lead wanted to keep updating plugins on production.")


def test_a_request_followed_through_its_hops_is_not_asked_for_again() -> None:
    probe = "Follow one request from the user to the database and back. What does it touch?"
    told = (
        "The search request comes into Django, we check Redis for the hotel metadata first, "
        "and then we fan out to the three partner APIs with asyncio and httpx."
    )
    assert already_said(probe, told)
    assert not already_said(probe, "We use Django, Redis and three partner APIs.")


def test_stopping_the_bleeding_in_the_first_hour_is_what_they_did_first() -> None:
    probe = "Let me follow up: what did you do first - fix the cause or stop the bleeding? Why?"
    told = (
        "In the first hour I lowered that partner's budget to 800 ms with a feature flag so "
        "search was fast again without them."
    )
    assert already_said(probe, told)
    assert not already_said(probe, "Latency went up for about half an hour.")


def test_a_junior_asking_whether_they_would_be_on_call_hears_yes(catalog: Catalog) -> None:
    # the P2 profile's duty "Respond to alerts and routine incidents during on-call shifts
    # with a secondary" was answered "The role profile doesn't say whether there's an on-call
    # rota for this role"
    text, yes = on_call_yes_no(catalog.roles["SRES.GEN.P2"])
    assert yes and text.startswith("Yes: the role profile says the role is to respond to alerts")
    assert "doesn't say" not in text
    text, yes = on_call_yes_no(catalog.roles["SWEB.GEN.P3"])  # "..., including on-call"
    assert yes and "including on-call" in text


ZOMBIE_FIRST = (
    "A zombie is a process that has finished but its parent hasn't read its exit status yet, so "
    "it stays in the process table. kill -9 doesn't help because it's already dead, there's "
    "nothing left to kill. I think the fix is to restart the container, and maybe add more "
    "memory so it doesn't run out."
)
WAIT_REPLY = (
    "It should call wait on its children when they exit, usually in a SIGCHLD handler. In a "
    "container you can also run something like tini as PID 1 so orphans get reaped."
)


def test_the_reply_to_a_follow_up_is_acknowledged_by_what_it_asked_for(catalog: Catalog) -> None:
    interview = Interview(
        catalog, hand_plan(catalog, "os.zombie-processes", role="PLAT.GEN.P3"), candidate="Tomás"
    )
    interview.act(INTRO)
    (follow_up,) = said(interview.act(ZOMBIE_FIRST))[-1:]
    assert follow_up[1].endswith(
        "what must the parent process do in its code to stop creating zombies?"
    )
    (thanks, *_) = said(interview.act(WAIT_REPLY))
    # it quoted "In a container you can also run something like tini as PID 1" as the answer
    assert thanks[0] is TurnRole.ACKNOWLEDGEMENT
    assert "It should call wait on its children" in thanks[1] and "tini" not in thanks[1]
