"""The demand reranker learned from outcomes (``xinzhi match train``): where it is saved and how
it is read back. Its own module so the search path (``service``) and the trainer
(``outcomes``) share it without importing each other."""

from __future__ import annotations

from pathlib import Path

import yaml

from xinzhi.core.settings import Settings
from xinzhi.matching.rerank import RerankModel


def learned_path(settings: Settings) -> Path:
    return settings.data_dir / "matching" / "rerank-demand.yaml"


def load_learned(settings: Settings) -> RerankModel | None:
    path = learned_path(settings)
    if not path.is_file():
        return None
    return RerankModel.from_dict(yaml.safe_load(path.read_text("utf-8")))
