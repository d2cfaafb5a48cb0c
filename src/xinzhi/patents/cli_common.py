"""Options and helpers shared by the ``xinzhi patents`` analysis commands.

The filter options, the filtered landscape table they select, and strict-JSON output; used by
:mod:`xinzhi.patents.cli` and :mod:`xinzhi.patents.network_cli`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from xinzhi.common.cli import CliContext

F = TypeVar("F", bound=Callable[..., Any])


def filter_options(fn: F) -> F:
    """--q, --province, --from, --to: which patents the analysis covers."""
    options = [
        click.option("--q", default="", help="Chinese full-text query (e.g. 光伏)."),
        click.option("--province", default="", help="Province as stored, e.g. 江苏."),
        click.option("--from", "year_from", type=int, help="First application year."),
        click.option("--to", "year_to", type=int, help="Last application year."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def load_frame(
    ctx: CliContext,
    q: str,
    province: str,
    year_from: int | None,
    year_to: int | None,
    *,
    limited: bool = True,
) -> Any:
    """The filtered landscape table and its citations; ``limited`` applies the query time limit
    (not for export and report, which are batch outputs)."""
    from xinzhi.patents.service import PatentFilter, citation_frame, patent_frame

    flt = PatentFilter(q, province, year_from, year_to)
    with ctx.migrated_db().read(limited=limited) as session:
        frame = patent_frame(session, ctx.principal, flt)
        citations = citation_frame(session, ctx.principal, flt)
    return flt, frame, citations
