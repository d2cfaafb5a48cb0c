"""Import every domain's models so ``Base.metadata`` holds the whole schema."""

from __future__ import annotations

from sqlalchemy import MetaData

from xinzhi.catalog import models as _catalog  # noqa: F401
from xinzhi.core import models as _core
from xinzhi.engagements import models as _engagements  # noqa: F401  # composition: engagements
from xinzhi.enterprise import models as _enterprise  # noqa: F401
from xinzhi.indices import models as _indices  # noqa: F401
from xinzhi.matching import models as _matching  # noqa: F401
from xinzhi.maturity import models as _maturity  # noqa: F401
from xinzhi.patents import models as _patents  # noqa: F401
from xinzhi.patents.watch import models as _watch  # noqa: F401


def metadata() -> MetaData:
    return _core.Base.metadata
