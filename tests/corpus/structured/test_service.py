"""Running a policy on a real box: noise fields charged once, runs audited."""

from __future__ import annotations

import csv

from appliance.services.auth import Principal
from corpus.dp import ledger
from corpus.structured.policy import parse_policy
from corpus.structured.service import run_policy

ADMIN = Principal("admin", "admin")


def test_when_policy_with_noise_runs_twice_then_budget_is_charged_once_and_runs_are_audited(box, tmp_path):
    policy = parse_policy({"kind": "table", "name": "labs", "dataset": "labs", "patient_key": "pid", "record_key": ["lab"],
                           "columns": {"pid": "pseudonymise", "lab": "pseudonymise",
                                       "v": {"action": "noise", "epsilon": 0.5, "lower": 0, "upper": 10}}})
    src = tmp_path / "labs.csv"
    with open(src, "w", newline="") as fh:
        csv.writer(fh).writerows([["pid", "lab", "v", "extra"], ["P1", "L1", "3", "x"], ["P2", "L2", "4", "y"]])
    ledger.set_budget(box, ADMIN, "labs", 1.0)
    first = run_policy(box, ADMIN, policy, [src], tmp_path / "o1")
    second = run_policy(box, ADMIN, policy, [src], tmp_path / "o2")
    assert (tmp_path / "o1" / "labs.csv").read_text() == (tmp_path / "o2" / "labs.csv").read_text()
    assert second.files[0].fields["v"].noise_reused == 2 and first.files[0].unknown_dropped == ["extra"]
    assert ledger.ledger(box, ADMIN, "labs").spent_epsilon == 0.5
    runs = box.audit.events(action="deid.structured.run")
    assert len(runs) == 2 and runs[0].details["unknown_dropped"] == ["extra"]
