"""The settings registry: documented, layered (init > env > file > default), validated."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from xinzhi.core.errors import ConfigError
from xinzhi.core.settings import DEV_SECRET, Settings, get_settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"
ROW = re.compile(
    r"^\|\s*`(?P<name>\w+)`\s*\|\s*`(?P<env>\w+)`\s*\|(?P<default>[^|]*)\|(?P<help>.*)\|$"
)
LONG_SECRET = "Kq3v-8ZpLr_2mWx9TyB4nHc7JdF0sGe6UaQ1oVi5"  # token_urlsafe-like, ~200 bits


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No XINZHI_* variable and no ./xinzhi.toml from the developer's shell leaks in."""
    for name in [n for n in os.environ if n.startswith("XINZHI_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def documented_rows() -> dict[str, dict[str, str]]:
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if match := ROW.match(line.strip()):
            rows[match["name"]] = {k: v.strip() for k, v in match.groupdict().items()}
    return rows


def write_config(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_every_setting_has_help_text() -> None:
    missing = [name for name, field in Settings.model_fields.items() if not field.description]
    assert missing == []


def test_docs_list_every_setting_with_its_env_var_and_default() -> None:
    rows = documented_rows()
    undocumented = sorted(set(Settings.model_fields) - set(rows))
    assert undocumented == [], f"add these settings to {DOCS.name}: {undocumented}"
    for name, field in Settings.model_fields.items():
        assert rows[name]["env"] == f"XINZHI_{name.upper()}"
        assert str(field.default) in rows[name]["default"], f"stale default of {name}"
        assert rows[name]["help"], f"{name} has no description in {DOCS.name}"


def test_docs_list_no_setting_that_does_not_exist() -> None:
    assert sorted(set(documented_rows()) - set(Settings.model_fields)) == []


def test_environment_overrides_config_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = write_config(tmp_path / "site.toml", "[xinzhi]\nport = 9000\npage_size = 50\n")
    monkeypatch.setenv("XINZHI_CONFIG", str(config))
    monkeypatch.setenv("XINZHI_PORT", "9100")

    settings = Settings()

    assert settings.port == 9100  # environment beats the file
    assert settings.page_size == 50  # the file beats the default
    assert settings.page_size_max == 200  # the default
    assert Settings(port=9200).port == 9200  # arguments beat the environment


def test_config_file_defaults_to_xinzhi_toml_in_working_directory(tmp_path: Path) -> None:
    write_config(tmp_path / "xinzhi.toml", '[xinzhi]\nlanguage = "en"\n')
    assert Settings().language == "en"


def test_database_url_and_data_dir_come_from_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XINZHI_DATA_DIR", str(tmp_path / "elsewhere"))
    assert Settings().data_dir == tmp_path / "elsewhere"
    assert Settings().sqlalchemy_url == f"sqlite:///{tmp_path / 'elsewhere' / 'xinzhi.db'}"

    url = "postgresql+psycopg://xinzhi@db.example/xinzhi"
    monkeypatch.setenv("XINZHI_DATABASE_URL", url)
    assert Settings().sqlalchemy_url == url
    assert not Settings().is_sqlite


@pytest.mark.parametrize(
    ("secret", "reason"),
    [
        (DEV_SECRET, "development secret"),
        ("too-short", "fewer than 32"),
        ("a" * 64, "distinct characters"),
        ("0123456789ab" * 4, "repeated pattern"),
        ("passwordpasswordpassword12345678", "bits of entropy"),
    ],
    ids=["dev-secret", "short", "one-char", "repeated", "low-entropy"],
)
def test_production_refuses_a_weak_secret(secret: str, reason: str) -> None:
    with pytest.raises(ConfigError, match="XINZHI_SECRET_KEY") as caught:
        Settings(env="production", secret_key=secret)
    assert reason in caught.value.message


def test_production_refuses_the_development_secret_from_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XINZHI_ENV", "production")
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match="XINZHI_SECRET_KEY"):
            get_settings()
    finally:
        get_settings.cache_clear()


def test_production_accepts_a_strong_secret() -> None:
    assert Settings(env="production", secret_key=LONG_SECRET).env == "production"


def test_broken_config_file_is_a_config_error_naming_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "broken.toml", "[xinzhi\nport = = 1\n")
    monkeypatch.setenv("XINZHI_CONFIG", str(config))
    with pytest.raises(ConfigError, match=re.escape(str(config))):
        Settings()


def test_missing_config_file_is_a_config_error_naming_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.toml"
    monkeypatch.setenv("XINZHI_CONFIG", str(missing))
    with pytest.raises(ConfigError, match=re.escape(str(missing))):
        Settings()


def test_unknown_key_in_config_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "typo.toml", "[xinzhi]\nprot = 9000\n")
    monkeypatch.setenv("XINZHI_CONFIG", str(config))
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match="prot"):
            get_settings()
    finally:
        get_settings.cache_clear()
