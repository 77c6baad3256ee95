"""Who did what: access by user/role/action, refusals and failures, activity per day, accounts."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select

from appliance.db.models import ApiToken, User, utcnow
from appliance.reports.model import Section
from appliance.reports.sections.common import NOT_YET, SectionInput, event_row, iso

OUTCOMES = ("ok", "refused", "failed")


def access_by_user(inp: SectionInput) -> Section:
    """Event counts per (user, role, action) split by outcome."""
    counts: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for e in inp.events:
        counts[(e.actor, e.role, e.action)][e.outcome] += 1
    rows = [
        {"user": u, "role": r, "action": a, **{o: c[o] for o in OUTCOMES}, "total": sum(c.values())}
        for (u, r, a), c in sorted(counts.items())
    ]
    totals = {o: sum(r[o] for r in rows) for o in OUTCOMES}
    totals["total"] = sum(totals.values())
    return Section(
        "access_by_user",
        ["user", "role", "action", *OUTCOMES, "total"],
        rows,
        None if rows else NOT_YET,
        totals,
    )


def refused_failed(inp: SectionInput) -> Section:
    """Every refused or failed event, with the reason the service gave."""
    rows = [event_row(e, "reason") for e in inp.events if e.outcome in ("refused", "failed")]
    totals = dict(Counter(r["outcome"] for r in rows))
    return Section(
        "refused_failed",
        ["seq", "ts", "actor", "role", "action", "target", "outcome", "reason"],
        rows,
        None if rows else "no refused or failed attempts in this period",
        totals,
    )


def activity_per_day(inp: SectionInput) -> Section:
    """Events per UTC day (every day of the period, zeros included) and distinct users."""
    per_day: dict[str, Counter[str]] = {d.isoformat(): Counter() for d in inp.period.days()}
    users: dict[str, set[str]] = defaultdict(set)
    for e in inp.events:
        day = e.ts[:10]
        per_day.setdefault(day, Counter())[e.outcome] += 1
        users[day].add(e.actor)
    rows = [
        {"day": day, **{o: c[o] for o in OUTCOMES}, "events": sum(c.values()), "users": len(users[day])}
        for day, c in sorted(per_day.items())
    ]
    return Section(
        "activity_per_day",
        ["day", "events", *OUTCOMES, "users"],
        rows,
        None if inp.events else NOT_YET,
        {"events": len(inp.events)},
    )


def accounts(inp: SectionInput) -> Section:
    """Every account as of report time: role, state, who created it, tokens and last use."""
    now = iso(utcnow()) or ""
    tokens: dict[int, dict[str, Any]] = defaultdict(lambda: {"active": 0, "revoked": 0, "last": None})
    for tok in inp.session.scalars(select(ApiToken)):
        entry = tokens[tok.user_id]
        if tok.revoked_at:
            entry["revoked"] += 1
        elif iso(tok.expires_at) > now:
            entry["active"] += 1
        if tok.last_used_at and (entry["last"] is None or iso(tok.last_used_at) > entry["last"]):
            entry["last"] = iso(tok.last_used_at)
    rows = []
    for user in inp.session.scalars(select(User).order_by(User.name)):
        t = tokens[user.id]
        rows.append(
            {
                "user": user.name,
                "role": user.role,
                "disabled": user.disabled,
                "created_at": iso(user.created_at),
                "created_by": user.created_by,
                "tokens_active": t["active"],
                "tokens_revoked": t["revoked"],
                "last_used": t["last"],
            }
        )
    return Section(
        "accounts",
        [
            "user",
            "role",
            "disabled",
            "created_at",
            "created_by",
            "tokens_active",
            "tokens_revoked",
            "last_used",
        ],
        rows,
        None if rows else "no accounts",
        {"accounts": len(rows)},
    )
