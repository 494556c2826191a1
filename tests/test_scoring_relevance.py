"""Relevance against the turn actually answered, by example: the direct answers that simulated
and scripted interviews saw flagged off topic (issue 12), and answers that stay off topic."""

from __future__ import annotations

import pytest

from panelist.catalog.loader import Catalog, load_catalog
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.types import Flag, InterviewContext

INTRO_PROMPT = (
    "Welcome, Fatima Khan. I'm panelist; today we'll talk about the Site Reliability "
    "Engineering (SRE) Senior position at ReliableOps. Let's begin with you. Walk me through "
    "your current or most recent role: the services you were responsible for, who depended on "
    "them, and a piece of work there you are proud of."
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def flags(catalog: Catalog, question_id: str, prompt: str, answer: str) -> set[Flag]:
    score = EmbeddedScorer().score(
        answer, catalog.question(question_id), InterviewContext(prompt=prompt)
    )
    return {f.flag for f in score.flags}


@pytest.mark.parametrize(
    "answer",
    [
        # every sentence but the numbers was blanked as an "aside" to the planned question's
        # topic, and relevance read what was left (0.00)
        "So, if I remember right, I'm Fatima Khan, Site Reliability Engineer at Orbit Telecom, "
        "5 years in operations now. We are an SRE team of five, and we run the SMS gateway, the "
        "billing API and the customer portal. The work I'm proudest of is the SMS gateway's "
        "alerting overhaul: the SMS gateway sends one-time passwords and notifications for "
        "banks. It's about 5,000 messages per second at peak, 150 million a day. I wrote the "
        "new alert rules and the runbooks. In the end false pages per month went from about 60 "
        "to about 8, from the PagerDuty incident notes.",
        "Right. I'm Aisha Bello, Senior Site Reliability Engineer at Cobalt Health, 9 years in "
        "operations now. We are a database reliability team of four, and we run the "
        "patient-records service, the MySQL clusters and the appointment API.",
    ],
)
def test_an_introduction_answers_the_intro_prompt(catalog: Catalog, answer: str) -> None:
    assert Flag.OFF_TOPIC not in flags(catalog, "intro.recent-role", INTRO_PROMPT, answer)


def test_why_an_alternative_was_not_chosen_answers_what_else_did_you_consider(
    catalog: Catalog,
) -> None:
    prompt = "One more angle on this: what else did you consider, and why did you not go with it?"
    answer = (
        "Good question. As I said, queue depth paged on harmless spikes; per-carrier error "
        "counts were too noisy."
    )
    assert Flag.OFF_TOPIC not in flags(catalog, "proj.hardest-decision", prompt, answer)


def test_components_and_their_flow_answer_sketch_its_architecture(catalog: Catalog) -> None:
    prompt = (
        "Let's go deeper into the quote API. Sketch its architecture for me in words: the main "
        "components, how requests or data flow through them, the numbers that describe its "
        "size, and which parts you personally built or ran."
    )
    answer = (
        "OK, so, um, a push starts GitHub Actions on self-hosted runners in EKS, images go to "
        "ECR, Argo CD deploys them to the clusters, and a canary step checks Datadog before "
        "full rollout. And the other thing is, self-hosted runners because builds need the "
        "private network."
    )
    assert Flag.OFF_TOPIC not in flags(catalog, "proj.scale-and-ownership", prompt, answer)


def test_a_vague_plan_for_the_question_asked_is_evasive_not_off_topic(catalog: Catalog) -> None:
    question = catalog.question("sec.cve-patching-fleet")
    answer = (
        "I would make sure the security team is aware and then we would patch everything as "
        "fast as possible, following our processes."
    )
    assert Flag.OFF_TOPIC not in flags(catalog, question.id, question.text, answer)


@pytest.mark.parametrize(
    "answer",
    ["I don't really remember a specific case.", "It was a bit chaotic, so I couldn't say."],
)
def test_not_remembering_is_a_dont_know_not_off_topic(catalog: Catalog, answer: str) -> None:
    prompt = "Before you collected anything, what did both sides agree would settle it?"
    found = flags(catalog, "data.settle-disagreement", prompt, answer)
    assert Flag.DONT_KNOW in found
    assert Flag.OFF_TOPIC not in found


def test_an_answer_about_something_else_is_still_off_topic(catalog: Catalog) -> None:
    question = catalog.question("proj.hardest-decision")
    answer = (
        "I think the most important thing in any decision is to communicate well with everyone "
        "involved. I really enjoy working with product managers and understanding the "
        "business. Our company had a great culture around that, with regular all-hands "
        "meetings."
    )
    assert Flag.OFF_TOPIC in flags(catalog, question.id, question.text, answer)


def test_a_hobby_is_off_topic_for_a_follow_up_on_the_incident(catalog: Catalog) -> None:
    prompt = "What did you do first - fix the cause or stop the bleeding? Why?"
    answer = (
        "Outside work I restore old motorbikes, which honestly takes most of my attention on "
        "weekends and evenings."
    )
    assert Flag.OFF_TOPIC in flags(catalog, "proj.production-failure", prompt, answer)


def test_with_the_model_an_introduction_is_not_another_domain(catalog: Catalog) -> None:
    """The P4 run by hand: with the semantic model the intro answer was judged "another
    domain" than the intro's reference and flagged off topic at 0.10."""
    from panelist.scoring.semantic import load_encoder

    prompt = (
        "Welcome, Priya Raman. I'm panelist; today we'll talk about the Site Reliability "
        "Engineering (SRE) Senior Engineer position at ReliableOps. Before we get into details, "
        "introduce yourself briefly and tell me about a system you ran that became more "
        "reliable because of something you did. What was it like before, and after?"
    )
    answer = (
        "Sure. I'm Priya, I've been doing SRE for about eight years, the last three at a food "
        "delivery company where I'm on the platform team. The system I'd pick is our "
        "order-dispatch service: it matches orders to couriers. When I joined it fell over "
        "almost every Friday evening peak because the Redis cluster behind it ran out of "
        "memory and started evicting the courier location keys. I moved the location data to "
        "its own Redis cluster with a proper eviction policy and added load shedding at the "
        "API. Before, we had something like three dispatch outages a month; over the next two "
        "quarters we had one, and that one was a bad deploy, not capacity."
    )
    scorer = EmbeddedScorer(encoder=load_encoder("on"))
    score = scorer.score(
        answer, catalog.question("intro.reliability-story"), InterviewContext(prompt=prompt)
    )
    assert Flag.OFF_TOPIC not in {f.flag for f in score.flags}
    assert score.relevance >= 0.5


def test_an_answer_to_the_turn_is_never_another_domain_wherever_foreign_is_asked() -> None:
    """One rule in one place: ``off_domain`` and the relevance clamp both ask ``foreign``."""
    from panelist.scoring.embedded import foreign

    far = {
        "semantic_question": 0.05,
        "semantic_reference": 0.05,
        "align_precision": 0.05,
        "content_words": 30.0,
    }

    assert foreign(far, 30)
    assert not foreign(far, 30, turn_relevance=0.6)


def test_with_the_model_an_answer_in_the_references_own_words_is_not_another_domain() -> None:
    """saf-DLL_2.3.16, graded correct, got the lowest score as another domain: MiniLM puts it
    at 0.16 from the reference, though half its distinct words are the question's or
    reference's."""
    from panelist.evaluation.crossval import targets_for
    from panelist.evaluation.dataset import Row
    from panelist.scoring.semantic import load_encoder

    question = (
        "What requirement has to be met so that you can use the piggybacking extension to the "
        "sliding window protocol?"
    )
    reference = (
        "Piggybacking only makes sense if there is a full-duplex or semi-duplex connection "
        "between sender and receiver i.e. two-way communication or Frames must contain "
        "additional field for acknowledgement."
    )
    answer = "Data frames contain an additional ACK field which contains the sequence number."
    row = Row("saf-DLL_2.3.16", "saf-2.3", question, reference, answer, 1.0)
    target = targets_for([row])[("saf-2.3", reference, 1.0)]

    score = EmbeddedScorer(encoder=load_encoder("on")).score_target(answer, target)

    assert Flag.OFF_TOPIC not in {f.flag for f in score.flags}
    assert score.value is not None and score.value > 0.0  # was 0.0, the lowest
