"""Settings: one table, read once, in layers: defaults < TOML file < PORTEVOIX_* environment < flags.

The SETTINGS table is the only place a setting exists: the command line's global
options, validation and `portevoix settings` are all made from it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from portevoix.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "PORTEVOIX_" + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", Path, Path("portevoix-data"), "Folder holding the store, the search index, the scheduler's jobs and exports."),
    Setting("es_url", str, None, "Elasticsearch URL; when set, records and search live there instead of the embedded store."),
    Setting("es_index_prefix", str, "portevoix", "Prefix of the Elasticsearch index names."),
    Setting("user_agent", str, "PorteVoix/0.1 (+https://github.com/porte-voix/porte-voix)", "User-Agent the crawler sends."),
    Setting("obey_robots", bool, True, "Obey robots.txt."),
    Setting("concurrency_per_host", int, 4, "Most requests in flight to one host."),
    Setting("download_delay", float, 0.0, "Least seconds between two requests to one host (AutoThrottle adapts above it)."),
    Setting("download_timeout", float, 30.0, "Seconds before a request is abandoned."),
    Setting("retry_times", int, 3, "Retries of a request answered 429 or 5xx, or that failed to connect."),
    Setting("retry_backoff", float, 1.0, "Seconds before the first retry when the server gives no Retry-After (doubles each time)."),
    Setting("retry_max_wait", float, 120.0, "Longest wait, in seconds, for a Retry-After or a rate-limit reset."),
    Setting("max_response_mb", float, 10.0, "Largest response the crawler accepts, in MiB."),
    Setting("allow_private_addresses", bool, False, "Let sources point at loopback or private addresses (tests and the demo)."),
    Setting("youtube_api_key", str, None, "YouTube Data API v3 key for youtube sources (from the environment or a settings file, never a watch)."),
    Setting("analysis_batch_size", int, 256, "Posts analysed per batch."),
    Setting("analysis_workers", int, 0, "Processes that share the analysis, about 1 GB each (0: one per core, at most 4; 1: this process only)."),
    Setting("encoder_model", str, None, "Sentence-embedding model (a local path, or a name in the Hugging Face cache); default: the packaged all-MiniLM-L6-v2."),
    Setting("encoder_backend", str, "onnx-int8", "How the encoder runs: onnx-int8 (exported and quantised once, cached) or torch."),
    Setting("model_cache_dir", Path, None, "Where the exported ONNX encoder and the static vectors distilled from it are kept (default: ~/.cache/portevoix/models)."),
    Setting("api_keys", str, None, "Comma-separated API keys; when set, /api/* requires the X-API-Key header."),
    Setting("host", str, "127.0.0.1", "Address `portevoix serve` listens on."),
    Setting("port", int, 8000, "Port `portevoix serve` listens on."),
    Setting("log_level", str, "INFO", "Logging level (DEBUG, INFO, WARNING, ERROR)."),
)
_BY_NAME = {setting.name: setting for setting in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Every setting's value; build it with `load_settings`."""

    data_dir: Path
    es_url: str | None
    es_index_prefix: str
    user_agent: str
    obey_robots: bool
    concurrency_per_host: int
    download_delay: float
    download_timeout: float
    retry_times: int
    retry_backoff: float
    retry_max_wait: float
    max_response_mb: float
    allow_private_addresses: bool
    youtube_api_key: str | None
    analysis_batch_size: int
    analysis_workers: int
    encoder_model: str | None
    encoder_backend: str
    model_cache_dir: Path | None
    api_keys: str | None
    host: str
    port: int
    log_level: str

    def with_values(self, **values: Any) -> "Settings":
        return replace(self, **{name: _coerce(_BY_NAME[name], value, "override") for name, value in values.items()})

    @property
    def api_key_set(self) -> frozenset[str]:
        return frozenset(key.strip() for key in (self.api_keys or "").split(",") if key.strip())


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    if value is None:
        return None
    try:
        if setting.type is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError("expected true or false")
        if setting.type in (int, float) and isinstance(value, bool):
            raise ValueError("expected a number")
        coerced = setting.type(value)
        if setting.type in (int, float) and coerced < 0:
            raise ValueError("must not be negative")
        return coerced
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{origin}: setting {setting.name!r} = {value!r}: {error}") from None


def load_settings(
    config_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Settings from defaults, then `config_file` (TOML), then PORTEVOIX_* variables, then `overrides`."""
    environ = os.environ if environ is None else environ
    values = {setting.name: setting.default for setting in SETTINGS}
    config_file = config_file or environ.get("PORTEVOIX_CONFIG")
    if config_file:
        for name, value in _read_config_file(Path(config_file)).items():
            values[name] = _coerce(_BY_NAME[name], value, str(config_file))
    for setting in SETTINGS:
        if setting.env in environ and environ[setting.env] != "":
            values[setting.name] = _coerce(setting, environ[setting.env], f"environment {setting.env}")
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = _coerce(_BY_NAME[name], value, setting_flag(name))
    return Settings(**values)


def setting_flag(name: str) -> str:
    return _BY_NAME[name].flag


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such settings file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the settings file ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    unknown = sorted(set(data) - set(_BY_NAME))
    if unknown:
        known = ", ".join(sorted(_BY_NAME))
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)} (known: {known})")
    return data


assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS], "SETTINGS and Settings must list the same names"
