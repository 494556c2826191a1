"""Event contradictions: the same act affirmed in one answer and denied in another
(issue 12: "we rolled back within 5 minutes" vs "we never rolled back")."""

from __future__ import annotations

import pytest

from panelist.scoring.contradiction import contradicts, prior_contradictions
from panelist.scoring.events import event_claims
from panelist.scoring.types import Flag, PriorAnswer


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("We rolled back within 5 minutes and the errors stopped.", "We never rolled back."),
        ("I led the migration.", "I wasn't on the migration team."),
        ("We restored the database from the nightly backup.", "We never restored from backup."),
        ("Customers saw errors for about 20 minutes.", "No customers were affected."),
    ],
)
def test_one_act_said_and_denied_is_a_contradiction(earlier: str, later: str) -> None:
    assert contradicts(earlier, later) is not None


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (
            "We rolled back within 5 minutes.",
            "Since the canary stage went in, we've never had to roll back.",
        ),
        ("I led the Postgres migration.", "I wasn't on the Kafka migration team."),
        ("We rolled back the deploy straight away.", "We never rolled back the database schema."),
        (
            "We didn't fail over immediately.",
            "After ten minutes we failed over to the standby region.",
        ),
        (
            "My manager wanted us to never roll back on Fridays.",
            "We rolled back on a Friday anyway.",
        ),
        (
            "The old cluster was never shut down by the vendor.",
            "We shut the old cluster down in March.",
        ),
        ("Nobody paged me for the first outage.", "The pager woke me at 3 a.m."),
        ("We wrote the status page update.", "We didn't page anyone."),
    ],
)
def test_another_time_thing_or_actor_is_not_a_contradiction(earlier: str, later: str) -> None:
    assert contradicts(earlier, later) is None


def test_the_flag_quotes_both_statements_and_names_the_act() -> None:
    """The earlier question is named as the report names it, never by its id ("in the answer
    to 'proj.production-failure'")."""
    name = "Q2"
    earlier = PriorAnswer(
        "proj.production-failure", "", "We rolled back within 5 minutes.", "t1", name=name
    )
    (flag,) = prior_contradictions("Honestly we never rolled back, we fixed forward.", [earlier])
    assert flag.flag is Flag.CONTRADICTION
    assert flag.detail == f"Rolling back: denied here, said in the answer to {name}."
    assert [e.text for e in flag.evidence] == [
        "Honestly we never rolled back, we fixed forward.",
        "We rolled back within 5 minutes.",
    ]
    assert flag.evidence[1].turn_id == "t1"


def test_a_claim_knows_who_did_what_to_what() -> None:
    (claim,) = event_claims("I didn't write any of the Terraform.")
    assert (claim.act, claim.affirmed, claim.actor) == (
        "the candidate's own part in it",
        False,
        "self",
    )
    assert {"write", "terraform"} <= claim.objects
