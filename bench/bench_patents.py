"""Benchmark: patent landscape + life cycle + bursts on the real corpus and a synthetic 1M corpus.

* ``real``: the 82,823 energy patents imported (``import_file``) into a temporary SQLite
  database in one process; a fresh process then loads the landscape table from the database
  (``patent_frame`` + ``citation_frame``) and runs ``landscape``, ``lifecycle_of`` and
  ``bursts_of`` (inventors, provinces, title keywords).
* ``synthetic``: 1,000,000 patents generated in memory as a landscape table (application years
  2000–2020 on an S-curve, publication 1–3 years later, Zipf-distributed applicants, inventors
  and IPC subclasses, 31 provinces, CN kinds) with 500,000 random citations to earlier patents;
  the same analyses at DataFrame level (kernel speed, no database). Also Kleinberg's continuous
  automaton on 100,000 event times.
* ``networks`` (both corpora, timed apart): co-classification (IPC subclass and main group),
  co-inventor network with Louvain communities (300 and 2,000 most prolific inventors) and the
  citation network.

Per measurement: wall seconds per step and peak resident memory (``getrusage`` maxrss) of its
own process. Results go to ``bench/results/patents.json``.
Run: ``.venv/bin/python bench/bench_patents.py [--rows 1000000]``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import common  # bench/common.py (benchmarks run as scripts from bench/)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "cn_energy_patents" / "patents.csv.gz"
RESULTS = ROOT / "bench" / "results" / "patents.json"
SECRET = "bench-secret-key-that-is-long-enough-0123456789"


def _rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Steps:
    """Wall time of named steps."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def run(self, name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        value = fn()
        self.seconds[name] = round(time.perf_counter() - start, 3)
        print(f"  {name}: {self.seconds[name]} s", flush=True)
        return value


def _database(workdir: str) -> Any:
    from xinzhi.core.db import open_database
    from xinzhi.core.settings import Settings

    settings = Settings(env="test", data_dir=Path(workdir), database_url="", secret_key=SECRET)
    return open_database(settings)


def real_import(path: Path, workdir: str) -> dict[str, Any]:
    from xinzhi.catalog.importing.run import import_file
    from xinzhi.core.migrate import upgrade

    db = _database(workdir)
    upgrade(db)
    start = time.perf_counter()
    report = import_file(db, "patents", path)
    db.dispose()
    return {"rows": report.total_rows, "import_seconds": round(time.perf_counter() - start, 2)}


def analyses(steps: Steps, frame: Any, citations: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    from xinzhi.patents.analysis import bursts_of, lifecycle_of
    from xinzhi.patents.landscape import landscape

    result = steps.run("landscape", lambda: landscape(frame, citations))
    cycle = steps.run("lifecycle", lambda: lifecycle_of(frame, censored_years=2))
    found = {f: steps.run(f"bursts_{f}", lambda f=f: bursts_of(frame, f, top=5)) for f in fields}
    curves = {
        m: c if isinstance(c, str) else {"K": round(c.parameters["K"]), "stage": c.stage}
        for m, c in cycle.curves.items()
    }
    return {
        "total": result.total,
        "citations": result.citations["links"],
        "curves": curves,
        "chart_stage": cycle.chart.stage,
        "top_bursts": {f: found[f].head(3).to_dict("records") for f in fields},
    }


def networks(frame: Any, citations: Any) -> dict[str, Any]:
    """The networks, timed apart from landscape + life cycle + bursts."""
    from xinzhi.patents.coactors import coactor_network
    from xinzhi.patents.network import citation_network, coclassification

    steps = Steps()
    co = steps.run("coclassification_subclass", lambda: coclassification(frame))
    group = steps.run("coclassification_group", lambda: coclassification(frame, level="group"))
    net = steps.run(
        "coinventor_louvain_300", lambda: coactor_network(frame, max_nodes=300, seed=42)
    )
    big = steps.run(
        "coinventor_louvain_2000", lambda: coactor_network(frame, max_nodes=2000, seed=42)
    )
    cites = steps.run("citation_network", lambda: citation_network(frame, citations))
    return {
        "steps": steps.seconds,
        "total_seconds": round(sum(steps.seconds.values()), 2),
        "figures": {
            "coclass_pairs": len(co.pairs),
            "coclass_group_pairs": len(group.pairs),
            "coinventor_names": net.actors_total,
            "coinventor_links": net.links_total,
            "communities_300": len(net.communities),
            "modularity_300": None if net.modularity is None else round(net.modularity, 4),
            "communities_2000": len(big.communities),
            "modularity_2000": None if big.modularity is None else round(big.modularity, 4),
            "citation_links": cites.links,
            "citation_components": cites.components,
        },
    }


def real_analytics(workdir: str) -> dict[str, Any]:
    from xinzhi.core.security import system_principal
    from xinzhi.patents.service import PatentFilter, citation_frame, patent_frame

    db = _database(workdir)
    steps = Steps()
    with db.read() as session:
        principal, flt = system_principal(), PatentFilter()
        frame = steps.run("load_patents", lambda: patent_frame(session, principal, flt))
        citations = steps.run("load_citations", lambda: citation_frame(session, principal, flt))
    figures = analyses(steps, frame, citations, ("inventor", "province", "keyword"))
    db.dispose()
    total = sum(steps.seconds.values())
    core = total - sum(v for k, v in steps.seconds.items() if k.startswith("load"))
    return {
        "steps": steps.seconds,
        "total_seconds": round(total, 2),
        "landscape_lifecycle_bursts_seconds": round(core, 2),
        "figures": figures,
        "networks": networks(frame, citations),
    }


def synthetic_frame(rows: int, seed: int = 1) -> Any:
    """A landscape table of ``rows`` patents with realistic skew (see the module docstring)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    years = np.arange(2000, 2021)
    weights = np.diff(1.0 / (1.0 + np.exp(-(np.arange(1999, 2021) - 2012) / 2.0)))
    app_year = rng.choice(years, size=rows, p=weights / weights.sum())

    def names(prefix: str, pool: int, most: int) -> list[list[str]]:
        counts = rng.integers(1, most + 1, size=rows)
        flat = np.minimum(rng.zipf(1.3, size=int(counts.sum())), pool)
        labels = np.array([f"{prefix}{i}" for i in range(pool + 1)], dtype=object)
        return [list(x) for x in np.split(labels[flat], np.cumsum(counts)[:-1])]

    provinces = np.array([f"省{i:02d}" for i in range(31)], dtype=object)
    return pd.DataFrame(
        {
            "id": np.arange(1, rows + 1),
            "app_year": pd.array(app_year, dtype="Int64"),
            "pub_year": pd.array(app_year + rng.integers(1, 4, size=rows), dtype="Int64"),
            "applicants": names("申请人", 50_000, 2),
            "inventors": names("发明人", 300_000, 4),
            "ipc": names("H0", 600, 3),
            "province": provinces[np.minimum(rng.zipf(1.5, size=rows), 31) - 1],
            "kind": rng.choice(["invention", "utility", "design"], size=rows, p=[0.5, 0.4, 0.1]),
        }
    )


def synthetic_citations(rows: int, links: int = 500_000, seed: int = 3) -> Any:
    """``links`` random in-corpus citations, each to an earlier patent (id order)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    citing = rng.integers(2, rows + 1, size=links)
    cited = (citing * rng.random(links)).astype(np.int64) + 1
    keep = cited < citing
    return pd.DataFrame({"citing_id": citing[keep], "cited_id": cited[keep]})


def synthetic(rows: int) -> dict[str, Any]:
    import numpy as np

    from xinzhi.patents.bursts import kleinberg

    steps = Steps()
    frame = steps.run("generate", lambda: synthetic_frame(rows))
    generated_rss = _rss_mib()
    generate = steps.seconds.pop("generate")
    citations = steps.run("generate_citations", lambda: synthetic_citations(rows))
    steps.seconds.pop("generate_citations")
    figures = analyses(steps, frame, citations, ("applicant", "ipc"))
    total = sum(steps.seconds.values())
    core_rss = _rss_mib()
    network = networks(frame, citations)
    rng = np.random.default_rng(2)
    gaps = rng.exponential(1.0, 100_000)
    gaps[40_000:41_000] /= 8.0  # a planted burst
    offsets = np.cumsum(gaps)
    found = steps.run("kleinberg_continuous_100k", lambda: kleinberg(offsets))
    figures["kleinberg_levels"] = sorted({b.level for b in found.bursts})
    return {
        "rows": rows,
        "generate_seconds": generate,
        "rss_after_generate_mib": generated_rss,
        "steps": steps.seconds,
        "landscape_lifecycle_bursts_seconds": round(total, 2),
        "figures": figures,
        "peak_rss_before_networks_mib": core_rss,
        "networks": network,
    }


MEASUREMENTS: dict[str, Callable[..., dict[str, Any]]] = {
    "real_import": real_import,
    "real_analytics": real_analytics,
    "synthetic": synthetic,
}


def _child(conn: Any, name: str, args: tuple[Any, ...]) -> None:
    start = time.perf_counter()
    result = MEASUREMENTS[name](*args)
    result["wall_seconds"] = round(time.perf_counter() - start, 2)
    result["peak_rss_mib"] = _rss_mib()
    conn.send(result)
    conn.close()


def in_process(name: str, *args: Any) -> dict[str, Any]:
    """Run the measurement ``name`` in a fresh interpreter (its own peak memory)."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_child, args=(child, name, args))
    proc.start()
    result: dict[str, Any] = parent.recv()
    proc.join()
    return result


def environment() -> dict[str, Any]:
    import numpy
    import pandas

    return common.environment(numpy=numpy.__version__, pandas=pandas.__version__)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    results: dict[str, Any] = {"file": args.file.name, "environment": environment()}
    print("synthetic", flush=True)
    results["synthetic"] = in_process("synthetic", args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        print("real: import", flush=True)
        results["real_import"] = in_process("real_import", args.file, tmp)
        print("real: analytics", flush=True)
        results["real"] = in_process("real_analytics", tmp)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, ensure_ascii=False, indent=2, default=str)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
