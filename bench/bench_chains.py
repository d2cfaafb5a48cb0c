"""Benchmark of the chains domain on the 82,823 shared patents.

* ``scale``: import the corpus into a temporary SQLite database, place it on a 40-node chain
  (光伏 16 + 锂电池/储能 14 + 10 wind/hydrogen nodes written here) and time the weak-link table of
  a province (goal: placing < 120 s, table < 1 s).
* ``quality``: precision and recall per node of the 光伏 and 锂电池/储能 placements against the
  hand labels in ``bench/chains/labels.csv`` (README beside it), next to a baseline in the same
  run: plain keyword rules (any node keyword in the title places it, no leftmost-longest, no
  exclusions, every matching node kept), which is how hand-kept chain maps work.
* ``backtest``: the 光伏 weak score per node × province on patents filed up to 2014, against the
  later growth of that province's share of the node (2015–2016 against 2012–2014), as Spearman
  rank correlation, next to RTA alone and the earlier share alone.

Results go to ``bench/results/chains.json``. Run: ``.venv/bin/python bench/bench_chains.py``.
"""

from __future__ import annotations

import copy
import csv
import json
import resource
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import common  # bench/common.py (benchmarks run as scripts from bench/)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "cn_energy_patents" / "patents.csv.gz"
LABELS = ROOT / "bench" / "chains" / "labels.csv"
RESULTS = ROOT / "bench" / "results" / "chains.json"
SECRET = "bench-secret-key-that-is-long-enough-0123456789"
EXTRA_NODES = [
    ("blade", "风电叶片", "上游", ["叶片", "风轮叶片"], []),
    ("gearbox", "风电齿轮箱", "中游", ["齿轮箱", "增速箱"], ["blade"]),
    ("wind_generator", "风力发电机", "中游", ["风力发电机", "双馈", "永磁直驱"], ["gearbox"]),
    ("tower", "塔筒", "上游", ["塔筒", "塔架"], []),
    (
        "wind_farm",
        "风电场",
        "下游",
        ["风电场", "风力发电场", "风电机组"],
        ["wind_generator", "tower"],
    ),
    ("electrolyser", "电解槽", "上游", ["电解水", "电解槽", "制氢"], []),
    ("h2_storage", "储氢", "中游", ["储氢", "氢气储存", "储氢罐"], ["electrolyser"]),
    ("fuel_cell", "燃料电池", "中游", ["燃料电池", "质子交换膜"], ["h2_storage"]),
    ("h2_vehicle", "氢燃料汽车", "下游", ["氢燃料", "燃料电池汽车"], ["fuel_cell"]),
    ("h2_station", "加氢站", "下游", ["加氢站", "加氢"], ["h2_storage"]),
]


def _rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def forty_node_chain() -> dict[str, Any]:
    from xinzhi.chains import spec

    pv, li = spec.shipped()
    nodes = []
    for prefix, chain in (("pv_", pv), ("li_", li)):
        for n in chain["nodes"]:
            m = copy.deepcopy(n)
            m["key"] = prefix + n["key"]
            m["upstream"] = [prefix + u for u in n["upstream"]]
            nodes.append(m)
    for key, name, stage, words, ups in EXTRA_NODES:
        nodes.append({"key": key, "name": name, "stage": stage, "keywords": words, "upstream": ups})
    return spec.validate({"name": "新能源（40 环节）", "nodes": nodes})


def open_db(workdir: str) -> Any:
    from xinzhi import app
    from xinzhi.core.db import open_database
    from xinzhi.core.migrate import upgrade
    from xinzhi.core.settings import Settings

    app.install()
    settings = Settings(env="test", data_dir=Path(workdir), database_url="", secret_key=SECRET)
    db = open_database(settings)
    upgrade(db)
    return db


def scale(db: Any) -> dict[str, Any]:
    from xinzhi.catalog.importing.run import import_file
    from xinzhi.chains import facts, service, spec
    from xinzhi.chains.table import node_table, resolve_region
    from xinzhi.core.security import system_principal

    out: dict[str, Any] = {}
    start = time.perf_counter()
    report = import_file(db, "patents", CORPUS)
    out["import_rows"] = report.total_rows
    out["import_seconds"] = round(time.perf_counter() - start, 2)
    ids = {}
    for name, chain_spec in [
        ("forty", forty_node_chain()),
        *zip(("pv", "li"), spec.shipped(), strict=True),
    ]:
        with db.write(actor="bench") as session:
            chain = service.import_chain(session, chain_spec)
            start = time.perf_counter()
            summary = service.place_chain(session, chain)
            ids[name] = chain.id
        out[f"place_{name}_seconds"] = round(time.perf_counter() - start, 2)
        out[f"place_{name}_nodes"] = len(chain_spec["nodes"])
        out[f"place_{name}_summary"] = summary
        print(f"  placed {name}: {out[f'place_{name}_seconds']} s {summary}", flush=True)
    principal = system_principal("bench")
    for name in ("forty", "pv"):
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            with db.read() as session:
                chain = service.get_chain(session, ids[name])
                rows = node_table(
                    chain, facts.load(session, chain, principal), resolve_region("江苏")
                )
            timings.append(round(time.perf_counter() - start, 3))
        out[f"table_{name}_seconds"] = timings
        out[f"table_{name}_rows"] = len(rows)
    out["peak_rss_mib"] = _rss_mib()
    return {"results": out, "ids": ids}


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    return {"tp": tp, "fp": fp, "fn": fn, "precision": _r(p), "recall": _r(r)}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def quality(db: Any, ids: dict[str, int]) -> dict[str, Any]:
    from sqlalchemy import select

    from xinzhi.catalog.models import Patent
    from xinzhi.chains import service
    from xinzhi.chains.models import Placement

    labels = list(csv.DictReader(LABELS.open(encoding="utf-8")))
    wanted = [r["pub_no"] for r in labels]
    out: dict[str, Any] = {}
    with db.read() as session:
        pid = dict(
            session.execute(select(Patent.pub_no, Patent.id).where(Patent.pub_no.in_(wanted))).all()
        )
        titles = dict(
            session.execute(
                select(Patent.id, Patent.title).where(Patent.id.in_(pid.values()))
            ).all()
        )
        for chain_name, column in (("pv", "pv_node"), ("li", "li_node")):
            chain = service.get_chain(session, ids[chain_name])
            placed: dict[int, set[str]] = defaultdict(set)
            for eid, key in session.execute(
                select(Placement.entity_id, Placement.node_key).where(
                    Placement.chain_id == chain.id, Placement.entity_type == "patent",
                    Placement.entity_id.in_(pid.values()),
                )
            ):  # fmt: skip
                placed[eid].add(key)
            naive = {
                i: {
                    n.key
                    for n in chain.nodes
                    if any(k.casefold() in titles[i].casefold() for k in n.keywords)
                }
                for i in pid.values()
            }
            out[chain_name] = {
                "system": _score(labels, column, pid, placed, [n.key for n in chain.nodes]),
                "baseline_plain_keywords": _score(
                    labels, column, pid, naive, [n.key for n in chain.nodes]
                ),
            }
    out["labelled"] = len(labels)
    out["missing_from_corpus"] = len(set(wanted) - set(pid))
    return out


def _score(
    labels: list[dict[str, str]], column: str, pid: dict[str, int], placed: Any, keys: list[str]
) -> dict[str, Any]:
    counts = {k: [0, 0, 0] for k in keys}
    exact = 0
    for row in labels:
        truth = row[column]
        predicted = placed.get(pid.get(row["pub_no"], -1), set())
        exact += predicted == ({truth} if truth else set())
        for k in keys:
            if k in predicted and k == truth:
                counts[k][0] += 1
            elif k in predicted:
                counts[k][1] += 1
            elif k == truth:
                counts[k][2] += 1
    per_node = {k: _prf(*v) for k, v in counts.items() if any(v)}
    total = [sum(v[i] for v in counts.values()) for i in range(3)]
    return {"micro": _prf(*total), "exact_match": _r(exact / len(labels)), "per_node": per_node}


def backtest(db: Any, chain_id: int) -> dict[str, Any]:

    from xinzhi.chains import facts, service
    from xinzhi.core.security import system_principal

    with db.read() as session:
        chain = service.get_chain(session, chain_id)
        data = facts.load(session, chain, system_principal("bench"))
        nodes = {n.key: n for n in chain.nodes}  # loaded while the session is open
        return _backtest_pairs(chain, data, nodes)


def _backtest_pairs(chain: Any, data: Any, nodes: dict[str, Any]) -> dict[str, Any]:
    from scipy.stats import spearmanr

    from xinzhi.chains.table import Region, node_table
    from xinzhi.common.regions import PROVINCES

    p = data.patents
    early = p[(p["year"] >= 2012) & (p["year"] <= 2014)]
    late = p[(p["year"] >= 2015) & (p["year"] <= 2016)]
    nat_e = early.groupby("node_key")["weight"].sum()
    nat_l = late.groupby("node_key")["weight"].sum()
    loc_e = early.groupby(["province", "node_key"])["weight"].sum()
    loc_l = late.groupby(["province", "node_key"])["weight"].sum()
    pairs = []
    for prov in PROVINCES:
        region = Region(prov.code, prov.name, "province", prov.short)
        for row in node_table(chain, data, region, until_year=2014):
            k = row["key"]
            if nat_e.get(k, 0) < 30 or nat_l.get(k, 0) < 30:
                continue
            share_e = loc_e.get((prov.short, k), 0.0) / nat_e[k]
            share_l = loc_l.get((prov.short, k), 0.0) / nat_l[k]
            if loc_e.get((prov.short, k), 0.0) + loc_l.get((prov.short, k), 0.0) < 5:
                continue
            pairs.append(
                {"province": prov.short, "node": k, "weak_score": row["weak_score"],
                 "rta_2014": row["measures"]["rta"], "share_early": share_e,
                 "share_change": share_l - share_e,
                 "share_ratio": (share_l + 1e-3) / (share_e + 1e-3)}
            )  # fmt: skip

    def rho(a: str, b: str) -> float:
        xs = [x[a] if x[a] is not None else 0.0 for x in pairs]
        return round(float(spearmanr(xs, [x[b] for x in pairs]).statistic), 3)

    return {
        "pairs": len(pairs),
        "spearman_weak_vs_share_change": rho("weak_score", "share_change"),
        "spearman_weak_vs_share_ratio": rho("weak_score", "share_ratio"),
        "spearman_rta_vs_share_ratio": rho("rta_2014", "share_ratio"),
        "spearman_share_early_vs_share_ratio": rho("share_early", "share_ratio"),
        "windows": {
            "score": "≤ 2014 (recent 2012–2014 vs 2009–2011)",
            "outcome": "share 2015–2016 vs 2012–2014",
        },
    }


def main() -> None:
    import pandas
    import sqlalchemy

    env = common.environment(sqlalchemy=sqlalchemy.__version__, pandas=pandas.__version__)
    with tempfile.TemporaryDirectory() as workdir:
        db = open_db(workdir)
        print("scale:", flush=True)
        s = scale(db)
        print(json.dumps(s["results"], ensure_ascii=False, indent=1), flush=True)
        print("quality:", flush=True)
        q = quality(db, s["ids"])
        print(
            json.dumps(
                {c: {k: v["micro"] for k, v in q[c].items()} for c in ("pv", "li")}, indent=1
            )
        )
        print("backtest:", flush=True)
        b = backtest(db, s["ids"]["pv"])
        print(json.dumps(b, ensure_ascii=False, indent=1), flush=True)
        db.dispose()
    RESULTS.write_text(
        json.dumps({"environment": env, "scale": s["results"], "quality": q, "backtest": b},
                   ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )  # fmt: skip


if __name__ == "__main__":
    main()
