"""The NVML adapter over a fake pynvml module."""

from __future__ import annotations

from appliance.hardware.nvml import Nvml, read_nvml_facts


def test_when_library_missing_then_error_says_no_driver_plainly(make_nvml):
    facts = read_nvml_facts(make_nvml([], init_error=12))
    assert not facts.available and facts.gpus == []
    assert facts.error == "no NVIDIA driver: the NVML library (libnvidia-ml.so.1) is not installed"


def test_when_kernel_module_not_loaded_then_error_says_so(make_nvml):
    assert "driver not loaded" in read_nvml_facts(make_nvml([], init_error=9)).error


def test_when_healthy_h100_then_every_fact_is_read(make_nvml, h100x8):
    facts = read_nvml_facts(make_nvml(h100x8[:1]))
    assert (facts.driver_version, facts.cuda_version) == ("535.161.08", "12.2")
    gpu = facts.gpus[0]
    assert gpu.name == "NVIDIA H100 80GB HBM3" and gpu.uuid == "GPU-fake-0"
    assert (gpu.nvlink_supported, gpu.nvlink_active, gpu.nvlink_errors) == (18, 18, 0)
    assert (gpu.pcie_width_current, gpu.pcie_width_max) == (16, 16)
    assert gpu.power_limit_w == 700.0 and gpu.fabric_state == "completed"
    assert gpu.mig_enabled is False and gpu.ecc_enabled is True and gpu.persistence_mode is True


def test_when_feature_unsupported_then_fact_is_none_not_an_error(make_nvml, h100x8):
    g = h100x8[0]
    g.mig, g.remapped_rows, g.nvlink_links = None, None, 0
    gpu = read_nvml_facts(make_nvml([g])).gpus[0]
    assert gpu.mig_enabled is None and gpu.remap_failure is None and gpu.retired_pages_dbe is None
    assert gpu.nvlink_active is None and gpu.nvlink_supported == 0


def test_when_nvlink_errors_then_they_are_summed_over_active_links(make_nvml, h100x8):
    g = h100x8[0]
    g.nvlink_down, g.nvlink_error_per_counter = {0}, 1
    gpu = read_nvml_facts(make_nvml([g])).gpus[0]
    assert gpu.nvlink_active == 17 and gpu.nvlink_errors == 17 * 4


def test_when_light_read_then_health_queries_are_skipped(make_nvml, h100x8):
    with Nvml(make_nvml(h100x8[:2])) as nvml:
        facts = nvml.read(full=False)
    assert [g.index for g in facts.gpus] == [0, 1]
    assert facts.gpus[0].temperature_c == 34 and facts.gpus[0].nvlink_active is None


def test_when_context_exits_then_nvml_is_shut_down(make_nvml):
    module = make_nvml([])
    with Nvml(module) as nvml:
        assert module.initialised and nvml.is_open
    assert not module.initialised


def test_when_pynvml_is_absent_then_error_names_the_package():
    facts = Nvml(None).read()
    assert not facts.available and "nvidia-ml-py" in facts.error
