"""产业链图谱 pages: the chain list, one chain's map for a region (ECharts graph coloured by the
weak score, the weak-link table, Excel/Word export), a node's drill-down (who is local, what is
missing, recommendations, placements with the confirm/move form for staff). Every page calls
the same access rules and views as the API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from xinzhi.chains import access, export, platforms, service, views
from xinzhi.chains.facts import load as load_facts
from xinzhi.chains.policymap import policy_map
from xinzhi.chains.recommend import recommendations
from xinzhi.chains.table import node_table, resolve_region
from xinzhi.common import permissions
from xinzhi.common.regions import PROVINCES
from xinzhi.common.web.csrf import CheckedForm
from xinzhi.common.web.deps import DbDep, SettingsDep, UserDep, unit_kwargs
from xinzhi.common.web.render import flash, page, redirect
from xinzhi.core.errors import InvalidInput

router = APIRouter(include_in_schema=False)
DEFAULT_REGION = "510000"  # 四川 (the seeds' 产业链创新链图谱 example)
MIME = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _regions() -> list[tuple[str, str]]:
    return [(p.code, p.name) for p in PROVINCES]


@router.get("/chains", name="chains.list")
def list_page(request: Request, db: DbDep, principal: UserDep) -> Response:
    permissions.require(principal, access.READ)
    with db.read() as session:
        chains = [views.chain_read(c) for c in service.list_chains(session)]
    return page(request, "chains_list.html", {"chains": chains})


def _graph(rows: list[dict[str, Any]]) -> dict[str, Any]:
    columns = {"upstream": 0, "midstream": 1, "downstream": 2}
    seen: dict[str, int] = {}
    nodes = []
    for r in rows:
        col = columns.get(r["stage"], 1)
        seen[r["stage"]] = seen.get(r["stage"], 0) + 1
        nodes.append(
            {"key": r["key"], "name": r["name"], "score": r["weak_score"], "x": col * 300,
             "y": seen[r["stage"]] * 70, "flagship": r["flagship"]}
        )  # fmt: skip
    edges = [{"source": u, "target": r["key"]} for r in rows for u in r["upstream"]]
    return {"nodes": nodes, "edges": edges}


@router.get("/chains/{chain_id}", name="chains.detail")
def detail_page(
    request: Request, chain_id: int, db: DbDep, principal: UserDep, region: str = DEFAULT_REGION
) -> Response:
    permissions.require(principal, access.READ)
    where = resolve_region(region)
    with db.read(limited=True) as session:
        chain = service.get_chain(session, chain_id)
        rows = node_table(chain, load_facts(session, chain, principal), where)
        info = views.chain_read(chain)
        policies = policy_map(session, chain, where.prefix)
    ranked = sorted(rows, key=lambda r: -(r["weak_score"] or 0))
    return page(
        request,
        "chains_detail.html",
        {"chain": info, "rows": ranked, "graph": _graph(rows), "region": where,
         "regions": _regions(), "data_date": rows[0]["measures"]["data_date"] if rows else None,
         "policies": policies},
    )  # fmt: skip


@router.get("/chains/{chain_id}/export{suffix}", name="chains.export")
def export_page(
    chain_id: int, suffix: str, db: DbDep, principal: UserDep, region: str = DEFAULT_REGION
) -> Response:
    permissions.require(principal, access.READ)
    if suffix not in MIME:
        raise InvalidInput("导出格式须为 .xlsx 或 .docx")
    with db.read(limited=True) as session:
        data = export.export_bytes(session, principal, chain_id, region, suffix)
    name = f"chain-{chain_id}-{region}{suffix}"
    return Response(
        data,
        media_type=MIME[suffix],
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@router.get("/chains/{chain_id}/nodes/{key}", name="chains.node")
def node_page(
    request: Request, chain_id: int, key: str, db: DbDep, principal: UserDep,
    settings: SettingsDep, region: str = DEFAULT_REGION,
) -> Response:  # fmt: skip
    permissions.require(principal, access.READ)
    where = resolve_region(region)
    staff = permissions.allowed(principal, access.DECIDE)
    with db.read(limited=True) as session:
        chain = service.get_chain(session, chain_id)
        node = service.get_node(chain, key)
        facts = load_facts(session, chain, principal)
        row = next(r for r in node_table(chain, facts, where) if r["key"] == key)
        recs = recommendations(facts, where, key)
        placed = (
            [views.placement_read(p) for p in service.node_placements(session, chain_id, key)]
            if staff
            else []
        )
        others = [(n.key, n.name) for n in chain.nodes if n.key != key]
        local = _local_lists(facts, where, key)
        served = platforms.for_node(session, settings, chain, key, where.prefix)
        head = {
            "chain": {"id": chain_id, "name": chain.name},
            "node": {"key": key, "name": node.name},
        }
    return page(
        request,
        "chains_node.html",
        {**head,
         "row": row, "recs": recs, "placements": placed, "staff": staff, "others": others,
         "region": where, "local": local, "platforms": served},
    )  # fmt: skip


def _local_lists(facts: Any, where: Any, key: str) -> dict[str, list[str]]:
    from xinzhi.chains.table import _local

    def names(frame: Any, column: str) -> list[str]:
        part = frame[(frame["node_key"] == key) & _local(frame["region_code"], where)]
        return [str(v) for v in part[column].head(20)]

    p = facts.patents
    applicants = p[(p["node_key"] == key) & (p["province"] == where.province)]["applicant"]
    return {
        "organisations": names(facts.organisations, "name"),
        "achievements": names(facts.achievements, "title"),
        "experts": names(facts.experts, "name"),
        "applicants": [a for a in applicants.value_counts().head(10).index if a],
    }


@router.post("/chains/placements/{placement_id}", name="chains.decide")
def decide_page(
    request: Request, placement_id: int, form: CheckedForm, db: DbDep, principal: UserDep
) -> Response:
    permissions.require(principal, access.DECIDE)
    move_to = str(form.get("move_to") or "").strip() or None
    with db.write(**unit_kwargs(principal)) as session:
        placement = service.decide(session, placement_id, actor=principal.actor, move_to=move_to)
        chain_id, key = placement.chain_id, placement.node_key
    flash(request, "chains.decided")
    region = str(form.get("region") or DEFAULT_REGION)
    return redirect(f"/chains/{chain_id}/nodes/{key}?region={region}")
