"""Patent navigation (专利导航, GB/T 39551): landscape, life cycle (S-curves), burst detection,
watchlists with warnings and reports.

Patent records themselves live in ``xinzhi.catalog`` (``Patent``, ``PatentCitation``) and are
imported with ``xinzhi import patents``; this package adds the analytics over them:
``curves``/``lifecycle`` (logistic and Gompertz S-curves), ``chart`` (专利技术生命周期图, patent
index method), ``automaton``/``bursts`` (Kleinberg), ``landscape`` and ``analysis`` (over a
table of patents), ``service`` (that table from the catalog) and ``cli`` (``xinzhi patents``).
See ``docs/patents.md``.
"""
