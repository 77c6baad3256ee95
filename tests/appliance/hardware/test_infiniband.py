"""InfiniBand ports read from a fake sysfs tree."""

from __future__ import annotations

from appliance.hardware.infiniband import read_ib_ports


def test_when_tree_has_ports_then_state_rate_and_layer_are_parsed(make_ib_tree):
    root = make_ib_tree([("mlx5_0", "4: ACTIVE", "400 Gb/sec (4X NDR)", "InfiniBand"),
                         ("mlx5_1", "1: DOWN", "10 Gb/sec (4X SDR)", "Ethernet")])
    ports = read_ib_ports(root)
    assert [(p.device, p.port, p.state, p.rate_gbps, p.link_layer) for p in ports] == [
        ("mlx5_0", 1, "ACTIVE", 400.0, "InfiniBand"), ("mlx5_1", 1, "DOWN", 10.0, "Ethernet")]
    assert ports[0].phys_state == "LinkUp" and ports[1].phys_state == "Polling"
    assert ports[0].netdev == "ibp0s0"


def test_when_no_infiniband_class_then_no_ports(tmp_path):
    assert read_ib_ports(tmp_path) == []
