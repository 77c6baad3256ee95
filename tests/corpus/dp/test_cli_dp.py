"""`corpusbox dp budget|release|ledger` through Typer's runner against a real box."""

from __future__ import annotations

import csv
import json

PW = "first-admin-passphrase"


def test_when_operator_releases_then_ledger_shows_it_and_over_budget_is_refused(cli, tmp_path):
    assert cli("init", "--admin", "root", "--password-stdin", input=PW + "\n").exit_code == 0
    table = tmp_path / "cohort.csv"
    with open(table, "w", newline="") as fh:
        csv.writer(fh).writerows([["sex", "age"], *[["F" if i % 3 else "M", str(20 + i % 60)] for i in range(300)]])
    assert cli("dp", "budget", "cohort", "--total", "1.0", "--json").exit_code == 0
    args = ["dp", "release", "cohort", "--kind", "mean", "--input", str(table), "--column", "age",
            "--lower", "0", "--upper", "100", "--epsilon", "0.6", "--where", "sex=F", "--json"]
    first = json.loads(cli(*args).stdout)
    assert first["kind"] == "mean" and 0 <= first["result"]["value"] <= 100 and not first["reused"]
    again = json.loads(cli(*args).stdout)
    assert again["reused"] and again["result"] == first["result"]
    over = cli("dp", "release", "cohort", "--kind", "count", "--input", str(table), "--epsilon", "0.5")
    assert over.exit_code != 0 and "Traceback" not in over.output and "left" in over.output
    ledger = json.loads(cli("dp", "ledger", "cohort", "--json").stdout)
    assert ledger["total_epsilon"] == 1.0 and len(ledger["releases"]) == 1
    assert ledger["spent_epsilon"] == first["epsilon"]
    human = cli("dp", "ledger", "cohort")
    assert "remaining" in human.stdout and "mean" in human.stdout


def test_when_release_lacks_bounds_then_the_cli_says_so(cli, tmp_path):
    assert cli("init", "--admin", "root", "--password-stdin", input=PW + "\n").exit_code == 0
    table = tmp_path / "t.csv"
    table.write_text("age\n40\n")
    cli("dp", "budget", "d", "--total", "1")
    result = cli("dp", "release", "d", "--kind", "sum", "--input", str(table), "--column", "age", "--epsilon", "0.1")
    assert result.exit_code != 0 and "explicit bounds" in result.output and "Traceback" not in result.output
