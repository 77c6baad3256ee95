"""A thin adapter over the `pynvml` module (nvidia-ml-py); tests pass a fake module instead.

Only the adapter touches NVML. It turns every query into plain values on `GpuFacts`; a query the
GPU or driver does not support becomes None rather than an exception.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any, Self

from appliance.hardware.facts import GpuFacts, NvmlFacts

# NVML ABI constants (stable across driver releases), so a fake module need not define them.
_CORRECTED, _UNCORRECTED = 0, 1
_VOLATILE, _AGGREGATE = 0, 1
_TEMPERATURE_GPU = 0
_RETIRED_DBE = 1
_NVLINK_ERROR_COUNTERS = (0, 1, 2, 3)  # DL replay, DL recovery, CRC flit, CRC data
_NVLINK_MAX_LINKS = 18  # NVLink 4 (Hopper); newer pynvml says 36, later links just raise
_ERR_DRIVER_NOT_LOADED, _ERR_LIBRARY_NOT_FOUND = 9, 12
_FABRIC_STATES = {0: "not_supported", 1: "not_started", 2: "in_progress", 3: "completed"}


def load_module() -> ModuleType | None:
    """Import the real pynvml module, or None when nvidia-ml-py is not installed."""
    try:
        return importlib.import_module("pynvml")
    except ImportError:
        return None


def _init_error_text(exc: Exception) -> str:
    """Say plainly why NVML would not start."""
    code = getattr(exc, "value", None)
    if code == _ERR_LIBRARY_NOT_FOUND:
        return "no NVIDIA driver: the NVML library (libnvidia-ml.so.1) is not installed"
    if code == _ERR_DRIVER_NOT_LOADED:
        return "NVIDIA driver not loaded: the nvidia kernel module is not running"
    return f"NVML failed to initialise: {exc}"


def _cuda_text(version: int) -> str:
    """12020 -> '12.2' (NVML encodes CUDA as 1000*major + 10*minor)."""
    return f"{version // 1000}.{(version % 1000) // 10}"


def _text(value: Any) -> str:
    """NVML strings come back as bytes from old bindings."""
    return value.decode() if isinstance(value, bytes) else str(value)


class Nvml:
    """NVML session over `module` (real pynvml or a test fake with the same function names)."""

    def __init__(self, module: ModuleType | Any | None) -> None:
        self._m = module
        self._error_cls: type[BaseException] = getattr(module, "NVMLError", Exception)
        self.error: str | None = None if module is not None else (
            "no NVIDIA driver: nvidia-ml-py (pynvml) is not installed")
        self.is_open = False

    def open(self) -> bool:
        """Initialise NVML; on failure keep the reason in `error` and return False."""
        if self._m is None:
            return False
        try:
            self._m.nvmlInit()
        except self._error_cls as exc:  # type: ignore[misc]
            self.error = _init_error_text(exc)  # type: ignore[arg-type]
            return False
        except OSError as exc:
            self.error = f"no NVIDIA driver: {exc}"
            return False
        self.is_open = True
        return True

    def close(self) -> None:
        """Shut NVML down if it was opened."""
        if self.is_open:
            self._opt(self._m.nvmlShutdown)
            self.is_open = False

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _opt(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Call an NVML function; None when unsupported or failing for this device."""
        try:
            return fn(*args)
        except (self._error_cls, AttributeError, NotImplementedError):  # type: ignore[misc]
            return None

    def _call(self, name: str, *args: Any) -> Any:
        """Call `module.name(*args)` through `_opt`; None when the binding lacks the function."""
        fn = getattr(self._m, name, None)
        return None if fn is None else self._opt(fn, *args)

    def read(self, full: bool = True) -> NvmlFacts:
        """Driver facts and every GPU; `full=False` skips the health queries (for telemetry)."""
        if not self.is_open:
            return NvmlFacts(available=False, error=self.error or "NVML not initialised")
        driver = self._call("nvmlSystemGetDriverVersion")
        cuda = self._call("nvmlSystemGetCudaDriverVersion")
        count = self._call("nvmlDeviceGetCount") or 0
        gpus = [self.read_gpu(i, full) for i in range(count)]
        return NvmlFacts(available=True, driver_version=_text(driver) if driver else None,
                         cuda_version=_cuda_text(cuda) if cuda else None, gpus=gpus)

    def read_gpu(self, index: int, full: bool = True) -> GpuFacts:
        """One GPU's facts."""
        h = self._call("nvmlDeviceGetHandleByIndex", index)
        facts = GpuFacts(index=index, **self._basic(h))
        if full:
            facts = facts.model_copy(update={**self._firmware(h), **self._ecc(h), **self._pcie(h),
                                             **self._nvlink(h), **self._power(h)})
        return facts

    def _basic(self, h: Any) -> dict[str, Any]:
        """Identity, memory, utilisation, temperature, power draw and volatile ECC."""
        mem = self._call("nvmlDeviceGetMemoryInfo", h)
        util = self._call("nvmlDeviceGetUtilizationRates", h)
        pci = self._call("nvmlDeviceGetPciInfo", h)
        power = self._call("nvmlDeviceGetPowerUsage", h)
        name, uuid = self._call("nvmlDeviceGetName", h), self._call("nvmlDeviceGetUUID", h)
        return {
            "name": _text(name) if name else "",
            "uuid": _text(uuid) if uuid else None,
            "pci_bus_id": _text(pci.busId) if pci is not None and hasattr(pci, "busId") else None,
            "memory_total_bytes": int(mem.total) if mem else 0,
            "memory_used_bytes": int(mem.used) if mem else None,
            "utilization_pct": int(util.gpu) if util else None,
            "temperature_c": self._call("nvmlDeviceGetTemperature", h, _TEMPERATURE_GPU),
            "power_usage_w": power / 1000.0 if power is not None else None,
            "ecc_volatile_uncorrected": self._call(
                "nvmlDeviceGetTotalEccErrors", h, _UNCORRECTED, _VOLATILE),
        }

    def _firmware(self, h: Any) -> dict[str, Any]:
        """VBIOS, persistence, MIG mode and fabric state."""
        vbios = self._call("nvmlDeviceGetVbiosVersion", h)
        persistence = self._call("nvmlDeviceGetPersistenceMode", h)
        mig = self._call("nvmlDeviceGetMigMode", h)
        return {
            "vbios": _text(vbios) if vbios else None,
            "persistence_mode": bool(persistence) if persistence is not None else None,
            "mig_enabled": bool(mig[0]) if mig else None,
            "fabric_state": self._fabric_state(h),
        }

    def _fabric_state(self, h: Any) -> str | None:
        """NVLink fabric registration state (NVSwitch systems with a recent driver), else None."""
        struct_cls = getattr(self._m, "c_nvmlGpuFabricInfo_t", None)
        fn = getattr(self._m, "nvmlDeviceGetGpuFabricInfo", None)
        if struct_cls is None or fn is None:
            return None
        info = struct_cls()
        if self._opt(fn, h, info) is None:
            return None
        return _FABRIC_STATES.get(int(info.state), str(info.state))

    def _ecc(self, h: Any) -> dict[str, Any]:
        """ECC mode and counters, retired pages and remapped rows."""
        mode = self._call("nvmlDeviceGetEccMode", h)
        total = lambda kind, counter: self._call("nvmlDeviceGetTotalEccErrors", h, kind, counter)
        retired = self._call("nvmlDeviceGetRetiredPages", h, _RETIRED_DBE)
        pending = self._call("nvmlDeviceGetRetiredPagesPendingStatus", h)
        rows = self._call("nvmlDeviceGetRemappedRows", h)
        return {
            "ecc_enabled": bool(mode[0]) if mode else None,
            "ecc_volatile_corrected": total(_CORRECTED, _VOLATILE),
            "ecc_aggregate_uncorrected": total(_UNCORRECTED, _AGGREGATE),
            "ecc_aggregate_corrected": total(_CORRECTED, _AGGREGATE),
            "retired_pages_dbe": len(retired) if retired is not None else None,
            "retired_pages_pending": bool(pending) if pending is not None else None,
            "remapped_rows_correctable": rows[0] if rows else None,
            "remapped_rows_uncorrectable": rows[1] if rows else None,
            "remap_pending": bool(rows[2]) if rows else None,
            "remap_failure": bool(rows[3]) if rows else None,
        }

    def _pcie(self, h: Any) -> dict[str, Any]:
        """PCIe link generation and width, current and max."""
        return {
            "pcie_gen_current": self._call("nvmlDeviceGetCurrPcieLinkGeneration", h),
            "pcie_gen_max": self._call("nvmlDeviceGetMaxPcieLinkGeneration", h),
            "pcie_width_current": self._call("nvmlDeviceGetCurrPcieLinkWidth", h),
            "pcie_width_max": self._call("nvmlDeviceGetMaxPcieLinkWidth", h),
        }

    def _nvlink(self, h: Any) -> dict[str, Any]:
        """Count supported and active NVLink links and sum their error counters."""
        supported = active = errors = 0
        for link in range(_NVLINK_MAX_LINKS):
            state = self._call("nvmlDeviceGetNvLinkState", h, link)
            if state is None:
                continue
            supported += 1
            if state:
                active += 1
                for counter in _NVLINK_ERROR_COUNTERS:
                    errors += self._call("nvmlDeviceGetNvLinkErrorCounter", h, link, counter) or 0
        if supported == 0:
            return {"nvlink_supported": 0, "nvlink_active": None, "nvlink_errors": None}
        return {"nvlink_supported": supported, "nvlink_active": active, "nvlink_errors": errors}

    def _power(self, h: Any) -> dict[str, Any]:
        """Enforced and default power limits in watts."""
        limit = self._call("nvmlDeviceGetEnforcedPowerLimit", h)
        default = self._call("nvmlDeviceGetPowerManagementDefaultLimit", h)
        return {
            "power_limit_w": limit / 1000.0 if limit is not None else None,
            "power_default_limit_w": default / 1000.0 if default is not None else None,
        }


def read_nvml_facts(module: ModuleType | Any | None = None, full: bool = True) -> NvmlFacts:
    """Open NVML (the real module unless one is given), read everything, close."""
    with Nvml(module if module is not None else load_module()) as nvml:
        return nvml.read(full=full)
