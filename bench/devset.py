"""The 12k-patent dev subset shared by the encoder, reranker and text-side benchmarks.

Corpus: every patent cited in ``citations_dev.csv`` (7,290), the citing patents sampled as
queries (all 1,348 citing patents published in 2014, and 2,400 of those published 2011–2013,
by a fixed seed) and random other patents up to 12,000 titles, with their dates, inventors and
provinces. Queries are self-queries (a citing title finds what it cites) as in
``bench_matching.py``. Splits:

- ``hash``: md5(pub_no) odd → held out (the split ``train_rerank.py`` has always used);
- ``temporal``: citing patents published 2011–2013 → training, 2014 → test (later years).

Embeddings are cached outside the repository under ``$XINZHI_BENCH_SCRATCH``
(default ``/tmp/xinzhi-bench-scratch``), keyed by runtime and a hash of the texts.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from xinzhi.matching.e5.embedder import E5SmallEmbedder
from xinzhi.matching.evaluation import LabelledSet, MetaColumns

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
PATENTS = DATA / "cn_energy_patents" / "patents.csv.gz"
CITATIONS = DATA / "cn_energy_patents" / "citations_dev.csv"
SCRATCH = Path(os.environ.get("XINZHI_BENCH_SCRATCH", "/tmp/xinzhi-bench-scratch"))
META = MetaColumns(date="pub_date", cutoff="app_date", people="inventors", region="province_guess")
COLUMNS = ["pub_no", "app_date", "pub_date", "title", "inventors", "province_guess"]


def held_out(query_id: str) -> bool:
    """md5(pub_no) odd → held out (reported), even → training (``train_rerank.py``)."""
    return hashlib.md5(query_id.encode()).digest()[0] % 2 == 1


def subset_file(size: int = 12_000, early: int = 2_400, seed: int = 17) -> Path:
    """Write (once) the subset corpus as a TSV in the scratch directory and return its path."""
    path = SCRATCH / f"patents_subset_{size}_{early}_{seed}.tsv"
    if path.exists():
        return path
    frame = pd.read_csv(PATENTS, usecols=COLUMNS, dtype=str, keep_default_na=False)
    cites = pd.read_csv(CITATIONS, dtype=str)
    year = frame.set_index("pub_no").pub_date.str[:4]
    cites["year"] = cites.citing_pub_no.map(year)
    rng = np.random.default_rng(seed)
    late = sorted(set(cites.citing_pub_no[cites.year == "2014"]))
    early_all = sorted(set(cites.citing_pub_no[cites.year < "2014"]))
    early_pick = list(rng.choice(early_all, size=min(early, len(early_all)), replace=False))
    keep = set(cites.cited_pub_no) | set(late) | set(early_pick)
    rest = sorted(set(frame.pub_no) - keep)
    fill = rng.choice(rest, size=max(0, size - len(keep)), replace=False)
    keep |= set(fill)
    sub = frame[frame.pub_no.isin(keep)].reset_index(drop=True)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    sub.to_csv(path, sep="\t", index=False)
    return path


def load_subset(size: int = 12_000) -> LabelledSet:
    return LabelledSet.load(subset_file(size), "pub_no", ["title"], CITATIONS, meta_cols=META)


def years(data: LabelledSet) -> dict[str, int]:
    """Publication year of every query (from the corpus metadata)."""
    assert data.meta is not None
    pos = {d: i for i, d in enumerate(data.doc_ids)}
    out = {}
    for q in data.query_ids:
        date = data.meta.dates[pos[q]]
        out[q] = date.year if date else 0
    return out


def split(data: LabelledSet, kind: str) -> tuple[list[str], list[str]]:
    """(training query ids, test query ids) of the ``hash`` or ``temporal`` split."""
    if kind == "hash":
        return (
            [q for q in data.query_ids if not held_out(q)],
            [q for q in data.query_ids if held_out(q)],
        )
    year = years(data)
    return (
        [q for q in data.query_ids if year[q] <= 2013],
        [q for q in data.query_ids if year[q] == 2014],
    )


def vectors(
    texts: list[str], runtime: str, log: Callable[[str], None] = print, name: str = "subset"
) -> np.ndarray:
    """Passage embeddings of ``texts`` with e5-small on ``runtime`` (onnx / numpy), cached."""
    digest = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:12]
    path = SCRATCH / f"{name}.e5-small.{runtime}.{digest}.npy"
    if path.exists():
        return np.load(path, allow_pickle=False)
    log(f"embedding {len(texts)} texts with e5-small on {runtime} (cached in {path})")
    model = E5SmallEmbedder(runtime=runtime, cache_dir=SCRATCH / "models")
    out = model.embed_passages(texts, batch_size=32)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    np.save(path, out, allow_pickle=False)
    return out
