"""Calibrate the relevance floor (`matching_floor_similarity`) on CSL (../shared/data/csl).

A paper's title is the query; its own abstract is a relevant answer; the abstract of another
paper of the *same discipline* is a plausible but wrong answer (the noisy match the floor should
hide). We embed with the configured model (e5-small) and report, per candidate floor, the share
of right answers kept and of wrong same-discipline answers hidden. Usage:

    PYTHONPATH=src python bench/calibrate_floor.py [--n 200]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

import numpy as np

from xinzhi.matching.embedding import get_embedder

CSL = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "csl" / "csl_dev.tsv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--model", default="e5-small")
    args = parser.parse_args()
    path = CSL if CSL.exists() else Path("/work/shared/data/csl/csl_dev.tsv")
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    rng = random.Random(13)
    rng.shuffle(rows)
    rows = rows[: args.n]
    model = get_embedder(args.model)
    q = model.embed_queries([r["title"] for r in rows])
    d = model.embed_passages([r["abstract"] for r in rows], batch_size=32)
    pos = np.sum(q * d, axis=1)
    neg = []
    for i, r in enumerate(rows):
        same = [j for j, o in enumerate(rows) if j != i and o["discipline"] == r["discipline"]]
        if same:
            neg.append(float(q[i] @ d[rng.choice(same)]))
    neg_a = np.asarray(neg)
    table = []
    for floor in np.arange(0.78, 0.92, 0.01):
        table.append(
            {
                "floor": round(float(floor), 2),
                "relevant_kept": round(float(np.mean(pos >= floor)), 3),
                "same_discipline_wrong_hidden": round(float(np.mean(neg_a < floor)), 3),
            }
        )
    out = {
        "model": args.model,
        "pairs": len(rows),
        "negatives": len(neg),
        "relevant_cosine_p10_p50": [round(float(np.percentile(pos, p)), 3) for p in (10, 50)],
        "wrong_cosine_p50_p90": [round(float(np.percentile(neg_a, p)), 3) for p in (50, 90)],
        "table": table,
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
