"""Headless Chromium (Debian's package, never a downloaded build) against a live app.

The app runs in uvicorn on a background thread, on a socket bound to 127.0.0.1 and a port the
kernel picks; it is stopped after each test. Without /usr/bin/chromium the tests fail with a
message saying what to install (deselect them with ``-m "not browser"``).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from xinzhi.core.db import Database
from xinzhi.core.settings import Settings
from xinzhi.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT = 15.0
VENDOR = Path(__file__).resolve().parents[2] / "src" / "xinzhi" / "web" / "static" / "vendor"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"browser tests need Debian's Chromium at {CHROMIUM}: run `apt-get install chromium` "
            "(CI installs it), or deselect these tests with -m 'not browser'",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def vendor_assets() -> None:
    """htmx and ECharts are copied in by the set-up script; the pages need them to enhance."""
    missing = [n for n in ("htmx.min.js", "echarts.min.js") if not (VENDOR / n).is_file()]
    if missing:
        pytest.fail(
            f"missing {', '.join(missing)} in {VENDOR}: run scripts/setup.sh (npm install copies "
            "them there)",
            pytrace=False,
        )


@pytest.fixture
def live_server(settings: Settings, db: Database, vendor_assets: None) -> Iterator[str]:
    """The app served on loopback for the length of one test; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test web server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=START_TIMEOUT)
        sock.close()


@pytest.fixture
def context(browser: Browser, live_server: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        base_url=live_server, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    ctx.set_default_timeout(10_000)
    # Assertions wait as long as actions: a loaded CI machine (PostgreSQL, two workers) can
    # take longer than Playwright's 5 s default to answer an htmx request.
    expect.set_options(timeout=10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
