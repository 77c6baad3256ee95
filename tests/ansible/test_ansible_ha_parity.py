"""A provisioned pair runs what the HA tests proved: the Ansible roles render the same HA settings
as appliance.ha.generate does for the same pair (tests/ha measures failover with the latter)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from appliance.ha.credentials import PairCredentials
from appliance.ha.generate import MemberPaths, check_primary_script, etcd_argv, keepalived_conf, patroni_config
from appliance.ha.settings import PairSpec
from tests.ansible.scratch import Scratch

# The converge inventory's pair (tests/ansible/converge): pair-a, box-b and the witness.
PAIR = PairSpec(boxes=[{"name": "pair-a", "address": "127.0.1.1"}, {"name": "box-b", "address": "127.0.1.2"}],
                witness={"name": "witness", "address": "127.0.1.3"}, vip="10.20.0.50/24", interface="eth0")


def _generated() -> dict:
    creds = PairCredentials("x", "x", "x", "x")  # the role's default account names
    paths = MemberPaths.default(PAIR, Path("/var/lib/corpusbox"))
    return patroni_config(PAIR, "pair-a", creds, paths)


def _rendered(scratch: Scratch, rel: str) -> str:
    path = scratch.box("pair-a") / rel
    assert path.exists(), f"{rel} was not rendered"
    return path.read_text()


def test_when_pair_member_is_provisioned_then_patroni_timing_and_recovery_match_the_tested_pair(
        scratch: Scratch) -> None:
    ours, theirs = _generated(), yaml.safe_load(_rendered(scratch, "etc/patroni/patroni.yml"))
    for key in ("ttl", "loop_wait", "retry_timeout", "maximum_lag_on_failover", "synchronous_mode",
                "synchronous_mode_strict"):
        assert theirs["bootstrap"]["dcs"][key] == ours["bootstrap"]["dcs"][key], key
    for key in ("use_pg_rewind", "use_slots"):
        assert theirs["bootstrap"]["dcs"]["postgresql"][key] == ours["bootstrap"]["dcs"]["postgresql"][key], key
    tested_params = ours["bootstrap"]["dcs"]["postgresql"]["parameters"]
    assert {k: str(v) for k, v in theirs["bootstrap"]["dcs"]["postgresql"]["parameters"].items()
            if k in tested_params} == {k: str(v) for k, v in tested_params.items()}
    for key in ("basebackup", "remove_data_directory_on_rewind_failure", "remove_data_directory_on_diverged_timelines"):
        assert theirs["postgresql"][key] == ours["postgresql"][key], key
    assert theirs["bootstrap"]["initdb"] == ours["bootstrap"]["initdb"]
    assert theirs["watchdog"]["safety_margin"] == ours["watchdog"]["safety_margin"]


def test_when_pair_member_is_provisioned_then_pg_hba_has_every_rule_of_the_tested_pair(scratch: Scratch) -> None:
    ours = _generated()["postgresql"]["pg_hba"]
    theirs = yaml.safe_load(_rendered(scratch, "etc/patroni/patroni.yml"))["postgresql"]["pg_hba"]
    assert "host replication replicator 127.0.0.1/32 scram-sha-256" in theirs
    assert [r for r in theirs if r in ours] == ours  # same rules, same order
    assert [r for r in theirs if r not in ours] == ["host all all ::1/128 scram-sha-256"]


def _keepalived_timing(text: str) -> dict[str, str]:
    return {k: re.search(rf"^\s*{k}\s+(\S+)\s*$", text, flags=re.M).group(1)  # type: ignore[union-attr]
            for k in ("vrrp_version", "advert_int", "interval", "fall", "rise", "timeout")}


def test_when_pair_member_is_provisioned_then_keepalived_and_etcd_timing_match_the_tested_pair(
        scratch: Scratch) -> None:
    ours = _keepalived_timing(keepalived_conf(PAIR, "pair-a", Path("/usr/local/sbin")))
    assert _keepalived_timing(_rendered(scratch, "etc/keepalived/keepalived.conf")) == ours
    polls = re.compile(r"for _ in \$\(seq (\d+)\); do sleep (\S+); primary (\S+) && exit 0; done")
    ours_check = polls.search(check_primary_script(PAIR, "pair-a"))
    theirs_check = polls.search(_rendered(scratch, "usr/local/sbin/corpusbox-check-patroni-primary"))
    assert ours_check and theirs_check and ours_check.groups() == theirs_check.groups()
    # The holder's first question and how many late answers it tolerates are the tested pair's too.
    late = re.compile(r'primary (\S+); rc=\$\?[\s\S]*\[ "\$n" -le (\d+) \]')
    ours_late = late.search(check_primary_script(PAIR, "pair-a", state_dir=Path("/var/lib/corpusbox-keepalived")))
    theirs_late = late.search(_rendered(scratch, "usr/local/sbin/corpusbox-check-patroni-primary"))
    assert ours_late and theirs_late and ours_late.groups() == theirs_late.groups()
    argv = etcd_argv(PAIR, "pair-a", MemberPaths.default(PAIR, Path("/var/lib/corpusbox")))
    etcd = _rendered(scratch, "etc/default/etcd")
    for flag, var in (("--heartbeat-interval", "ETCD_HEARTBEAT_INTERVAL"), ("--election-timeout", "ETCD_ELECTION_TIMEOUT")):
        assert re.search(rf'^{var}="?{argv[argv.index(flag) + 1]}"?$', etcd, flags=re.M), var
