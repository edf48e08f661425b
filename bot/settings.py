"""Settings: config.yaml with LEGALBOT_* environment variables on top; loaded once in main."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

import knowledge
from knowledge.matcher import Thresholds

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config.yaml"


class MatchSettings(BaseModel):
    """Thresholds of the matcher (see knowledge.matcher)."""

    confident: float = 0.5
    in_scope: float = 0.64
    suggestions: int = 3
    suggest: float = 0.5


class Settings(BaseSettings):
    """Everything the bot needs to start; paths relative to config.yaml are resolved against it."""

    model_config = SettingsConfigDict(env_prefix="LEGALBOT_", extra="ignore")

    telegram_token: SecretStr | None = None
    telegram_base_url: str | None = None
    telegram_base_file_url: str | None = None
    telegram_rate_limit: float = Field(default=30.0, ge=0)
    telegram_concurrency: int = Field(default=32, ge=1)
    telegram_poll_timeout: int = Field(default=10, ge=0)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    database_url: str | None = None
    data_dir: Path = Path("data")
    knowledge_dir: Path = Path(knowledge.__file__).parent / "data"
    forms_dir: Path = PROJECT_ROOT / "dialogs" / "forms"
    laws_dir: Path = PROJECT_ROOT.parent / "shared" / "laws"
    reload_interval: float = Field(default=2.0, ge=0)
    match: MatchSettings = MatchSettings()
    log_level: str = "INFO"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config = Path(os.environ.get("LEGALBOT_CONFIG", DEFAULT_CONFIG))
        yaml_source = YamlConfigSettingsSource(settings_cls, yaml_file=config)
        return init_settings, env_settings, yaml_source

    def model_post_init(self, context: Any) -> None:
        base = Path(os.environ.get("LEGALBOT_CONFIG", DEFAULT_CONFIG)).resolve().parent
        for name in ("data_dir", "knowledge_dir", "forms_dir", "laws_dir"):
            value = getattr(self, name)
            if not value.is_absolute():
                object.__setattr__(self, name, (base / value).resolve())

    @property
    def database(self) -> str:
        """The SQLAlchemy URL: LEGALBOT_DATABASE_URL, else a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'legalbot.sqlite3'}"


def load_settings(**overrides: Any) -> Settings:
    """Read config.yaml and the environment; overrides win (tests, CLI flags)."""
    return Settings(**overrides)


def thresholds_of(settings: Settings) -> Thresholds:
    """Matcher thresholds from config."""
    m = settings.match
    return Thresholds(m.confident, m.in_scope, m.suggestions, m.suggest)
