"""Configuration: file + environment, clear errors naming file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from appliance.config import load_settings, masked_dict
from appliance.errors import ConfigError


def test_when_no_file_then_defaults_under_home_from_env(tmp_path: Path) -> None:
    settings = load_settings(env={"CORPUSBOX_HOME": str(tmp_path)})
    assert settings.home == tmp_path
    assert settings.config_file is None
    assert settings.database_url == f"sqlite:///{tmp_path / 'corpusbox.sqlite3'}"
    assert settings.storage.backend == "embedded"


def test_when_home_unset_then_per_user_data_root(tmp_path: Path) -> None:
    settings = load_settings(env={"XDG_DATA_HOME": str(tmp_path)})
    assert settings.home == tmp_path / "corpusbox"


def test_when_env_override_then_nested_key_wins_over_file(tmp_path: Path) -> None:
    (tmp_path / "corpusbox.toml").write_text("[storage]\ns3_port = 9100\n")
    env = {"CORPUSBOX_HOME": str(tmp_path), "CORPUSBOX_STORAGE__S3_PORT": "9200",
           "CORPUSBOX_SUPERVISOR__SERVICES": '["objectstore", "telemetry"]'}
    settings = load_settings(env=env)
    assert settings.storage.s3_port == 9200
    assert settings.supervisor.services == ["objectstore", "telemetry"]


def test_when_config_flag_given_then_it_beats_env(tmp_path: Path) -> None:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text('box_name = "from-a"\n')
    b.write_text('box_name = "from-b"\n')
    settings = load_settings(a, env={"CORPUSBOX_HOME": str(tmp_path), "CORPUSBOX_CONFIG": str(b)})
    assert settings.box_name == "from-a"


def test_when_toml_malformed_then_error_names_file_and_line(tmp_path: Path) -> None:
    cfg = tmp_path / "corpusbox.toml"
    cfg.write_text('box_name = "ok"\n[storage]\ns3_port = = 3\n')
    with pytest.raises(ConfigError) as err:
        load_settings(env={"CORPUSBOX_HOME": str(tmp_path)})
    assert str(cfg) in err.value.message and "line 3" in err.value.message


def test_when_value_has_wrong_type_then_error_names_file_line_and_key(tmp_path: Path) -> None:
    cfg = tmp_path / "corpusbox.toml"
    cfg.write_text('box_name = "x"\n\n[storage]\nregion = "eu"\ns3_port = "eighty"\n')
    with pytest.raises(ConfigError) as err:
        load_settings(env={"CORPUSBOX_HOME": str(tmp_path)})
    assert f"{cfg}:5" in err.value.message
    assert "storage.s3_port" in err.value.message and "eighty" in err.value.message


def test_when_key_is_unknown_then_refused_not_ignored(tmp_path: Path) -> None:
    (tmp_path / "corpusbox.toml").write_text("[storage]\ns3_prot = 9000\n")
    with pytest.raises(ConfigError) as err:
        load_settings(env={"CORPUSBOX_HOME": str(tmp_path)})
    assert "storage.s3_prot" in err.value.message and ":2" in err.value.message


def test_when_explicit_file_missing_then_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml", env={})


def test_when_dumped_then_secrets_are_masked(tmp_path: Path) -> None:
    (tmp_path / "corpusbox.toml").write_text(
        '[storage]\nbackend = "s3"\nendpoint_url = "http://minio:9000"\naccess_key = "AK"\nsecret_key = "TOPSECRET"\n'
        '[database]\nurl = "postgresql://u:pw@db/x"\n'
    )
    data = masked_dict(load_settings(env={"CORPUSBOX_HOME": str(tmp_path)}))
    text = repr(data)
    assert "TOPSECRET" not in text and "pw@db" not in text
    assert data["storage"]["endpoint_url"] == "http://minio:9000"
