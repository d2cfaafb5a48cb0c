"""Match feedback and the state of the retrieval indexes."""

from __future__ import annotations
