"""The wordings a P4 interview run by hand got wrong (issue 12), each as it was said, with
what panelist does now: the credit a sentence earns, what an acknowledgement may quote, and
a follow-up never asking for what the candidate has just said."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.engine import step
from panelist.interview.events import Answered, Say, Scored, ScoreRequested, Started
from panelist.interview.exchange import already_said
from panelist.interview.phrasing import clause_around, stands_alone
from panelist.interview.state import InterviewState, Plan, PlanItem, TurnRole
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.types import Evidence, InterviewContext, KeyPointHit, Score

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def credited(catalog: Catalog, question_id: str, answer: str) -> dict[str, str]:
    """Key point -> the words quoted for it, as the embedded scorer credits ``answer``."""
    question = catalog.question(question_id)
    score = EmbeddedScorer().score(answer, question, InterviewContext(prompt=question.text))
    return {h.key_point: h.evidence[0].text for h in score.key_points_hit}


# --------------------------------------------------------------------------- credit


def test_kill_9_doing_nothing_to_what_is_not_running_credits_no_kill(catalog: Catalog) -> None:
    answer = "kill -9 does nothing because there is nothing left running to kill."
    assert credited(catalog, "os.zombie-processes", answer)["no-kill"] == answer


@pytest.mark.parametrize(
    "answer",
    [
        "kill -9 removes them, so that is the first thing I run.",
        "I'd send kill -9 to each zombie until they are gone.",
    ],
)
def test_kill_9_said_to_work_does_not_credit_no_kill(catalog: Catalog, answer: str) -> None:
    assert "no-kill" not in credited(catalog, "os.zombie-processes", answer)


def test_the_other_sides_terms_and_following_up_are_credited(catalog: Catalog) -> None:
    """Said in the candidate's words, none of the catalog's phrases ("their terms", "reported
    back", "pages fell"): both points were missed."""
    answer = (
        "I pulled six months of incidents. I translated it into what they cared about: "
        "abandoned checkouts, about 300 a week. Once the fix shipped I went back to them with "
        "the numbers, and the on-call load had halved."
    )
    found = credited(catalog, "data.convince-with-numbers", answer)
    assert "abandoned checkouts" in found["their-terms"]
    assert "I went back to them with the numbers" in found["followed-up"]


def test_what_their_pm_cared_about_is_their_terms(catalog: Catalog) -> None:
    """The P4 run by hand: "missed: their terms" on this very sentence."""
    answer = (
        "I translated that into what their PM cared about: roughly 2,300 refunds handled by "
        "support and about 40 engineer hours of manual reconciliation."
    )
    assert "their-terms" in credited(catalog, "data.convince-with-numbers", answer)


def test_never_following_up_is_not_credited_as_following_up(catalog: Catalog) -> None:
    answer = (
        "I pulled six months of incidents for the product team. I never followed up with them "
        "after the budget meeting, which I regret."
    )
    assert "followed-up" not in credited(catalog, "data.convince-with-numbers", answer)


# --------------------------------------------------------------------------- quotes


@pytest.mark.parametrize(
    "piece", ["I'd find it", "If PIDs run out, I'd find it", "I think it was probably DNS"]
)
def test_an_acknowledgement_never_quotes_a_half_phrase_or_a_hedge(piece: str) -> None:
    assert not stands_alone(piece)
    text = f"First I'd list the processes. {piece}. Then the parent gets fixed."
    at = text.index(piece)
    assert clause_around(text, at, at + len(piece)) == ""


def test_a_whole_claim_is_still_quoted() -> None:
    text = "The parent has to reap its children with a SIGCHLD handler. That fixed it."
    assert (
        clause_around(text, 4, 10) == "The parent has to reap its children with a SIGCHLD handler"
    )


# --------------------------------------------------------------------------- follow-ups


def plan_item(catalog: Catalog, question_id: str) -> PlanItem:
    question = catalog.question(question_id)
    return PlanItem(
        question_id=question_id,
        kind=question.kind,
        competencies=list(question.competencies),
        minutes=question.time_budget_minutes,
        reason="test",
    )


def test_which_components_were_yours_is_not_asked_after_the_candidate_said_so(
    catalog: Catalog,
) -> None:
    ids = ["intro.reliability-story", "proj.scale-and-ownership", "close.thanks-next-steps"]
    plan = Plan(
        role_code="SRES.GEN.P4",
        level="P4",
        seed=3,
        budget_minutes=45.0,
        items=[plan_item(catalog, q) for q in ids],
    )
    state = InterviewState(
        id="iv", role_code="SRES.GEN.P4", level="P4", candidate_name="Dana Whitfield", plan=plan
    )
    state, _ = step(state, Started(T0), catalog)
    state, _ = step(
        state,
        Answered("a1", "I'm Dana; I run the CI platform.", T0 + timedelta(minutes=2)),
        catalog,
    )
    answer = (
        "A push starts GitHub Actions on self-hosted runners in EKS, images go to ECR and Argo "
        "CD deploys them. About 1,100 builds a day. I built the runner autoscaling and the "
        "shared workflow templates."
    )
    state, actions = step(state, Answered("a2", answer, T0 + timedelta(minutes=6)), catalog)
    assert any(isinstance(a, ScoreRequested) for a in actions)
    data_flow = "images go to ECR"
    at = answer.index(data_flow)
    score = Score(
        value=2.4,
        relevance=0.7,
        key_points_hit=[KeyPointHit("data-flow", [Evidence(data_flow, at, at + len(data_flow))])],
        key_points_missed=["own-part"],
        flags=[],
        confidence=0.8,
        scorer="test/1",
    )
    state, more = step(state, Scored("a2", score), catalog)
    said = [a.turn.text for a in more if isinstance(a, Say)]
    assert said, "panelist says something after the answer"
    assert not any("Which of those components were yours?" in s for s in said)
    assert not any(t.role is TurnRole.FOLLOW_UP and "yours" in t.text for t in state.turns)


def test_the_own_part_probe_still_comes_when_only_the_team_is_named() -> None:
    probe = "Which of those components were yours?"
    assert already_said(probe, "Also - I built the runner autoscaling and the workflow templates.")
    assert not already_said(probe, "The platform team ran Argo CD and the runner fleet.")
    decision = "Let me follow up: which part of that decision was yours personally?"
    said = "So I split the locations into their own Redis cluster with volatile-ttl eviction."
    assert already_said(decision, said)  # the P4 replay asked it right after this


# --------------------------------------------------------------------------- the exchange in the report


def test_a_growth_rate_read_off_a_graph_is_no_unsupported_claim() -> None:
    from panelist.scoring.flags import unsupported_claims

    said = "A bigger box only bought time, our location writes were growing 10% a month."
    assert unsupported_claims(said) == []
    assert unsupported_claims("We cut MTTR by 60% with the new runbooks.")


def test_a_claim_whose_baseline_the_follow_up_gave_is_not_flagged_in_the_report(
    catalog: Catalog,
) -> None:
    from panelist.reports.questions import build_entry, group_turns
    from panelist.scoring.types import Flag, FlagDetail

    ids = ["intro.reliability-story", "proj.hardest-decision", "close.thanks-next-steps"]
    plan = Plan(
        role_code="SRES.GEN.P4",
        level="P4",
        seed=3,
        budget_minutes=45.0,
        items=[plan_item(catalog, q) for q in ids],
    )
    state = InterviewState(
        id="iv", role_code="SRES.GEN.P4", level="P4", candidate_name="Priya Raman", plan=plan
    )
    state, _ = step(state, Started(T0), catalog)
    state, _ = step(state, Answered("a1", "I'm Priya, eight years an SRE.", T0), catalog)
    claim = "we cut Redis evictions by 90% with the split"
    first = f"I split the location data into its own Redis cluster, and {claim}."
    state, _ = step(state, Answered("a2", first, T0 + timedelta(minutes=5)), catalog)
    at = first.index(claim)
    flagged = Score(
        value=2.5,
        relevance=0.8,
        key_points_hit=[],
        key_points_missed=["measured-outcome"],
        flags=[
            FlagDetail(
                Flag.UNSUPPORTED_CLAIM,
                "A metric claim with no baseline or way it was measured: ask how it was measured.",
                [Evidence(claim, at, at + len(claim))],
            )
        ],
        confidence=0.8,
        scorer="test/1",
    )
    state, _ = step(state, Scored("a2", flagged), catalog)
    assert state.turns[-1].role is TurnRole.FOLLOW_UP  # "how was that measured?"
    backed = "On the Redis dashboard evictions went from about 4,000 a night to 400."
    state, _ = step(state, Answered("a3", backed, T0 + timedelta(minutes=7)), catalog)
    clean = Score(
        value=3.0,
        relevance=0.8,
        key_points_hit=[],
        key_points_missed=[],
        flags=[],
        confidence=0.8,
        scorer="test/1",
    )
    state, _ = step(state, Scored("a3", clean), catalog)

    (group,) = [g for g in group_turns(state) if g.question.question_id == "proj.hardest-decision"]
    assert [f.flag for f in build_entry(2, group, catalog, None).flags] == []


# --------------------------------------------------------------------------- the P5 run by hand

TRACKING = (
    "Scanners and truck units send events over HTTPS to an ingest service behind an ALB, about "
    "40,000 a second at peak. Ingest validates and writes to Kafka, twelve brokers per region. "
    "Go consumers read from Kafka and write to a Cassandra cluster of 36 nodes per region. The "
    "public tracking API reads from Cassandra with a Redis cache in front. The weak point was "
    "Cassandra: at peak we were at about 70% of read capacity."
)


@pytest.mark.parametrize(
    "probe",
    [
        "Follow one request from the user to the database and back. What does it touch?",
        "What would have broken first if traffic had doubled?",
    ],
)
def test_the_flow_and_the_weak_point_described_are_not_asked_for(probe: str) -> None:
    assert already_said(probe, TRACKING)
    assert not already_said(probe, "We had about 200 services on EKS and I owned the platform.")


def test_the_colleague_now_asking_for_reviews_is_the_relationship_afterwards(
    catalog: Catalog,
) -> None:
    answer = (
        "He accepted it, and we fixed the rebalance settings with cooperative sticky "
        "assignment. Funnily enough he now asks me to review his benchmarks."
    )
    found = credited(catalog, "data.settle-disagreement", answer)
    assert (
        found["outcome-relationship"] == "Funnily enough he now asks me to review his benchmarks."
    )


def test_two_questions_the_profile_does_not_cover_are_both_noted(catalog: Catalog) -> None:
    from panelist.interview.role_answers import answer_from_profile

    role = catalog.roles["SRES.GEN.P5"]
    asked = (
        "A couple. What would I own in the first six months? And how does the team handle "
        "toil, is there a target for how much time goes to project work versus interrupts?"
    )
    answer = answer_from_profile(asked, role)
    assert answer.text is not None and answer.text.startswith("Day to day, the role is to")
    assert [a.sentence for a in answer.asked if a.answer is None] == [
        "And how does the team handle toil, is there a target for how much time goes to "
        "project work versus interrupts?"
    ]


def test_a_solid_answer_is_acknowledged_without_a_half_hearted_i_follow_the_part() -> None:
    from panelist.interview.templates import TEMPLATES

    for key in ("ack_strong", "ack_solid"):
        for template in TEMPLATES[key]:
            assert "I follow the part" not in template
            assert "account" not in template  # a technical answer is no account


# --------------------------------------------------------------------------- the P3 run by hand


def test_the_project_is_the_backup_job_not_the_databases_it_backs_up() -> None:
    from panelist.interview.utterances import project_topic

    intro = (
        "I'm at an online ticketing company now. The system I'd talk about is our nightly "
        "backup job for the MySQL databases. It used to fail silently."
    )
    assert project_topic(intro) == "your nightly backup job"  # "our nightly backup job"
    assert project_topic("I wrote a tool for the team.") is None  # "the tool" names nothing


def test_a_lowered_alert_threshold_is_a_setting_not_an_unsupported_claim() -> None:
    from panelist.scoring.flags import unsupported_claims

    said = (
        "I fixed the purge job, and we lowered the disk alert to 80% and added a prediction alert."
    )
    assert unsupported_claims(said) == []
    assert unsupported_claims("We reduced the alert volume to 20% of what it was.")


def test_echoing_the_questions_in_general_is_not_evasive(catalog: Catalog) -> None:
    from panelist.scoring.types import Flag

    question = catalog.question("auto.when-not-to-automate")
    answer = (
        "We had a yearly job to rotate the root certificate for our internal CA. Someone wanted "
        "to script it end to end, but it happens once a year, the steps change each time "
        "because the tooling changes, and if it goes wrong every service loses TLS. So we kept "
        "it as a checklist with two people doing it together, and automated only the checks "
        "afterwards. In general I look at how often it happens, how long it takes by hand, and "
        "what the blast radius is if the automation does the wrong thing."
    )
    score = EmbeddedScorer().score(answer, question, InterviewContext(prompt=question.text))
    assert Flag.EVASIVE not in {f.flag for f in score.flags}


def test_an_unanswered_question_is_said_back_without_its_and(catalog: Catalog) -> None:
    from panelist.interview.replies import _named_questions

    assert (
        _named_questions(["And what's the salary range?"]) == "\u201cWhat's the salary range?\u201d"
    )


def test_a_metric_claim_said_as_an_aside_is_still_asked_about(catalog: Catalog) -> None:
    """The README's terminal example: the claim after the incident story was blanked as an
    aside, so "cut MTTR by 60%" was never followed up."""
    from panelist.scoring.types import Flag

    question = catalog.question("proj.production-failure")
    answer = (
        "A bad deploy broke checkout for 20 minutes. The error-rate alert paged us within\n"
        "three minutes; I rolled back first and then we found a missing config key. We\n"
        "cut MTTR by 60% after the migration."
    )
    score = EmbeddedScorer().score(answer, question, InterviewContext(prompt=question.text))
    (claim,) = [f for f in score.flags if f.flag is Flag.UNSUPPORTED_CLAIM]
    # the whole sentence, though the terminal line broke after its first word ("We\ncut")
    quote = claim.evidence[0]
    assert answer[quote.start : quote.end] == quote.text
    assert " ".join(quote.text.split()) == "We cut MTTR by 60% after the migration."


def test_a_statement_said_as_an_aside_can_still_contradict_an_earlier_one(
    catalog: Catalog,
) -> None:
    """A bluffer (seed 3) said "We never ran Prometheus, all our alerting was on Datadog." at
    the end of a buzzword answer, after "All our alerting ran on Prometheus" in the intro: the
    sentence was blanked as an aside and the contradiction never put to the candidate."""
    from panelist.scoring.types import Flag, PriorAnswer

    intro = "All our alerting ran on Prometheus, and I cut MTTR by 70% single-handedly."
    answer = (
        "The key is a paradigm shift to zero-touch, AI-driven operations at hyperscale. "
        "Honestly, this is simple: the synthetic write check paged us after 3 minutes. I gave "
        "the help desk and the hospital IT contacts an update every 15 minutes. That alone cut "
        "incidents by 80% across the board. We never ran Prometheus, all our alerting was on "
        "Datadog."
    )
    question = catalog.question("proj.knowing-it-was-healthy")
    context = InterviewContext(
        prior_answers=[PriorAnswer("intro.recent-role", "Walk me through your role.", intro, "t1")],
        prompt=question.text,
    )
    score = EmbeddedScorer().score(answer, question, context)
    (flag,) = [f for f in score.flags if f.flag is Flag.CONTRADICTION]
    assert [e.text for e in flag.evidence] == [
        "We never ran Prometheus, all our alerting was on Datadog.",
        intro,
    ]


def test_a_claim_too_long_to_quote_is_asked_about_by_its_number(catalog: Catalog) -> None:
    """The P3 run by hand was asked "Which metric showed that, and where did it start?" with
    no way to tell what "that" was."""
    from panelist.scoring.types import Flag, FlagDetail

    ids = ["intro.reliability-story", "proj.hardest-decision", "close.thanks-next-steps"]
    plan = Plan(
        role_code="SRES.GEN.P3",
        level="P3",
        seed=5,
        budget_minutes=45.0,
        items=[plan_item(catalog, q) for q in ids],
    )
    state = InterviewState(
        id="iv", role_code="SRES.GEN.P3", level="P3", candidate_name="Jamal Okafor", plan=plan
    )
    state, _ = step(state, Started(T0), catalog)
    state, _ = step(state, Answered("a1", "I'm Jamal, three years an SRE.", T0), catalog)
    claim = (
        "we brought the checkout latency of the whole ticketing platform in all three regions "
        "down by 60% over the course of the long database migration project"
    )
    answer = f"I picked a smaller replica set and {claim}."
    state, _ = step(state, Answered("a2", answer, T0 + timedelta(minutes=5)), catalog)
    at = answer.index(claim)
    score = Score(
        value=2.5,
        relevance=0.8,
        key_points_hit=[],
        key_points_missed=[],
        flags=[
            FlagDetail(
                Flag.UNSUPPORTED_CLAIM, "no baseline", [Evidence(claim, at, at + len(claim))]
            )
        ],
        confidence=0.8,
        scorer="test/1",
    )
    state, _ = step(state, Scored("a2", score), catalog)
    follow_up = state.turns[-1]
    assert follow_up.role is TurnRole.FOLLOW_UP
    assert "the 60%" in follow_up.text and "that" not in follow_up.text


def test_a_question_asked_again_does_not_quote_two_colons() -> None:
    """A hand-run P4 (seed 31): "Thanks - I'd still like to hear your answer to this part:
    Staying with the order pipeline: which part of it would have broken first …?"."""
    from panelist.interview.followups import quotable_question

    asked = (
        "Staying with the order pipeline: which part of it would have broken first at ten "
        "times the load or data, how do you know, and what did you or the team do about it? "
        "Tell me which parts were yours."
    )
    assert quotable_question(asked) == (
        "Staying with the order pipeline, which part of it would have broken first at ten "
        "times the load or data, how do you know, and what did you or the team do about it?"
    )
    assert quotable_question("What is a zombie process: a child nobody waited for?") == (
        "What is a zombie process: a child nobody waited for?"
    )


def test_a_follow_up_asked_again_drops_its_opener() -> None:
    """A hand-run P4 (seed 12), after the candidate asked about the team mid-answer: "Coming
    back to my question: Let me follow up: what must the parent process do in its code to
    stop creating zombies?"."""
    from panelist.interview.followups import quotable_question

    asked = (
        "Let me follow up: what must the parent process do in its code to stop creating zombies?"
    )
    assert quotable_question(asked) == (
        "What must the parent process do in its code to stop creating zombies?"
    )
    assert quotable_question("Maybe from a different side: what else did you consider?") == (
        "What else did you consider?"
    )
    from panelist.interview.followups import after_a_colon

    assert (
        after_a_colon(  # said again after a question of the candidate's: all of it
            "One more angle on this: what did you do first? Say why in a sentence."
        )
        == "What did you do first? Say why in a sentence."
    )


def test_parts_that_were_mine_beside_a_team_that_runs_the_rest_are_the_own_part() -> None:
    """A hand-run P4 (seed 31) reported "missed: own part" for this sentence."""
    from panelist.scoring.point_roles import ROLES, role_clauses

    said = (
        "We split it per region. The load test and the Redis split were mine; the Kafka "
        "cluster is run by the platform team and they said it has headroom to about 20 times."
    )
    found = [said[a:b] for a, b in role_clauses(ROLES["own_role"], said)]
    assert found == [said[len("We split it per region. ") :]]
    assert role_clauses(ROLES["own_role"], "The Redis split was mine.") == []
