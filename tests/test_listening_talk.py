"""The four faults left after the last hand runs, each with the words that failed: a request
for a hint, three questions about the job in one turn, and a project said back as "the"
when the candidate said "my"."""

from __future__ import annotations

import pytest

from panelist.catalog.loader import Catalog, load_catalog
from panelist.interview.phrasing import Phrasebook
from panelist.interview.state import TurnRole
from panelist.interview.utterances import Intent, as_written, classify, project_topic
from tests.interview_driver import Interview, hand_plan

INTRO = (
    "I'm Jordan, five years an SRE at a travel site. Last year I led my payments migration "
    "from a single Postgres box to a sharded cluster."
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def by_hand(catalog: Catalog, *questions: str) -> Interview:
    return Interview(catalog, hand_plan(catalog, *questions), candidate="Jordan Lee")


# --------------------------------------------------------------------------- a hint


@pytest.mark.parametrize(
    "asked",
    [
        "Can you give me a hint?",
        "I don't know, can you give me a hint?",
        "Any clues?",
        "Could you point me in the right direction?",
    ],
)
def test_a_request_for_a_hint_is_heard_as_one(asked: str) -> None:
    assert classify(asked) is Intent.HINT


def test_an_answer_that_names_a_hint_is_still_an_answer() -> None:
    assert classify("The hint was in dmesg: the OOM killer had fired.") is Intent.ANSWER


def test_a_hint_is_declined_honestly_with_a_narrower_way_in_and_never_scored(
    catalog: Catalog,
) -> None:
    """Said: "One more angle on this: give me concrete numbers where the average stays at
    120 ms but users suffer." - a probe follow-up, as if "Can you give me a hint?" had been
    an answer (and the next hint request was thanked "That makes sense, thank you.")."""
    interview = by_hand(catalog, "data.percentiles-vs-averages", "rel.canary-auto-rollback")
    interview.answer(INTRO)
    reply = interview.answer("Can you give me a hint?")
    ((role, text),) = reply
    assert role is TurnRole.REPEAT  # no follow-up: nothing was answered
    assert "hint" in text.lower() and "same question" in text
    assert "Why can the average hide the problem?" in text  # one part of it, not a probe
    (asked,) = [t for t in interview.state.turns if t.text == "Can you give me a hint?"]
    assert asked.counted is False and asked.score is None and asked.intent is Intent.HINT

    again = interview.answer("Hmm, could you give me a hint?")
    assert [r for r, _ in again] == [TurnRole.ACKNOWLEDGEMENT, TurnRole.QUESTION]
    assert "move on" in again[0][1] and "makes sense" not in again[0][1]
    assert "progressive rollout" in again[1][1]  # the next question, not a probe


def test_after_a_hint_request_i_dont_know_is_not_offered_the_same_angle_twice(
    catalog: Catalog,
) -> None:
    interview = by_hand(catalog, "data.percentiles-vs-averages", "rel.canary-auto-rollback")
    interview.answer(INTRO)
    (_hint,) = interview.answer("Can you give me a hint?")
    after = interview.answer("Sorry, I really don't know this one.")
    assert [r for r, _ in after][-1] is TurnRole.QUESTION
    assert "give me concrete numbers" not in " ".join(t for _, t in after)


def test_a_question_that_asks_one_thing_gets_its_narrower_probe_for_a_hint() -> None:
    from panelist.interview.hints import first_part

    asked = (
        "Prometheus memory doubled overnight and queries time out. How do you confirm the "
        "cause, fix it now, and prevent it from happening again?"
    )
    # said: "... a smaller part of it: how would you stop the next team from doing the same
    # thing?" - the prevention, the last part, offered as the way in
    assert first_part(asked) == "How do you confirm the cause?"
    assert first_part("What do you recommend, and how do you present it?") == (
        "What do you recommend?"
    )
    assert first_part("After a major outage, what do you recommend?") is None


# --------------------------------------------------------------------------- their questions

THREE = (
    "Before I answer - is this role on call? What would I be working on day to day? And what "
    "does success look like in the first six months?"
)


def test_three_questions_about_the_job_in_place_of_an_answer_are_all_heard(
    catalog: Catalog,
) -> None:
    """Said, to the zombie question: "I may not have put that clearly. What I'd like to hear
    about is: ..." (29 words of questions taken for an off-topic answer); shortened, the third
    heard "I don't have reliable information on that in the role profile" though the profile
    says what success looks like."""
    assert classify(THREE) is Intent.QUESTION
    interview = by_hand(catalog, "os.zombie-processes")
    interview.answer(INTRO)
    reply = interview.answer(THREE)
    assert [r for r, _ in reply] == [TurnRole.ANSWER_TO_CANDIDATE, TurnRole.REPEAT]
    answered = reply[0][1]
    assert "Success looks like" in answered and "Day to day" in answered
    assert "reliable information" not in answered and "doesn't cover" not in answered
    assert "I've noted \u201cIs this role on call?\u201d" in answered  # which one, not "it"
    assert [q.text for q in interview.state.candidate_questions] == [
        "Is this role on call?",
        "What would I be working on day to day?",
        "What does success look like in the first six months?",
    ]


def test_four_questions_at_the_end_are_each_answered_or_noted(catalog: Catalog) -> None:
    interview = by_hand(catalog, "os.zombie-processes")
    interview.answer(INTRO)
    interview.answer("Zombies are exited children whose parent never called wait on them.")
    interview.answer("The parent has to reap them with waitpid, or run tini as PID 1.")
    reply = interview.answer(
        "Is this role on call? What would I be working on day to day? And what does success "
        "look like in the first six months? And is it remote?"
    )
    said = " ".join(t for _, t in reply)
    assert "Success looks like" in said and "Day to day" in said
    assert "\u201cIs it remote?\u201d" in said  # the one the profile does not answer, named
    assert len(interview.state.candidate_questions) == 4


def test_a_lead_in_is_no_part_of_the_question_listed() -> None:
    assert as_written("Before I answer - is this role on call?") == "Is this role on call?"
    assert as_written("Quick question first: how big is the team?") == "How big is the team?"
    assert as_written("And how big is the team?") == "How big is the team?"


# --------------------------------------------------------------------------- their project


@pytest.mark.parametrize(
    ("intro", "topic"),
    [
        (INTRO, "your payments migration"),
        ("The thing I'd pick is my payments migration.", "your payments migration"),
        ("I led our log pipeline rebuild last year.", "your log pipeline rebuild"),
        ("I led the payments migration at my last company.", "the payments migration"),
        ("I rebuilt our log pipeline.", "your log pipeline rebuild"),
    ],
)
def test_the_candidate_s_own_project_is_said_back_as_theirs(intro: str, topic: str) -> None:
    assert project_topic(intro) == topic


def test_the_deep_dive_says_your_payments_migration(catalog: Catalog) -> None:
    """Said: "Tell me about the payments migration: which part of it would have broken
    first ..." after "I led my payments migration"."""
    interview = by_hand(catalog, "proj.breaking-point")
    reply = interview.answer(INTRO)
    question = next(t for r, t in reply if r is TurnRole.QUESTION)
    assert question.startswith("Tell me about your payments migration: which part of it")
    assert "the payments migration" not in " ".join(t for _, t in reply)


# --------------------------------------------------------------------------- hand run 1 (P5)


def test_a_project_name_cut_at_its_word_limit_never_ends_on_a_preposition() -> None:
    """Said: "I'd like to hear more about your object store migration off NetApp onto."."""
    intro = (
        "I'm Ravi. Twelve years in ops and SRE, the last five running the storage platform at "
        "a bank. The piece I'd pick is my object store migration off NetApp onto Ceph."
    )
    assert project_topic(intro) == "your object store migration to Ceph"


def test_a_figure_measured_at_the_peak_is_how_close_to_the_limit() -> None:
    """Asked: "how close to that limit were you at your busiest hour, and how did you know?"
    right after "... already took 300 ms to commit map updates at our peak, which we measured
    during the storm"."""
    from panelist.interview.exchange import already_said

    probe = "How close to that limit were you at your busiest hour, and how did you know?"
    said = (
        "The monitor quorum would go first: three mons on spinning disks already took 300 ms "
        "to commit map updates at our peak, which we measured during the storm."
    )
    assert already_said(probe, said)
    assert not already_said(probe, "The monitor quorum would go first.")


def test_a_prevention_told_is_not_asked_for_again() -> None:
    """Asked: "How would you stop the next team from doing the same thing?" after "To prevent
    it, a CI check on new labels and a per-target sample_limit."."""
    from panelist.interview.exchange import already_said

    probe = "How would you stop the next team from doing the same thing?"
    said = (
        "Then drop user_id and path with metric_relabel_configs and restart. To prevent it, a "
        "CI check on new labels and a per-target sample_limit."
    )
    assert already_said(probe, said)
    assert not already_said(probe, "Then drop user_id and path with metric_relabel_configs.")


# --------------------------------------------------------------------------- hand run 2 (P3)

UPTIME_INTRO = (
    "Um, hi, I'm Mia. I finished a bootcamp two years ago and I've been a junior SRE at a "
    "grocery delivery startup since then. Mostly I look after our CI pipelines and the alert "
    "rules, and I built the uptime checks for the driver app, which I'm quite proud of."
)


def test_the_project_is_the_one_they_say_they_are_proud_of() -> None:
    """Said: "Thanks. Let's start with your CI pipelines." - the pipelines they look after,
    not the uptime checks they said they were proud of."""
    assert project_topic(UPTIME_INTRO) == "the uptime checks"


HEDGED = (
    "I think it was like... the drivers complained in the support channel first, before our "
    "alert. I'm not sure how long exactly, maybe twenty minutes."
)


def test_a_doubt_about_a_detail_after_an_answer_is_no_i_dont_know() -> None:
    """Said: "That's fine - nobody knows everything, and it's better to say so." to an answer
    that told how the outage came to light and only hedged how long it took."""
    from panelist.scoring.flags import dont_know

    assert classify(HEDGED) is Intent.ANSWER
    assert dont_know(HEDGED) is None
    assert classify("Hmm, I'm not sure, sorry.") is Intent.DONT_KNOW
    assert dont_know("Honestly I looked at it once. I'm not sure.") is not None


RUNBOOK = (
    "OK. I'd write it as a script that does each step and checks it before the next one, like "
    "checking the replica lag is under a few seconds before promoting. I'd add a dry-run mode "
    "and make it stop and page a human if any check fails, instead of carrying on. And I'd log "
    "every step to the incident channel so people can see what it did."
)


def test_an_answer_about_something_else_than_the_follow_up_is_not_praised(
    catalog: Catalog,
) -> None:
    """Asked "The script fails at step 7 of 14. What happens when someone runs it again?",
    answered "I'd test it every month on the staging cluster, ...", and told "Thanks, that
    was specific. “I'd test it every month on the staging cluster” is the kind of detail I
    was after."."""
    interview = by_hand(catalog, "auto.runbook-to-automation", "dbg.http-5xx-spike")
    interview.answer(UPTIME_INTRO)
    (asked,) = [t for r, t in interview.answer(RUNBOOK) if r is TurnRole.FOLLOW_UP]
    assert asked.endswith(
        "he script fails at step 7 of 14. What happens when someone runs it again?"
    )
    reply = interview.answer(
        "I'd test it every month on the staging cluster, and maybe in a game day on production "
        "with the team watching."
    )
    ack = reply[0][1]
    assert reply[0][0] is TurnRole.ACKNOWLEDGEMENT
    assert "staging cluster" not in ack and "specific" not in ack and "\u201c" not in ack


# --------------------------------------------------------------------------- hand run 3 (P4)

PUBSUB_INTRO = (
    "Hi, I'm Tomasz. I've been an SRE for six years, the last three at a food delivery company "
    "where I look after the order platform: about 40 services on GKE that restaurants and "
    "couriers depend on. The work I'm proudest of is our move from self-managed Kafka to "
    "Pub/Sub, which took paging on the messaging layer from weekly to almost never."
)


def test_a_move_is_named_by_where_it_went() -> None:
    """Said: "Thank you, Tomasz - your move sounds like a good place to dig in." and "After
    your move, how did you know in production ...?"."""
    assert project_topic(PUBSUB_INTRO) == "your move to Pub/Sub"
    assert project_topic("The thing I'd pick is our migration from Nagios to Prometheus.") == (
        "your migration to Prometheus"
    )


def test_the_other_team_is_the_team_they_named() -> None:
    """Asked: "What did the other team say when they first saw your numbers?" after "The
    payments team didn't want to spend a sprint on retries with idempotency keys."."""
    from panelist.interview.followups import to_whom_they_named

    probe = "What did the other team say when they first saw your numbers?"
    said = "The payments team didn't want to spend a sprint on retries with idempotency keys."
    assert to_whom_they_named(probe, said) == (
        "What did the payments team say when they first saw your numbers?"
    )
    assert to_whom_they_named(probe, "Another team owned the queue.") == probe


def test_a_share_and_where_it_dropped_to_is_a_baseline() -> None:
    """Flagged for the reviewer: 'Unsupported claim: "They did it the next sprint and failed
    captures dropped to 0.05%." - A metric claim with no baseline', the sentence after "I
    pulled three months of failed card captures: 0.4% of orders"."""
    from panelist.scoring.flags import unsupported_claims

    said = (
        "I pulled three months of failed card captures: 0.4% of orders, about 2,000 a week, "
        "each one a refund and a support ticket, and showed it next to the cost of the sprint. "
        "They did it the next sprint and failed captures dropped to 0.05%."
    )
    assert unsupported_claims(said) == []
    assert unsupported_claims("They did it the next sprint and failed captures dropped to 0.05%.")


# --------------------------------------------------------------------------- hand run 4 (PLAT)


def test_a_figure_it_already_stood_at_seen_on_a_metric_is_the_headroom() -> None:
    """Asked: "How close to that limit were you at your busiest hour, and how did you know?"
    after "... already took four minutes per full reconcile, which we saw on its reconcile
    duration metric"."""
    from panelist.interview.exchange import already_said

    probe = "How close to that limit were you at your busiest hour, and how did you know?"
    said = (
        "Argo CD would: one instance syncing about 1,200 applications already took four "
        "minutes per full reconcile, which we saw on its reconcile duration metric."
    )
    assert already_said(probe, said)
    assert not already_said(probe, "Argo CD would have broken first.")


def test_guardrails_for_the_future_are_not_asked_for_again() -> None:
    """Asked "how would you stop the next team from doing the same thing?" after "For the
    future, a sample_limit per scrape target and a lint in CI that rejects unbounded
    labels."."""
    from panelist.interview.exchange import already_said

    probe = "How would you stop the next team from doing the same thing?"
    said = "For the future, a sample_limit per scrape target and a lint in CI that rejects them."
    assert already_said(probe, said)


def test_what_happens_without_a_fix_told_is_not_asked() -> None:
    """Asked "a critical CVE has no fix yet and a release is due today. What happens?" after
    "block only criticals with a fix available, with a time-boxed exception process"."""
    from panelist.interview.exchange import already_said

    probe = "A critical CVE has no fix yet and a release is due today. What happens?"
    said = (
        "Scan on push and nightly, and block only criticals with a fix available, with a "
        "time-boxed exception process so teams aren't stuck."
    )
    assert already_said(probe, said)
    assert not already_said(probe, "Scan on push and nightly, and block criticals.")


def test_the_team_that_made_the_case_is_not_the_one_asked_about() -> None:
    """After the last change: "what did the platform team say when they first saw your
    numbers?" to the platform engineer whose own team "wanted a single terraform module"."""
    from panelist.interview.followups import to_whom_they_named

    probe = "What did the other team say when they first saw your numbers?"
    said = (
        "The platform team wanted a single terraform module for every team's database; the "
        "product teams thought it was too rigid. I pulled six months of incidents."
    )
    assert to_whom_they_named(probe, said) == probe


def test_that_covers_it_is_nothing_more_to_say() -> None:
    """'No, that covers it. Thank you.' to the question put back was thanked 'Thanks, that
    helps.' as an answer."""
    from panelist.interview.utterances import nothing_more

    assert nothing_more("No, that covers it. Thank you.")
    assert nothing_more("No, that's all. Thanks!")
    assert not nothing_more("That covers the failover, and then I would add a replica.")


def test_asking_leave_to_ask_is_not_listed_as_a_question() -> None:
    """Listed for the recruiter: "Could I ask a couple of things about the role? (not
    answered in the interview: for the recruiter to follow up)"."""
    from panelist.interview.role_answers import asked_sentences

    asked = asked_sentences(
        "Could I ask a couple of things about the role? What does the platform team own "
        "today, and how many product teams does it serve? And is the role hybrid?"
    )
    assert asked == [
        "What does the platform team own today, and how many product teams does it serve?",
        "And is the role hybrid?",
    ]
    assert asked_sentences("Can I ask about remote work?") == ["Can I ask about remote work?"]


def test_the_candidates_turn_after_questions_asked_earlier_says_so(catalog: Catalog) -> None:
    """ "What questions do you have?" was asked of a candidate who had asked three."""
    interview = by_hand(catalog, "os.zombie-processes")
    interview.answer(INTRO)
    interview.answer(THREE)
    interview.answer("Zombies are exited children whose parent never called wait on them.")
    reply = interview.answer("The parent has to reap them with waitpid, or run tini as PID 1.")
    asked = next(t for r, t in reply if r is TurnRole.QUESTION)
    assert "noted the questions you asked earlier" in asked or "earlier questions" in asked


# --------------------------------------------------------------------------- the turn answered


def test_a_word_on_an_earlier_question_is_read_against_that_question_s_own_words(
    catalog: Catalog,
) -> None:
    """The aside "Sorry, one thing on the last one before I forget - ..." was scored for
    relevance against the whole turn that asked the earlier question, bridge included
    ("Next, I'd like to explore some technical ground. ..."), not the question it answers."""
    from test_listening_heard import GO_ASIDE, time_wait_then_cve

    from panelist.service.scoring import aside_context

    interview = time_wait_then_cve(catalog)
    interview.answer(GO_ASIDE)
    (aside,) = [t for t in interview.state.turns if t.text == GO_ASIDE]
    context, _ = aside_context(interview.state, catalog, aside)
    (asked,) = [
        t
        for t in interview.state.turns
        if t.role is TurnRole.QUESTION and t.question_id == aside.adds_to
    ]
    assert asked.question_text is not None and context.prompt == asked.question_text


def test_a_follow_up_opening_with_a_one_letter_name_keeps_its_capital() -> None:
    """A hand-run P3 (2026-12-04) was asked "Let me follow up: b is not slow, the network is
    fine." for the catalog's "B is not slow, ..." (service B)."""
    probe = "B is not slow, the network is fine. Where else could requests wait?"
    said = {Phrasebook(seed=1).say("follow_up_key_point", seq, probe=probe) for seq in range(12)}

    assert len(said) > 1  # the lead-ins were drawn
    assert all(s.endswith(probe) for s in said), said
    assert Phrasebook(seed=1).say("follow_up_key_point", 2, probe="A deploy went out.") in {
        "A deploy went out.",
        "One more angle on this: a deploy went out.",
        "Let me follow up: a deploy went out.",
    }
