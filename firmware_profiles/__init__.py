"""Shipped hardware profiles (one YAML per supported box), loaded as validated models.

The YAML files are package data: `profiles_dir()` resolves them inside the installed wheel.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from appliance.errors import ConfigError, NotFound
from appliance.hardware.profile import HardwareProfile

DEFAULT_PROFILE = "cpu-dev"
"""The embedded default: a machine without GPUs or RDMA (development, CI)."""


def profiles_dir() -> Path:
    """Directory holding the shipped `*.yaml` profiles."""
    return Path(str(resources.files(__name__)))


def list_profiles() -> list[str]:
    """Names of all shipped profiles, sorted."""
    return sorted(p.stem for p in profiles_dir().glob("*.yaml"))


def load_profile_file(path: Path) -> HardwareProfile:
    """Read and validate one profile YAML; the `name` key must equal the file stem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        profile = HardwareProfile.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"hardware profile {path.name} is invalid: {exc}",
                          hint="fix the YAML; every key is documented in docs/operators/doctor.md") from exc
    if profile.name != path.stem:
        raise ConfigError(f"hardware profile {path.name} declares name {profile.name!r}",
                          hint=f"set `name: {path.stem}` or rename the file")
    return profile


def load_profile(name: str) -> HardwareProfile:
    """Load a shipped profile by name, or a YAML file when `name` is a path."""
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return load_profile_file(candidate)
    path = profiles_dir() / f"{name}.yaml"
    if not path.is_file():
        raise NotFound(f"no hardware profile named {name!r}",
                       hint=f"choose one of: {', '.join(list_profiles())}")
    return load_profile_file(path)


def load_all() -> list[HardwareProfile]:
    """Every shipped profile, validated."""
    return [load_profile(name) for name in list_profiles()]
