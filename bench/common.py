"""What every benchmark records about the machine it ran on (figures mean little without it)."""

from __future__ import annotations

import os
import platform
import sys
import time
from typing import Any


def environment(**versions: str) -> dict[str, Any]:
    """Python, the given library versions, CPU count and load at the start of the run."""
    return {
        "python": sys.version.split()[0],
        **versions,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
