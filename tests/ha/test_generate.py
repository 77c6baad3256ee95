"""Generated HA configuration: checked by the engines' own validators where they have one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from appliance.ha.credentials import PairCredentials
from appliance.ha.generate import (
    MemberPaths,
    cluster_token,
    etcd_argv,
    filer_sync_argv,
    keepalived_conf,
    patroni_config,
    write_member_bundle,
)
from appliance.ha.settings import parse_pair


def _paths(tmp_path: Path, watchdog: bool = True) -> MemberPaths:
    return MemberPaths(tmp_path / "conf", tmp_path / "pg", tmp_path / "etcd", tmp_path / "run", watchdog=watchdog)


def test_when_bundle_is_written_then_patroni_accepts_it(tmp_path: Path, pair_toml: str) -> None:
    pytest.importorskip("patroni", reason="patroni is not installed (pip install 'patroni[etcd3]')")
    pair = parse_pair(pair_toml)
    files = write_member_bundle(pair, "cbx-a", PairCredentials.generate(), _paths(tmp_path))
    assert {f.name for f in files} >= {"patroni.yml", "keepalived.conf", "etcd.args", "corpusbox-vip-guard"}
    patroni = Path(sys.executable).with_name("patroni")
    done = subprocess.run([str(patroni), "--validate-config", str(tmp_path / "conf" / "patroni.yml")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_when_patroni_config_is_built_then_replication_is_synchronous_and_fenced(tmp_path: Path,
                                                                                 pair_toml: str) -> None:
    pair = parse_pair(pair_toml)
    conf = patroni_config(pair, "cbx-b", PairCredentials.generate(), _paths(tmp_path))
    dcs = conf["bootstrap"]["dcs"]
    assert dcs["synchronous_mode"] is True and dcs["synchronous_mode_strict"] is False
    assert dcs["ttl"] >= 20 and dcs["loop_wait"] + 2 * dcs["retry_timeout"] <= dcs["ttl"]
    assert conf["etcd3"]["hosts"] == ["10.20.0.11:2379", "10.20.0.12:2379", "10.20.0.13:2379"]
    assert conf["watchdog"]["mode"] == "automatic"
    assert "host replication replicator 10.20.0.11/32 scram-sha-256" in conf["postgresql"]["pg_hba"]
    assert not any(" trust" in rule for rule in conf["postgresql"]["pg_hba"])
    assert patroni_config(pair, "cbx-b", PairCredentials.generate(), _paths(tmp_path, False))["watchdog"]["mode"] == "off"
    yaml.safe_dump(conf)


def test_when_keepalived_config_is_built_then_keepalived_accepts_it(tmp_path: Path, pair_toml: str) -> None:
    if shutil.which("keepalived") is None:
        pytest.skip("keepalived is not installed (apt-get install keepalived)")
    nics = sorted(p.name for p in Path("/sys/class/net").iterdir() if p.name != "lo")
    if not nics:
        pytest.skip("keepalived's config test needs a non-loopback interface")
    pair = parse_pair(pair_toml.replace('interface = "eno1"', f'interface = "{nics[0]}"'))
    text = keepalived_conf(pair, "cbx-a", tmp_path)
    assert "vrrp_version 3" in text.split("vrrp_script")[0]  # global_defs: sub-second adverts
    assert "nopreempt" in text and "unicast_peer {\n        10.20.0.12" in text
    write_member_bundle(pair, "cbx-a", PairCredentials.generate(), _paths(tmp_path), script_user=None)
    conf = tmp_path / "conf" / "keepalived.conf"
    done = subprocess.run(["keepalived", "--config-test", "-f", str(conf)], capture_output=True, text=True, timeout=30, check=False)
    # Scripts under world-writable /tmp cannot pass keepalived's script security; anything else must.
    problems = [line for line in (done.stdout + done.stderr).splitlines() if "SECURITY VIOLATION" not in line]
    assert done.returncode in (0, 6) and problems == [], done.stdout + done.stderr


def test_when_etcd_members_are_listed_then_all_three_vote(pair_toml: str, tmp_path: Path) -> None:
    pair = parse_pair(pair_toml)
    argv = etcd_argv(pair, "cbx-w", _paths(tmp_path))
    cluster = argv[argv.index("--initial-cluster") + 1]
    assert cluster.count("=http://") == 3 and "cbx-w=http://10.20.0.13:2380" in cluster
    assert cluster_token(pair) == cluster_token(parse_pair(pair_toml)) != cluster_token(
        parse_pair(pair_toml.replace("cbx-w", "cbx-x")))


def test_when_standby_follows_then_filer_sync_runs_one_way_from_the_primary(pair_toml: str) -> None:
    pair = parse_pair(pair_toml)
    argv = filer_sync_argv(pair, "cbx-b", "cbx-a")
    assert "-a=10.20.0.11:19388" in argv and "-b=10.20.0.12:19388" in argv and "-isActivePassive" in argv


def _patroni_stub(address: str) -> tuple[object, dict[str, int]]:
    """A stand-in for Patroni's REST API on `address`: /primary answers state["code"]."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    state = {"code": 503}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(state["code"] if self.path == "/primary" else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer((address, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, state


def test_when_standby_is_promoted_during_its_check_then_that_check_already_passes(tmp_path: Path) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed (apt-get install curl)")
    import threading

    from appliance.ha.generate import check_primary_script
    from appliance.ha.settings import PairSpec

    server, state = _patroni_stub("127.0.1.1")
    try:
        pair = PairSpec(boxes=[{"name": "a", "address": "127.0.1.1"}, {"name": "b", "address": "127.0.1.2"}],
                        witness={"name": "w", "address": "127.0.1.3"}, vip="10.231.255.50/24", interface="lo",
                        ports={"patroni_rest": server.server_address[1]})
        script = tmp_path / "check"
        script.write_text(check_primary_script(pair, "a"))
        script.chmod(0o755)

        def check() -> int:
            return subprocess.run([str(script)], capture_output=True, timeout=10, check=False).returncode

        assert check() == 1  # a standby (no VIP here): fails after asking a few more times
        threading.Timer(0.25, lambda: state.update(code=200)).start()
        assert check() == 0  # promoted while that run was still asking
        assert check() == 0
    finally:
        server.shutdown()


_LATE_STUB = """
import sys, time, pathlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
mode = pathlib.Path(sys.argv[2])
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        m = mode.read_text().strip()
        if m == "late":
            time.sleep(1.5)
        self.send_response(503 if m == "no" else 200)
        self.end_headers()
    def log_message(self, *a):
        pass
ThreadingHTTPServer(("127.0.1.1", int(sys.argv[1])), H).serve_forever()
"""


def test_when_vip_holder_gets_a_late_answer_then_it_keeps_the_vip_a_few_checks_and_a_no_at_once(tmp_path: Path) -> None:
    """The check on the box holding the VIP, in a private network namespace that holds the VIP on lo."""
    import os

    if os.geteuid() != 0 or not all(shutil.which(t) for t in ("unshare", "ip", "curl")):
        pytest.skip("needs root, unshare, ip and curl (a private network namespace holds the VIP)")
    from appliance.ha.generate import check_primary_script
    from appliance.ha.settings import PairSpec

    pair = PairSpec(boxes=[{"name": "a", "address": "127.0.1.1"}, {"name": "b", "address": "127.0.1.2"}],
                    witness={"name": "w", "address": "127.0.1.3"}, vip="10.231.255.50/24", interface="lo",
                    ports={"patroni_rest": 18008})
    state = tmp_path / "state"
    state.mkdir()
    for name, text in (("check", check_primary_script(pair, "a", state_dir=state)),
                       ("check-nostate", check_primary_script(pair, "a")),
                       ("check-unwritable", check_primary_script(pair, "a", state_dir=tmp_path / "missing"))):
        (tmp_path / name).write_text(text)
        (tmp_path / name).chmod(0o755)
    (tmp_path / "stub.py").write_text(_LATE_STUB)
    mode = tmp_path / "mode"
    steps = [("late", "check"), ("late", "check"), ("late", "check"),  # two late answers kept, the third drops
             ("ok", "check"), ("late", "check"),  # an answer clears the count
             ("late", "check guard"),  # the guard counts on its own
             ("no", "check"),  # 'not primary' drops at once
             ("late", "check-nostate"), ("late", "check-unwritable")]  # no count kept: a late answer fails
    script = ["ip link set lo up", "ip addr add 10.231.255.50/24 dev lo",
              f"{sys.executable} {tmp_path / 'stub.py'} 18008 {mode} > /dev/null 2>&1 & srv=$!; sleep 0.5"]
    for m, cmd in steps:
        script += [f"echo {m} > {mode}", f"{tmp_path}/{cmd}; echo rc=$?"]
    done = subprocess.run(["unshare", "-n", "sh", "-c", "\n".join(script) + "\nkill $srv"], capture_output=True,
                          text=True, timeout=60, check=False)
    codes = [int(line[3:]) for line in done.stdout.split() if line.startswith("rc=")]
    assert codes == [0, 0, 1, 0, 0, 0, 1, 1, 1], done.stdout + done.stderr
