"""Doctor against fake hardware: the healthy flagship passes; each failure class names its row and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import firmware_profiles
from appliance.hardware.doctor import run_checks, run_doctor
from appliance.hardware.facts import MachineFacts
from appliance.hardware.infiniband import read_ib_ports
from appliance.hardware.nvml import read_nvml_facts

DGX = firmware_profiles.load_profile("dgx-h100-8x")


def _rows(nvml, sysfs_root: Path, host, services_up) -> dict:
    """Run every dgx-h100-8x check on fake facts; rows by name."""
    facts = MachineFacts(nvml=read_nvml_facts(nvml), ib_ports=read_ib_ports(sysfs_root), host=host)
    rows = run_checks(DGX, facts, service_active=services_up)
    return {r.name: r for r in rows}


def _only_failure(rows: dict, name: str) -> None:
    """`name` is the one failed row."""
    failed = sorted(n for n, r in rows.items() if r.status == "fail")
    assert failed == [name], failed


def test_when_healthy_8xh100_then_every_row_passes(make_nvml, h100x8, ib_root, flagship_host, services_up):
    rows = _rows(make_nvml(h100x8), ib_root, flagship_host, services_up)
    assert {n: r.status for n, r in rows.items() if r.status != "pass"} == {}
    assert "gpu.nvlink" in rows and "gpu.fabric_manager" in rows and "ib.rate" in rows
    assert rows["gpu.count"].observed == "8"
    assert all(r.advice == "" for r in rows.values())


def test_when_a_gpu_is_missing_then_count_fails_with_bus_advice(
        make_nvml, h100x8, ib_root, flagship_host, services_up):
    rows = _rows(make_nvml(h100x8[:7]), ib_root, flagship_host, services_up)
    _only_failure(rows, "gpu.count")
    assert rows["gpu.count"].observed == "7" and rows["gpu.count"].expected == "8"
    assert "Xid 79" in rows["gpu.count"].advice


def test_when_driver_below_floor_then_driver_fails_with_upgrade_advice(
        make_nvml, h100x8, ib_root, flagship_host, services_up):
    rows = _rows(make_nvml(h100x8, driver="525.85.12"), ib_root, flagship_host, services_up)
    _only_failure(rows, "gpu.driver")
    assert rows["gpu.driver"].observed == "525.85.12"
    assert rows["gpu.driver"].expected == ">= 535.104.05"
    assert "R535 or newer" in rows["gpu.driver"].advice


def test_when_uncorrected_ecc_errors_then_ecc_row_fails_naming_the_gpu(
        make_nvml, h100x8, ib_root, flagship_host, services_up):
    h100x8[5].ecc = {(1, 0): 2, (1, 1): 3}
    rows = _rows(make_nvml(h100x8), ib_root, flagship_host, services_up)
    _only_failure(rows, "gpu.ecc_errors")
    assert rows["gpu.ecc_errors"].observed == "GPU5: 2 volatile / 3 aggregate uncorrected"
    assert "nvidia-smi -i <gpu> -r" in rows["gpu.ecc_errors"].advice
    assert "RMA" in rows["gpu.ecc_errors"].advice


def test_when_pcie_width_degraded_then_pcie_fails_with_reseat_advice(
        make_nvml, h100x8, ib_root, flagship_host, services_up):
    h100x8[2].pcie_width = (8, 16)
    rows = _rows(make_nvml(h100x8), ib_root, flagship_host, services_up)
    _only_failure(rows, "gpu.pcie")
    assert rows["gpu.pcie"].observed == "GPU2: x8 (max x16)"
    assert "reseat" in rows["gpu.pcie"].advice


def test_when_pcie_gen_drops_at_idle_then_pcie_still_passes(
        make_nvml, h100x8, ib_root, flagship_host, services_up):
    h100x8[0].pcie_gen = (1, 5)  # power saving, not a fault
    rows = _rows(make_nvml(h100x8), ib_root, flagship_host, services_up)
    assert rows["gpu.pcie"].status == "pass"
    assert "1 GPU(s) idling" in rows["gpu.pcie"].observed


def test_when_nvlink_links_down_then_nvlink_fails_with_fabric_advice(
        make_nvml, h100x8, ib_root, flagship_host, services_up):
    h100x8[7].nvlink_down = {3, 4}
    rows = _rows(make_nvml(h100x8), ib_root, flagship_host, services_up)
    _only_failure(rows, "gpu.nvlink")
    assert rows["gpu.nvlink"].observed == "GPU7: 16/18 links active"
    assert "nvidia-smi nvlink -s" in rows["gpu.nvlink"].advice
    assert "fabricmanager" in rows["gpu.nvlink"].advice


def test_when_ib_port_down_then_ib_ports_fails_with_cable_and_sm_advice(
        make_nvml, h100x8, make_ib_tree, ndr_ports, flagship_host, services_up):
    ndr_ports[3] = ("mlx5_3", "1: DOWN", "10 Gb/sec (4X SDR)", "InfiniBand")
    rows = _rows(make_nvml(h100x8), make_ib_tree(ndr_ports), flagship_host, services_up)
    _only_failure(rows, "ib.ports")
    assert rows["ib.ports"].observed == "mlx5_3/1: DOWN (Polling)"
    assert "ibstat" in rows["ib.ports"].advice and "subnet manager" in rows["ib.ports"].advice


@pytest.mark.parametrize("mutate, row_name", [
    (lambda g: setattr(g, "persistence", 0), "gpu.persistence"),
    (lambda g: setattr(g, "mig", (1, 1)), "gpu.mig"),
    (lambda g: setattr(g, "ecc_mode", (0, 0)), "gpu.ecc_mode"),
    (lambda g: setattr(g, "remapped_rows", (0, 4, 0, 1)), "gpu.memory_repair"),
    (lambda g: setattr(g, "temperature", 93), "gpu.temperature"),
    (lambda g: setattr(g, "name", "NVIDIA H100 PCIe"), "gpu.model"),
    (lambda g: setattr(g, "fabric_state", 1), "gpu.fabric_manager"),
])
def test_when_other_gpu_faults_then_their_row_fails(
        make_nvml, h100x8, ib_root, flagship_host, services_up, mutate, row_name):
    mutate(h100x8[1])
    rows = _rows(make_nvml(h100x8), ib_root, flagship_host, services_up)
    assert rows[row_name].status == "fail"
    assert rows[row_name].observed.startswith("GPU1:") and rows[row_name].advice


def test_when_fabric_manager_inactive_then_fabric_row_fails(
        make_nvml, h100x8, ib_root, flagship_host):
    rows = _rows(make_nvml(h100x8), ib_root, flagship_host, lambda unit: unit != "nvidia-fabricmanager")
    _only_failure(rows, "gpu.fabric_manager")
    assert "systemctl enable --now nvidia-fabricmanager" in rows["gpu.fabric_manager"].advice


def test_when_no_driver_and_gpu_profile_then_driver_fails_plainly(
        make_nvml, ib_root, flagship_host, services_up):
    rows = _rows(make_nvml([], init_error=12), ib_root, flagship_host, services_up)
    assert rows["gpu.driver"].status == "fail"
    assert rows["gpu.driver"].observed.startswith("no NVIDIA driver")
    assert rows["gpu.count"].status == "fail"


def test_when_cpu_dev_on_this_machine_then_doctor_passes_and_says_no_driver(tmp_path, make_nvml):
    report = run_doctor(tmp_path, "cpu-dev", nvml_module=make_nvml([], init_error=12),
                        sysfs_root=tmp_path / "nosys", service_active=lambda unit: None)
    assert report.status == "pass" and report.ok
    assert report.rows[0].name == "gpu.driver"
    assert "no NVIDIA driver" in report.rows[0].observed
    assert "no NVIDIA driver" in report.nvidia_driver


def test_when_deep_with_driver_then_dcgm_row_is_added(tmp_path, make_nvml, h100x8):
    from appliance.hardware.checks import row
    report = run_doctor(tmp_path, "cpu-dev", deep=True, nvml_module=make_nvml(h100x8),
                        sysfs_root=tmp_path, service_active=lambda unit: True,
                        dcgm=lambda: row("dcgm.diag", "fail", "Memory", "diag -r 1 passes", "x"))
    assert report.rows[-1].name == "dcgm.diag" and report.status == "fail"
    assert report.rows[1].status == "warn"  # GPUs present but profile is CPU-only


def test_when_no_profile_named_then_best_match_is_used(tmp_path, make_nvml, h100x8):
    report = run_doctor(tmp_path, None, nvml_module=make_nvml(h100x8), sysfs_root=tmp_path,
                        service_active=lambda unit: True)
    assert (report.profile, report.profile_source) == ("dgx-h100-8x", "detected")
