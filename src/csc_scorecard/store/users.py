"""Web users: add them, check a password, read their role.

Passwords are stored only as argon2id hashes (argon2-cffi's PasswordHasher, its recommended
parameters by default). The hasher is a parameter so that tests can use cheap parameters; a
hash made with other parameters is upgraded at the user's next successful login.

Passwords follow the NCSC's guidance: at least 12 characters and not easy to guess, judged by
`zxcvbn` (a deny-list of common passwords, words, names, keyboard runs, repeats and dates; a
score of 3 of 4 or more is accepted), with no rules on character classes. A refusal says why.

Every session carries the user's `session_version`; logout, a password change, a role change
and a disable add one to it, which ends all of that user's sessions (web/security.py).

Roles are ordered: viewer < analyst < admin. A viewer reads scorecards, trends and counts; an
analyst also loads extracts, sees the children behind a figure and writes the analysis; an
admin (the head of performance) also signs a month off and reads the audit log.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

from csc_scorecard.issues import UserError
from csc_scorecard.store import audit, tables
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
    session_version: int = 0

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


def add_user(
    store: Store, name: str, password: str, role: str, hasher: PasswordHasher = DEFAULT_HASHER, *,
    actor: str | None = None, client: str | None = None,
) -> User:
    """Create a user, audited as done by `actor` from `client` (as every change below); a
    UserError when the name is taken or invalid, the role unknown or the password weak."""
    name = normalise_name(name)
    if not _NAME.match(name):
        raise UserError(f"'{name}' is not a valid user name: use letters, digits and . _ @ - (at most 64 characters)")
    check_role(role)
    check_password(password, name)
    created = datetime.now(timezone.utc).replace(tzinfo=None)
    password_hash = hasher.hash(password)  # before the lock: hashing takes a while, others need not wait for it
    with store.write_transaction() as conn:  # two adds of one name at once: the second finds it taken
        taken = conn.execute(sa.select(tables.users.c.id).where(tables.users.c.name == name)).first()
        if taken:
            raise UserError(f"a user called '{name}' already exists")
        conn.execute(
            tables.users.insert().values(name=name, password_hash=password_hash, role=role, created_at=created, disabled=False)
        )
        audit.append(store, actor, "user_add", name, f"role {role}", connection=conn, client=client)
    return User(name, role, created, False)


# Built once: the web app reads the session's user on every request, and building the statement
# (and its cache key) each time cost twice as much as running it.
_USER_BY_NAME = sa.select(tables.users).where(tables.users.c.name == sa.bindparam("name"))


def get_user(store: Store, name: str) -> User | None:
    """The user called `name` (disabled or not), or None."""
    with store.engine.connect() as conn:
        row = conn.execute(_USER_BY_NAME, {"name": normalise_name(name)}).mappings().first()
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
        with store.append_transaction() as conn:  # a sign-in during a load waits for it
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


def set_disabled(store: Store, name: str, disabled: bool, *, actor: str | None = None, client: str | None = None) -> User:
    """Disable a user (their sessions end, they cannot log in) or enable them again; audited."""
    def change(user: User, conn: sa.Connection):
        if user.disabled == disabled:
            raise UserError(f"the user '{user.name}' is already {'disabled' if disabled else 'enabled'}")
        if disabled:
            _keep_an_admin(conn, user, "disable")
            return {"disabled": True, "session_version": user.session_version + 1}, None
        return {"disabled": False}, None

    return _change(store, name, "user_disable" if disabled else "user_enable", change, actor, client)


def set_role(store: Store, name: str, role: str, *, actor: str | None = None, client: str | None = None) -> User:
    """Give a user another role; their sessions end (they log in again with the new role); audited."""
    check_role(role)

    def change(user: User, conn: sa.Connection):
        if user.role == role:
            raise UserError(f"the user '{user.name}' already has the {role} role")
        if role != "admin":
            _keep_an_admin(conn, user, f"give the {role} role to")
        return {"role": role, "session_version": user.session_version + 1}, f"{user.role} -> {role}"

    return _change(store, name, "user_set_role", change, actor, client)


def set_password(
    store: Store, name: str, password: str, hasher: PasswordHasher = DEFAULT_HASHER, *,
    actor: str | None = None, client: str | None = None,
) -> User:
    """Give a user a new password (the policy of `add_user`); their sessions end; audited."""
    check_password(password, normalise_name(name))
    password_hash = hasher.hash(password)

    def change(user: User, conn: sa.Connection):
        return {"password_hash": password_hash, "session_version": user.session_version + 1}, None

    return _change(store, name, "user_set_password", change, actor, client)


def remove_user(store: Store, name: str, *, actor: str | None = None, client: str | None = None) -> User:
    """Delete a user (their sessions end; the audit log keeps their name); audited."""
    def change(user: User, conn: sa.Connection):
        _keep_an_admin(conn, user, "remove")
        conn.execute(tables.users.delete().where(tables.users.c.name == user.name))
        return None, None

    return _change(store, name, "user_remove", change, actor, client)


def end_sessions(store: Store, name: str, *, client: str | None = None) -> User:
    """End every session of the user, as their logout does (audited as theirs)."""
    def change(user: User, conn: sa.Connection):
        return {"session_version": user.session_version + 1}, None

    return _change(store, name, "logout", change, normalise_name(name), client)


def _change(store: Store, name: str, action: str, change, actor: str | None, client: str | None) -> User:
    """Apply `change(user, conn)`, which returns (new column values or None, audit detail), and
    audit `action` in the same transaction, which holds the write lock from its start."""
    name = normalise_name(name)
    with store.write_transaction() as conn:
        row = conn.execute(sa.select(tables.users).where(tables.users.c.name == name)).mappings().first()
        if row is None:
            raise UserError(f"there is no user called '{name}': see scorecard users list")
        user = _user(row)
        values, detail = change(user, conn)
        if values:
            conn.execute(tables.users.update().where(tables.users.c.id == row["id"]).values(**values))
        audit.append(store, actor, action, name, detail, connection=conn, client=client)
    kept = {key: value for key, value in (values or {}).items() if key in User.__dataclass_fields__}
    return dataclasses.replace(user, **kept)


def _keep_an_admin(conn: sa.Connection, user: User, doing: str) -> None:
    """Refuse to leave the store without an enabled admin (no one could sign off or read the audit log)."""
    if user.role != "admin" or user.disabled:
        return
    admins = conn.execute(
        sa.select(sa.func.count()).select_from(tables.users).where(tables.users.c.role == "admin", tables.users.c.disabled.is_(False))
    ).scalar_one()
    if admins <= 1:
        raise UserError(f"cannot {doing} '{user.name}': they are the only enabled admin; add or enable another admin first")


def _user(row) -> User:
    return User(row["name"], row["role"], row["created_at"], bool(row["disabled"]), row["session_version"])
