"""Recruiter accounts and organisations; passwords hashed with Argon2id."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel
from sqlalchemy import Engine, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from panelist.errors import AuthError, NotFoundError, StorageError
from panelist.interview.state import utcnow
from panelist.storage.engine import WRITE
from panelist.storage.tables import AuthSessionRow, OrganisationRow, UserRow

UserRole = Literal["admin", "recruiter", "hiring_manager", "compliance"]
USER_ROLE_NAMES: tuple[UserRole, ...] = ("admin", "recruiter", "hiring_manager", "compliance")
MIN_PASSWORD_LENGTH = 12
MIN_PASSWORD_SCORE = 3  # zxcvbn: 0 (a top-10 password) .. 4 (very unguessable)
ZXCVBN_MAX_LENGTH = 72  # zxcvbn refuses longer input; the first 72 characters decide


def check_password(password: str, *, email: str | None = None) -> None:
    """Refuse short, common, repetitive or email-derived passwords (zxcvbn's estimate)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(
            f"The password is too short: use at least {MIN_PASSWORD_LENGTH} characters."
        )
    hints = [email, email.partition("@")[0]] if email else []
    verdict = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=hints)
    if verdict["score"] < MIN_PASSWORD_SCORE:
        feedback = verdict["feedback"]
        why = feedback.get("warning") or "It is too easy to guess."
        advice = " ".join(feedback.get("suggestions") or []) or "Use a few uncommon words."
        raise AuthError(
            f"The password is too easy to guess: {why} {advice} "
            "(a passphrase of four random words works well)."
        )


class Organisation(BaseModel):
    id: str
    name: str
    created_at: datetime


class User(BaseModel):
    """A recruiter or admin account (never carries the password hash)."""

    id: str
    email: str
    role: UserRole
    organisation_id: str | None
    created_at: datetime
    last_login_at: datetime | None
    disabled_at: datetime | None = None


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    local, _, domain = cleaned.partition("@")
    if not local or "." not in domain or " " in cleaned:
        raise StorageError(f"{email!r} is not an email address: use name@example.com.")
    return cleaned


# built once: every signed-in request reads its user (a Core query: no ORM session to set up)
# What a User holds (never the password hash), for queries that select a user's columns.
USER_COLUMNS: tuple[Any, ...] = (
    UserRow.id,
    UserRow.email,
    UserRow.role,
    UserRow.organisation_id,
    UserRow.created_at,
    UserRow.last_login_at,
    UserRow.disabled_at,
)
_USER_BY_ID = select(*USER_COLUMNS).where(UserRow.id == bindparam("uid"))


def _user(row: Any) -> User:
    """A user of a UserRow, or of a row of USER_COLUMNS (the same attribute names)."""
    return User(
        id=row.id,
        email=row.email,
        role=_role(row.role),
        organisation_id=row.organisation_id,
        created_at=row.created_at,
        last_login_at=row.last_login_at,
        disabled_at=row.disabled_at,
    )


def user_of_columns(values: Mapping[str, Any]) -> User:
    """A user of USER_COLUMNS by key (a QuickReads row)."""
    return User(
        id=values["id"],
        email=values["email"],
        role=_role(values["role"]),
        organisation_id=values["organisation_id"],
        created_at=values["created_at"],
        last_login_at=values["last_login_at"],
        disabled_at=values["disabled_at"],
    )


def _role(stored: str) -> UserRole:
    return next((r for r in USER_ROLE_NAMES if r == stored), "recruiter")


def _organisation(row: OrganisationRow) -> Organisation:
    return Organisation(id=row.id, name=row.name, created_at=row.created_at)


class AccountRepository:
    """Organisations and users. ``hasher`` defaults to argon2-cffi's recommended parameters."""

    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)  # takes the write lock at BEGIN
        self._hasher = hasher or PasswordHasher()

    def _write_session(self) -> Session:
        return Session(self._writer, expire_on_commit=False)

    # ------------------------------------------------------------------ organisations

    def ensure_organisation(self, name: str) -> Organisation:
        """The organisation called ``name``, created if it does not exist yet."""
        cleaned = name.strip()
        if not cleaned:
            raise StorageError("An organisation needs a name: pass --org 'Acme Ltd'.")
        with self._write_session() as session, session.begin():
            row = session.scalars(
                select(OrganisationRow).where(OrganisationRow.name == cleaned)
            ).one_or_none()
            if row is None:
                row = OrganisationRow(id=str(uuid.uuid4()), name=cleaned, created_at=utcnow())
                session.add(row)
            return _organisation(row)

    def get_organisation(self, organisation_id: str) -> Organisation:
        with Session(self._engine) as session:
            row = session.get(OrganisationRow, organisation_id)
            if row is None:
                raise NotFoundError(f"There is no organisation {organisation_id!r}.")
            return _organisation(row)

    # ------------------------------------------------------------------ users

    def create_user(
        self,
        email: str,
        password: str,
        *,
        role: UserRole,
        organisation_id: str | None = None,
    ) -> User:
        if role not in USER_ROLE_NAMES:
            raise StorageError(f"Unknown role {role!r}: use one of {', '.join(USER_ROLE_NAMES)}.")
        address = normalise_email(email)
        check_password(password, email=address)
        row = UserRow(
            id=str(uuid.uuid4()),
            email=address,
            password_hash=self._hasher.hash(password),
            role=role,
            organisation_id=organisation_id,
            created_at=utcnow(),
        )
        try:
            with self._write_session() as session, session.begin():
                session.add(row)
        except IntegrityError as exc:
            raise StorageError(
                f"A user with email {row.email!r} already exists (or the organisation does not): "
                "pick another email, or reset this user's password with "
                f"`panelist users reset-password {row.email}`."
            ) from exc
        return _user(row)

    def get_user(self, user_id: str) -> User:
        with self._engine.connect() as connection:
            row = connection.execute(_USER_BY_ID, {"uid": user_id}).one_or_none()
        if row is None:
            raise NotFoundError(f"There is no user {user_id!r}.")
        return _user(row)

    def get_user_by_email(self, email: str) -> User:
        with Session(self._engine) as session:
            row = session.scalars(
                select(UserRow).where(UserRow.email == normalise_email(email))
            ).one_or_none()
            if row is None:
                raise NotFoundError(
                    f"There is no user {email!r}.",
                    hint="Create one with `panelist users create EMAIL --role recruiter`.",
                )
            return _user(row)

    def list_users(self, *, organisation_id: str | None = None) -> list[User]:
        query = select(UserRow).order_by(UserRow.email)
        if organisation_id is not None:
            query = query.where(UserRow.organisation_id == organisation_id)
        with Session(self._engine) as session:
            return [_user(row) for row in session.scalars(query)]

    def count_users(self) -> int:
        with Session(self._engine) as session:
            return int(session.scalar(select(func.count()).select_from(UserRow)) or 0)

    def authenticate(self, email: str, password: str) -> User:
        """The user with these credentials (AuthError otherwise); upgrades stale hashes."""
        failure = AuthError("Wrong email or password.")
        try:
            address = normalise_email(email)
        except StorageError:
            raise failure from None
        with self._write_session() as session, session.begin():
            row = session.scalars(select(UserRow).where(UserRow.email == address)).one_or_none()
            if row is None:
                self._burn_time(password)
                raise failure
            try:
                self._hasher.verify(row.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                raise failure from None
            if row.disabled_at is not None:
                raise AuthError("This account is disabled: ask an admin to enable it.")
            if self._hasher.check_needs_rehash(row.password_hash):
                row.password_hash = self._hasher.hash(password)
            row.last_login_at = utcnow()
            return _user(row)

    def set_password(self, user_id: str, password: str) -> int:
        """A new password; every session and API token of the user ends (returns how many)."""
        with self._write_session() as session, session.begin():
            row = session.get(UserRow, user_id)
            if row is None:
                raise NotFoundError(f"There is no user {user_id!r}.")
            check_password(password, email=row.email)
            row.password_hash = self._hasher.hash(password)
            return _end_sessions(session, user_id)

    def set_disabled(self, user_id: str, disabled: bool) -> int:
        """Disable (every session ends; returns how many) or enable an account."""
        with self._write_session() as session, session.begin():
            row = session.get(UserRow, user_id)
            if row is None:
                raise NotFoundError(f"There is no user {user_id!r}.")
            row.disabled_at = utcnow() if disabled else None
            return _end_sessions(session, user_id) if disabled else 0

    def _burn_time(self, password: str) -> None:
        """Hash anyway, so an unknown email takes as long as a wrong password."""
        self._hasher.hash(password)


def _end_sessions(session: Session, user_id: str) -> int:
    result = session.execute(
        update(AuthSessionRow)
        .where(AuthSessionRow.user_id == user_id, AuthSessionRow.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
