"""Service functions: profile precedence (option > settings > detected) and the telemetry read path."""

from __future__ import annotations

from appliance.config import Settings
from appliance.hardware import api


def test_when_option_and_settings_both_name_a_profile_then_option_wins(tmp_path):
    settings = Settings(home=tmp_path)
    settings.hardware.profile = "hgx-h100-4x"
    assert api.resolve_profile(settings, "l40s-2x-edge")[0].name == "l40s-2x-edge"
    profile, source = api.resolve_profile(settings)
    assert (profile.name, source) == ("hgx-h100-4x", "settings")


def test_when_settings_pin_a_profile_then_doctor_uses_it(tmp_path):
    settings = Settings(home=tmp_path)
    settings.hardware.profile = "cpu-dev"
    report = api.doctor(settings)
    assert (report.profile, report.profile_source) == ("cpu-dev", "settings")


def test_when_sample_taken_then_recent_returns_it_and_retention_applies(tmp_path):
    settings = Settings(home=tmp_path)
    settings.hardware.telemetry_retention_samples = 10
    taken = [api.take_sample(settings, warmup_s=0) for _ in range(12)]
    recent = api.recent(settings, limit=100)
    assert len(recent) == 10 and recent[-1].ts == taken[-1].ts
