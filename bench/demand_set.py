"""The labelled demand set: real enterprise demands → achievements (CSL papers) and patents.

    python bench/demand_set.py pool      # write the blind judging sheet (scratch directory)
    python bench/demand_set.py check     # verify the labels file against the pool

How it was made (also in docs/matching.md):

1. Demands: from ``../shared/data/tech_demands/enterprise_tech_demands_607.csv``, those in the
   categories the corpus covers (新能源材料, 节能环保, 化学化工, 智能装备制造, 工程自动化,
   新材料, 复合材料, 常规能源, 新能源, 气体燃料, 有色金属, 黑色金属), minus talent searches
   (【人才引进】…, 人才) and placeholder details; 40 drawn with seed 17.
2. Corpus: the 1,000 CSL papers (title + abstract; ``achievement``) and the 12,000 patent
   titles of the dev subset (``devset.py``; ``patent``).
3. Pool: per demand the union of the top 10 of BM25 (jieba), e5-small alone and the hybrid
   (RRF), plus the top 10 of a dense-weighted hybrid — the systems compared later — shuffled
   by a hash of (demand, candidate) so the judge cannot tell which system proposed what.
4. Judging (blind, by the engineer, from the demand's title and detail and the candidate's
   title — and abstract for papers): 2 = the candidate addresses the demand's technical
   problem (could be offered as a solution); 1 = same technology area, partly useful;
   0 = unrelated or only shares words. Demands whose detail is only a company profile were
   judged from the title.
5. Kept in the repository: ``bench/labels/demand_grades.csv`` (demand_id, doc_id, grade) — ids
   and grades only, no texts. Unjudged documents count as 0.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devset
from text_side import TextSystems

HERE = Path(__file__).resolve().parent
DEMANDS = devset.DATA / "tech_demands" / "enterprise_tech_demands_607.csv"
CSL = devset.DATA / "csl" / "csl_dev.tsv"
LABELS = HERE / "labels" / "demand_grades.csv"
SHEET = devset.SCRATCH / "demand_judging_sheet.txt"
CATEGORIES = {
    "新能源材料", "节能环保", "化学化工", "智能装备制造", "工程自动化", "新材料", "复合材料",
    "常规能源", "新能源", "气体燃料", "有色金属", "黑色金属",
}  # fmt: skip


def demands(n: int = 40, seed: int = 17) -> pd.DataFrame:
    frame = pd.read_csv(DEMANDS, dtype=str, keep_default_na=False)
    ok = frame.category.isin(CATEGORIES)
    ok &= ~frame.demand_title.str.contains("人才")
    ok &= frame.demand_detail.str.len() > 5
    pool = frame[ok].drop_duplicates("demand_title")
    return pool.sample(n=n, random_state=seed).reset_index(drop=True)


def query_text(row: pd.Series) -> str:
    """What the platform searches with for a demand: title and detail (``demand_doc``)."""
    return f"{row.demand_title}\n{row.demand_detail}".strip()


def corpus() -> tuple[list[str], list[str], list[str]]:
    """(ids, texts, kinds) of achievements (CSL papers) then patents (subset titles)."""
    csl = pd.read_csv(CSL, sep="\t", dtype=str, keep_default_na=False)
    patents = pd.read_csv(devset.subset_file(), sep="\t", dtype=str, keep_default_na=False)
    ids = [f"csl:{i}" for i in range(len(csl))] + patents.pub_no.tolist()
    texts = (csl.title + "\n" + csl.abstract).tolist() + patents.title.tolist()
    kinds = ["achievement"] * len(csl) + ["patent"] * len(patents)
    return ids, texts, kinds


def corpus_vectors(texts: list[str]) -> np.ndarray:
    return devset.vectors(texts, "onnx", name="demand_corpus")


def blind_order(demand_id: str, doc_ids: list[str]) -> list[str]:
    return sorted(doc_ids, key=lambda d: hashlib.md5(f"{demand_id}|{d}".encode()).hexdigest())


def read_labels() -> dict[str, dict[str, int]]:
    frame = pd.read_csv(LABELS, dtype=str)
    out: dict[str, dict[str, int]] = {}
    for q, d, g in zip(frame.demand_id, frame.doc_id, frame.grade, strict=True):
        out.setdefault(q, {})[d] = int(g)
    return out


def systems() -> tuple[pd.DataFrame, TextSystems, list[str]]:
    from devset import E5SmallEmbedder

    ids, texts, kinds = corpus()
    titles = [t.split("\n", 1)[0] for t in texts]
    embedder = E5SmallEmbedder(runtime="onnx", cache_dir=devset.SCRATCH / "models")
    ts = TextSystems(ids, titles, texts, corpus_vectors(texts), embedder)
    return demands(), ts, kinds


POOL_SYSTEMS = {
    "bm25": lambda ts, q: ts.bm25(q),
    "dense": lambda ts, q: ts.dense(q),
    "hybrid": lambda ts, q: ts.fused(q),
    "hybrid_field_expand": lambda ts, q: ts.fused(q, title_boost=1.0, expansion_weight=0.5),
    "hybrid_dense_weighted": lambda ts, q: ts.fused(q, w_lex=0.5),
}


def pool(depth: int = 10) -> None:
    frame, ts, kinds = systems()
    kind_of = dict(zip(ts.ids, kinds, strict=True))
    text_of = dict(zip(ts.ids, ts.texts, strict=True))
    lines, order = [], {}
    for _, row in frame.iterrows():
        q = query_text(row)
        found: set[str] = set()
        for run in POOL_SYSTEMS.values():
            found |= set(run(ts, q)[:depth])
        docs = blind_order(row.demand_id, sorted(found))
        order[row.demand_id] = docs
        lines.append(f"## {row.demand_id} [{row.category}] {row.demand_title}")
        lines.append(f"   {row.demand_detail[:260]}")
        for j, d in enumerate(docs):
            label = "论文" if kind_of[d] == "achievement" else "专利"
            head, _, body = text_of[d].partition("\n")
            lines.append(f"   c{j:02d} {label} {head}" + (f" | {body[:70]}" if body else ""))
    SHEET.write_text("\n".join(lines), "utf-8")
    SHEET.with_suffix(".json").write_text(json.dumps(order), "utf-8")
    print(f"{len(order)} demands, {sum(map(len, order.values()))} pairs -> {SHEET}")


def grades_from_sheet(marks: Path) -> None:
    """``marks``: lines ``<demand_id>: g g g …`` in the sheet's order → the labels CSV."""
    order = json.loads(SHEET.with_suffix(".json").read_text("utf-8"))
    rows = []
    for line in marks.read_text("utf-8").splitlines():
        if ":" not in line:
            continue
        qid, _, gs = line.partition(":")
        grades = gs.split()
        docs = order[qid.strip()]
        if len(grades) != len(docs):
            raise SystemExit(f"{qid}: {len(grades)} grades for {len(docs)} candidates")
        rows += [(qid.strip(), d, int(g)) for d, g in zip(docs, grades, strict=True)]
    LABELS.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=["demand_id", "doc_id", "grade"]).to_csv(LABELS, index=False)
    print(f"{len(rows)} graded pairs -> {LABELS}")


if __name__ == "__main__":
    if sys.argv[1] == "pool":
        pool()
    elif sys.argv[1] == "grades":
        grades_from_sheet(Path(sys.argv[2]))
