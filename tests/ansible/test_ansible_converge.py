"""Converge the real playbooks into scratch trees (connection local, no systemd needed) and check the result."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.ansible.ansible_helpers import recap
from tests.ansible.scratch import CORPUSBOX, TORCH, Scratch


def _read(path: Path) -> str:
    assert path.exists(), f"{path} was not rendered"
    return path.read_text()


def _block(text: str, header: str) -> str:
    """The body of a `header { ... }` block (keepalived / nft syntax), nested braces included."""
    start = text.index(header)
    depth, i = 0, text.index("{", start)
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1:j]
    raise AssertionError(f"unbalanced block {header}")


def test_when_site_converges_then_no_task_fails(scratch: Scratch) -> None:
    out = scratch.first.stdout + scratch.first.stderr
    assert scratch.first.returncode == 0, out[-4000:]
    stats = recap(scratch.first.stdout)
    assert set(stats) == {"pair-a", "single"}
    assert all(s["failed"] == 0 and s["changed"] > 0 for s in stats.values()), stats


def test_when_run_twice_then_second_run_changes_nothing(scratch: Scratch) -> None:
    assert scratch.second.returncode == 0, scratch.second.stdout[-4000:]
    stats = recap(scratch.second.stdout)
    changed = re.findall(r"^changed: \[.*$", scratch.second.stdout, flags=re.M)
    assert all(s["changed"] == 0 for s in stats.values()), (stats, changed)


def test_when_pair_member_then_keepalived_speaks_vrrpv3_and_follows_patroni_primary(scratch: Scratch) -> None:
    conf = _read(scratch.box("pair-a") / "etc/keepalived/keepalived.conf")
    assert re.search(r"^\s*vrrp_version 3\s*$", _block(conf, "global_defs"), flags=re.M)
    instance = _block(conf, "vrrp_instance CORPUSBOX_VIP")
    assert "10.20.0.50/24 dev eth0" in instance and "chk_patroni_primary" in instance
    assert re.search(r"unicast_peer\s*{\s*127\.0\.1\.2\s*}", instance)
    assert "corpusbox-vip-notify" in instance
    check = _read(scratch.box("pair-a") / "usr/local/sbin/corpusbox-check-patroni-primary")
    assert "http://127.0.0.1:8008/primary" in check and "--fail" in check
    script = _block(conf, "vrrp_script chk_patroni_primary")
    assert re.search(r"interval 1\b", script)


def test_when_keepalived_dies_then_its_unit_and_guard_release_the_vip(scratch: Scratch) -> None:
    box = scratch.box("pair-a")
    override = _read(box / "etc/systemd/system/keepalived.service.d/60-corpusbox.conf")
    assert "ExecStopPost=/usr/local/sbin/corpusbox-vip-release" in override and "Restart=always" in override
    release = _read(box / "usr/local/sbin/corpusbox-vip-release")
    assert 'ip addr del "$VIP" dev "$DEV"' in release
    guard = _read(box / "usr/local/sbin/corpusbox-vip-guard")
    assert "pidof keepalived" in guard and "corpusbox-vip-release" in guard


def test_when_keepalived_is_installed_then_it_accepts_the_rendered_config(scratch: Scratch, tmp_path: Path) -> None:
    if shutil.which("keepalived") is None:
        pytest.skip("keepalived is not installed here (apt-get install keepalived)")
    box = scratch.box("pair-a")
    # The role creates keepalived_script and installs the scripts under /usr/local/sbin on a real
    # box; here the scripts live in the scratch tree and an existing user stands in.
    text = _read(box / "etc/keepalived/keepalived.conf").replace("script_user keepalived_script", "script_user nobody")
    conf = tmp_path / "keepalived.conf"
    conf.write_text(text.replace("/usr/local/sbin/", f"{box}/usr/local/sbin/"))
    done = subprocess.run([str(box / "usr/local/sbin/corpusbox-keepalived-configtest"), str(conf)],
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "broken.conf"
    broken.write_text(conf.read_text().replace("nopreempt", "nopreempt\n    no_such_keyword 1"))
    done = subprocess.run([str(box / "usr/local/sbin/corpusbox-keepalived-configtest"), str(broken)],
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode != 0 and "no_such_keyword" in done.stderr


def _chain_rules(text: str) -> list[str]:
    rules: list[str] = []
    for match in re.finditer(r"chain output\s*{", text):
        body = _block(text[match.start():], "chain output")
        rules += [ln.strip() for ln in body.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return rules


def _output_chain_rules(box: Path) -> list[str]:
    """Every rule of the output chain in load order: main file, roles' drop-ins, main file's tail."""
    main = _read(box / "etc/nftables.conf")
    head, tail = re.split(r"^include .*$", main, maxsplit=1, flags=re.M)
    rules = _chain_rules(head)
    for path in sorted((box / "etc/nftables.d").glob("*.nft")):
        rules += _chain_rules(path.read_text())
    return rules + _chain_rules(tail)


@pytest.mark.parametrize("host", ["pair-a", "single"])
def test_when_rendered_then_egress_is_dropped_except_listed_destinations(scratch: Scratch, host: str) -> None:
    box = scratch.box(host)
    rules = _output_chain_rules(box)
    assert any("policy drop" in r for r in rules)
    assert rules[-1].startswith("reject"), rules[-1]
    always = ('oif "lo" accept', "ct state established,related accept", "icmpv6 type")
    open_rules = [r for r in rules if r.endswith("accept") or "accept comment" in r]
    for rule in open_rules:
        assert rule.startswith(always) or "daddr" in rule, f"egress rule without a destination: {rule}"
    assert any("10.0.5.10/32" in r and "dport 443" in r for r in open_rules)
    assert any("10.0.9.9" in r and "dport 6514" in r for r in open_rules), "SIEM egress missing"
    if host == "pair-a":
        assert any("127.0.1.3" in r and "2380" in r for r in open_rules), "etcd witness egress missing"
        assert any("127.0.1.2" in r and "vrrp" in r for r in open_rules), "VRRP to the peer missing"
    else:
        assert not any("127.0.1." in r for r in open_rules), "a single box must not open pair traffic"


def test_when_nft_is_installed_then_it_accepts_the_ruleset(scratch: Scratch) -> None:
    nft = shutil.which("nft")
    if nft is None:
        pytest.skip("nft is not installed here (apt-get install nftables)")
    done = subprocess.run([nft, "-c", "-f", str(scratch.box("pair-a") / "etc/nftables.conf")],
                          capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0 and "Operation not permitted" in done.stderr:
        pytest.skip("nft -c needs CAP_NET_ADMIN")
    assert done.returncode == 0, done.stderr


def test_when_rendered_then_unit_runs_the_supervisor_in_the_foreground(scratch: Scratch) -> None:
    unit = _read(scratch.box("pair-a") / "etc/systemd/system/corpusbox.service")
    assert "ExecStart=/opt/corpusbox/venv/bin/corpusbox up --foreground" in unit
    assert "ExecStop=/opt/corpusbox/venv/bin/corpusbox down" in unit
    assert re.search(r"^User=corpusbox$", unit, flags=re.M)
    assert "EnvironmentFile=/etc/corpusbox/corpusbox.env" in unit
    env = _read(scratch.box("pair-a") / "etc/corpusbox/corpusbox.env")
    assert "CORPUSBOX_HOME=/var/lib/corpusbox" in env
    assert "CORPUSBOX_CONFIG=/etc/corpusbox/corpusbox.toml" in env


def test_when_systemd_analyze_exists_then_units_verify(scratch: Scratch) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    box = scratch.box("pair-a")
    system_units = box / "usr/lib/systemd/system"
    if not system_units.exists():
        system_units.parent.mkdir(parents=True, exist_ok=True)
        system_units.symlink_to("/usr/lib/systemd/system")
    for unit in ("corpusbox.service", "corpusbox-vip-guard.service"):
        done = subprocess.run([analyze, "verify", "--man=no", "--generators=no", f"--root={box}",
                               f"/etc/systemd/system/{unit}"], capture_output=True, text=True,
                              timeout=60, check=False)
        problems = [ln for ln in done.stderr.splitlines() if unit in ln]
        assert done.returncode == 0 and not problems, done.stderr[-2000:]


def test_when_rendered_then_corpusbox_toml_validates_against_the_settings_model(scratch: Scratch) -> None:
    from appliance.config import load_settings

    pair = load_settings(scratch.box("pair-a") / "etc/corpusbox/corpusbox.toml", env={"CORPUSBOX_HOME": "/x"})
    assert pair.storage.backend == "s3"
    assert pair.storage.endpoint_url == "https://corpusbox-vip.hospital.test:9000"
    assert pair.storage.secret_key.get_secret_value() == "app-secret/with:odd@chars"
    assert "@10.20.0.50:5432/corpusbox" in pair.database_url
    assert pair.supervisor.services == ["objectstore", "inference", "ray", "telemetry"]
    single = load_settings(scratch.box("single") / "etc/corpusbox/corpusbox.toml", env={"CORPUSBOX_HOME": "/x"})
    assert "@127.0.0.1:5432/corpusbox" in single.database_url
    assert single.hardware.profile == "cpu-dev"


def test_when_installed_then_venv_has_pinned_torch_and_the_corpusbox_command(scratch: Scratch) -> None:
    venv = scratch.box("single") / "opt/corpusbox/venv"
    site = next(venv.glob("lib/python3*/site-packages"))
    assert (site / f"torch-{TORCH}.dist-info").is_dir()
    assert (site / f"corpusbox-{CORPUSBOX}.dist-info").is_dir()
    link = scratch.box("single") / "usr/local/bin/corpusbox"
    assert link.is_symlink() and str(link.readlink()) == "/opt/corpusbox/venv/bin/corpusbox"
    out = scratch.first.stdout
    assert out.index("Install the pinned torch build first") < out.index("Install the corpusbox package")


def test_when_pair_member_then_patroni_replicates_synchronously_with_a_witness(scratch: Scratch) -> None:
    config = yaml.safe_load(_read(scratch.box("pair-a") / "etc/patroni/patroni.yml"))
    dcs = config["bootstrap"]["dcs"]
    assert dcs["synchronous_mode"] is True and dcs["ttl"] == 20
    assert dcs["loop_wait"] + 2 * dcs["retry_timeout"] <= dcs["ttl"]
    assert config["etcd3"]["hosts"] == ["127.0.1.1:2379", "127.0.1.2:2379", "127.0.1.3:2379"]
    assert config["restapi"]["listen"].endswith(":8008")
    assert "host replication replicator 127.0.1.2/32 scram-sha-256" in config["postgresql"]["pg_hba"]
    etcd = _read(scratch.box("pair-a") / "etc/default/etcd")
    assert re.search(r'ETCD_INITIAL_CLUSTER=".*witness=http://127\.0\.1\.3:2380', etcd)


def test_when_pair_member_then_debian_creates_no_competing_cluster(scratch: Scratch) -> None:
    pair = _read(scratch.box("pair-a") / "etc/postgresql-common/createcluster.conf")
    assert "create_main_cluster = false" in pair
    single = _read(scratch.box("single") / "etc/postgresql-common/createcluster.conf")
    assert "create_main_cluster = true" in single
    hba = _read(scratch.box("single") / "etc/postgresql/15/main/pg_hba.conf")
    assert "127.0.0.1/32  scram-sha-256" in hba
    assert not (scratch.box("single") / "etc/patroni").exists()


def test_when_rendered_then_minio_runs_tls_kms_and_distributed_volumes(scratch: Scratch) -> None:
    box = scratch.box("single")
    env = _read(box / "etc/default/minio")
    assert 'MINIO_VOLUMES="/srv/minio/data{1...2}"' in env
    assert 'MINIO_KMS_SECRET_KEY="corpusbox-key:' in env
    assert "--certs-dir /etc/minio/certs" in env
    assert "BEGIN CERTIFICATE" in _read(box / "etc/minio/certs/public.crt")
    assert (box / "srv/minio/data2").is_dir()


@pytest.mark.parametrize("rel", [
    "etc/corpusbox/corpusbox.toml", "etc/default/minio", "etc/minio/certs/private.key",
    "etc/patroni/patroni.yml", "etc/patroni/post-bootstrap.sh",
])
def test_when_a_file_holds_secrets_then_others_cannot_read_it(scratch: Scratch, rel: str) -> None:
    path = scratch.box("pair-a") / rel
    assert path.exists(), rel
    assert path.stat().st_mode & 0o007 == 0, f"{rel} is readable by others: {oct(path.stat().st_mode)}"


def test_when_siem_is_set_then_audit_events_ship_over_tls(scratch: Scratch) -> None:
    conf = _read(scratch.box("single") / "etc/rsyslog.d/60-corpusbox.conf")
    assert 'target="10.0.9.9"' in conf and 'StreamDriver="gtls"' in conf
    assert '$programname == "corpusbox-audit"' in conf and 'queue.saveOnShutdown="on"' in conf
    assert "/var/log/corpusbox/*.log" in _read(scratch.box("single") / "etc/logrotate.d/corpusbox")


def test_when_vault_secrets_are_missing_then_the_play_names_them(scratch: Scratch) -> None:
    done = scratch.playbook("playbooks/corpusbox.yml", limit="single", vault=False)
    assert done.returncode != 0
    assert "corpusbox_db_password_vault" in done.stdout


def test_when_box_does_not_match_its_profile_then_the_doctor_gate_fails(scratch: Scratch) -> None:
    done = scratch.playbook("playbooks/doctor.yml", "-e", "profile_name=dgx-h100-8x", limit="single")
    assert done.returncode != 0
    assert "does not match profile dgx-h100-8x" in done.stdout
    assert "[FAIL] gpu.count" in done.stdout and "Install the NVIDIA driver" in done.stdout
