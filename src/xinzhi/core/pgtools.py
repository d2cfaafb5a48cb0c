"""``pg_dump`` and ``pg_restore`` for PostgreSQL backups.

The tools are found in the ``pg_bin_dir`` setting, else on the PATH, else in the highest
``/usr/lib/postgresql/<version>/bin`` (Debian's layout, as the test server uses); ``pg_dump``
must be at least as new as the server. The password travels in ``PGPASSWORD``, never on the
command line where ``ps`` would show it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from xinzhi.core.errors import ConfigError, Unavailable

DEBIAN_GLOB = "usr/lib/postgresql/*/bin"


def find_tool(settings: Any, name: str) -> Path:
    if settings.pg_bin_dir is not None:
        candidate = Path(settings.pg_bin_dir) / name
        if candidate.exists():
            return candidate
        raise ConfigError(f"{name} not found in pg_bin_dir {settings.pg_bin_dir}")
    on_path = shutil.which(name)
    if on_path:
        return Path(on_path)
    found = [p / name for p in Path("/").glob(DEBIAN_GLOB) if (p / name).exists()]
    if not found:
        raise ConfigError(
            f"{name} not found: install the PostgreSQL client (Debian: postgresql-client) or "
            "set pg_bin_dir"
        )
    return max(found, key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.parent.name)))


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, and the environment carrying it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise Unavailable(f"{what} could not start: {exc}") from exc
    if done.returncode != 0:
        raise Unavailable(f"{what} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def dump(settings: Any, url: URL, out: Path) -> None:
    dsn, env = _libpq(url)
    tool = find_tool(settings, "pg_dump")
    _run([str(tool), "--format=custom", "--no-owner", f"--file={out}", dsn], env, "pg_dump")


def restore(settings: Any, url: URL, file: Path, *, clean: bool) -> None:
    dsn, env = _libpq(url)
    command = [str(find_tool(settings, "pg_restore")), "--no-owner", "--no-privileges"]
    if clean:
        command += ["--clean", "--if-exists"]
    command += ["--exit-on-error", "--single-transaction", f"--dbname={dsn}", str(file)]
    _run(command, env, "pg_restore")
