"""API tokens and sign-in sessions: shown once, stored hashed, scoped, expiring, revocable."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from appliance.box import Box
from appliance.db.models import ApiToken, User, utcnow
from appliance.errors import AuthenticationError, CorpusBoxError, NotFound
from appliance.security.roles import SCOPES, Role
from appliance.services.auth import Principal, authorize

PREFIX = "cbx"


@dataclass(frozen=True)
class TokenView:
    id: str
    user: str
    name: str
    scopes: list[str]
    models: list[str] | None
    rate_limit_per_minute: int | None
    created_at: datetime
    expires_at: datetime
    revoked: bool
    last_used_at: datetime | None

    @classmethod
    def of(cls, token: ApiToken, user: str) -> "TokenView":
        return cls(token.id, user, token.name, list(token.scopes), token.models, token.rate_limit_per_minute,
                   token.created_at, token.expires_at, token.revoked_at is not None, token.last_used_at)


@dataclass(frozen=True)
class IssuedToken:
    """A freshly created token: `secret` is shown once and never stored."""

    view: TokenView
    secret: str


def _digest(secret: str) -> str:
    # Tokens carry 256 bits of randomness: a plain SHA-256 is a sound verifier and keeps API auth fast.
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _new_token(user: User, name: str, scopes: list[str], expires: datetime, session_token: bool,
               models: list[str] | None, rate_limit: int | None) -> tuple[ApiToken, str]:
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    row = ApiToken(id=token_id, user_id=user.id, name=name[:128], secret_hash=_digest(secret), scopes=scopes,
                   models=models, rate_limit_per_minute=rate_limit, expires_at=expires, is_session=session_token)
    return row, f"{PREFIX}_{token_id}_{secret}"


def _check_scopes(scopes: list[str], role: str) -> list[str]:
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise CorpusBoxError(f"unknown token scope(s): {', '.join(unknown)}", hint=f"allowed: {', '.join(SCOPES)}")
    if role == Role.CLINICIAN_TERMINAL and set(scopes) - {"inference"}:
        raise CorpusBoxError("clinician_terminal tokens may only have the 'inference' scope")
    return sorted(set(scopes))


def create_token(box: Box, actor: Principal, name: str, scopes: list[str], days: int | None = None,
                 owner: str | None = None, models: list[str] | None = None,
                 rate_limit_per_minute: int | None = None) -> IssuedToken:
    """Create an API token for the actor (or, for admins, for `owner`). The secret is returned once."""
    owner = owner or actor.user
    authorize(box, actor, "token.own" if owner == actor.user else "user.manage", f"user:{owner}")
    days = days or box.settings.security.token_default_days
    if not 1 <= days <= 3650:
        raise CorpusBoxError(f"token lifetime {days} days is out of range", hint="choose 1 to 3650 days")
    with box.sessions() as session, session.begin():
        user = session.scalar(select(User).where(User.name == owner))
        if user is None:
            raise NotFound(f"no user named {owner!r}")
        chosen = _check_scopes(scopes or (["inference"] if user.role == Role.CLINICIAN_TERMINAL else ["api"]), user.role)
        row, secret = _new_token(user, name, chosen, utcnow() + timedelta(days=days), False, models,
                                 rate_limit_per_minute)
        session.add(row)
        box.audit.record(actor.as_actor(), "token.create", f"token:{row.id}",
                         details={"owner": owner, "scopes": chosen, "days": days, "models": models},
                         session=session)
    return IssuedToken(TokenView.of(row, owner), secret)


def create_session(box: Box, user: User) -> str:
    """A CLI/console session token for a user who just proved their password."""
    hours = box.settings.security.session_hours
    with box.sessions() as session, session.begin():
        row, secret = _new_token(user, "session", ["cli"], utcnow() + timedelta(hours=hours), True, None, None)
        session.add(row)
        box.audit.record(Principal(user.name, user.role).as_actor(), "auth.login", f"user:{user.name}",
                         details={"session": row.id, "hours": hours}, session=session)
    return secret


def list_tokens(box: Box, actor: Principal, all_users: bool = False) -> list[TokenView]:
    if all_users:
        authorize(box, actor, "user.read", "tokens")
    with box.sessions() as session:
        query = select(ApiToken, User.name).join(User, ApiToken.user_id == User.id).where(ApiToken.is_session.is_(False))
        if not all_users:
            query = query.where(User.name == actor.user)
        return [TokenView.of(t, n) for t, n in session.execute(query.order_by(ApiToken.created_at))]


def revoke_token(box: Box, actor: Principal, token_id: str) -> TokenView:
    """Revoke a token: anyone may revoke their own (signing out); others' need user.manage."""
    query = select(ApiToken, User.name).join(User, ApiToken.user_id == User.id).where(ApiToken.id == token_id)
    with box.sessions() as session:
        found = session.execute(query).first()
    if found is None:
        raise NotFound(f"no token with id {token_id!r}", hint="`corpusbox token list` shows token ids")
    if found[1] != actor.user:
        # Checked before the write transaction: a refusal is audited in a transaction of its own,
        # which would wait forever on SQLite's single writer lock if ours were already open.
        authorize(box, actor, "user.manage", f"token:{token_id}")
    with box.sessions() as session, session.begin():
        token, owner = session.execute(query).one()
        token.revoked_at = token.revoked_at or utcnow()
        box.audit.record(actor.as_actor(), "token.revoke", f"token:{token_id}", details={"owner": owner},
                         session=session)
    return TokenView.of(token, owner)


def resolve(box: Box, presented: str, touch: bool = True) -> Principal:
    """The principal behind a presented token; AuthenticationError if unknown, expired or revoked."""
    parts = presented.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise AuthenticationError("malformed token", hint="tokens look like cbx_<id>_<secret>")
    _, token_id, secret = parts
    with box.sessions() as session, session.begin():
        found = session.execute(
            select(ApiToken, User).join(User, ApiToken.user_id == User.id).where(ApiToken.id == token_id)
        ).first()
        if found is None or not hmac.compare_digest(found[0].secret_hash, _digest(secret)):
            raise AuthenticationError("unknown token", hint="create a new token or sign in with `corpusbox login`")
        token, user = found
        if token.revoked_at is not None or user.disabled:
            raise AuthenticationError(f"token {token_id} was revoked or its user is disabled")
        if _aware(token.expires_at) <= utcnow():
            raise AuthenticationError(f"token {token_id} expired at {token.expires_at:%Y-%m-%d %H:%M} UTC",
                                      hint="sign in again (`corpusbox login`) or create a new token")
        if touch:
            token.last_used_at = utcnow()
        return Principal(user.name, user.role, token.id, tuple(token.scopes),
                         tuple(token.models) if token.models else None, token.rate_limit_per_minute)
