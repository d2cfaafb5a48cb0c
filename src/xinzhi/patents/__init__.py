"""Patent navigation (专利导航, GB/T 39551): landscape, life cycle (S-curves), burst detection,
watchlists with warnings and reports.

Patent records themselves live in ``xinzhi.catalog`` (``Patent``, ``PatentCitation``) and are
imported with ``xinzhi import patents``; this package adds the analytics over them:
``curves``/``lifecycle`` (logistic and Gompertz S-curves), ``chart`` (专利技术生命周期图, patent
index method), ``automaton``/``bursts`` (Kleinberg), ``landscape`` and ``analysis`` (over a
table of patents), ``service`` (that table from the catalog) and ``cli`` (``xinzhi patents``).
See ``docs/patents.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xinzhi.core.lazy import lazy_getattr

if TYPE_CHECKING:
    from xinzhi.patents.analysis import bursts_of, lifecycle_of
    from xinzhi.patents.bursts import batched, batched_table, kleinberg
    from xinzhi.patents.chart import lifecycle_chart, patent_index
    from xinzhi.patents.lifecycle import fit_s_curve

# Public names load on first use (PEP 562), so importing the package does not load SciPy.
# ``landscape`` stays a module: a function of the same name would be replaced by the submodule
# on import (see xinzhi.indices).
_MODULE_OF = {
    "fit_s_curve": "lifecycle",
    "kleinberg": "bursts",
    "batched": "bursts",
    "batched_table": "bursts",
    "lifecycle_chart": "chart",
    "patent_index": "chart",
    "lifecycle_of": "analysis",
    "bursts_of": "analysis",
}

__all__ = [
    "batched",
    "batched_table",
    "bursts_of",
    "fit_s_curve",
    "kleinberg",
    "lifecycle_chart",
    "lifecycle_of",
    "patent_index",
]


__getattr__ = lazy_getattr("xinzhi.patents", globals(), _MODULE_OF)
