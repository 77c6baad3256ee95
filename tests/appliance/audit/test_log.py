"""The audit chain on SQLite and PostgreSQL: appends, signed heads, and tamper detection."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from appliance.audit.log import Actor
from appliance.box import Box
from appliance.services import audit as audit_service
from appliance.services.auth import Principal

ALICE = Actor("alice", "data_officer")


def _fill(box: Box, n: int) -> None:
    for i in range(n):
        box.audit.record(ALICE, "source.add", f"source:s{i}", details={"i": i})


def _drop_guard(box: Box) -> None:
    """What an attacker with database-admin rights would do first: remove the append-only triggers."""
    with box.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER audit_events_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_events_no_delete")
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_events_append_only ON audit_events")


def _sql(box: Box, statement: str, **params: object) -> None:
    with box.engine.begin() as conn:
        conn.execute(text(statement), params)


def _verify(box: Box, admin: Principal):  # type: ignore[no-untyped-def]
    return audit_service.verify(box, admin)


def _seq_of(box: Box, target: str) -> int:
    with box.engine.connect() as conn:
        return conn.execute(text("SELECT seq FROM audit_events WHERE target = :t"), {"t": target}).scalar_one()


def test_when_untouched_then_verify_passes_with_bucket_heads(box: Box, admin: Principal) -> None:
    _fill(box, 12)
    audit_service.checkpoint(box, admin)
    report = _verify(box, admin)
    assert report.ok, report.problems
    assert report.events_checked >= 14
    assert report.heads_checked >= 2  # database copy and audit-bucket copy


def test_when_update_or_delete_attempted_then_database_refuses(box: Box) -> None:
    _fill(box, 2)
    with pytest.raises(DBAPIError, match="append-only"):
        _sql(box, "UPDATE audit_events SET outcome = 'ok'")
    with pytest.raises(DBAPIError, match="append-only"):
        _sql(box, "DELETE FROM audit_events")


def test_when_event_edited_then_verify_names_it(box: Box, admin: Principal) -> None:
    _fill(box, 6)
    victim = _seq_of(box, "source:s3")
    _drop_guard(box)
    _sql(box, "UPDATE audit_events SET actor = 'mallory' WHERE seq = :s", s=victim)
    report = _verify(box, admin)
    assert not report.ok
    assert report.first_bad.seq == victim and report.first_bad.kind == "edited"


def test_when_event_deleted_then_verify_names_the_gap(box: Box, admin: Principal) -> None:
    _fill(box, 6)
    victim = _seq_of(box, "source:s2")
    _drop_guard(box)
    _sql(box, "DELETE FROM audit_events WHERE seq = :s", s=victim)
    report = _verify(box, admin)
    assert not report.ok
    assert report.first_bad.seq == victim and report.first_bad.kind == "deleted"


def test_when_two_events_swapped_then_verify_names_the_first(box: Box, admin: Principal) -> None:
    _fill(box, 6)
    a, b = _seq_of(box, "source:s1"), _seq_of(box, "source:s4")
    _drop_guard(box)
    # Swap the contents of two rows while keeping their sequence numbers (a reordering).
    cols = "ts, actor, role, action, target, outcome, details, prev_hash, hash"
    with box.engine.begin() as conn:
        rows = {s: conn.execute(text(f"SELECT {cols} FROM audit_events WHERE seq = :s"), {"s": s}).one()
                for s in (a, b)}
        for dst, src in ((a, b), (b, a)):
            values = dict(zip([c.strip() for c in cols.split(",")], rows[src]))
            conn.execute(text("UPDATE audit_events SET ts=:ts, actor=:actor, role=:role, action=:action, "
                              "target=:target, outcome=:outcome, details=:details, prev_hash=:prev_hash, "
                              "hash=:hash WHERE seq=:seq"), {**values, "seq": dst})
    report = _verify(box, admin)
    assert not report.ok
    assert report.first_bad.seq == a


def test_when_event_inserted_and_chain_rehashed_then_signed_heads_catch_it(box: Box, admin: Principal) -> None:
    from appliance.audit.chain import GENESIS, event_hash

    _fill(box, 5)
    audit_service.checkpoint(box, admin)
    _drop_guard(box)
    # A careful forger inserts an event and recomputes every later hash so the chain links again.
    with box.engine.begin() as conn:
        rows = conn.execute(text("SELECT seq, ts, actor, role, action, target, outcome, details "
                                 "FROM audit_events ORDER BY seq")).all()
        conn.execute(text("DELETE FROM audit_events"))
        forged = rows[:3] + [(0, rows[2][1], "mallory", "admin", "user.create", "user:mallory", "ok", "{}")] + rows[3:]
        prev = GENESIS
        for seq, row in enumerate(forged, start=1):
            digest = event_hash(seq, *row[1:], prev)
            conn.execute(text("INSERT INTO audit_events VALUES (:seq,:ts,:a,:r,:ac,:t,:o,:d,:p,:h)"),
                         {"seq": seq, "ts": row[1], "a": row[2], "r": row[3], "ac": row[4], "t": row[5],
                          "o": row[6], "d": row[7], "p": prev, "h": digest})
            prev = digest
    report = _verify(box, admin)
    assert not report.ok
    assert {p.kind for p in report.problems} & {"rewritten", "truncated"}


def test_when_tail_truncated_and_db_heads_removed_then_bucket_head_catches_it(box: Box, admin: Principal) -> None:
    _fill(box, 5)
    head = audit_service.checkpoint(box, admin)
    _drop_guard(box)
    _sql(box, "DELETE FROM audit_events WHERE seq > :s", s=head.seq - 3)
    _sql(box, "DELETE FROM audit_heads")
    report = _verify(box, admin)
    assert not report.ok
    assert any(p.kind == "truncated" and p.seq == head.seq for p in report.problems)


def test_when_writers_race_then_chain_stays_linear(box: Box, admin: Principal) -> None:
    def writer(n: int) -> None:
        for i in range(15):
            box.audit.record(Actor(f"w{n}", "admin"), "race", f"w{n}:{i}")

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = _verify(box, admin)
    assert report.ok, report.problems[:3]
    assert len(box.audit.events(action="race")) == 60


def test_when_transaction_fails_then_its_event_is_not_written(box: Box) -> None:
    before = len(box.audit.events())
    with pytest.raises(RuntimeError):
        with box.sessions() as session, session.begin():
            box.audit.record(ALICE, "source.add", "source:doomed", session=session)
            raise RuntimeError("crash mid-write")
    assert len(box.audit.events()) == before


def test_when_details_too_large_then_refused(box: Box) -> None:
    with pytest.raises(ValueError, match="too large"):
        box.audit.record(ALICE, "x", "y", details={"blob": "a" * 20000})


def test_when_filtered_then_only_matching_events(box: Box) -> None:
    _fill(box, 3)
    box.audit.record(Actor("bob", "auditor"), "user.create", "user:z", outcome="refused")
    assert [e.actor for e in box.audit.events(outcome="refused")] == ["bob"]
    assert len(box.audit.events(action="source.*")) == 3
    assert all(e.actor == "alice" for e in box.audit.events(actor="alice"))
