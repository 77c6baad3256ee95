"""Users of the box: create, list, change role, reset password, disable. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from appliance.box import Box
from appliance.errors import AuthenticationError, Conflict, CorpusBoxError, NotFound
from appliance.db.models import ApiToken, User, utcnow
from appliance.security.roles import Role, parse_role
from appliance.services.auth import Principal, authorize

_HASHER = PasswordHasher()
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass(frozen=True)
class UserView:
    name: str
    role: str
    display_name: str | None
    disabled: bool
    created_at: datetime
    created_by: str | None

    @classmethod
    def of(cls, user: User) -> "UserView":
        return cls(user.name, user.role, user.display_name, user.disabled, user.created_at, user.created_by)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def check_password_rules(box: Box, password: str) -> None:
    minimum = box.settings.security.min_password_length
    if len(password) < minimum:
        raise CorpusBoxError(f"password too short ({len(password)} characters; at least {minimum})",
                             hint="choose a longer passphrase")


def _validate_name(name: str) -> str:
    if not name or len(name) > 64 or not set(name) <= NAME_CHARS:
        raise CorpusBoxError(f"invalid user name {name!r}",
                             hint="use 1-64 lower-case letters, digits, '.', '_' or '-'")
    return name


def _role(value: str) -> Role:
    try:
        return parse_role(value)
    except ValueError as exc:
        raise CorpusBoxError(str(exc)) from exc


def count_users(box: Box) -> int:
    with box.sessions() as session:
        return session.scalar(select(func.count(User.id))) or 0


def create_user(box: Box, actor: Principal | None, name: str, role: str, password: str | None,
                display_name: str | None = None) -> UserView:
    """Create a user. `actor` None is the bootstrap case (only allowed while there are no users)."""
    _validate_name(name)
    chosen = _role(role)
    if password is not None:
        check_password_rules(box, password)
    if chosen is not Role.CLINICIAN_TERMINAL and password is None:
        raise CorpusBoxError(f"user {name!r} needs a password", hint="pass --password-stdin or answer the prompt")
    if actor is not None:
        authorize(box, actor, "user.manage", f"user:{name}")
    with box.sessions() as session, session.begin():
        if actor is None and session.scalar(select(func.count(User.id))):
            raise Conflict("the box already has users; the first admin can only be created once",
                           hint="sign in as an admin and use `corpusbox user create`")
        if session.scalar(select(User).where(User.name == name)):
            raise Conflict(f"user {name!r} already exists", hint="choose another name or `corpusbox user show`")
        user = User(name=name, role=chosen.value, display_name=display_name,
                    password_hash=hash_password(password) if password else None,
                    created_by=actor.user if actor else "bootstrap")
        session.add(user)
        box.audit.record((actor or Principal.bootstrap()).as_actor(), "user.create", f"user:{name}",
                         details={"role": chosen.value}, session=session)
    return UserView.of(user)


def _get(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"no user named {name!r}", hint="`corpusbox user list` shows who exists")
    return user


def get_user(box: Box, actor: Principal, name: str) -> UserView:
    if name != actor.user:
        authorize(box, actor, "user.read", f"user:{name}")
    with box.sessions() as session:
        return UserView.of(_get(session, name))


def list_users(box: Box, actor: Principal) -> list[UserView]:
    authorize(box, actor, "user.read", "users")
    with box.sessions() as session:
        return [UserView.of(u) for u in session.scalars(select(User).order_by(User.name))]


def set_role(box: Box, actor: Principal, name: str, role: str) -> UserView:
    chosen = _role(role)
    authorize(box, actor, "user.manage", f"user:{name}")
    with box.sessions() as session, session.begin():
        user = _get(session, name)
        old = user.role
        if old == Role.ADMIN and chosen != Role.ADMIN:
            _keep_one_admin(session, user)
        user.role = chosen.value
        box.audit.record(actor.as_actor(), "user.role", f"user:{name}", details={"from": old, "to": chosen.value},
                         session=session)
    return UserView.of(user)


def set_password(box: Box, actor: Principal, name: str, password: str) -> None:
    """Change a password: one's own, or anyone's for an admin. Existing sessions are revoked."""
    if name != actor.user:
        authorize(box, actor, "user.manage", f"user:{name}")
    check_password_rules(box, password)
    with box.sessions() as session, session.begin():
        user = _get(session, name)
        user.password_hash = hash_password(password)
        _revoke_sessions(session, user)
        box.audit.record(actor.as_actor(), "user.password", f"user:{name}", session=session)


def set_disabled(box: Box, actor: Principal, name: str, disabled: bool) -> UserView:
    authorize(box, actor, "user.manage", f"user:{name}")
    with box.sessions() as session, session.begin():
        user = _get(session, name)
        if disabled and user.role == Role.ADMIN:
            _keep_one_admin(session, user)
        user.disabled = disabled
        if disabled:
            _revoke_sessions(session, user, all_tokens=True)
        box.audit.record(actor.as_actor(), "user.disable" if disabled else "user.enable", f"user:{name}",
                         session=session)
    return UserView.of(user)


def _keep_one_admin(session: Session, user: User) -> None:
    admins = session.scalar(
        select(func.count(User.id)).where(User.role == Role.ADMIN.value, User.disabled.is_(False), User.id != user.id)
    )
    if not admins:
        raise Conflict(f"{user.name!r} is the last active admin", hint="make another user admin first")


def _revoke_sessions(session: Session, user: User, all_tokens: bool = False) -> None:
    query = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if not all_tokens:
        query = query.where(ApiToken.is_session.is_(True))
    for token in session.scalars(query):
        token.revoked_at = utcnow()


def verify_password(box: Box, name: str, password: str) -> User:
    """The user if the password is right; AuthenticationError (audited) if not."""
    with box.sessions() as session:
        user = session.scalar(select(User).where(User.name == name))
        ok = False
        if user is not None and user.password_hash and not user.disabled:
            try:
                ok = _HASHER.verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
    if not ok:
        box.audit.record(Principal.anonymous(name).as_actor(), "auth.login", f"user:{name}", outcome="refused",
                         details={"reason": "bad name or password, or disabled"})
        raise AuthenticationError("sign-in failed: wrong user name or password, or the account is disabled")
    assert user is not None
    return user
