"""The package is laid out by domain, and tests mirror it (as scikit-criteria checks in CI)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "xinzhi"
TESTS = Path(__file__).resolve().parent
DOMAINS = (
    "core",
    "catalog",
    "web",
    "cli",
    "matching",
    "patents",
    "maturity",
    "enterprise",
    "indices",
    "notifications",
    "challenges",
    "chains",
)


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_domain_is_a_documented_package_with_a_test_folder(domain: str) -> None:
    module = importlib.import_module(f"xinzhi.{domain}")
    assert module.__doc__ and len(module.__doc__.strip()) > 20
    assert (TESTS / domain / "__init__.py").exists(), f"tests/{domain}/ is missing"


def test_no_source_package_without_tests() -> None:
    packages = {p.parent.relative_to(SRC) for p in SRC.rglob("__init__.py")}
    skip = {"core/migrations", "web/static", "web/templates"}
    for package in packages:
        if str(package) == "." or any(str(package).startswith(s) for s in skip):
            continue
        assert (TESTS / package).is_dir(), f"tests/{package}/ mirrors src/xinzhi/{package}/"
