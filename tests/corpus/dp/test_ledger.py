"""The privacy-budget ledger on a real database: atomic check-and-charge, refusals audited, reuse free."""

from __future__ import annotations

import json

import pytest

from appliance.errors import PermissionDenied
from appliance.services.auth import Principal
from corpus.dp import ledger
from corpus.dp.aggregates import ReleaseSpec
from corpus.dp.errors import BudgetExceededError, UnknownDatasetError

ADMIN = Principal("admin", "admin")


def test_when_releases_fit_the_budget_then_each_is_charged_and_audited(box):
    ledger.set_budget(box, ADMIN, "cohort-a", 1.0)
    first = ledger.charged_release(box, ADMIN, "cohort-a", "count:1", ReleaseSpec("count", 0.4), list(range(50)))
    second = ledger.charged_release(box, ADMIN, "cohort-a", "mean:1", ReleaseSpec("mean", 0.5, 0, 100), [40.0] * 50)
    view = ledger.ledger(box, ADMIN, "cohort-a")
    assert [r.id for r in view.releases] == [first.id, second.id]
    assert view.spent_epsilon == pytest.approx(0.9, rel=1e-6) and view.remaining_epsilon == pytest.approx(0.1, rel=1e-5)
    events = [e for e in box.audit.events(action="dp.release") if e.target == "dataset:cohort-a"]
    assert [e.outcome for e in events] == ["ok", "ok"]
    assert {e.details["release_id"] for e in events} == {first.id, second.id}
    assert box.audit.events(action="dp.budget.set")[-1].details["total_epsilon"] == 1.0


def test_when_a_release_exceeds_the_budget_then_it_is_refused_uncharged_and_audited(box):
    ledger.set_budget(box, ADMIN, "cohort-b", 1.0)
    ledger.charged_release(box, ADMIN, "cohort-b", "count:1", ReleaseSpec("count", 0.8), [1, 2, 3])
    with pytest.raises(BudgetExceededError, match="needs epsilon 0.3 but dataset cohort-b has 0.2 of 1 left"):
        ledger.charged_release(box, ADMIN, "cohort-b", "count:2", ReleaseSpec("count", 0.3), [1, 2, 3])
    view = ledger.ledger(box, ADMIN, "cohort-b")
    assert len(view.releases) == 1 and view.spent_epsilon == pytest.approx(0.8)
    refused = [e for e in box.audit.events(action="dp.release", outcome="refused") if e.target == "dataset:cohort-b"]
    assert len(refused) == 1 and refused[0].details["release_key"] == "count:2"
    assert "result" not in json.dumps(refused[0].details)


def test_when_the_same_release_is_asked_again_then_the_stored_result_returns_free(box):
    ledger.set_budget(box, ADMIN, "cohort-c", 0.5)
    first = ledger.charged_release(box, ADMIN, "cohort-c", "sum:x", ReleaseSpec("sum", 0.5, 0, 10), [5.0] * 10)
    again = ledger.charged_release(box, ADMIN, "cohort-c", "sum:x", ReleaseSpec("sum", 0.5, 0, 10), [5.0] * 10)
    assert again.reused and again.result == first.result and again.id == first.id
    assert ledger.ledger(box, ADMIN, "cohort-c").spent_epsilon == pytest.approx(0.5, rel=1e-6)


def test_when_per_record_field_is_exported_twice_then_it_is_charged_once(box):
    ledger.set_budget(box, ADMIN, "labs", 2.0)
    ledger.charge_per_record(box, ADMIN, "labs", "glucose", 1.0, 40.0, 0.0, 40.0)
    assert ledger.charge_per_record(box, ADMIN, "labs", "glucose", 1.0, 40.0, 0.0, 40.0).reused
    assert ledger.ledger(box, ADMIN, "labs").spent_epsilon == 1.0


def test_when_budget_is_missing_or_lowered_below_spend_then_clear_errors(box):
    with pytest.raises(UnknownDatasetError, match="corpusbox dp budget"):
        ledger.charged_release(box, ADMIN, "nope", "k", ReleaseSpec("count", 0.1), [1])
    ledger.set_budget(box, ADMIN, "cohort-d", 1.0)
    ledger.charged_release(box, ADMIN, "cohort-d", "k", ReleaseSpec("count", 0.6), [1])
    with pytest.raises(Exception, match="cannot go below"):
        ledger.set_budget(box, ADMIN, "cohort-d", 0.5)


def test_when_an_auditor_asks_for_a_release_then_permission_is_denied(box):
    ledger.set_budget(box, ADMIN, "cohort-e", 1.0)
    with pytest.raises(PermissionDenied):
        ledger.charged_release(box, Principal("audrey", "auditor"), "cohort-e", "k", ReleaseSpec("count", 0.1), [1])
    assert ledger.ledger(box, Principal("audrey", "auditor"), "cohort-e").releases == []
