"""Service functions over the hardware package: what the CLI, console and API call.

They take the box's Settings (profile choice, data root, telemetry bounds) and return models.
"""

from __future__ import annotations

import time

from pydantic import BaseModel, Field

import firmware_profiles
from appliance.config import Settings
from appliance.hardware.detect import ProfileMatch, detect_machine, rank_profiles
from appliance.hardware.doctor import DoctorReport, run_doctor
from appliance.hardware.facts import MachineFacts
from appliance.hardware.launch import LaunchSettings, launch_settings
from appliance.hardware.profile import HardwareProfile
from appliance.hardware.telemetry.models import TelemetrySample
from appliance.hardware.telemetry.sampler import Sampler
from appliance.hardware.telemetry.store import TelemetryStore, recent_samples, telemetry_db_path


class DetectReport(BaseModel):
    """Detected hardware and how each profile ranks against it."""

    best: str = Field("", description="Best-matching profile.")
    ranking: list[ProfileMatch] = Field(default_factory=list, description="All profiles, best first.")
    facts: MachineFacts = Field(default_factory=MachineFacts, description="What detection found.")


def resolve_profile(settings: Settings, name: str | None = None,
                    facts: MachineFacts | None = None) -> tuple[HardwareProfile, str]:
    """The profile to use: explicit name, else `hardware.profile` in settings, else auto-detected."""
    if name:
        return firmware_profiles.load_profile(name), "option"
    if settings.hardware.profile:
        return firmware_profiles.load_profile(settings.hardware.profile), "settings"
    facts = facts or detect_machine(settings.home)
    best = rank_profiles(firmware_profiles.load_all(), facts)[0]
    return firmware_profiles.load_profile(best.profile), "detected"


def doctor(settings: Settings, profile: str | None = None, deep: bool = False) -> DoctorReport:
    """Run the preflight against the chosen profile (see `resolve_profile`)."""
    name, source = (profile, "option") if profile else (settings.hardware.profile, "settings")
    return run_doctor(settings.home, name, deep, profile_source=source)


def detect(settings: Settings) -> DetectReport:
    """Detect the machine and rank every shipped profile against it."""
    facts = detect_machine(settings.home)
    ranking = rank_profiles(firmware_profiles.load_all(), facts)
    return DetectReport(best=ranking[0].profile, ranking=ranking, facts=facts)


def launch_settings_for(settings: Settings, profile: str | None = None) -> LaunchSettings:
    """NCCL environment and Ray/DeepSpeed resource view for this box."""
    facts = detect_machine(settings.home)
    chosen, _ = resolve_profile(settings, profile, facts)
    return launch_settings(chosen, facts)


def take_sample(settings: Settings, warmup_s: float = 0.5) -> TelemetrySample:
    """Take one sample (CPU measured over `warmup_s`), keep it, and return it."""
    store = TelemetryStore(telemetry_db_path(settings.home), settings.hardware.telemetry_retention_samples)
    with Sampler(settings.home) as sampler:
        time.sleep(warmup_s)
        sample = sampler.sample()
    store.append(sample)
    return sample


def recent(settings: Settings, limit: int = 60) -> list[TelemetrySample]:
    """The newest telemetry samples of this box, oldest first."""
    return recent_samples(settings.home, limit)
