"""Every shipped hardware profile loads and validates; the loader rejects bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import firmware_profiles
from appliance.errors import ConfigError, NotFound
from appliance.hardware.profile import HardwareProfile

SHIPPED = firmware_profiles.list_profiles()


def test_when_listing_then_the_four_required_boxes_ship():
    assert {"dgx-h100-8x", "hgx-h100-4x", "l40s-2x-edge", "cpu-dev"} <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_when_loading_each_shipped_profile_then_it_validates(name: str):
    profile = firmware_profiles.load_profile(name)
    assert isinstance(profile, HardwareProfile) and profile.name == name
    assert profile.description
    raw = yaml.safe_load((firmware_profiles.profiles_dir() / f"{name}.yaml").read_text())
    assert set(raw) >= {"gpu", "infiniband", "storage", "cpu", "memory", "os", "nccl", "deepspeed"}


@pytest.mark.parametrize("name", [n for n in SHIPPED if n != "cpu-dev"])
def test_when_gpu_box_then_floors_are_stated(name: str):
    gpu = firmware_profiles.load_profile(name).gpu
    assert gpu.count > 0 and gpu.model and gpu.memory_gib_min > 0
    assert gpu.driver_min and gpu.cuda_min and gpu.pcie_width_min == 16


def test_when_flagship_then_it_matches_the_seed_configuration():
    p = firmware_profiles.load_profile("dgx-h100-8x")
    assert (p.gpu.count, p.gpu.model, p.gpu.nvlink.links_per_gpu) == (8, "H100 80GB HBM3", 18)
    assert (p.infiniband.hca_count, p.infiniband.rate_gbps, p.infiniband.link_layer) == (8, 400, "InfiniBand")
    assert p.cpu.cores_min == 128 and p.storage.hdd_total_tb_min >= 90 and p.storage.nvme_total_tb_min >= 3.8
    assert p.gpu.fabric_manager == "required"


def test_when_yaml_has_an_unknown_key_then_loading_fails(tmp_path: Path):
    bad = tmp_path / "typo.yaml"
    bad.write_text("name: typo\ngpu:\n  cuont: 8\n")
    with pytest.raises(ConfigError, match="cuont"):
        firmware_profiles.load_profile(str(bad))


def test_when_name_differs_from_file_stem_then_loading_fails(tmp_path: Path):
    bad = tmp_path / "a.yaml"
    bad.write_text("name: b\n")
    with pytest.raises(ConfigError, match="declares name"):
        firmware_profiles.load_profile(str(bad))


def test_when_profile_unknown_then_not_found_lists_choices():
    with pytest.raises(NotFound) as info:
        firmware_profiles.load_profile("dgx-b200")
    assert "cpu-dev" in (info.value.hint or "")


def test_when_every_model_field_then_it_has_a_default_and_description():
    from pydantic import BaseModel
    seen: list[type[BaseModel]] = []

    def walk(model: type[BaseModel]) -> None:
        seen.append(model)
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} lacks a description"
            if name != "name":
                assert not field.is_required(), f"{model.__name__}.{name} lacks a default"
            sub = field.annotation
            if isinstance(sub, type) and issubclass(sub, BaseModel) and sub not in seen:
                walk(sub)

    walk(HardwareProfile)
    assert len(seen) > 5
