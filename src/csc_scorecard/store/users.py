"""Web users: add them, check a password, read their role.

Passwords are stored only as argon2id hashes (argon2-cffi's PasswordHasher, its recommended
parameters by default). The hasher is a parameter so that tests can use cheap parameters; a
hash made with other parameters is upgraded at the user's next successful login.

Passwords follow the NCSC's guidance: at least 12 characters and not easy to guess, judged by
`zxcvbn` (a deny-list of common passwords, words, names, keyboard runs, repeats and dates; a
score of 3 of 4 or more is accepted), with no rules on character classes. A refusal says why.

Roles are ordered: viewer < analyst < admin. A viewer reads scorecards, trends and counts; an
analyst also loads extracts, sees the children behind a figure and writes the analysis; an
admin (the head of performance) also signs a month off and reads the audit log.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

from csc_scorecard.issues import UserError
from csc_scorecard.store import tables
from csc_scorecard.store.db import Store

ROLES = ("viewer", "analyst", "admin")
MIN_PASSWORD_LENGTH = 12
MIN_PASSWORD_SCORE = 3  # zxcvbn: 3 = "safely unguessable", about 10^8 guesses or more
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

DEFAULT_HASHER = PasswordHasher()


@dataclass(frozen=True)
class User:
    name: str
    role: str
    created_at: datetime
    disabled: bool

    def has_role(self, minimum: str) -> bool:
        return role_at_least(self.role, minimum)


def role_at_least(role: str, minimum: str) -> bool:
    """True when `role` is `minimum` or above it in viewer < analyst < admin."""
    return ROLES.index(role) >= ROLES.index(minimum)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"unknown role '{role}': choose one of {', '.join(ROLES)}")
    return role


def normalise_name(name: str) -> str:
    """User names are matched without regard to case or surrounding spaces."""
    return name.strip().lower()


def check_password(password: str, name: str = "") -> None:
    """A UserError saying why, when `password` is shorter than 12 characters or easy to guess."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            f"the password is too short ({len(password)} characters): use at least {MIN_PASSWORD_LENGTH}, "
            "for example three or four unrelated words"
        )
    strength = zxcvbn(password[:100], user_inputs=[name, "scorecard", "children", "social care"])
    if strength["score"] < MIN_PASSWORD_SCORE:
        reason = strength["feedback"]["warning"] or "it is a common pattern a guesser tries early"
        raise UserError(
            f"the password is too easy to guess ({reason.rstrip('.')}): "
            "use three or four unrelated words, or a longer password"
        )


def add_user(store: Store, name: str, password: str, role: str, hasher: PasswordHasher = DEFAULT_HASHER) -> User:
    """Create a user; a UserError when the name is taken or invalid, the role unknown or the password weak."""
    name = normalise_name(name)
    if not _NAME.match(name):
        raise UserError(f"'{name}' is not a valid user name: use letters, digits and . _ @ - (at most 64 characters)")
    check_role(role)
    check_password(password, name)
    created = datetime.now(timezone.utc).replace(tzinfo=None)
    with store.engine.begin() as conn:
        taken = conn.execute(sa.select(tables.users.c.id).where(tables.users.c.name == name)).first()
        if taken:
            raise UserError(f"a user called '{name}' already exists")
        conn.execute(
            tables.users.insert().values(name=name, password_hash=hasher.hash(password), role=role, created_at=created, disabled=False)
        )
    return User(name, role, created, False)


def get_user(store: Store, name: str) -> User | None:
    """The user called `name` (disabled or not), or None."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(tables.users).where(tables.users.c.name == normalise_name(name))).mappings().first()
    return _user(row) if row else None


def list_users(store: Store) -> list[User]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(tables.users).order_by(tables.users.c.name)).mappings().all()
    return [_user(r) for r in rows]


def authenticate(store: Store, name: str, password: str, hasher: PasswordHasher = DEFAULT_HASHER) -> User | None:
    """The user when `password` is theirs and they are not disabled, else None.

    An unknown name costs one hash verification too, so response time does not reveal which
    names exist.
    """
    name = normalise_name(name)
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(tables.users).where(tables.users.c.name == name)).mappings().first()
    if row is None:
        _verify(hasher, _dummy_hash(hasher), password)
        return None
    if not _verify(hasher, row["password_hash"], password) or row["disabled"]:
        return None
    if hasher.check_needs_rehash(row["password_hash"]):
        with store.engine.begin() as conn:
            conn.execute(tables.users.update().where(tables.users.c.id == row["id"]).values(password_hash=hasher.hash(password)))
    return _user(row)


def _verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY_HASHES: dict[tuple[int, int, int], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of a random password made with `hasher`'s parameters, computed once per parameter set."""
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[key]


def _user(row) -> User:
    return User(row["name"], row["role"], row["created_at"], bool(row["disabled"]))
