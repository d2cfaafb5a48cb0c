"""专利导航 through the API: landscape, life cycle, bursts, networks and the Excel export of the
catalog's patents, filtered by query, province and application years (``/api/v1/patents/…``).

Included before the catalog's ``/patents/{record_id}`` routes. Reading needs a login; what each
user sees is limited to the patents they may read (the catalog's visibility).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from xinzhi.common.web.deps import DbDep, UserDep
from xinzhi.common.web.params import Top
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.security import Principal
from xinzhi.patents.service import PatentFilter

router = APIRouter(prefix="/patents", tags=["patents"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def patent_filter(
    q: str = "",
    province: str = "",
    year_from: Annotated[int | None, Query(alias="from", ge=1000, le=9999)] = None,
    year_to: Annotated[int | None, Query(alias="to", ge=1000, le=9999)] = None,
) -> PatentFilter:
    return PatentFilter(q, province, year_from, year_to)


FilterDep = Annotated[PatentFilter, Depends(patent_filter)]


def load(db: Database, principal: Principal, flt: PatentFilter) -> tuple[Any, Any]:
    """The landscape table and in-corpus citations of the patents ``principal`` may read."""
    from xinzhi.patents.service import citation_frame, patent_frame

    with db.read(limited=True) as session:
        return patent_frame(session, principal, flt), citation_frame(session, principal, flt)


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    from xinzhi.common.finite import finite
    from xinzhi.common.results import plain

    result: dict[str, Any] = finite(plain(data))
    return result


@router.get("/landscape")
def get_landscape(db: DbDep, user: UserDep, flt: FilterDep, top: Top = 10) -> dict[str, Any]:
    """Yearly trend (application and publication year), top applicants and inventors, applicant
    types, provinces and macro-regions, IPC, co-classification, HHI/CR4, in-corpus citations."""
    from xinzhi.patents.landscape import landscape

    frame, citations = load(db, user, flt)
    return _plain({"filter": flt.describe(), **landscape(frame, citations, top=top).to_dict()})


@router.get("/lifecycle")
def get_lifecycle(
    db: DbDep,
    user: UserDep,
    flt: FilterDep,
    censored_years: Annotated[int, Query(ge=0, le=50)] = 1,
) -> dict[str, Any]:
    """Logistic and Gompertz fits, the 专利技术生命周期图 stage and the patent index method."""
    from xinzhi.patents.analysis import lifecycle_of

    frame, _ = load(db, user, flt)
    result = lifecycle_of(frame, censored_years=censored_years)
    return _plain({"filter": flt.describe(), **result.to_dict()})


@router.get("/bursts")
def get_bursts(
    db: DbDep,
    user: UserDep,
    flt: FilterDep,
    field: str = "applicant",
    s: Annotated[float, Query(gt=1, le=100)] = 2.0,
    gamma: Annotated[float, Query(gt=0, le=100)] = 1.0,
    min_total: Annotated[int, Query(ge=1, le=100_000)] = 5,
    min_duration: Annotated[int, Query(ge=1, le=1000)] = 1,
    top: Top = 20,
) -> dict[str, Any]:
    """Kleinberg two-state bursts per application year of one field's terms."""
    from xinzhi.patents.analysis import bursts_of

    frame, _ = load(db, user, flt)
    found = bursts_of(
        frame,
        field,
        s=s,
        gamma=gamma,
        min_total=min_total,
        min_duration=min_duration,
        top=top,
    )
    return _plain(
        {
            "filter": flt.describe(),
            "field": field,
            "s": s,
            "gamma": gamma,
            "bursts": found.to_dict("records"),
        }
    )


@router.get("/network/{kind}")
def get_network(
    db: DbDep,
    user: UserDep,
    flt: FilterDep,
    kind: str,
    level: str = "subclass",
    scheme: str = "ipc",
    min_patents: Annotated[int, Query(ge=1, le=100_000)] = 2,
    max_nodes: Annotated[int, Query(ge=1, le=2000)] = 300,
    method: str = "louvain",
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 42,
    top: Top = 50,
) -> dict[str, Any]:
    """coinventor / coapplicant (communities), coclass (pairs with association strength) or
    citation; ``graph`` is ready for an ECharts graph series."""
    from xinzhi.patents.coactors import coactor_network
    from xinzhi.patents.network import citation_network, coclassification

    frame, citations = load(db, user, flt)
    data: dict[str, Any] = {"filter": flt.describe(), "kind": kind}
    if kind == "coclass":
        co = coclassification(frame, scheme=scheme, level=level)
        data |= {
            "level": level,
            "patents_with_codes": co.patents_with_codes,
            "patents_with_pairs": co.patents_with_pairs,
            "pairs": co.pairs.head(top).to_dict("records"),
            "graph": co.to_echarts(max_edges=top),
            "notes": co.notes,
        }
    elif kind == "citation":
        cn = citation_network(frame, citations)
        nodes = cn.nodes.drop(columns=["id"]).head(top)
        data |= {
            "links": cn.links,
            "citing_patents": cn.citing_patents,
            "cited_patents": cn.cited_patents,
            "components": cn.components,
            "largest_component": cn.largest_component,
            "most_cited": nodes.to_dict("records"),
            "graph": cn.to_echarts(max_nodes=top),
            "notes": cn.notes,
        }
    elif kind in ("coinventor", "coapplicant"):
        column = "inventors" if kind == "coinventor" else "applicants"
        net = coactor_network(
            frame,
            column,
            min_patents=min_patents,
            max_nodes=max_nodes,
            method=method,
            seed=seed,
        )
        data |= {
            "actors_total": net.actors_total,
            "links_total": net.links_total,
            "modularity": net.modularity,
            "method": method,
            "seed": seed,
            "components": net.components,
            "communities": [vars(c) for c in net.communities[:top]],
            "graph": net.to_echarts(max_nodes=top),
            "notes": net.notes,
        }
    else:
        raise InvalidInput(
            f"unknown network {kind!r}; use coinventor, coapplicant, coclass, citation"
        )
    return _plain(data)


@router.get("/export.xlsx")
def export_xlsx(db: DbDep, user: UserDep, flt: FilterDep, top: Top = 10) -> Response:
    """Every landscape table (and life cycle, bursts, networks) as sheets of one workbook."""
    from xinzhi.patents.export import workbook_bytes
    from xinzhi.patents.navigation import NavigationParams, navigate

    frame, citations = load(db, user, flt)
    if frame.empty:
        raise InvalidInput("no patent matches this filter")
    params = NavigationParams(flt.q, flt.province, flt.year_from, flt.year_to, top=top)
    body = workbook_bytes(navigate(frame, citations, params))
    name = "patents-landscape.xlsx"
    return Response(
        body, media_type=XLSX, headers={"Content-Disposition": f"attachment; filename={name}"}
    )
