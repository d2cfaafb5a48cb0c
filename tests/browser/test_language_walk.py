"""The language walk: every GET page of the app, in Chinese, as an admin and as an enterprise
user, on the demo data plus the test world, shows no Latin word outside a short allowed list
(units, standards and method names: GB/T, TRL, IPC …; ``tests/web/latin.py``), and every form
control on it has a name a screen reader can read (a label, ``aria-label`` or
``aria-labelledby``) — the accessibility pass rides on the same walk.

Routes are read from the app itself, so a new page is walked without editing this file; a page
whose path needs an id takes the first row of its table. Routes that are not pages (downloads,
JSON, the language switch) are named in ``NOT_PAGES``; a new route that is neither walked nor
named there fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, expect
from sqlalchemy import text

from tests.web.latin import ALLOWED, latin_words
from tests.world import World
from xinzhi import app as composition
from xinzhi.core.db import Database
from xinzhi.enterprise import service as enterprise_service
from xinzhi.enterprise.pages import EXAMPLE
from xinzhi.enterprise.profiles.profile import EnterpriseProfile
from xinzhi.web.app import create_app

pytestmark = pytest.mark.browser

# The language switch names the other language in that language; the brand is a name.
ALLOWED_HERE = ALLOWED | {"English", "xinzhi"}
NOT_PAGES = re.compile(
    r"^/(openapi\.json|docs|redoc|lang/|regions/children|jobs/\{job_id:int\}/(status|rejects)"
    r"|engagements/stats\.xlsx|indices/runs/\{run_id\}/\{kind\}|import/\{upload_id\})"
    r"|/export\.(csv|xlsx)$"
)
# Path parameters and the table whose first row fills them.
TABLES = {
    "job_id": "jobs",
    "engagement_id": "engagements",
    "watchlist_id": "watchlists",
    "achievement_id": "achievements",
    "evidence_id": "maturity_evidence",
    "profile_id": "enterprise_profiles",
    "run_id": "index_runs",
}
RECORD_TABLES = {
    "achievements": "achievements",
    "demands": "demands",
    "patents": "patents",
    "experts": "people",
    "organisations": "organisations",
    "policies": "policies",
}


def page_routes(app: FastAPI) -> Iterator[str]:
    """The GET paths of every page route, included routers unfolded."""

    def walk(routes: list[Any], prefix: str) -> Iterator[str]:
        for route in routes:
            context = getattr(route, "include_context", None)
            if context is not None and not callable(context):
                yield from walk(context.included_router.routes, prefix + context.prefix)
            elif "GET" in (getattr(route, "methods", None) or set()):
                yield prefix + route.path

    for path in walk(list(app.routes), ""):
        if not path.startswith("/api"):
            yield path


def _first_id(db: Database, table: str) -> int | None:
    with db.read() as session:
        try:
            return session.execute(text(f"SELECT min(id) FROM {table}")).scalar()
        except Exception:
            return None


def fill(path: str, db: Database) -> str | None:
    """``path`` with its parameters filled from the data, or ``None`` when there is no row."""
    params = re.findall(r"\{(\w+)(?::\w+)?\}", path)
    values: dict[str, str] = {}
    for name in params:
        if name == "entity":
            values[name] = "demands"
            continue
        if name == "record_id":
            entity = path.strip("/").split("/")[0]
            table = RECORD_TABLES.get(entity, "demands")
        else:
            table = TABLES.get(name, "")
        found = _first_id(db, table) if table else None
        if found is None:
            return None
        values[name] = str(found)
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values[m[1]], path)


@pytest.fixture
def walk_data(db: Database, world: World) -> World:
    for _name, load in composition.demo_loaders():
        load(db)
    with db.write(actor="test") as session:
        enterprise_service.save_profile(session, EnterpriseProfile.model_validate(EXAMPLE))
    return world


# Text nodes a person reads, and the labels read aloud; code samples and scripts are not prose.
SHOWN_TEXT = """() => {
  const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'CODE', 'PRE', 'TEXTAREA', 'NOSCRIPT']);
  const parts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    let up = n.parentElement, hidden = false;
    for (; up; up = up.parentElement) { if (skip.has(up.tagName)) { hidden = true; break; } }
    if (!hidden) { parts.push(n.nodeValue); }
  }
  for (const e of document.querySelectorAll('[aria-label],[title],[placeholder],[alt]')) {
    for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
      parts.push(e.getAttribute(a) || '');
    }
  }
  return parts.join('\\n');
}"""
# Form controls a screen reader cannot name: no <label>, aria-label or aria-labelledby.
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden' && e.type !== 'submit' && e.type !== 'button')
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
               && !e.getAttribute('aria-labelledby') && !e.closest('template'))
  .map(e => e.name || e.id || e.outerHTML.slice(0, 60))"""

# Columns of what people typed or imported (names, titles, abstracts): their Latin words are
# data, not interface (a CSL title has "RFID"); codes and enum columns are not listed here.
DATA_COLUMNS = {
    "organisations": "name, description, address, website, contact_name, contact_email",
    "people": "name, title, fields, bio, email",
    "achievements": "title, summary, keywords, field, discipline, transfer_mode",
    "demands": "title, detail, keywords, field, budget_text, poster_type",
    "patents": "title, abstract, applicants, inventors, address",
    "policies": "title, issuer, doc_number, text",
    "users": "username, display_name",
    "jobs": "actor",
    "enterprise_profiles": "name, industry",
}


def data_words(db: Database) -> frozenset[str]:
    words: set[str] = set()
    with db.read() as session:
        for table, columns in DATA_COLUMNS.items():
            for row in session.execute(text(f"SELECT {columns} FROM {table}")):
                words.update(latin_words(" ".join(str(v) for v in row), frozenset()))
    return frozenset(words)


def _log_in(page: Page, username: str, password: str) -> None:
    """As a demo account (the demo loader made them with ``settings.demo_password``)."""
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("user-badge")).to_contain_text(username)


@pytest.mark.parametrize("account", ["admin", "enterprise"])
def test_every_page_is_chinese(
    page: Page, walk_data: World, db: Database, settings: Any, account: str
) -> None:
    _log_in(page, account, settings.demo_password)
    paths = sorted(set(page_routes(create_app(settings))))
    allowed = ALLOWED_HERE | data_words(db)
    problems: dict[str, list[str]] = {}
    walked: list[str] = []
    for path in paths:
        if NOT_PAGES.search(path):
            continue
        url = fill(path, db)
        if url is None:
            continue
        response = page.goto(url)
        assert response is not None
        if response.status >= 500:
            problems[url] = [f"HTTP {response.status}"]
            continue
        walked.append(url)
        found = latin_words(str(page.evaluate(SHOWN_TEXT)), allowed)
        unlabelled = [f"unlabelled:{name}" for name in page.evaluate(UNLABELLED)]
        if found or unlabelled:
            problems[url] = found + unlabelled
    assert len(walked) >= 30, walked
    assert problems == {}, "\n".join(f"{u}: {' '.join(w[:25])}" for u, w in problems.items())
