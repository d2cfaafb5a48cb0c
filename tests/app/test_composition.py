"""The composition root: every declared domain loads and contributes what it declares."""

from __future__ import annotations

from xinzhi import app
from xinzhi.core import jobs


def test_every_domain_declares_a_unique_name_and_loads() -> None:
    names = [d.name for d in app.domains()]
    assert len(names) == len(set(names)) == len(app.DOMAINS)


def test_cli_commands_resolve_and_are_not_declared_twice() -> None:
    declared = [name for d in app.domains() for name in d.commands]
    assert len(declared) == len(set(declared))
    for target in app.commands().values():
        assert app.resolve(target) is not None


def test_install_registers_every_domains_tables_and_job_kinds() -> None:
    app.install()
    tables = set(app.metadata().tables)
    assert {"demands", "patents", "enterprise_profiles", "index_runs"} <= tables
    assert {"catalog.import", "matching.index"} <= set(jobs.registered_kinds())


def test_routers_come_with_the_catalogs_generic_routes_last() -> None:
    paths = [r.path for router in app.api_routers() for r in router.routes]  # type: ignore[attr-defined]
    assert paths.index("/patents/landscape") < paths.index("/patents/{record_id}")


def test_engagement_outcomes_are_the_matchers_labels() -> None:
    from xinzhi.engagements.stats import outcome_labels
    from xinzhi.matching import labels

    app.install()
    assert outcome_labels in labels._SOURCES
