"""Profile auto-detection ranks the shipped profiles against detected facts."""

from __future__ import annotations

import firmware_profiles
from appliance.hardware.detect import rank_profiles
from appliance.hardware.facts import GpuFacts, MachineFacts, NvmlFacts

PROFILES = firmware_profiles.load_all()


def _facts(name: str, count: int) -> MachineFacts:
    gpus = [GpuFacts(index=i, name=name) for i in range(count)]
    return MachineFacts(nvml=NvmlFacts(available=bool(count), gpus=gpus))


def test_when_no_gpu_then_cpu_dev_ranks_first():
    assert rank_profiles(PROFILES, _facts("", 0))[0].profile == "cpu-dev"


def test_when_eight_h100_then_flagship_ranks_first():
    assert rank_profiles(PROFILES, _facts("NVIDIA H100 80GB HBM3", 8))[0].profile == "dgx-h100-8x"


def test_when_four_h100_then_hgx4_ranks_first():
    assert rank_profiles(PROFILES, _facts("NVIDIA H100 80GB HBM3", 4))[0].profile == "hgx-h100-4x"


def test_when_two_l40s_then_edge_ranks_first():
    ranked = rank_profiles(PROFILES, _facts("NVIDIA L40S", 2))
    assert ranked[0].profile == "l40s-2x-edge" and ranked[0].reasons


def test_when_eight_h100_with_roce_ports_then_roce_flagship_ranks_first():
    from appliance.hardware.facts import IbPortFacts
    facts = _facts("NVIDIA H100 80GB HBM3", 8)
    facts.ib_ports = [IbPortFacts(device=f"mlx5_{i}", state="ACTIVE", rate_gbps=400, link_layer="Ethernet")
                      for i in range(8)]
    assert rank_profiles(PROFILES, facts)[0].profile == "dgx-h100-8x-roce"
    facts.ib_ports = [p.model_copy(update={"link_layer": "InfiniBand"}) for p in facts.ib_ports]
    assert rank_profiles(PROFILES, facts)[0].profile == "dgx-h100-8x"
