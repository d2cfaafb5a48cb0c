"""``xinzhi serve`` on a port that is already taken says which port and how to pick another."""

from __future__ import annotations

import socket

from tests.clients import run_cli
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings


def test_a_port_in_use_is_named_with_how_to_choose_another(
    settings: Settings, db: Database
) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        result = run_cli(settings, "serve", "--host", "127.0.0.1", "--port", str(port))
    finally:
        taken.close()
    assert result.exit_code == 6
    assert f"port {port}" in result.output and "already in use" in result.output
    assert f"--port {port + 1}" in result.output and "XINZHI_PORT" in result.output
    assert "Errno" not in result.output and "Traceback" not in result.output
