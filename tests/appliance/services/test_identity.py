"""Users, passwords, sessions and API tokens on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from appliance.box import Box
from appliance.db.models import ApiToken, User, utcnow
from appliance.errors import AuthenticationError, Conflict, CorpusBoxError, PermissionDenied
from appliance.services import tokens, users
from appliance.services.auth import Principal

PW = "another-long-passphrase"


def test_when_user_created_then_password_is_argon2_hashed(box: Box, admin: Principal) -> None:
    users.create_user(box, admin, "olivia", "data_officer", PW)
    with box.sessions() as s:
        stored = s.scalar(select(User.password_hash).where(User.name == "olivia"))
    assert stored.startswith("$argon2") and PW not in stored
    assert users.verify_password(box, "olivia", PW).role == "data_officer"


def test_when_bad_inputs_then_clear_errors(box: Box, admin: Principal) -> None:
    with pytest.raises(CorpusBoxError, match="allowed: admin, data_officer"):
        users.create_user(box, admin, "x", "superuser", PW)
    with pytest.raises(CorpusBoxError, match="too short"):
        users.create_user(box, admin, "x", "auditor", "short")
    with pytest.raises(CorpusBoxError, match="invalid user name"):
        users.create_user(box, admin, "Bad Name", "auditor", PW)
    with pytest.raises(Conflict, match="already exists"):
        users.create_user(box, admin, "admin", "auditor", PW)


def test_when_bootstrap_repeated_then_refused(box: Box) -> None:
    with pytest.raises(Conflict, match="only be created once"):
        users.create_user(box, None, "second", "admin", PW)


def test_when_wrong_password_then_refused_and_audited(box: Box) -> None:
    with pytest.raises(AuthenticationError):
        users.verify_password(box, "admin", "not-the-password")
    [event] = box.audit.events(action="auth.login", outcome="refused")
    assert event.actor == "admin" and "not-the-password" not in str(event.details)


def test_when_last_admin_demoted_or_disabled_then_refused(box: Box, admin: Principal) -> None:
    with pytest.raises(Conflict, match="last active admin"):
        users.set_role(box, admin, "admin", "auditor")
    with pytest.raises(Conflict, match="last active admin"):
        users.set_disabled(box, admin, "admin", True)


def test_when_token_created_then_secret_shown_once_and_stored_hashed(box: Box, admin: Principal) -> None:
    issued = tokens.create_token(box, admin, "kiosk", ["api"], days=7)
    with box.sessions() as s:
        row = s.get(ApiToken, issued.view.id)
    assert issued.secret.split("_", 2)[2] not in row.secret_hash
    principal = tokens.resolve(box, issued.secret)
    assert principal.user == "admin" and principal.scopes == ("api",)
    assert all(t.id != issued.view.id or not hasattr(t, "secret") for t in tokens.list_tokens(box, admin))


def test_when_token_revoked_or_expired_then_refused(box: Box, admin: Principal) -> None:
    a = tokens.create_token(box, admin, "a", ["api"])
    b = tokens.create_token(box, admin, "b", ["api"])
    tokens.revoke_token(box, admin, a.view.id)
    with pytest.raises(AuthenticationError, match="revoked"):
        tokens.resolve(box, a.secret)
    with box.sessions() as s, s.begin():
        s.execute(update(ApiToken).where(ApiToken.id == b.view.id).values(expires_at=utcnow() - timedelta(hours=1)))
    with pytest.raises(AuthenticationError, match="expired"):
        tokens.resolve(box, b.secret)
    with pytest.raises(AuthenticationError, match="unknown token"):
        tokens.resolve(box, a.secret[:-2] + "zz")


def test_when_user_revokes_own_or_others_token_then_own_allowed_others_refused(box: Box, admin: Principal) -> None:
    users.create_user(box, admin, "aud-1", "auditor", "passphrase-123456")
    theirs = tokens.create_token(box, admin, "aud-session", ["cli"], owner="aud-1")
    mine = tokens.create_token(box, admin, "admin-ci", ["api"])
    auditor = tokens.resolve(box, theirs.secret)
    with pytest.raises(PermissionDenied):  # on SQLite this refusal once waited forever on the writer lock
        tokens.revoke_token(box, auditor, mine.view.id)
    assert box.audit.events(outcome="refused", actor="aud-1")[-1].target == f"token:{mine.view.id}"
    tokens.revoke_token(box, auditor, theirs.view.id)  # signing out needs no permission
    with pytest.raises(AuthenticationError, match="revoked"):
        tokens.resolve(box, theirs.secret)


def test_when_clinician_terminal_token_then_inference_scope_only(box: Box, admin: Principal) -> None:
    users.create_user(box, admin, "kiosk-3", "clinician_terminal", None)
    issued = tokens.create_token(box, admin, "triage", [], owner="kiosk-3", models=["triage"], rate_limit_per_minute=30)
    principal = tokens.resolve(box, issued.secret)
    assert principal.scopes == ("inference",) and principal.models == ("triage",)
    assert principal.may("inference.use") and not principal.may("box.read")
    with pytest.raises(CorpusBoxError, match="only have the 'inference' scope"):
        tokens.create_token(box, admin, "bad", ["cli"], owner="kiosk-3")


def test_when_password_changed_then_sessions_end(box: Box, admin: Principal) -> None:
    users.create_user(box, admin, "eve", "ml_engineer", PW)
    session = tokens.create_session(box, users.verify_password(box, "eve", PW))
    eve = tokens.resolve(box, session)
    users.set_password(box, eve, "eve", "a-brand-new-passphrase")
    with pytest.raises(AuthenticationError, match="revoked"):
        tokens.resolve(box, session)


def test_when_user_disabled_then_tokens_stop_working(box: Box, admin: Principal) -> None:
    users.create_user(box, admin, "dan", "ml_engineer", PW)
    dan = tokens.resolve(box, tokens.create_session(box, users.verify_password(box, "dan", PW)))
    issued = tokens.create_token(box, dan, "ci", ["api"])
    users.set_disabled(box, admin, "dan", True)
    with pytest.raises(AuthenticationError):
        tokens.resolve(box, issued.secret)


def test_when_non_admin_manages_users_then_refused_and_audited(box: Box, admin: Principal) -> None:
    users.create_user(box, admin, "audrey", "auditor", PW)
    audrey = Principal("audrey", "auditor")
    with pytest.raises(PermissionDenied):
        users.set_role(box, audrey, "admin", "auditor")
    refused = box.audit.events(outcome="refused", actor="audrey")
    assert refused and refused[-1].action == "user.manage"
