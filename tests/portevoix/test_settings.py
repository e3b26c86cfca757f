from pathlib import Path

import pytest

from portevoix.errors import ConfigError
from portevoix.settings import SETTINGS, Settings, load_settings


def test_defaults():
    settings = load_settings(environ={})
    assert settings.data_dir == Path("portevoix-data")
    assert settings.obey_robots is True and settings.allow_private_addresses is False


def test_layers_file_then_environment_then_flags(tmp_path):
    config = tmp_path / "portevoix.toml"
    config.write_text('data_dir = "from-file"\nport = 9000\nuser_agent = "file-agent"\n')
    settings = load_settings(config, environ={"PORTEVOIX_PORT": "9100", "PORTEVOIX_DATA_DIR": "from-env"}, overrides={"data_dir": Path("from-flag")})
    assert settings.user_agent == "file-agent"  # file beats default
    assert settings.port == 9100  # environment beats file
    assert settings.data_dir == Path("from-flag")  # flag beats environment


def test_config_file_from_environment(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("obey_robots = false\n")
    assert load_settings(environ={"PORTEVOIX_CONFIG": str(config)}).obey_robots is False


def test_bad_values_name_the_setting_and_origin(tmp_path):
    with pytest.raises(ConfigError, match=r"environment PORTEVOIX_PORT.*'port'"):
        load_settings(environ={"PORTEVOIX_PORT": "eighty"})
    with pytest.raises(ConfigError, match="expected true or false"):
        load_settings(environ={"PORTEVOIX_OBEY_ROBOTS": "maybe"})


def test_bad_config_files(tmp_path):
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("colour = 'blue'\n")
    with pytest.raises(ConfigError, match="unknown setting.*colour"):
        load_settings(unknown, environ={})
    broken = tmp_path / "broken.toml"
    broken.write_text("port = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken, environ={})
    with pytest.raises(ConfigError, match="no such settings file"):
        load_settings(tmp_path / "missing.toml", environ={})


def test_table_and_settings_agree():
    assert [s.name for s in SETTINGS] == list(Settings.__dataclass_fields__)
    assert all(setting.help for setting in SETTINGS)


def test_api_keys_are_split():
    settings = load_settings(environ={"PORTEVOIX_API_KEYS": "a, b,,c"})
    assert settings.api_key_set == {"a", "b", "c"}
