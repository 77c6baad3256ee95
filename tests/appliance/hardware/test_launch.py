"""Launch settings derived from profile + detected hardware (fake NVML and sysfs)."""

from __future__ import annotations

import firmware_profiles
from appliance.hardware.facts import MachineFacts
from appliance.hardware.infiniband import read_ib_ports
from appliance.hardware.launch import launch_settings, pick_socket_ifname
from appliance.hardware.nvml import read_nvml_facts

DGX = firmware_profiles.load_profile("dgx-h100-8x")


def _facts(nvml, root, host) -> MachineFacts:
    return MachineFacts(nvml=read_nvml_facts(nvml), ib_ports=read_ib_ports(root), host=host)


def test_when_flagship_healthy_then_nccl_uses_all_eight_hcas(make_nvml, h100x8, ib_root, flagship_host):
    s = launch_settings(DGX, _facts(make_nvml(h100x8), ib_root, flagship_host))
    assert s.backend == "nccl" and s.world_size == 8 and s.fp8
    assert s.env["NCCL_IB_HCA"] == "=" + ",".join(f"mlx5_{i}:1" for i in range(8))
    assert s.env["NCCL_SOCKET_IFNAME"] == "eno1" and "NCCL_IB_GID_INDEX" not in s.env
    assert s.env["NCCL_NVLS_ENABLE"] == "1"
    assert (s.ray.num_gpus, s.ray.num_cpus, s.ray.custom) == (8, 256 - 16, {"rdma_port": 8.0})
    assert s.deepspeed["zero_optimization"]["stage"] == 3 and s.deepspeed["bf16"]["enabled"]
    assert s.warnings == []


def test_when_an_hca_is_down_then_it_is_left_out_with_a_warning(
        make_nvml, h100x8, make_ib_tree, ndr_ports, flagship_host):
    ndr_ports[6] = ("mlx5_6", "1: DOWN", "10 Gb/sec (4X SDR)", "InfiniBand")
    s = launch_settings(DGX, _facts(make_nvml(h100x8), make_ib_tree(ndr_ports), flagship_host))
    assert "mlx5_6" not in s.env["NCCL_IB_HCA"] and s.env["NCCL_IB_HCA"].count(",") == 6
    assert any("7 of 8" in w for w in s.warnings)


def test_when_ports_are_roce_then_gid_index_is_set(make_nvml, h100x8, make_ib_tree, flagship_host):
    profile = DGX.model_copy(deep=True)
    profile.infiniband.link_layer = "Ethernet"
    ports = [(f"mlx5_{i}", "4: ACTIVE", "400 Gb/sec (4X NDR)", "Ethernet") for i in range(8)]
    s = launch_settings(profile, _facts(make_nvml(h100x8), make_ib_tree(ports), flagship_host))
    assert s.env["NCCL_IB_GID_INDEX"] == "3"


def test_when_no_driver_then_cpu_view_and_gloo(make_nvml, tmp_path, flagship_host):
    s = launch_settings(DGX, _facts(make_nvml([], init_error=12), tmp_path, flagship_host))
    assert s.backend == "gloo" and s.ray.num_gpus == 0 and s.env == {}
    assert any("0 of 8 GPUs" in w for w in s.warnings)


def test_when_choosing_socket_interface_then_virtual_ones_are_skipped(flagship_host):
    from appliance.hardware.facts import NetIfFacts
    ifs = [NetIfFacts(name="docker0", is_up=True, speed_mbps=100000), NetIfFacts(name="lo", is_up=True),
           NetIfFacts(name="ens1f0", is_up=True, speed_mbps=25000)]
    assert pick_socket_ifname(ifs) == "ens1f0"
