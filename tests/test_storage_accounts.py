"""Accounts, invites, score overrides, sign-offs and the audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from test_storage_support import T0, new_state

from panelist.errors import AuthError, InterviewError, NotFoundError, StorageError
from panelist.storage import AccountRepository, Database
from panelist.storage.invites import hash_token

pytest_plugins = ["test_storage_support"]

PASSWORD = "correct horse battery staple"


def test_a_recruiter_signs_in_with_email_in_any_case(db: Database) -> None:
    org = db.accounts.ensure_organisation("Acme Ltd")
    assert db.accounts.ensure_organisation(" Acme Ltd ") == org
    created = db.accounts.create_user(
        "Ann@Acme.io", PASSWORD, role="recruiter", organisation_id=org.id
    )

    signed_in = db.accounts.authenticate("ANN@acme.io", PASSWORD)

    assert signed_in.id == created.id and signed_in.email == "ann@acme.io"
    assert signed_in.organisation_id == org.id and signed_in.role == "recruiter"
    assert signed_in.last_login_at is not None
    assert db.accounts.get_user_by_email("ann@ACME.io").id == created.id
    assert [u.email for u in db.accounts.list_users(organisation_id=org.id)] == ["ann@acme.io"]


def test_wrong_or_unknown_credentials_get_the_same_answer(db: Database) -> None:
    db.accounts.create_user("ann@acme.io", PASSWORD, role="admin")
    for email, password in [("ann@acme.io", "wrong password!"), ("bob@acme.io", PASSWORD)]:
        with pytest.raises(AuthError, match=r"^Wrong email or password\.$"):
            db.accounts.authenticate(email, password)


def test_only_an_argon2_hash_is_stored(db: Database) -> None:
    db.accounts.create_user("ann@acme.io", PASSWORD, role="admin")
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_hash_with_old_parameters_is_upgraded_at_sign_in(db: Database) -> None:
    weak = AccountRepository(db.engine, PasswordHasher(time_cost=1, memory_cost=8192))
    weak.create_user("ann@acme.io", PASSWORD, role="recruiter")
    db.accounts.authenticate("ann@acme.io", PASSWORD)  # default (stronger) parameters

    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert "m=8192" not in stored and not PasswordHasher().check_needs_rehash(stored)
    assert db.accounts.authenticate("ann@acme.io", PASSWORD).email == "ann@acme.io"


def test_account_mistakes_are_explained(db: Database) -> None:
    db.accounts.create_user("ann@acme.io", PASSWORD, role="admin")
    with pytest.raises(StorageError, match="already exists"):
        db.accounts.create_user("ANN@acme.io", PASSWORD, role="recruiter")
    with pytest.raises(AuthError, match="at least 12 characters"):
        db.accounts.create_user("bob@acme.io", "short", role="recruiter")
    with pytest.raises(StorageError, match="not an email address"):
        db.accounts.create_user("bob", PASSWORD, role="recruiter")
    with pytest.raises(NotFoundError, match="panelist users create"):
        db.accounts.get_user_by_email("carol@acme.io")


def test_set_password_replaces_the_old_one(db: Database) -> None:
    user = db.accounts.create_user("ann@acme.io", PASSWORD, role="admin")
    db.accounts.set_password(user.id, "another long passphrase")
    with pytest.raises(AuthError):
        db.accounts.authenticate("ann@acme.io", PASSWORD)
    assert db.accounts.authenticate("ann@acme.io", "another long passphrase").id == user.id


def test_an_invite_opens_its_interview_once(db: Database) -> None:
    db.interviews.create(new_state("iv-1"))
    invite = db.invites.issue("iv-1", ttl=timedelta(hours=72), now=T0)

    assert invite.expires_at == T0 + timedelta(hours=72)
    assert db.invites.peek(invite.token, now=T0) == "iv-1"  # looking does not use it up
    assert db.invites.redeem(invite.token, now=T0 + timedelta(hours=1)) == "iv-1"
    with pytest.raises(AuthError, match="already been used"):
        db.invites.redeem(invite.token, now=T0 + timedelta(hours=2))
    with pytest.raises(AuthError, match="already been used"):
        db.invites.peek(invite.token, now=T0 + timedelta(hours=2))


def test_an_invite_expires_and_a_new_one_replaces_it(db: Database) -> None:
    db.interviews.create(new_state("iv-2"))
    old = db.invites.issue("iv-2", ttl=timedelta(hours=1), now=T0)
    with pytest.raises(AuthError, match="expired"):
        db.invites.redeem(old.token, now=T0 + timedelta(hours=1))

    new = db.invites.issue("iv-2", ttl=timedelta(hours=1), now=T0 + timedelta(hours=2))
    with pytest.raises(AuthError, match="not valid"):
        db.invites.redeem(old.token, now=T0 + timedelta(hours=2))
    assert db.invites.redeem(new.token, now=T0 + timedelta(hours=2)) == "iv-2"
    with pytest.raises(AuthError, match="not valid"):
        db.invites.peek("made-up-token")
    with pytest.raises(NotFoundError):
        db.invites.issue("nope", ttl=timedelta(hours=1))


def test_only_the_hash_of_an_invite_token_is_stored(db: Database) -> None:
    db.interviews.create(new_state("iv-3"))
    invite = db.invites.issue("iv-3", ttl=timedelta(hours=1))
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT invite_token_hash FROM interviews")).scalar_one()
    assert stored == hash_token(invite.token) and invite.token not in stored


def test_overrides_and_sign_offs_keep_who_why_and_order(db: Database) -> None:
    db.interviews.create(new_state("iv-4"))
    ann = db.accounts.create_user("ann@acme.io", PASSWORD, role="recruiter")
    db.reviews.add_override(
        "iv-4",
        question_id="mon.burn_rate",
        old_score=2.0,
        new_score=3.5,
        reason="Explained multi-window burn rates in the follow-up.",
        user_id=ann.id,
    )
    latest = db.reviews.add_override(
        "iv-4",
        question_id="mon.burn_rate",
        old_score=3.5,
        new_score=3.0,
        reason="Second look.",
        user_id=None,
    )
    db.reviews.sign_off(
        "iv-4", decision="lean_no", note="  ", user_id=ann.id, user_email="ann@acme.io"
    )
    with pytest.raises(InterviewError, match="already signed off"):  # a decision holds
        db.reviews.sign_off("iv-4", decision="hire", note="Panel agreed.", user_id=ann.id)
    with pytest.raises(StorageError, match="needs a reason"):
        db.reviews.reopen("iv-4", reason=" ", by="ann@acme.io")
    db.reviews.reopen("iv-4", reason="New reference check came in.", by="hm@acme.io")
    assert db.interviews.list()[0].signed_decision is None  # the list follows the reopening
    final = db.reviews.sign_off(
        "iv-4", decision="hire", note="Panel agreed.", user_id=ann.id, user_email="ann@acme.io"
    )

    overrides = db.reviews.overrides("iv-4")
    assert [(o.old_score, o.new_score) for o in overrides] == [(2.0, 3.5), (3.5, 3.0)]
    assert overrides[0].user_email == "ann@acme.io" and latest.user_email is None
    signed = db.reviews.sign_offs("iv-4")
    assert [s.decision for s in signed] == ["lean_no", "hire"] and signed[0].note is None
    assert signed[0].reopen_reason == "New reference check came in."
    assert signed[0].reopened_by == "hm@acme.io" and not signed[0].in_force
    assert db.reviews.latest_sign_off("iv-4") == final
    assert db.reviews.latest_sign_off("iv-other") is None
    row = db.interviews.list()[0]
    assert (row.signed_decision, row.signed_by) == ("hire", "ann@acme.io")
    # what a report is built from, read at once: the same rows as each read alone
    reviews = db.reviews.of_interview("iv-4")
    assert reviews.overrides == tuple(overrides) and reviews.sign_offs == tuple(signed)
    assert reviews.scorecards == tuple(db.reviews.scorecards("iv-4"))


def test_hiring_managers_are_an_account_role(db: Database) -> None:
    manager = db.accounts.create_user("hm@acme.io", PASSWORD, role="hiring_manager")
    assert db.accounts.get_user(manager.id).role == "hiring_manager"
    with pytest.raises(StorageError, match="hiring_manager"):
        db.accounts.create_user("x@acme.io", PASSWORD, role="boss")  # type: ignore[arg-type]


def test_review_mistakes_are_refused(db: Database) -> None:
    db.interviews.create(new_state("iv-5"))
    with pytest.raises(StorageError, match="needs a reason"):
        db.reviews.add_override(
            "iv-5", question_id="q", old_score=1, new_score=2, reason=" ", user_id=None
        )
    with pytest.raises(StorageError, match="Unknown decision 'maybe'"):
        db.reviews.sign_off("iv-5", decision="maybe", note=None, user_id=None)
    with pytest.raises(NotFoundError):  # foreign keys are enforced on both backends
        db.reviews.sign_off("nope", decision="hire", note=None, user_id=None)


def test_the_audit_log_filters_newest_first(db: Database) -> None:
    db.audit.record("ann@acme.io", "interview.create", "iv-1", {"role": "SRES.GEN.P3"})
    db.audit.record("bob@acme.io", "score.override", "iv-1", {"question": "mon.burn_rate"})
    db.audit.record("ann@acme.io", "user.login")

    assert [e.action for e in db.audit.entries()] == [
        "user.login",
        "score.override",
        "interview.create",
    ]
    assert [e.actor for e in db.audit.entries(target="iv-1")] == ["bob@acme.io", "ann@acme.io"]
    assert db.audit.entries(actor="ann@acme.io", limit=1)[0].action == "user.login"
    assert db.audit.entries(target="iv-1")[1].detail == {"role": "SRES.GEN.P3"}


def test_the_newest_entry_of_one_action_on_one_record_is_read_alone(db: Database) -> None:
    """How a report finds why its interview was closed: one row, however long the log."""
    db.audit.record("ann@acme.io", "interview.close", "iv-1", {"reason": "Role filled."})
    db.audit.record("bob@acme.io", "interview.close", "iv-2", {"reason": "Candidate withdrew."})
    db.audit.record("ann@acme.io", "interview.scored", "iv-1", {"overall_score": 3.2})

    closed = db.audit.latest("iv-1", "interview.close")
    assert closed is not None and closed.detail == {"reason": "Role filled."}
    assert db.audit.latest("iv-3", "interview.close") is None


def test_an_insufficient_evidence_outcome_fits_the_interview_row(db: Database) -> None:
    db.interviews.create(new_state("iv-9"))
    db.interviews.set_outcome("iv-9", overall_score=2.0, recommendation="insufficient_evidence")
    assert db.interviews.list()[0].recommendation == "insufficient_evidence"
